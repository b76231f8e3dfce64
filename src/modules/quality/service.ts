import pLimit from 'p-limit';
import type { Config } from '../../config.js';
import { tx, withDeferredSync, type Db } from '../../db/connection.js';
import type { DatasetRow, JobRow, MediaAnalysisRow, MediaRow } from '../../db/schema/index.js';
import { BadUserInputError } from '../../errors.js';
import { decodeKeyCursor, keyCursor, nowIso, pageSize } from '../../ids.js';
import type { Metrics, QualityFlag } from '../../media/quality/types.js';
import { DUPLICATE_FLAGS } from '../../media/quality/types.js';
import type { BlobStore } from '../../storage/blob-store.js';
import { requireRole, type Actor } from '../auth/index.js';
import { rowToItem } from '../items/index.js';
import type { ItemModel, Modality, ReadContext } from '../items/index.js';
import { MAX_FILTER_TERMS } from '../items/index.js';
import { qualityConditionSql, type QualityCondition } from './conditions.js';
import type { SqlCondition } from '../versions/index.js';
import type { DuplicateClusterModel } from './model.js';
import type { DatasetsService } from '../datasets/index.js';
import type { MediaService } from '../media/index.js';
import type { JobContext, JobsService } from '../jobs/index.js';
import type { VersionsService } from '../versions/index.js';
import type { ResolvedRef } from '../versions/index.js';
import { TimeSlicer, yieldToLoop } from '../../lib/yield.js';
import { flagsOf, type AuditModel, type AuditTarget } from './audit.js';
import type { DuplicateAnalysis, DuplicateCluster } from './duplicates.js';
import { unpackDuplicates } from './duplicates-pack.js';
import { analyseDuplicates, scanRef, type RefScanJob, type RefScanResult } from './ref-scan.js';
import { RefScanner } from './ref-scanner.js';
import { ALL_FLAGS, checkLanguage, completePolicy, defaultPolicy, mergePolicy, type QualityPolicy } from './policy.js';
import type { PendingRevision, QualityRepository, RefScanRow } from './repository.js';
import { TextMeasurer } from './text-measurer.js';
import { MediaMeasurer, MEDIA_WORKERS } from './media-measurer.js';
import type { TextAnalysis } from '../../media/quality/text.js';
import { ANALYZER_VERSION, measureItem, measureMedia, prepareMeasuring, scoreItem, type MediaMeasurement } from './scorer.js';
import { loadTaskCatalogue, type TaskCatalogue, type TaskEntry } from './tasks.js';

/** Revisions measured per transaction (≈ 50 ms of text analysis: requests get in between). */
const TEXT_CHUNK = 250;
/** Revisions re-scored per transaction (no analysis, only thresholds). */
const RESCORE_CHUNK = 1000;
/** A scoring job with at least this many text pairs measures them in a worker thread (~1 s to start). */
const TEXT_WORKER_MIN = 2000;
/** Text-measuring worker threads (the job's own thread writes meanwhile). */
const TEXT_WORKERS = 2;
const MEDIA_CHUNK = 64;
/** Blobs measured at once (sharp's pool is one thread here: keep several in flight; audio queues for the media workers). */
export const MEDIA_CONCURRENCY = 4;
/** Inline scoring of a mutation measures at most this many new blobs ... */
const INLINE_MEDIA_LIMIT = 16;
/** ... of at most this many bytes in all (≈ 1 s of audio analysis); more go to a scoring job. */
export const INLINE_MEDIA_BYTES = 32 * 1024 * 1024;
/** Ref analyses (duplicates + audit inputs) kept in memory. */
const CACHE_SIZE = 8;
/** Item reads of a ref larger than this never wait for its first duplicate analysis. */
const BIG_REF_ITEMS = 20_000;
const NO_DUPLICATES: DuplicateAnalysis = { clusters: [], flags: new Map() };
/** Rows read per page when a whole ref is scanned synchronously. */
const SCAN_PAGE = 5000;
/** Rows read per page by a pass on the main thread that yields between pages (≈ 20 ms a page). */
const SLICE_PAGE = 1000;
/** Refs of at least this many items are audited and analysed in the ref-scan worker thread. */
const SCAN_WORKER_MIN = 5000;
/** Longest slice of rebuilding a worker's (packed) duplicate analysis here, in ms. */
const UNPACK_SLICE_MS = 10;
/** Item reads re-analyse a ref synchronously when that took at most this long last time. */
const SYNC_ANALYSIS_MS = 100;
/** A background re-analysis waits this long, so that a burst of edits costs one. */
const REFRESH_DELAY_MS = 1000;

export type { ReadContext };

export interface QualityModel {
  score: number;
  flags: QualityFlag[];
  metrics: Metrics;
  policyVersion: number;
}

export interface QualityDeps {
  db: Db;
  config: Config;
  repo: QualityRepository;
  versions: VersionsService;
  jobs: JobsService;
  blobs: BlobStore;
  media: MediaService;
  datasets: DatasetsService;
  /** Item reads re-analyse a ref synchronously when that took at most this long last time (ms). */
  syncAnalysisMs?: number;
  /** Refs of at least this many items are scanned in the ref-scan worker thread (default SCAN_WORKER_MIN). */
  scanWorkerMin?: number;
}

export interface PolicyVersionModel {
  version: number;
  policy: QualityPolicy;
  createdAt: string;
  createdBy: string;
}

/**
 * Quality scores, duplicate search and audits. Measurements (policy-independent) are stored per
 * revision; flags and score per (revision, policy version); duplicate flags depend on the other
 * items of a ref and are computed per ref state (cached). See docs/quality.md.
 */
export class QualityService {
  readonly catalogue: TaskCatalogue;
  private readonly policies = new Map<string, QualityPolicy>();
  private readonly refCache = new Map<string, DuplicateAnalysis>();
  /** Scoring jobs queued and not started yet, per dataset. */
  private readonly scheduled = new Map<number, JobRow>();
  private readonly textMeasurer = new TextMeasurer(TEXT_WORKERS);
  /** Audio is measured in these worker threads, never on the event loop (see measureMedia). */
  private readonly mediaMeasurer = new MediaMeasurer(MEDIA_WORKERS);
  /** The last analysis of each ref identity, and how long it took. */
  private readonly latest = new Map<string, { analysis: DuplicateAnalysis; ms: number }>();
  /** Background re-analyses per ref identity: waiting (a timer) or running (null). */
  private readonly refreshing = new Map<string, NodeJS.Timeout | null>();
  /** Audits of ref states (an audit of an unchanged state is answered from here). */
  private readonly auditCache = new Map<string, AuditModel>();
  /** Audits under way, per audit cache key (an identical audit asked meanwhile waits for it). */
  private readonly auditing = new Map<string, Promise<AuditModel>>();
  /** Duplicate analyses under way, per ref state. */
  private readonly analysing = new Map<string, Promise<DuplicateAnalysis>>();
  /** Bumped when stored scores change under unchanged ref states (a re-score): see unchanged(). */
  private epoch = 0;
  private readonly scanner = new RefScanner();

  constructor(private readonly d: QualityDeps) {
    this.catalogue = loadTaskCatalogue(d.config.tasksFile);
  }

  // ---------------------------------------------------------------- policies

  /** Validated first policy of a new dataset (inside createDataset's transaction). */
  initialPolicy(
    datasetId: number,
    input: { modality: string; targetLanguage?: string | null; targetTask?: string | null },
    actor: Actor,
    now: string,
  ): void {
    if (input.targetLanguage != null) checkLanguage(input.targetLanguage, 'targetLanguage');
    if (input.targetTask != null) this.task(input.modality as Modality, input.targetTask, 'targetTask');
    const policy = defaultPolicy(input);
    this.d.repo.insertPolicy({ datasetId, version: 1, policy: JSON.stringify(policy), createdAt: now, createdBy: actor.name });
    this.d.datasets.setPolicyVersion(datasetId, 1);
  }

  /** A catalogue task for a dataset of `modality` (BAD_USER_INPUT if unknown or for another modality). */
  task(modality: Modality, key: string, field: string): TaskEntry {
    const t = this.catalogue.tasks.get(key);
    if (!t) {
      throw new BadUserInputError(`Unknown task "${key}"; the catalogue has: ${[...this.catalogue.tasks.keys()].join(', ')}`, { field });
    }
    if (t.modality !== modality) {
      const fit = [...this.catalogue.tasks.values()].filter((x) => x.modality === modality).map((x) => x.key);
      throw new BadUserInputError(`Task "${key}" needs ${t.modality} data; for ${modality} datasets use one of: ${fit.join(', ')}`, { field });
    }
    return t;
  }

  policy(datasetId: number, version: number): QualityPolicy {
    const k = `${datasetId}:${version}`;
    let p = this.policies.get(k);
    if (!p) {
      const row = this.d.repo.policy(datasetId, version);
      // Datasets made before quality policies existed run on the defaults.
      p = row ? completePolicy(JSON.parse(row.policy)) : defaultPolicy();
      this.policies.set(k, p);
    }
    return p;
  }

  currentPolicy(dataset: DatasetRow): QualityPolicy {
    return this.policy(dataset.id, this.d.datasets.policyVersion(dataset.id));
  }

  policyHistory(dataset: DatasetRow): PolicyVersionModel[] {
    return this.d.repo.policies(dataset.id).map((r) => ({
      version: r.version,
      policy: completePolicy(JSON.parse(r.policy)),
      createdAt: r.createdAt,
      createdBy: r.createdBy,
    }));
  }

  /** Records a new policy version (the patch merged over the current one) and re-scores in a job. */
  setPolicy(actor: Actor, dataset: DatasetRow, patch: unknown): { dataset: DatasetRow; job: JobRow } {
    requireRole(actor, 'curator');
    const { version } = tx(this.d.db, () => {
      const cur = this.d.datasets.policyVersion(dataset.id);
      const current = this.policy(dataset.id, cur);
      const merged = mergePolicy(current, patch, (k) => this.task(dataset.modality, k, 'policy.targetTask') !== null);
      if (JSON.stringify(merged) === JSON.stringify(current)) {
        throw new BadUserInputError('The policy is unchanged: give at least one setting with a new value', { field: 'policy' });
      }
      const next = cur + 1;
      this.d.repo.insertPolicy({ datasetId: dataset.id, version: next, policy: JSON.stringify(merged), createdAt: nowIso(), createdBy: actor.name });
      this.d.datasets.setPolicyVersion(dataset.id, next);
      return { version: next };
    });
    const job = this.d.jobs.create(actor, 'rescore', dataset.id, { datasetId: dataset.id, policyVersion: version });
    void this.d.jobs.enqueue(job, (ctx) => this.rescore(dataset.id, version, ctx));
    return { dataset: this.d.datasets.byId(dataset.id)!, job };
  }

  // ---------------------------------------------------------------- scoring

  /**
   * Measures and scores the given revisions now (a mutation's own items). Blobs not measured yet
   * are measured here (off the event loop, but the mutation waits) while within the inline budget,
   * at most INLINE_MEDIA_LIMIT blobs of INLINE_MEDIA_BYTES in all; beyond it a scoring job takes
   * them (returned) and their quality stays null until it has run.
   */
  async scoreRevisions(dataset: DatasetRow, revisionIds: readonly number[]): Promise<JobRow | null> {
    const pending = this.d.repo.revisionsForScoring(revisionIds);
    if (pending.length === 0) return null;
    const shas = [...new Set(pending.map((r) => r.media_sha256).filter((s): s is string => s !== null))];
    const known = new Set(this.d.repo.mediaAnalyses(shas, ANALYZER_VERSION).map((a) => a.sha256));
    const missing = shas.filter((s) => !known.has(s));
    if (missing.length > INLINE_MEDIA_LIMIT) return this.schedule(dataset.id);
    const bytes = this.mediaRows(missing).reduce((n, m) => n + m.byteSize, 0);
    if (bytes > INLINE_MEDIA_BYTES) return this.schedule(dataset.id);
    await this.scoreChunk(dataset, pending);
    return null;
  }

  /** Queues a scoring job for the dataset, or returns the one already queued. */
  schedule(datasetId: number, actor: Actor = { name: 'system', role: 'admin', tokenId: null }): JobRow {
    const queued = this.scheduled.get(datasetId);
    // (A queued job may have been cancelled meanwhile: then queue a new one.)
    if (queued && this.d.jobs.byId(queued.id)?.state === 'QUEUED') return queued;
    const job = this.d.jobs.create(actor, 'score', datasetId, { datasetId });
    this.scheduled.set(datasetId, job);
    void this.d.jobs.enqueue(job, async (ctx) => {
      this.scheduled.delete(datasetId);
      return this.scorePending(datasetId, ctx);
    });
    return job;
  }

  /** The stored media rows of these blobs (unknown ones left out). */
  private mediaRows(shas: readonly string[]): MediaRow[] {
    return this.d.media.getMany(shas).filter((m) => m !== null);
  }

  /** Loads what scoring needs (a server calls it at startup, off the first request's path). */
  warmUp(): Promise<void> {
    return prepareMeasuring();
  }

  /** Startup: datasets left with unmeasured revisions (a crash, an import by a stopped process). */
  recover(): number {
    const ids = this.d.repo.datasetsWithPending();
    for (const id of ids) this.schedule(id);
    return ids.length;
  }

  /** Measures and scores every unmeasured live revision of a dataset (the scoring job). */
  async scorePending(datasetId: number, ctx?: JobContext): Promise<{ scored: number }> {
    const dataset = this.d.datasets.byId(datasetId);
    if (!dataset) return { scored: 0 };
    const total = this.d.repo.countPending(datasetId);
    ctx?.setTotal(total);
    const chunk = dataset.modality === 'TEXT_PAIR' ? TEXT_CHUNK : MEDIA_CHUNK;
    // Many text pairs: measured in a worker thread, one chunk ahead of the writes here.
    const inWorker = dataset.modality === 'TEXT_PAIR' && total >= TEXT_WORKER_MIN;
    const measure = (rows: PendingRevision[]) =>
      inWorker && rows.length ? this.textMeasurer.measure(rows.map((r) => ({ prompt: r.prompt, response: r.response }))).catch(() => undefined) : null;
    const inFlight: Array<{ rows: PendingRevision[]; measuring: ReturnType<typeof measure> }> = [];
    let after = 0;
    const fetchNext = () => {
      const rows = this.d.repo.pendingRevisions(datasetId, after, chunk);
      if (rows.length) after = rows[rows.length - 1].id;
      return rows;
    };
    let scored = 0;
    for (;;) {
      // Keep TEXT_WORKERS chunks being measured ahead of the one written here.
      while (inFlight.length < (inWorker ? TEXT_WORKERS : 1)) {
        const rows = fetchNext();
        if (!rows.length) break;
        inFlight.push({ rows, measuring: measure(rows) });
      }
      const head = inFlight.shift();
      if (!head) break;
      // (A failed worker leaves `undefined`: the chunk is measured here instead.)
      await this.scoreChunk(dataset, head.rows, (await head.measuring) ?? undefined);
      scored += head.rows.length;
      ctx?.advance(head.rows.length);
      // Let requests in between chunks.
      await new Promise((r) => setImmediate(r));
    }
    return { scored };
  }

  private async scoreChunk(dataset: DatasetRow, rows: readonly PendingRevision[], texts?: readonly TextAnalysis[]): Promise<void> {
    // 1. blobs (outside any transaction: decoding is slow and async)
    const shas = [...new Set(rows.map((r) => r.media_sha256).filter((s): s is string => s !== null))];
    const measured = new Map<string, MediaMeasurement>();
    for (const a of this.d.repo.mediaAnalyses(shas, ANALYZER_VERSION)) {
      measured.set(a.sha256, { metrics: JSON.parse(a.metrics) as Metrics, exactKey: a.exactKey, hash64: a.hash64 });
    }
    const todo = this.mediaRows(shas.filter((s) => !measured.has(s)));
    const fresh: MediaAnalysisRow[] = [];
    const limit = pLimit(MEDIA_CONCURRENCY);
    await Promise.all(
      todo.map((m) =>
        limit(async () => {
          const file = this.d.blobs.localPath(m.sha256);
          const r: MediaMeasurement = file
            ? await measureMedia(m.kind, file, this.d.config.maxImagePixels, this.mediaMeasurer)
            : { metrics: { analysisError: 'blob not available locally' }, exactKey: null, hash64: null };
          measured.set(m.sha256, r);
          fresh.push({ sha256: m.sha256, analyzer: ANALYZER_VERSION, metrics: JSON.stringify(r.metrics), exactKey: r.exactKey, hash64: r.hash64, createdAt: nowIso() });
        }),
      ),
    );
    // 2. text measurements and scores (pure, fast), then one transaction
    await prepareMeasuring();
    const version = this.d.datasets.policyVersion(dataset.id);
    const policy = this.policy(dataset.id, version);
    const items = rows.map((r, i) => {
      const m = measureItem(dataset.modality, r, r.media_sha256 ? (measured.get(r.media_sha256) ?? null) : null, texts?.[i]);
      const s = scoreItem(dataset.modality, m.metrics, policy);
      return { r, m, s };
    });
    // Measurements can always be recomputed (unmeasured revisions are found again after a crash):
    // no fsync of their own per chunk; the job's final state, written FULL, makes them durable.
    withDeferredSync(this.d.db, () => tx(this.d.db, () => {
      this.d.repo.upsertMediaAnalysis(fresh);
      this.d.repo.insertItemQuality(
        items.map(({ r, m }) => ({
          revisionId: r.id,
          datasetId: dataset.id,
          metrics: JSON.stringify(m.metrics),
          exactKey: m.exactKey,
          nearSig: m.nearSig,
          captionKey: m.captionKey,
        })),
      );
      this.d.repo.insertScores(items.map(({ r, s }) => ({ revisionId: r.id, policyVersion: version, score: s.score, flags: JSON.stringify(s.flags) })));
    }));
    this.invalidate(dataset.id);
  }

  /** Scores every measured revision of the dataset under a policy version (the re-score job). */
  async rescore(datasetId: number, policyVersion: number, ctx?: JobContext): Promise<{ rescored: number }> {
    const dataset = this.d.datasets.byId(datasetId);
    if (!dataset) return { rescored: 0 };
    // Revisions not measured yet are measured (and scored) first.
    await this.scorePending(datasetId);
    const policy = this.policy(datasetId, policyVersion);
    ctx?.setTotal(this.d.repo.countMeasured(datasetId));
    let after = 0;
    let n = 0;
    for (;;) {
      const rows = this.d.repo.unscoredAt(datasetId, policyVersion, after, RESCORE_CHUNK);
      if (rows.length === 0) break;
      after = rows[rows.length - 1].revision_id;
      const scores = rows.map((r) => {
        const s = scoreItem(dataset.modality, JSON.parse(r.metrics) as Metrics, policy);
        return { revisionId: r.revision_id, policyVersion, score: s.score, flags: JSON.stringify(s.flags) };
      });
      withDeferredSync(this.d.db, () => tx(this.d.db, () => this.d.repo.insertScores(scores)));
      n += rows.length;
      ctx?.advance(rows.length);
      // Let requests in between chunks.
      await new Promise((r) => setImmediate(r));
    }
    this.invalidate(datasetId);
    return { rescored: n };
  }

  // ---------------------------------------------------------------- reading

  /** The policy version a ref is read with: a version's own (as committed), a branch's current. */
  readContext(dataset: DatasetRow, resolved: ResolvedRef): ReadContext {
    const policyVersion = resolved.kind === 'version' ? resolved.version.policyVersion : this.d.datasets.policyVersion(dataset.id);
    const state =
      resolved.kind === 'version'
        ? `v${resolved.version.id}`
        : `b${resolved.branch.id}:${resolved.version?.id ?? 0}:${this.d.repo.stagingStamp(resolved.branch.id)}`;
    const identity = `${dataset.id}|${resolved.kind === 'version' ? `v${resolved.version.id}` : `b${resolved.branch.id}`}|p${policyVersion}`;
    return {
      resolved,
      policyVersion,
      identity,
      stateKey: `${dataset.id}|${state}|p${policyVersion}|q${this.d.repo.measuredStamp(dataset.id)}`,
    };
  }

  /** A diff page with each side's items marked as read at its ref (their scores' policy and duplicate flags). */
  diffAtRefs<P extends { nodes: Array<{ before: ItemModel | null; after: ItemModel | null }> }>(dataset: DatasetRow, from: string, to: string, page: P): P {
    // Lazily: the refs are resolved again only if a client asks for these items' quality.
    const lazy = (ref: string) => {
      let ctx: ReadContext | undefined;
      return () => (ctx ??= this.readContext(dataset, this.d.versions.resolveRef(dataset, ref)));
    };
    const a = lazy(from);
    const b = lazy(to);
    const mark = (item: ItemModel, get: () => ReadContext) => Object.defineProperty(item, 'readAt', { get, enumerable: true, configurable: true });
    for (const n of page.nodes) {
      if (n.before) mark(n.before, a);
      if (n.after) mark(n.after, b);
    }
    return page;
  }

  /** Quality of revisions as read at policy versions; null while not measured yet. */
  qualities(keys: ReadonlyArray<{ revisionId: number; policyVersion: number }>): Array<QualityModel | null> {
    const rows = this.d.repo.qualityRows([...new Set(keys.map((k) => k.revisionId))]);
    const byRev = new Map<number, typeof rows>();
    for (const r of rows) {
      const list = byRev.get(r.revision_id);
      if (list) list.push(r);
      else byRev.set(r.revision_id, [r]);
    }
    return keys.map(({ revisionId, policyVersion }) => {
      const list = (byRev.get(revisionId) ?? []).filter((r) => r.policy_version !== null);
      if (list.length === 0) return null;
      // The newest score at or before the read's policy version, else the oldest after it.
      const before = list.filter((r) => r.policy_version! <= policyVersion).sort((a, b) => b.policy_version! - a.policy_version!);
      const pick = before[0] ?? list.sort((a, b) => a.policy_version! - b.policy_version!)[0];
      return {
        score: pick.score!,
        flags: JSON.parse(pick.flags!) as QualityFlag[],
        metrics: JSON.parse(pick.metrics) as Metrics,
        policyVersion: pick.policy_version!,
      };
    });
  }

  /**
   * Duplicate clusters and ref-dependent flags of a ref state (cached per state), synchronously.
   * `recent` (item reads) accepts the ref's previous analysis when re-analysing would be slow (it
   * took more than SYNC_ANALYSIS_MS last time, i.e. a big ref): the answer may then lag the latest
   * edits by one re-analysis, which runs shortly after in the background (off the event loop for
   * a big ref: see scan). Filters ask for `fresh`; audits and clusters use analyseAsync.
   */
  duplicates(dataset: DatasetRow, read: ReadContext, mode: 'fresh' | 'recent' = 'fresh'): DuplicateAnalysis {
    const hit = this.cachedAnalysis(read);
    if (hit) return hit;
    const last = this.latest.get(read.identity);
    if (mode === 'recent') {
      if (last && last.ms > (this.d.syncAnalysisMs ?? SYNC_ANALYSIS_MS)) {
        this.refreshSoon(dataset.id, read);
        return last.analysis;
      }
      // A big ref never analysed yet: answer without duplicate flags rather than stall every
      // request for the first analysis; it runs right after, in the background.
      if (!last && this.d.versions.itemCount(read.resolved) > BIG_REF_ITEMS) {
        this.refreshSoon(dataset.id, read, 0);
        return NO_DUPLICATES;
      }
    }
    return this.analyse(dataset, read);
  }

  /** The cached analysis of a ref state (marked most recently used), if any. */
  private cachedAnalysis(read: ReadContext): DuplicateAnalysis | undefined {
    const hit = this.refCache.get(read.stateKey);
    if (hit) {
      this.refCache.delete(read.stateKey);
      this.refCache.set(read.stateKey, hit);
    }
    return hit;
  }

  /** Every live item of a ref (scan rows), page by page, synchronously. */
  private *scanRows(read: ReadContext): Generator<RefScanRow> {
    for (let after = ''; ; ) {
      const page = this.d.repo.scanRefPage(read.resolved.layers, read.policyVersion, after, SCAN_PAGE);
      yield* page;
      if (page.length < SCAN_PAGE) return;
      after = page[page.length - 1].key;
    }
  }

  /** The ref's duplicate analysis, scanned here in one go (synchronous callers). */
  private analyse(dataset: DatasetRow, read: ReadContext): DuplicateAnalysis {
    const t0 = performance.now();
    const inputs = [];
    for (const r of this.scanRows(read)) {
      if (!r.scored) continue;
      inputs.push({ key: r.key, score: r.score, exactKey: r.exact_key, nearSig: r.near_sig, captionKey: r.caption_key });
    }
    const analysis = analyseDuplicates(dataset.modality, this.policy(dataset.id, read.policyVersion), inputs);
    this.remember(read, analysis, performance.now() - t0);
    return analysis;
  }

  /** Caches a ref state's analysis, with what it cost done in one go (see duplicates()). */
  private remember(read: ReadContext, analysis: DuplicateAnalysis, ms: number): void {
    this.refCache.set(read.stateKey, analysis);
    if (this.refCache.size > CACHE_SIZE) this.refCache.delete(this.refCache.keys().next().value!);
    this.latest.set(read.identity, { analysis, ms });
    if (this.latest.size > CACHE_SIZE * 4) this.latest.delete(this.latest.keys().next().value!);
  }

  /**
   * One pass over a ref (see scanRef) that never holds the event loop for long: a ref of at least
   * SCAN_WORKER_MIN items in a database file is read in the ref-scan worker thread, over its own
   * connection, with its aggregation and duplicate search; a smaller one (or when the worker
   * fails) here, SLICE_PAGE rows at a time with a yield between pages.
   */
  private async scan(dataset: DatasetRow, read: ReadContext, epoch: number, audit: AuditTarget | null, known: DuplicateAnalysis | null): Promise<RefScanResult> {
    const job: RefScanJob = {
      layers: read.resolved.layers,
      policyVersion: read.policyVersion,
      modality: dataset.modality,
      policy: this.policy(dataset.id, read.policyVersion),
      audit,
    };
    const client = this.d.db.$client;
    if (!client.memory && this.d.versions.itemCount(read.resolved) >= (this.d.scanWorkerMin ?? SCAN_WORKER_MIN)) {
      try {
        // (The worker keeps its analyses: a known one is never sent over, it has it or redoes it.)
        const r = await this.scanner.scan({ file: client.name, job, stateKey: `${read.stateKey}|e${epoch}`, wantDuplicates: !known });
        const slicer = new TimeSlicer(UNPACK_SLICE_MS);
        const duplicates = known ?? (await unpackDuplicates(r.duplicates!, () => slicer.maybeYield()));
        return { duplicates, analysed: !known, audit: r.audit, analysisMs: r.analysisMs };
      } catch {
        // The worker failed (or could not start): the pass runs here instead.
      }
    }
    return scanRef(this.d.repo, job, { pageSize: SLICE_PAGE, pause: yieldToLoop, known });
  }

  /** Whether a ref is still in the state `read` was taken at, its scores not re-done since `epoch` (false: it moved on, or is gone). */
  private unchanged(dataset: DatasetRow, read: ReadContext, epoch: number): boolean {
    if (epoch !== this.epoch) return false;
    try {
      return this.readContext(dataset, this.d.versions.resolveRef(dataset, read.resolved.ref)).stateKey === read.stateKey;
    } catch {
      return false;
    }
  }

  /** Registers an analysis under way for a ref state, until it settles (concurrent askers share it). */
  private track(stateKey: string, analysis: Promise<DuplicateAnalysis>): Promise<DuplicateAnalysis> {
    this.analysing.set(stateKey, analysis);
    const forget = () => {
      if (this.analysing.get(stateKey) === analysis) this.analysing.delete(stateKey);
    };
    analysis.then(forget, forget);
    return analysis;
  }

  /**
   * The ref state's duplicate analysis, fresh, without holding the event loop (see scan); one
   * pass per state however many ask meanwhile. An analysis of pages read while the ref changed
   * is returned but not cached.
   */
  private analyseAsync(dataset: DatasetRow, read: ReadContext): Promise<DuplicateAnalysis> {
    const hit = this.cachedAnalysis(read);
    if (hit) return Promise.resolve(hit);
    const running = this.analysing.get(read.stateKey);
    if (running) return running;
    const epoch = this.epoch;
    return this.track(
      read.stateKey,
      this.scan(dataset, read, epoch, null, null).then((r) => {
        if (this.unchanged(dataset, read, epoch)) this.remember(read, r.duplicates, r.analysisMs);
        return r.duplicates;
      }),
    );
  }

  /**
   * Re-analyses a ref in the background (off the event loop, see analyseAsync), once per burst of
   * reads (debounced), at most one at a time per ref identity.
   */
  private refreshSoon(datasetId: number, read: ReadContext, delayMs = REFRESH_DELAY_MS): void {
    if (this.refreshing.has(read.identity)) return;
    const timer = setTimeout(() => {
      // Still marked while the re-analysis runs (null: no timer to clear).
      this.refreshing.set(read.identity, null);
      const done = () => void this.refreshing.delete(read.identity);
      try {
        const dataset = this.d.datasets.byId(datasetId);
        if (!dataset) return done();
        // The ref's state now (a branch has moved on since `read` was taken).
        const now = this.readContext(dataset, this.d.versions.resolveRef(dataset, read.resolved.ref));
        if (this.refCache.has(now.stateKey)) return done();
        // (A failure — the branch was deleted, the app closed — leaves nothing to refresh.)
        this.analyseAsync(dataset, now).then(done, done);
      } catch {
        // The branch was deleted, the app closed: nothing to refresh.
        done();
      }
    }, delayMs);
    timer.unref();
    this.refreshing.set(read.identity, timer);
  }

  /** Stops background refreshes and the worker threads (the app is closing). */
  close(): void {
    this.textMeasurer.close();
    this.mediaMeasurer.close();
    this.scanner.close();
    for (const t of this.refreshing.values()) if (t) clearTimeout(t);
    this.refreshing.clear();
  }

  private invalidate(datasetId: number): void {
    // (Passes under way started before: their results are not cached.)
    this.epoch++;
    for (const k of this.refCache.keys()) if (k.startsWith(`${datasetId}|`)) this.refCache.delete(k);
    for (const k of this.auditCache.keys()) if (k.startsWith(`${datasetId}|`)) this.auditCache.delete(k);
  }

  /** Own flags plus the ref's duplicate flags of one item. */
  flagsAt(dataset: DatasetRow, read: ReadContext | undefined, key: string, own: readonly QualityFlag[]): QualityFlag[] {
    if (!read) return [...own];
    const dup = this.duplicates(dataset, read, 'recent').flags.get(key);
    if (!dup) return [...own];
    const all = new Set<QualityFlag>([...own, ...dup]);
    return ALL_FLAGS.filter((f) => all.has(f));
  }

  /** Translates ItemFilter's quality fields into a repository condition (null: no quality filter). */
  /** The quality part of an ItemFilter as SQL conditions for the item listing (none without one). */
  filterConditions(
    dataset: DatasetRow,
    read: ReadContext,
    f: { flags?: readonly string[] | null; minScore?: number | null; maxScore?: number | null },
  ): SqlCondition[] {
    if ((f.flags?.length ?? 0) > MAX_FILTER_TERMS) throw new BadUserInputError(`A filter takes at most ${MAX_FILTER_TERMS} flags`, { field: 'filter.flags' });
    const q = this.condition(dataset, read, f);
    return q ? [qualityConditionSql(q)] : [];
  }

  condition(
    dataset: DatasetRow,
    read: ReadContext,
    f: { flags?: readonly string[] | null; minScore?: number | null; maxScore?: number | null },
  ): QualityCondition | null {
    const flags = f.flags ?? [];
    if (!flags.length && f.minScore == null && f.maxScore == null) return null;
    const vocabulary = flagsOf(dataset.modality) as readonly string[];
    for (const x of flags) {
      if (!vocabulary.includes(x)) {
        throw new BadUserInputError(`${x} is not a flag of ${dataset.modality} items (they can carry ${vocabulary.join(', ')})`, { field: 'filter.flags' });
      }
    }
    for (const [name, v] of [['minScore', f.minScore], ['maxScore', f.maxScore]] as const) {
      if (v != null && !(v >= 0 && v <= 1)) throw new BadUserInputError(`${name} must lie in 0..1`, { field: `filter.${name}` });
    }
    const cond: QualityCondition = { policyVersion: read.policyVersion, minScore: f.minScore ?? 0, maxScore: f.maxScore ?? 1 };
    if (cond.minScore > cond.maxScore) {
      throw new BadUserInputError(`minScore (${cond.minScore}) is above maxScore (${cond.maxScore}): nothing can match`, { field: 'filter.minScore' });
    }
    if (flags.length) {
      const refFlags = flags.filter((x) => (DUPLICATE_FLAGS as readonly string[]).includes(x) || x === 'DUPLICATE_CAPTION');
      const dupKeys: string[] = [];
      if (refFlags.length) {
        for (const [key, set] of this.duplicates(dataset, read).flags) {
          if (refFlags.some((x) => (set as Set<string>).has(x))) dupKeys.push(key);
        }
      }
      cond.anyOf = { flags: flags.filter((x) => !refFlags.includes(x)), dupKeys };
    }
    return cond;
  }

  /**
   * The audit of a ref. Never holds the event loop for long: a big ref is read and aggregated in
   * the ref-scan worker thread, a small one here page by page, letting requests in between (see
   * scan); a fresh duplicate analysis shares the pass. Cached per ref state; identical audits
   * asked meanwhile share one pass.
   */
  async audit(actor: Actor, dataset: DatasetRow, ref: string, task?: string | null): Promise<AuditModel> {
    requireRole(actor, 'viewer');
    const resolved = this.d.versions.resolveRef(dataset, ref);
    const read = this.readContext(dataset, resolved);
    const policy = this.policy(dataset.id, read.policyVersion);
    if (task != null) this.task(dataset.modality, task, 'task');
    const cacheKey = `${read.stateKey}|${task ?? policy.targetTask}|${ref}`;
    const cached = this.auditCache.get(cacheKey);
    if (cached) return cached;
    const running = this.auditing.get(cacheKey);
    if (running) return running;
    const audit = this.runAudit(dataset, read, { ref, policyVersion: read.policyVersion, task: task ?? policy.targetTask, catalogue: this.catalogue }, cacheKey);
    this.auditing.set(cacheKey, audit);
    const forget = () => {
      if (this.auditing.get(cacheKey) === audit) this.auditing.delete(cacheKey);
    };
    audit.then(forget, forget);
    return audit;
  }

  private async runAudit(dataset: DatasetRow, read: ReadContext, target: AuditTarget, cacheKey: string): Promise<AuditModel> {
    const epoch = this.epoch;
    // An analysis of this state under way (a background refresh): the audit uses it.
    const known = this.cachedAnalysis(read) ?? (await this.analysing.get(read.stateKey)?.catch(() => undefined)) ?? null;
    const pass = this.scan(dataset, read, epoch, target, known);
    if (!known) this.track(read.stateKey, pass.then((r) => r.duplicates));
    const r = await pass;
    // Pages read while the ref changed (an edit in between) describe no one state: not cached.
    if (this.unchanged(dataset, read, epoch)) {
      if (r.analysed) this.remember(read, r.duplicates, r.analysisMs);
      this.auditCache.set(cacheKey, r.audit!);
      if (this.auditCache.size > CACHE_SIZE) this.auditCache.delete(this.auditCache.keys().next().value!);
    }
    return r.audit!;
  }

  async auditDiff(actor: Actor, dataset: DatasetRow, from: string, to: string, task?: string | null) {
    const a = await this.audit(actor, dataset, from, task);
    const b = await this.audit(actor, dataset, to, task ?? a.readiness.task);
    const before = new Map(a.flagCounts.map((f) => [f.flag, f.count]));
    return {
      from: a,
      to: b,
      itemCountDelta: b.itemCount - a.itemCount,
      meanScoreDelta: a.meanScore !== null && b.meanScore !== null ? Math.round((b.meanScore - a.meanScore) * 1e4) / 1e4 : null,
      duplicateClusterDelta: b.duplicateClusterCount - a.duplicateClusterCount,
      flagCountDeltas: b.flagCounts.map((f) => ({ flag: f.flag, from: before.get(f.flag) ?? 0, to: f.count, delta: f.count - (before.get(f.flag) ?? 0) })),
      readinessChanged: a.readiness.ok !== b.readiness.ok,
    };
  }

  /** A page of the ref's duplicate clusters (a fresh analysis, off the event loop for a big ref). */
  async clustersPage(actor: Actor, dataset: DatasetRow, ref: string, first: number | null | undefined, after: string | null | undefined) {
    requireRole(actor, 'viewer');
    const limit = pageSize(first);
    const resolved = this.d.versions.resolveRef(dataset, ref);
    const read = this.readContext(dataset, resolved);
    const { clusters } = await this.analyseAsync(dataset, read);
    const id = (c: DuplicateCluster) => `${c.kind}:${c.keys[0]}`;
    let start = 0;
    if (after) {
      const cur = decodeKeyCursor(after);
      start = clusters.findIndex((c) => id(c) === cur) + 1;
      if (start === 0) throw new BadUserInputError('Unknown cursor for duplicateClusters (the ref changed?)', { field: 'after' });
    }
    const nodes = clusters.slice(start, start + limit).map((c) => ({ ...c, dataset, read }));
    return {
      nodes,
      cursors: nodes.map((c) => keyCursor(id(c))),
      hasNextPage: start + limit < clusters.length,
      totalCount: () => clusters.length,
    };
  }

  /** A cluster's members as items at the cluster's ref, in key order. */
  members(c: DuplicateClusterModel, first: number | null | undefined): ItemModel[] {
    const keys = c.keys.slice(0, pageSize(first));
    const found = this.d.repo.lookup(c.read.resolved.layers, keys);
    return keys.flatMap((k) => {
      const r = found.get(k);
      return r && !r.deleted ? [{ ...rowToItem(r, c.dataset.modality), readAt: c.read }] : [];
    });
  }

  /** The flags a modality can carry (for clients building filters). */
  vocabulary(dataset: DatasetRow): readonly QualityFlag[] {
    return flagsOf(dataset.modality);
  }
}
