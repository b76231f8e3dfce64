import type { DatasetRow, JobRow } from '../../db/schema/index.js';
import type { Actor } from '../auth/index.js';
import type { ItemModel, ReadContext } from '../items/index.js';
import type { JobContext } from '../jobs/index.js';
import type { Derivation, ResolvedRef, SqlCondition } from '../versions/index.js';
import type { Metrics } from '../../media/quality/types.js';
import type { QualityFlag } from '../../media/quality/types.js';
import type { AuditModel } from './audit.js';
import { Audits } from './audits.js';
import type { DuplicateAnalysis } from './duplicates.js';
import type { DuplicateClusterModel, QualityDeps, QualityModel } from './model.js';
import { QualityPolicies, type PolicyVersionModel } from './policies.js';
import type { QualityPolicy } from './policy.js';
import { RefAnalysis } from './ref-analysis.js';
import { analyzerVersionFor } from './scorer.js';
import { Scoring } from './scoring.js';
import type { TaskCatalogue, TaskEntry } from './tasks.js';

export { INLINE_MEDIA_BYTES, MEDIA_CONCURRENCY } from './scoring.js';
export type { PolicyVersionModel, QualityDeps, QualityModel, ReadContext };

/**
 * The quality module's public face. Measurements (policy-independent) are stored per revision;
 * flags and score per (revision, policy version); duplicate flags depend on the other items of a
 * ref and are computed per ref state (cached). The work is in four parts (docs/quality.md):
 * - `policies` (policies.ts): policy versions and the task catalogue;
 * - `scoring` (scoring.ts): inline scoring of a mutation, the scoring and re-score jobs;
 * - `refs` (ref-analysis.ts): read contexts, item quality, duplicate analyses and their cache;
 * - `audits` (audits.ts): audits and audit diffs.
 */
/** An item of a ref with what quality measured of it (null while unmeasured). */
export interface MeasuredItem {
  revisionId: number;
  key: string;
  labels: string[];
  attributes: Record<string, unknown>;
  derivation: Derivation | null;
  mediaSha256: string | null;
  metrics: Metrics | null;
}

export class QualityService {
  readonly policies: QualityPolicies;
  readonly scoring: Scoring;
  readonly refs: RefAnalysis;
  readonly audits: Audits;

  constructor(private readonly d: QualityDeps) {
    this.policies = new QualityPolicies(d.db, d.config, d.repo, d.datasets);
    this.refs = new RefAnalysis(d, this.policies);
    this.audits = new Audits(d, this.policies, this.refs);
    this.scoring = new Scoring(d, this.policies, (datasetId) => {
      this.refs.invalidate(datasetId);
      this.audits.invalidate(datasetId);
    });
  }

  get catalogue(): TaskCatalogue {
    return this.policies.catalogue;
  }

  // ---------------------------------------------------------------- policies

  initialPolicy(datasetId: number, input: { modality: string; targetLanguage?: string | null; targetTask?: string | null }, actor: Actor, now: string): void {
    this.policies.initialPolicy(datasetId, input, actor, now);
  }

  task(modality: DatasetRow['modality'], key: string, field: string): TaskEntry {
    return this.policies.task(modality, key, field);
  }

  policy(datasetId: number, version: number): QualityPolicy {
    return this.policies.policy(datasetId, version);
  }

  policyHistory(dataset: DatasetRow): PolicyVersionModel[] {
    return this.policies.policyHistory(dataset);
  }

  /** Records a new policy version (the patch merged over the current one) and re-scores in a job. */
  setPolicy(actor: Actor, dataset: DatasetRow, patch: unknown): { dataset: DatasetRow; job: JobRow } {
    const version = this.policies.record(actor, dataset, patch);
    const job = this.d.jobs.create(actor, 'rescore', dataset.id, { datasetId: dataset.id, policyVersion: version });
    void this.d.jobs.enqueue(job, (ctx) => this.scoring.rescore(dataset.id, version, ctx));
    return { dataset: this.d.datasets.byId(dataset.id)!, job };
  }

  // ---------------------------------------------------------------- scoring

  scoreRevisions(dataset: DatasetRow, revisionIds: readonly number[]): Promise<JobRow | null> {
    return this.scoring.scoreRevisions(dataset, revisionIds);
  }

  schedule(datasetId: number, actor?: Actor): JobRow {
    return this.scoring.schedule(datasetId, actor);
  }

  scorePending(datasetId: number, ctx?: JobContext): Promise<{ scored: number }> {
    return this.scoring.scorePending(datasetId, ctx);
  }

  warmUp(): Promise<void> {
    return this.scoring.warmUp();
  }

  recover(): number {
    return this.scoring.recover();
  }

  // ---------------------------------------------------------------- reading

  readContext(dataset: DatasetRow, resolved: ResolvedRef): ReadContext {
    return this.refs.readContext(dataset, resolved);
  }

  diffAtRefs<P extends { nodes: Array<{ before: ItemModel | null; after: ItemModel | null }> }>(dataset: DatasetRow, from: string, to: string, page: P): P {
    return this.refs.diffAtRefs(dataset, from, to, page);
  }

  qualities(keys: ReadonlyArray<{ revisionId: number; policyVersion: number }>): Array<QualityModel | null> {
    return this.refs.qualities(keys);
  }

  /** qualities without the metrics: score, flags, policy version. */
  scores(keys: ReadonlyArray<{ revisionId: number; policyVersion: number }>): Array<Omit<QualityModel, 'metrics'> | null> {
    return this.refs.scores(keys);
  }

  /**
   * The 64-bit perceptual hash (images) or fingerprint (audio) the current analyser measured of
   * these blobs, by sha256 (absent: not measured). A deterministic function of the bytes: an
   * export reuses it for a file it writes unchanged.
   */
  mediaHashes(modality: DatasetRow['modality'], shas: readonly string[]): Map<string, string> {
    const analyzer = analyzerVersionFor(modality);
    if (analyzer === null) return new Map();
    return new Map(this.d.repo.mediaAnalyses(shas, analyzer).flatMap((a) => (a.hash64 ? [[a.sha256, a.hash64] as const] : [])));
  }

  /** Member keys of a ref's exact- and near-duplicate clusters. */
  duplicateGroups(dataset: DatasetRow, resolved: ResolvedRef): Promise<string[][]> {
    return this.refs.duplicateGroups(dataset, resolved);
  }

  /** A page of a ref's items (keys > afterKey) with their stored measurements: see QualityRepository.metricsPage. */
  metricsPage(resolved: ResolvedRef, afterKey: string, limit: number): MeasuredItem[] {
    return this.d.repo.metricsPage(resolved.layers, afterKey, limit).map((r) => ({
      revisionId: r.id,
      key: r.key,
      labels: JSON.parse(r.labels) as string[],
      attributes: JSON.parse(r.attributes) as Record<string, unknown>,
      derivation: r.derivation ? (JSON.parse(r.derivation) as Derivation) : null,
      mediaSha256: r.media_sha256,
      metrics: r.metrics ? (JSON.parse(r.metrics) as Metrics) : null,
    }));
  }

  duplicates(dataset: DatasetRow, read: ReadContext, mode: 'fresh' | 'recent' = 'fresh'): DuplicateAnalysis {
    return this.refs.duplicates(dataset, read, mode);
  }

  flagsAt(dataset: DatasetRow, read: ReadContext | undefined, key: string, own: readonly QualityFlag[]): QualityFlag[] {
    return this.refs.flagsAt(dataset, read, key, own);
  }

  /** flagsAt for a pass over a whole ref (the ref's analysis looked up once). */
  flagReader(dataset: DatasetRow, read: ReadContext): (key: string, own: readonly QualityFlag[]) => QualityFlag[] {
    return this.refs.flagReader(dataset, read);
  }

  /** A long job is done with duplicate analyses: the idle ref-scan worker stops now. */
  releaseScanner(): void {
    this.refs.releaseScanner();
  }

  filterConditions(dataset: DatasetRow, read: ReadContext, f: { flags?: readonly string[] | null; minScore?: number | null; maxScore?: number | null }): Promise<SqlCondition[]> {
    return this.refs.filterConditions(dataset, read, f);
  }

  clustersPage(actor: Actor, dataset: DatasetRow, ref: string, first: number | null | undefined, after: string | null | undefined) {
    return this.refs.clustersPage(actor, dataset, ref, first, after);
  }

  members(c: DuplicateClusterModel, first: number | null | undefined): ItemModel[] {
    return this.refs.members(c, first);
  }

  // ---------------------------------------------------------------- audits

  audit(actor: Actor, dataset: DatasetRow, ref: string, task?: string | null): Promise<AuditModel> {
    return this.audits.audit(actor, dataset, ref, task);
  }

  auditDiff(actor: Actor, dataset: DatasetRow, from: string, to: string, task?: string | null) {
    return this.audits.auditDiff(actor, dataset, from, to, task);
  }

  /** Stops background work and worker threads (the app is closing). */
  close(): void {
    this.scoring.close();
    this.refs.close();
  }
}
