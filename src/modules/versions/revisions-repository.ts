import type { Db } from '../../db/connection.js';
import { StatementCache } from '../../db/statements.js';
import type { Layer, NewRevision, RevisionFilter, RevisionRow, SqlParam, StagingRow } from './model.js';

export type { NewRevision, RevisionFilter, RevisionRow, StagingRow } from './model.js';

const COLS =
  'r.id, r.dataset_id, r.key AS key, r.op, r.deleted, r.prompt, r.response, r.media_sha256, r.caption, r.transcript, ' +
  'r.labels, r.attributes, r.status, r.content_hash, r.prev_revision_id, r.changed_fields, r.branch_name, r.created_at, r.created_by, r.derivation';

export type Param = SqlParam;

/**
 * SQL of item revisions, of branch staging areas and of layered reads (the state of a ref:
 * staging over lineage entries over base lineages). See docs/versioning.md.
 */
export class RevisionsRepository {
  private readonly st: StatementCache;
  constructor(db: Db) {
    this.st = StatementCache.of(db);
  }

  insertRevision(r: NewRevision): number {
    // Positional parameters: this runs once per row of a bulk import.
    const info = this.st
      .get(
        `INSERT INTO item_revisions (dataset_id, key, op, deleted, prompt, response, media_sha256, caption, transcript,
           labels, attributes, status, content_hash, prev_revision_id, changed_fields, branch_name, created_at, created_by, job_id, derivation)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.dataset_id, r.key, r.op, r.deleted, r.prompt, r.response, r.media_sha256, r.caption, r.transcript,
        r.labels, r.attributes, r.status, r.content_hash, r.prev_revision_id, r.changed_fields, r.branch_name, r.created_at, r.created_by,
        r.job_id ?? null, r.derivation ?? null,
      );
    return Number(info.lastInsertRowid);
  }

  /** Highest revision id so far (0 on an empty store): revisions written later have higher ids. */
  maxRevisionId(): number {
    return (this.st.get('SELECT COALESCE(MAX(id), 0) AS n FROM item_revisions').get() as { n: number }).n;
  }

  /** Revisions a job wrote (ids above `afterId`: a range scan of the primary key), oldest first. */
  jobRevisions(jobId: number, afterId: number): Array<{ id: number; key: string; prev_revision_id: number | null }> {
    return this.st
      .get('SELECT id, key, prev_revision_id FROM item_revisions WHERE id > ? AND job_id = ? ORDER BY id')
      .all(afterId, jobId) as Array<{ id: number; key: string; prev_revision_id: number | null }>;
  }

  getRevisions(ids: readonly number[]): RevisionRow[] {
    if (ids.length === 0) return [];
    return this.st
      .get(`SELECT ${COLS} FROM item_revisions r WHERE r.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as RevisionRow[];
  }

  /** Revisions of one key, newest first, strictly older than beforeId. */
  history(datasetId: number, key: string, beforeId: number, limit: number): RevisionRow[] {
    return this.st
      .get(
        `SELECT ${COLS} FROM item_revisions r WHERE r.dataset_id = ? AND r.key = ? AND r.id < ? ORDER BY r.id DESC LIMIT ?`,
      )
      .all(datasetId, key, beforeId, limit) as RevisionRow[];
  }

  /** When each key first existed in the dataset (its oldest revision's time), for keys that did. */
  firstSeen(datasetId: number, keys: readonly string[]): Map<string, string> {
    const rows = this.st
      .get('SELECT key, MIN(created_at) AS at FROM item_revisions WHERE dataset_id = ? AND key IN (SELECT value FROM json_each(?)) GROUP BY key')
      .all(datasetId, JSON.stringify(keys)) as Array<{ key: string; at: string }>;
    return new Map(rows.map((r) => [r.key, r.at]));
  }

  countHistory(datasetId: number, key: string): number {
    return (this.st.get('SELECT COUNT(*) AS n FROM item_revisions WHERE dataset_id = ? AND key = ?').get(datasetId, key) as { n: number }).n;
  }

  // ---------------------------------------------------------------- staging

  upsertStaging(branchId: number, key: string, revisionId: number, countDelta: number): void {
    this.st
      .get(
        `INSERT INTO branch_changes (branch_id, key, revision_id, count_delta) VALUES (?, ?, ?, ?)
         ON CONFLICT (branch_id, key) DO UPDATE SET revision_id = excluded.revision_id, count_delta = excluded.count_delta`,
      )
      .run(branchId, key, revisionId, countDelta);
  }

  deleteStaging(branchId: number, key: string): void {
    this.st.get('DELETE FROM branch_changes WHERE branch_id = ? AND key = ?').run(branchId, key);
  }

  /** Staged rows of a branch in key order, keys > afterKey, at most limit (keyset paging). */
  stagingRows(branchId: number, afterKey: string, limit: number): StagingRow[] {
    return this.st
      .get(
        `SELECT s.key, s.revision_id, r.deleted, r.content_hash FROM branch_changes s
         JOIN item_revisions r ON r.id = s.revision_id WHERE s.branch_id = ? AND s.key > ? ORDER BY s.key LIMIT ?`,
      )
      .all(branchId, afterKey, limit) as StagingRow[];
  }

  stagingStats(branchId: number): { changes: number; delta: number } {
    const row = this.st
      .get('SELECT COUNT(*) AS changes, COALESCE(SUM(count_delta), 0) AS delta FROM branch_changes WHERE branch_id = ?')
      .get(branchId) as { changes: number; delta: number };
    return row;
  }

  clearStaging(branchId: number): number {
    return this.st.get('DELETE FROM branch_changes WHERE branch_id = ?').run(branchId).changes;
  }

  copyStaging(fromBranchId: number, toBranchId: number): void {
    this.st
      .get(
        `INSERT INTO branch_changes (branch_id, key, revision_id, count_delta)
         SELECT ?, key, revision_id, count_delta FROM branch_changes WHERE branch_id = ?`,
      )
      .run(toBranchId, fromBranchId);
  }

  // ---------------------------------------------------------------- layered reads

  /**
   * The revision (tombstones included) that decides each key's state in `layers`, or nothing
   * when no layer mentions the key. One statement per layer, whatever the number of keys.
   */
  lookupMany(layers: readonly Layer[], keys: readonly string[]): Map<string, RevisionRow> {
    const found = new Map<string, RevisionRow>();
    let pending: string[] = [...new Set(keys)];
    for (const layer of layers) {
      if (pending.length === 0) break;
      const rows =
        layer.kind === 'staging'
          ? (this.st
              .get(
                `SELECT ${COLS} FROM json_each(?) k
                 CROSS JOIN branch_changes s ON s.branch_id = ? AND s.key = k.value
                 JOIN item_revisions r ON r.id = s.revision_id`,
              )
              .all(JSON.stringify(pending), layer.branchId) as RevisionRow[])
          : (this.st
              .get(
                // CROSS JOIN pins the key list as the outer loop: one index probe per key.
                `SELECT ${COLS} FROM json_each(?) k
                 CROSS JOIN lineage_entries e ON e.lineage_id = ? AND e.key = k.value AND e.from_seq <= ?
                   AND (e.to_seq IS NULL OR e.to_seq > ?)
                 JOIN item_revisions r ON r.id = e.revision_id`,
              )
              .all(JSON.stringify(pending), layer.lineageId, layer.seq, layer.seq) as RevisionRow[]);
      for (const r of rows) found.set(r.key, r);
      if (rows.length) pending = pending.filter((k) => !found.has(k));
    }
    return found;
  }

  /** One page of live items (no tombstones) in key order, keys > afterKey. */
  page(layers: readonly Layer[], afterKey: string, limit: number, filter: RevisionFilter): RevisionRow[] {
    const { sql, params } = this.layeredSelect(layers, afterKey, filter, COLS);
    return this.st.get(`${sql} ORDER BY key LIMIT ?`).all(...params, limit) as RevisionRow[];
  }

  /** Live keys after afterKey, in key order, with the key each was derived from (null: an original). */
  lineagePage(layers: readonly Layer[], afterKey: string, limit: number): Array<{ key: string; from: string | null }> {
    const { sql, params } = this.layeredSelect(layers, afterKey, {}, `r.key AS key, json_extract(r.derivation, '$.from.key') AS "from"`);
    return this.st.get(`${sql} ORDER BY key LIMIT ?`).all(...params, limit) as Array<{ key: string; from: string | null }>;
  }

  /**
   * SQL (and its parameters) selecting `cols` of every live item of a ref, one arm per layer; for
   * other repositories to join against (quality audits). `cols` may use `r.` (the revision).
   */
  liveSelect(layers: readonly Layer[], cols: string, filter: RevisionFilter = {}, afterKey = ''): { sql: string; params: Param[] } {
    return this.layeredSelect(layers, afterKey, filter, cols);
  }

  count(layers: readonly Layer[], filter: RevisionFilter): number {
    const { sql, params } = this.layeredSelect(layers, '', filter, 'r.key AS key');
    return (this.st.get(`SELECT COUNT(*) AS n FROM (${sql})`).get(...params) as { n: number }).n;
  }

  /**
   * A UNION ALL with one arm per layer. An arm keeps the rows valid in its layer whose key no
   * higher layer mentions (NOT EXISTS masks), so every key appears in at most one arm; SQLite
   * merges the arms in key order and stops at the LIMIT.
   */
  private layeredSelect(
    layers: readonly Layer[],
    afterKey: string,
    filter: RevisionFilter,
    cols: string,
  ): { sql: string; params: Param[] } {
    const params: Param[] = [];
    const filterSql: string[] = [];
    const filterParams: Param[] = [];
    if (filter.status?.length) {
      filterSql.push(`r.status IN (${filter.status.map(() => '?').join(',')})`);
      filterParams.push(...filter.status);
    }
    for (const label of filter.labels ?? []) {
      filterSql.push('EXISTS (SELECT 1 FROM json_each(r.labels) l WHERE l.value = ?)');
      filterParams.push(label);
    }
    for (const [path, json] of filter.attributes ?? []) {
      filterSql.push('(r.attributes -> ?) = ?');
      filterParams.push(path, json);
    }
    if (filter.derived !== undefined) filterSql.push(filter.derived ? 'r.derivation IS NOT NULL' : 'r.derivation IS NULL');
    if (filter.derivedFrom !== undefined) {
      filterSql.push("r.derivation ->> '$.from.key' = ?");
      filterParams.push(filter.derivedFrom);
    }
    for (const c of filter.extra ?? []) {
      filterSql.push(`(${c.sql})`);
      filterParams.push(...c.params);
    }
    let lowKey = afterKey;
    if (filter.keyPrefix) {
      // length() counts characters as substr() does (JS .length counts UTF-16 units).
      filterSql.push('substr(X.key, 1, length(?)) = ?');
      filterParams.push(filter.keyPrefix, filter.keyPrefix);
      if (filter.keyPrefix > lowKey) lowKey = filter.keyPrefix;
    }
    const arms: string[] = [];
    layers.forEach((layer, i) => {
      const where: string[] = [];
      const armParams: Param[] = [];
      let from: string;
      if (layer.kind === 'staging') {
        from = 'branch_changes X';
        where.push('X.branch_id = ?');
        armParams.push(layer.branchId);
      } else {
        from = 'lineage_entries X';
        where.push('X.lineage_id = ?');
        armParams.push(layer.lineageId);
      }
      // A prefix is an inclusive lower bound, a cursor an exclusive one.
      if (lowKey !== afterKey) {
        where.push('X.key >= ?', 'X.key > ?');
        armParams.push(lowKey, afterKey);
      } else {
        where.push('X.key > ?');
        armParams.push(afterKey);
      }
      if (layer.kind === 'lineage') {
        where.push('X.from_seq <= ?', '(X.to_seq IS NULL OR X.to_seq > ?)');
        armParams.push(layer.seq, layer.seq);
      }
      where.push('r.deleted = 0');
      for (const upper of layers.slice(0, i)) {
        if (upper.kind === 'staging') {
          where.push('NOT EXISTS (SELECT 1 FROM branch_changes m WHERE m.branch_id = ? AND m.key = X.key)');
          armParams.push(upper.branchId);
        } else {
          where.push('NOT EXISTS (SELECT 1 FROM lineage_entries m WHERE m.lineage_id = ? AND m.key = X.key AND m.from_seq <= ?)');
          armParams.push(upper.lineageId, upper.seq);
        }
      }
      where.push(...filterSql);
      // X.key (not r.key) so that SQLite sees each arm already ordered by its index.
      arms.push(`SELECT ${cols.replace('r.key AS key', 'X.key AS key')} FROM ${from} JOIN item_revisions r ON r.id = X.revision_id WHERE ${where.join(' AND ')}`);
      params.push(...armParams, ...filterParams);
    });
    if (arms.length === 0) return { sql: `SELECT ${cols} FROM item_revisions r WHERE 0`, params: [] };
    return { sql: arms.join(' UNION ALL '), params };
  }

  /**
   * Keys that may differ between two states (a superset of the real changes): union of arms
   * `{lineageId, fromExclusive, toInclusive}` over lineage entries and whole staging areas.
   */
  candidateKeys(
    arms: ReadonlyArray<{ lineageId: number; after: number; upTo: number } | { branchId: number }>,
    afterKey: string,
    limit: number,
  ): string[] {
    if (arms.length === 0) return [];
    const sql: string[] = [];
    const params: Param[] = [];
    for (const a of arms) {
      if ('branchId' in a) {
        sql.push('SELECT key FROM branch_changes WHERE branch_id = ? AND key > ?');
        params.push(a.branchId, afterKey);
      } else {
        // DISTINCT: a key changed by several commits of the range has several entries (UNION
        // dedups across arms, but a single arm is no compound select).
        // Between two seqs of one lineage, walk the (lineage, from_seq) index over just those
        // commits' entries; a whole unshared layer (from seq 0) walks the key index instead.
        const index = a.after > 0 ? 'INDEXED BY lineage_entries_changes' : '';
        sql.push(`SELECT DISTINCT key FROM lineage_entries ${index} WHERE lineage_id = ? AND from_seq > ? AND from_seq <= ? AND key > ?`);
        params.push(a.lineageId, a.after, a.upTo, afterKey);
      }
    }
    return (this.st.get(`${sql.join(' UNION ')} ORDER BY key LIMIT ?`).all(...params, limit) as { key: string }[]).map(
      (r) => r.key,
    );
  }
}
