import type { Db } from '../../db/connection.js';
import type { MediaAnalysisRow, QualityPolicyRow } from '../../db/schema/index.js';
import { StatementCache } from '../../db/statements.js';
import type { RevisionReads } from '../versions/index.js';
import { EFFECTIVE_POLICY_SQL } from './conditions.js';
import type { Layer } from '../versions/index.js';

/** What scoring needs of a revision. */
export interface PendingRevision {
  id: number;
  prompt: string | null;
  response: string | null;
  caption: string | null;
  transcript: string | null;
  media_sha256: string | null;
}

export interface ItemQualityInsert {
  revisionId: number;
  datasetId: number;
  metrics: string;
  exactKey: string | null;
  nearSig: Buffer | null;
  captionKey: string | null;
}

export interface ScoreInsert {
  revisionId: number;
  policyVersion: number;
  score: number;
  flags: string;
}

/** One stored score of a revision (with its metrics). */
export interface QualityRow {
  revision_id: number;
  metrics: string;
  policy_version: number | null;
  score: number | null;
  flags: string | null;
}

/** One live item of a ref with what audits and duplicate search need. */
export interface RefScanRow {
  key: string;
  id: number;
  status: string;
  labels: string;
  attributes: string;
  media_sha256: string | null;
  prompt_chars: number | null;
  response_chars: number | null;
  text_chars: number | null;
  width: number | null;
  height: number | null;
  duration: number | null;
  scored: number;
  exact_key: string | null;
  near_sig: Buffer | null;
  caption_key: string | null;
  score: number | null;
  flags: string | null;
}

/** SQL of quality measurements, scores and policies. */
export class QualityRepository {
  private readonly st: StatementCache;
  constructor(
    db: Db,
    private readonly items: RevisionReads,
  ) {
    this.st = StatementCache.of(db);
  }

  /** Live revisions of `keys` at a ref (see RevisionReads.lookup). */
  lookup(layers: readonly Layer[], keys: readonly string[]) {
    return this.items.lookup(layers, keys);
  }

  // ---------------------------------------------------------------- policies

  insertPolicy(row: QualityPolicyRow): void {
    this.st
      .get('INSERT INTO quality_policies (dataset_id, version, policy, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
      .run(row.datasetId, row.version, row.policy, row.createdAt, row.createdBy);
  }

  policy(datasetId: number, version: number): QualityPolicyRow | undefined {
    return this.st
      .get('SELECT dataset_id AS datasetId, version, policy, created_at AS createdAt, created_by AS createdBy FROM quality_policies WHERE dataset_id = ? AND version = ?')
      .get(datasetId, version) as QualityPolicyRow | undefined;
  }

  policies(datasetId: number): QualityPolicyRow[] {
    return this.st
      .get('SELECT dataset_id AS datasetId, version, policy, created_at AS createdAt, created_by AS createdBy FROM quality_policies WHERE dataset_id = ? ORDER BY version DESC')
      .all(datasetId) as QualityPolicyRow[];
  }


  // ---------------------------------------------------------------- scoring

  /**
   * Live (non-tombstone) revisions of a dataset without measurements, in id order. `+dataset_id`
   * keeps SQLite on the rowid range (an id-ordered walk from the cursor) instead of the
   * (dataset, key) index, which would sort the whole dataset again for every chunk.
   */
  pendingRevisions(datasetId: number, afterId: number, limit: number): PendingRevision[] {
    return this.st
      .get(
        `SELECT r.id, r.prompt, r.response, r.caption, r.transcript, r.media_sha256 FROM item_revisions r
         WHERE +r.dataset_id = ? AND r.id > ? AND r.deleted = 0 AND NOT EXISTS (SELECT 1 FROM item_quality q WHERE q.revision_id = r.id)
         ORDER BY r.id LIMIT ?`,
      )
      .all(datasetId, afterId, limit) as PendingRevision[];
  }

  /**
   * Drops the measurements (and, by cascade, the scores) of a modality's revisions whose blob was
   * analysed by an analyser older than `analyzer`: they become pending and are measured again.
   * Returns how many were dropped.
   */
  forgetStaleMeasurements(modality: string, analyzer: number): number {
    return this.st
      .get(
        `DELETE FROM item_quality WHERE revision_id IN (
           SELECT r.id FROM item_revisions r JOIN datasets d ON d.id = r.dataset_id JOIN media_analysis a ON a.sha256 = r.media_sha256
           WHERE d.modality = ? AND a.analyzer < ?)`,
      )
      .run(modality, analyzer).changes;
  }

  revisionsForScoring(ids: readonly number[]): PendingRevision[] {
    return this.st
      .get(
        `SELECT r.id, r.prompt, r.response, r.caption, r.transcript, r.media_sha256 FROM item_revisions r
         WHERE r.id IN (SELECT value FROM json_each(?)) AND r.deleted = 0
           AND NOT EXISTS (SELECT 1 FROM item_quality q WHERE q.revision_id = r.id) ORDER BY r.id`,
      )
      .all(JSON.stringify(ids)) as PendingRevision[];
  }

  countPending(datasetId: number): number {
    return (
      this.st
        .get(
          `SELECT COUNT(*) AS n FROM item_revisions r WHERE r.dataset_id = ? AND r.deleted = 0
           AND NOT EXISTS (SELECT 1 FROM item_quality q WHERE q.revision_id = r.id)`,
        )
        .get(datasetId) as { n: number }
    ).n;
  }

  /** Datasets with revisions still to measure (startup recovery). */
  datasetsWithPending(): number[] {
    return (
      this.st
        .get(
          `SELECT d.id FROM datasets d WHERE EXISTS (SELECT 1 FROM item_revisions r WHERE r.dataset_id = d.id AND r.deleted = 0
             AND NOT EXISTS (SELECT 1 FROM item_quality q WHERE q.revision_id = r.id))`,
        )
        .all() as { id: number }[]
    ).map((r) => r.id);
  }

  mediaAnalyses(shas: readonly string[], analyzer: number): MediaAnalysisRow[] {
    if (shas.length === 0) return [];
    return this.st
      .get(
        `SELECT sha256, analyzer, metrics, exact_key AS exactKey, hash64, created_at AS createdAt FROM media_analysis
         WHERE sha256 IN (SELECT value FROM json_each(?)) AND analyzer = ?`,
      )
      .all(JSON.stringify(shas), analyzer) as MediaAnalysisRow[];
  }

  upsertMediaAnalysis(rows: readonly MediaAnalysisRow[]): void {
    const stmt = this.st.get(
      `INSERT INTO media_analysis (sha256, analyzer, metrics, exact_key, hash64, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256) DO UPDATE SET analyzer = excluded.analyzer, metrics = excluded.metrics,
         exact_key = excluded.exact_key, hash64 = excluded.hash64, created_at = excluded.created_at`,
    );
    for (const r of rows) stmt.run(r.sha256, r.analyzer, r.metrics, r.exactKey, r.hash64, r.createdAt);
  }

  insertItemQuality(rows: readonly ItemQualityInsert[]): void {
    const stmt = this.st.get(
      `INSERT INTO item_quality (revision_id, dataset_id, metrics, exact_key, near_sig, caption_key) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (revision_id) DO NOTHING`,
    );
    for (const r of rows) stmt.run(r.revisionId, r.datasetId, r.metrics, r.exactKey, r.nearSig, r.captionKey);
  }

  insertScores(rows: readonly ScoreInsert[]): void {
    const stmt = this.st.get(
      `INSERT INTO item_scores (revision_id, policy_version, score, flags) VALUES (?, ?, ?, ?)
       ON CONFLICT (revision_id, policy_version) DO UPDATE SET score = excluded.score, flags = excluded.flags`,
    );
    for (const r of rows) stmt.run(r.revisionId, r.policyVersion, r.score, r.flags);
  }

  /** Measured revisions of a dataset without a score at `policyVersion`, in id order. */
  unscoredAt(datasetId: number, policyVersion: number, afterId: number, limit: number): Array<{ revision_id: number; metrics: string }> {
    return this.st
      .get(
        `SELECT q.revision_id, q.metrics FROM item_quality q WHERE q.dataset_id = ? AND q.revision_id > ?
           AND NOT EXISTS (SELECT 1 FROM item_scores s WHERE s.revision_id = q.revision_id AND s.policy_version = ?)
         ORDER BY q.revision_id LIMIT ?`,
      )
      .all(datasetId, afterId, policyVersion, limit) as Array<{ revision_id: number; metrics: string }>;
  }

  countMeasured(datasetId: number): number {
    return (this.st.get('SELECT COUNT(*) AS n FROM item_quality WHERE dataset_id = ?').get(datasetId) as { n: number }).n;
  }

  /** Every score row of the given revisions (several policy versions each), with the metrics. */
  qualityRows(revisionIds: readonly number[]): QualityRow[] {
    if (revisionIds.length === 0) return [];
    return this.st
      .get(
        `SELECT q.revision_id, q.metrics, s.policy_version, s.score, s.flags FROM item_quality q
         LEFT JOIN item_scores s ON s.revision_id = q.revision_id
         WHERE q.revision_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(revisionIds)) as QualityRow[];
  }

  /** Stored scores of revisions (every policy version), without their metrics: for whole-ref passes. */
  scoreRows(revisionIds: readonly number[]): Array<Omit<QualityRow, 'metrics'>> {
    if (revisionIds.length === 0) return [];
    return this.st
      .get('SELECT revision_id, policy_version, score, flags FROM item_scores WHERE revision_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(revisionIds)) as Array<Omit<QualityRow, 'metrics'>>;
  }

  /** A kept duplicate analysis of a ref state (see the duplicate_analyses table), if any. */
  savedAnalysis(stateKey: string): Buffer | null {
    const r = this.st.get('SELECT packed FROM duplicate_analyses WHERE state_key = ?').get(stateKey) as { packed: Buffer } | undefined;
    return r?.packed ?? null;
  }

  /** Keeps a ref state's analysis, and only the newest `keep` of the dataset. */
  saveAnalysis(datasetId: number, stateKey: string, packed: Buffer, keep: number): void {
    // (Two statements, each atomic: a crash between them leaves one row too many, trimmed next time.)
    this.st.get('INSERT OR REPLACE INTO duplicate_analyses (state_key, dataset_id, packed, created_at) VALUES (?, ?, ?, ?)').run(stateKey, datasetId, packed, new Date().toISOString());
    this.st
      .get('DELETE FROM duplicate_analyses WHERE dataset_id = ? AND state_key NOT IN (SELECT state_key FROM duplicate_analyses WHERE dataset_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)')
      .run(datasetId, datasetId, keep);
  }

  /** The dataset's scores changed: no kept analysis of it holds any more. */
  dropAnalyses(datasetId: number): void {
    this.st.get('DELETE FROM duplicate_analyses WHERE dataset_id = ?').run(datasetId);
  }

  /** Changes whenever measurements of the dataset are added: part of a ref's cache key. */
  measuredStamp(datasetId: number): string {
    const r = this.st.get('SELECT COUNT(*) AS n, MAX(revision_id) AS m FROM item_quality WHERE dataset_id = ?').get(datasetId) as {
      n: number;
      m: number | null;
    };
    return `${r.n}:${r.m ?? 0}`;
  }

  stagingStamp(branchId: number): string {
    const r = this.st.get('SELECT COUNT(*) AS n, MAX(revision_id) AS m FROM branch_changes WHERE branch_id = ?').get(branchId) as {
      n: number;
      m: number | null;
    };
    return `${r.n}:${r.m ?? 0}`;
  }

  /**
   * Live items of a ref with keys after `afterKey`, in key order, at most `limit`, with their
   * measurements, media dimensions and the score row of `policyVersion` (see
   * EFFECTIVE_POLICY_SQL). Paged so that a whole-ref pass never holds a statement open between
   * pages (other requests use the connection in between).
   */
  /** The stored near-duplicate signature of a revision (a duplicate search reads a few back in full). */
  nearSig(revisionId: number): Buffer | null {
    const r = this.st.get('SELECT near_sig FROM item_quality WHERE revision_id = ?').get(revisionId) as { near_sig: Buffer | null } | undefined;
    return r?.near_sig ?? null;
  }

  /** Live items of a ref (what a scan of it reads, in the same snapshot inside one read transaction). */
  countLive(layers: readonly Layer[]): number {
    return this.items.count(layers, {});
  }

  scanRefPage(layers: readonly Layer[], policyVersion: number, afterKey: string, limit: number): RefScanRow[] {
    const live = this.items.liveSelect(
      layers,
      'r.id, r.key AS key, r.status, r.labels, r.attributes, r.media_sha256, length(r.prompt) AS prompt_chars, ' +
        'length(r.response) AS response_chars, COALESCE(length(r.caption), length(r.transcript)) AS text_chars',
      {},
      afterKey,
    );
    const sql = `SELECT x.key, x.id, x.status, x.labels, x.attributes, x.media_sha256, x.prompt_chars, x.response_chars, x.text_chars,
        m.width, m.height, m.duration_seconds AS duration, q.revision_id IS NOT NULL AS scored, q.exact_key, q.near_sig, q.caption_key,
        s.score, s.flags
      FROM (${live.sql} ORDER BY key LIMIT ?) x
      LEFT JOIN media m ON m.sha256 = x.media_sha256
      LEFT JOIN item_quality q ON q.revision_id = x.id
      LEFT JOIN item_scores s ON s.revision_id = x.id AND s.policy_version = ${EFFECTIVE_POLICY_SQL.replaceAll('r.id', 'x.id')}
      ORDER BY x.key`;
    return this.st.get(sql).all(...live.params, limit, policyVersion) as RefScanRow[];
  }

  /**
   * A page of a ref's items with their stored measurements (null while unmeasured), in key order:
   * what coverage and augmentation planning read, a page at a time.
   */
  metricsPage(layers: readonly Layer[], afterKey: string, limit: number): MetricsRow[] {
    const live = this.items.liveSelect(layers, 'r.id, r.key AS key, r.labels, r.attributes, r.derivation, r.media_sha256', {}, afterKey);
    const sql = `SELECT x.id, x.key, x.labels, x.attributes, x.derivation, x.media_sha256, q.metrics
      FROM (${live.sql} ORDER BY key LIMIT ?) x LEFT JOIN item_quality q ON q.revision_id = x.id ORDER BY x.key`;
    return this.st.get(sql).all(...live.params, limit) as MetricsRow[];
  }
}

export interface MetricsRow {
  id: number;
  key: string;
  labels: string;
  attributes: string;
  derivation: string | null;
  media_sha256: string | null;
  metrics: string | null;
}
