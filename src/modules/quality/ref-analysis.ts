import type { DatasetRow } from '../../db/schema/index.js';
import { BadUserInputError } from '../../errors.js';
import { decodeKeyCursor, keyCursor, pageSize } from '../../ids.js';
import { Lru } from '../../lib/lru.js';
import { TimeSlicer, yieldToLoop } from '../../lib/yield.js';
import type { Metrics, QualityFlag } from '../../media/quality/types.js';
import { DUPLICATE_FLAGS } from '../../media/quality/types.js';
import { requireRole, type Actor } from '../auth/index.js';
import { MAX_FILTER_TERMS, rowToItem, type ItemModel, type ReadContext } from '../items/index.js';
import type { ResolvedRef, SqlCondition } from '../versions/index.js';
import { flagsOf, type AuditModel, type AuditTarget } from './audit.js';
import { qualityConditionSql, type QualityCondition } from './conditions.js';
import { DuplicateInputs, type DuplicateAnalysis, type DuplicateCluster } from './duplicates.js';
import { packDuplicates, packedFromBytes, packedToBytes, unpackDuplicates, unpackDuplicatesSync, type PackedDuplicates } from './duplicates-pack.js';
import type { QualityPolicies } from './policies.js';
import { ALL_FLAGS } from './policy.js';
import { analyseDuplicates, scanRef, type RefScanJob, type RefScanResult } from './ref-scan.js';
import { RefScanner } from './ref-scanner.js';
import type { RefScanRow } from './repository.js';
import type { DuplicateClusterModel, QualityDeps, QualityModel } from './model.js';

/** Ref analyses (duplicates + audit inputs) kept in memory. */
export const CACHE_SIZE = 8;
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
/** Kept (persisted) duplicate analyses per dataset. */
const KEPT_ANALYSES = 8;
/** Item reads re-analyse a ref synchronously when that took at most this long last time. */
const SYNC_ANALYSIS_MS = 100;
/** A background re-analysis waits this long, so that a burst of edits costs one. */
const REFRESH_DELAY_MS = 1000;

/** A flag that depends on the other items of a ref (a duplicate flag), not on the item alone. */
function isRefFlag(flag: string): boolean {
  return (DUPLICATE_FLAGS as readonly string[]).includes(flag) || flag === 'DUPLICATE_CAPTION';
}

/**
 * How a ref is read (its read context), the quality of items read there, and the ref's duplicate
 * analysis: cached per ref state, refreshed in the background for item reads of big refs, done
 * off the event loop for big refs (the ref-scan worker). Also the quality part of item filters
 * and the duplicate-cluster pages.
 */
export class RefAnalysis {
  private readonly refCache = new Lru<string, DuplicateAnalysis>(CACHE_SIZE);
  /** The last analysis of each ref identity, and how long it took. */
  private readonly latest = new Lru<string, { analysis: DuplicateAnalysis; ms: number }>(CACHE_SIZE * 4);
  /** Background re-analyses per ref identity: waiting (a timer) or running (null). */
  private readonly refreshing = new Map<string, NodeJS.Timeout | null>();
  /** Duplicate analyses under way, per ref state. */
  private readonly analysing = new Map<string, Promise<DuplicateAnalysis>>();
  /** Bumped when stored scores change under unchanged ref states (a re-score): see unchanged(). */
  private epoch = 0;
  private readonly scanner: RefScanner;

  constructor(
    private readonly d: QualityDeps,
    private readonly policies: QualityPolicies,
  ) {
    this.scanner = new RefScanner(d.config.workerIdleMs);
  }

  /** The policy version a ref is read with: a version's own (as committed), a branch's current. */
  readContext(dataset: DatasetRow, resolved: ResolvedRef): ReadContext {
    const policyVersion = resolved.kind === 'version' ? resolved.version.policyVersion : this.d.datasets.policyVersion(dataset.id);
    // A branch with nothing staged holds exactly its head commit's items: the same state (so an
    // audit of `main` and an export of its head share one analysis, kept for both).
    const staged = resolved.kind === 'branch' ? this.d.repo.stagingStamp(resolved.branch.id) : '';
    const clean = resolved.kind === 'version' || (resolved.version !== null && staged.startsWith('0:'));
    const state = clean ? `v${resolved.version!.id}` : `b${resolved.kind === 'branch' ? resolved.branch.id : 0}:${resolved.version?.id ?? 0}:${staged}`;
    const identity = `${dataset.id}|${resolved.kind === 'version' ? `v${resolved.version.id}` : `b${resolved.branch.id}`}|p${policyVersion}`;
    return {
      resolved,
      policyVersion,
      identity,
      stateKey: `${dataset.id}|${state}|p${policyVersion}|q${this.d.repo.measuredStamp(dataset.id)}`,
      immutable: clean,
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
    return pickScores(rows, keys).map((pick) =>
      pick ? { score: pick.score!, flags: JSON.parse(pick.flags!) as QualityFlag[], metrics: JSON.parse(pick.metrics) as Metrics, policyVersion: pick.policy_version! } : null,
    );
  }

  /** As qualities, without the metrics (whole-ref passes such as exports: parsing them is most of the cost). */
  scores(keys: ReadonlyArray<{ revisionId: number; policyVersion: number }>): Array<Omit<QualityModel, 'metrics'> | null> {
    const rows = this.d.repo.scoreRows([...new Set(keys.map((k) => k.revisionId))]);
    return pickScores(rows, keys).map((pick) =>
      pick ? { score: pick.score!, flags: pick.flags === '[]' ? [] : (JSON.parse(pick.flags!) as QualityFlag[]), policyVersion: pick.policy_version! } : null,
    );
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
    const last = this.latest.peek(read.identity);
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

  /** The cached analysis of a ref state (marked most recently used), else the kept one of an immutable state, if any. */
  private cachedAnalysis(read: ReadContext): DuplicateAnalysis | undefined {
    const hit = this.refCache.get(read.stateKey);
    if (hit || !read.immutable) return hit;
    const kept = this.d.repo.savedAnalysis(read.stateKey);
    if (!kept) return undefined;
    try {
      const analysis = unpackDuplicatesSync(packedFromBytes(kept));
      this.refCache.set(read.stateKey, analysis);
      return analysis;
    } catch {
      // unreadable (written by another version of the format): analysed again, and kept anew
      return undefined;
    }
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
    const repo = this.d.repo;
    const inputs = new DuplicateInputs(dataset.modality, repo.countLive(read.resolved.layers), (id) => repo.nearSig(id));
    for (const r of this.scanRows(read)) if (r.scored) inputs.push(r.key, r.score, r.exact_key, r.near_sig, r.caption_key, r.id);
    const analysis = analyseDuplicates(dataset.modality, this.policies.policy(dataset.id, read.policyVersion), inputs);
    this.remember(dataset.id, read, analysis, performance.now() - t0);
    return analysis;
  }

  /** Caches a ref state's analysis, with what it cost done in one go (see duplicates()); keeps it when the state is immutable. */
  private remember(datasetId: number, read: ReadContext, analysis: DuplicateAnalysis, ms: number, packed?: PackedDuplicates): void {
    this.refCache.set(read.stateKey, analysis);
    this.latest.set(read.identity, { analysis, ms });
    if (read.immutable) this.d.repo.saveAnalysis(datasetId, read.stateKey, packedToBytes(packed ?? packDuplicates(analysis)), KEPT_ANALYSES);
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
      policy: this.policies.policy(dataset.id, read.policyVersion),
      audit,
    };
    const client = this.d.db.$client;
    if (!client.memory && this.d.versions.itemCount(read.resolved) >= (this.d.scanWorkerMin ?? SCAN_WORKER_MIN)) {
      try {
        // (The worker keeps its analyses: a known one is never sent over, it has it or redoes it.)
        const r = await this.scanner.scan({ file: client.name, job, stateKey: `${read.stateKey}|e${epoch}`, wantDuplicates: !known });
        const slicer = new TimeSlicer(UNPACK_SLICE_MS);
        const duplicates = known ?? (await unpackDuplicates(r.duplicates!, () => slicer.maybeYield()));
        return { duplicates, analysed: !known, audit: r.audit, analysisMs: r.analysisMs, packed: r.duplicates ?? undefined };
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
        if (this.unchanged(dataset, read, epoch)) this.remember(dataset.id, read, r.duplicates, r.analysisMs, r.packed);
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

  /** Stops the ref-scan worker if idle (a long job done with analyses frees what it holds). */
  releaseScanner(): void {
    this.scanner.release();
  }

  /**
   * The flags of keys at a read context (own flags plus the ref's duplicate flags), for a pass
   * over the whole ref: the analysis is looked up once, not once a key.
   */
  flagReader(dataset: DatasetRow, read: ReadContext): (key: string, own: readonly QualityFlag[]) => QualityFlag[] {
    const dups = this.duplicates(dataset, read, 'recent').flags;
    return (key, own) => {
      const dup = dups.get(key);
      if (!dup) return own.length ? [...own] : [];
      const all = new Set<QualityFlag>([...own, ...dup]);
      return ALL_FLAGS.filter((f) => all.has(f));
    };
  }

  /** Stops background refreshes and the ref-scan worker (the app is closing). */
  close(): void {
    this.scanner.close();
    for (const t of this.refreshing.values()) if (t) clearTimeout(t);
    this.refreshing.clear();
  }

  /** Stored scores of the dataset changed: its cached analyses are stale. */
  invalidate(datasetId: number): void {
    // (Passes under way started before: their results are not cached.)
    this.epoch++;
    this.refCache.deleteWhere((k) => k.startsWith(`${datasetId}|`));
    this.d.repo.dropAnalyses(datasetId);
  }

  /**
   * One pass over a ref for an audit, sharing a fresh duplicate analysis with it (or using one
   * cached or under way). `cacheable` is false when pages were read while the ref changed (an edit
   * in between): such an audit describes no one state.
   */
  async auditPass(dataset: DatasetRow, read: ReadContext, target: AuditTarget): Promise<{ audit: AuditModel; cacheable: boolean }> {
    const epoch = this.epoch;
    // An analysis of this state under way (a background refresh): the audit uses it.
    const known = this.cachedAnalysis(read) ?? (await this.analysing.get(read.stateKey)?.catch(() => undefined)) ?? null;
    const pass = this.scan(dataset, read, epoch, target, known);
    if (!known) this.track(read.stateKey, pass.then((r) => r.duplicates));
    const r = await pass;
    const cacheable = this.unchanged(dataset, read, epoch);
    if (cacheable && r.analysed) this.remember(dataset.id, read, r.duplicates, r.analysisMs, r.packed);
    return { audit: r.audit!, cacheable };
  }

  /** Own flags plus the ref's duplicate flags of one item. */
  flagsAt(dataset: DatasetRow, read: ReadContext | undefined, key: string, own: readonly QualityFlag[]): QualityFlag[] {
    if (!read) return [...own];
    const dup = this.duplicates(dataset, read, 'recent').flags.get(key);
    if (!dup) return [...own];
    const all = new Set<QualityFlag>([...own, ...dup]);
    return ALL_FLAGS.filter((f) => all.has(f));
  }

  /**
   * The quality part of an ItemFilter as SQL conditions for the item listing (none without one).
   * Validated first; a filter naming a duplicate flag then waits for the ref's fresh duplicate
   * analysis, which never holds the event loop (see analyseAsync).
   */
  async filterConditions(
    dataset: DatasetRow,
    read: ReadContext,
    f: { flags?: readonly string[] | null; minScore?: number | null; maxScore?: number | null },
  ): Promise<SqlCondition[]> {
    if ((f.flags?.length ?? 0) > MAX_FILTER_TERMS) throw new BadUserInputError(`A filter takes at most ${MAX_FILTER_TERMS} flags`, { field: 'filter.flags' });
    let q = this.condition(dataset, read, f, NO_DUPLICATES.flags);
    if (q?.anyOf && (f.flags ?? []).some(isRefFlag)) q = this.condition(dataset, read, f, (await this.analyseAsync(dataset, read)).flags);
    return q ? [qualityConditionSql(q)] : [];
  }

  /** ItemFilter's quality fields as a condition (null: none), with the ref's duplicate flags given. */
  private condition(
    dataset: DatasetRow,
    read: ReadContext,
    f: { flags?: readonly string[] | null; minScore?: number | null; maxScore?: number | null },
    duplicateFlags: DuplicateAnalysis['flags'],
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
      const refFlags = flags.filter(isRefFlag);
      const dupKeys: string[] = [];
      if (refFlags.length) {
        for (const [key, set] of duplicateFlags) {
          if (refFlags.some((x) => (set as Set<string>).has(x))) dupKeys.push(key);
        }
      }
      cond.anyOf = { flags: flags.filter((x) => !refFlags.includes(x)), dupKeys };
    }
    return cond;
  }

  /** Member keys of the ref's exact- and near-duplicate clusters (a fresh analysis, off the event loop for a big ref). */
  async duplicateGroups(dataset: DatasetRow, resolved: ResolvedRef): Promise<string[][]> {
    const { clusters } = await this.analyseAsync(dataset, this.readContext(dataset, resolved));
    return clusters.filter((c) => c.kind === 'EXACT' || c.kind === 'NEAR').map((c) => c.keys);
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

/** Per key, its revision's score row as read at the policy version: the newest at or before it, else the oldest after it. */
function pickScores<R extends { revision_id: number; policy_version: number | null }>(rows: readonly R[], keys: ReadonlyArray<{ revisionId: number; policyVersion: number }>): Array<R | null> {
  const byRev = new Map<number, R[]>();
  for (const r of rows) {
    if (r.policy_version === null) continue;
    const list = byRev.get(r.revision_id);
    if (list) list.push(r);
    else byRev.set(r.revision_id, [r]);
  }
  return keys.map(({ revisionId, policyVersion }) => {
    const list = byRev.get(revisionId);
    if (!list) return null;
    if (list.length === 1) return list[0];
    const before = list.filter((r) => r.policy_version! <= policyVersion).sort((a, b) => b.policy_version! - a.policy_version!);
    return before[0] ?? [...list].sort((a, b) => a.policy_version! - b.policy_version!)[0];
  });
}
