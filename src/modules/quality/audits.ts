import type { DatasetRow } from '../../db/schema/index.js';
import { Lru } from '../../lib/lru.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { ReadContext } from '../items/index.js';
import type { AuditModel, AuditTarget } from './audit.js';
import type { QualityPolicies } from './policies.js';
import { CACHE_SIZE, type RefAnalysis } from './ref-analysis.js';
import type { QualityDeps } from './model.js';

/** Audits of refs and the diff of two audits, cached per ref state (see RefAnalysis.auditPass). */
export class Audits {
  /** Audits of ref states (an audit of an unchanged state is answered from here). */
  private readonly cache = new Lru<string, AuditModel>(CACHE_SIZE);
  /** Audits under way, per audit cache key (an identical audit asked meanwhile waits for it). */
  private readonly auditing = new Map<string, Promise<AuditModel>>();

  constructor(
    private readonly d: QualityDeps,
    private readonly policies: QualityPolicies,
    private readonly refs: RefAnalysis,
  ) {}

  /**
   * The audit of a ref. Never holds the event loop for long: a big ref is read and aggregated in
   * the ref-scan worker thread, a small one here page by page, letting requests in between (see
   * scan); a fresh duplicate analysis shares the pass. Cached per ref state; identical audits
   * asked meanwhile share one pass.
   */
  async audit(actor: Actor, dataset: DatasetRow, ref: string, task?: string | null): Promise<AuditModel> {
    requireRole(actor, 'viewer');
    const resolved = this.d.versions.resolveRef(dataset, ref);
    const read = this.refs.readContext(dataset, resolved);
    const policy = this.policies.policy(dataset.id, read.policyVersion);
    if (task != null) this.policies.task(dataset.modality, task, 'task');
    const cacheKey = `${read.stateKey}|${task ?? policy.targetTask}|${ref}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const running = this.auditing.get(cacheKey);
    if (running) return running;
    const audit = this.runAudit(dataset, read, { ref, policyVersion: read.policyVersion, task: task ?? policy.targetTask, catalogue: this.policies.catalogue }, cacheKey);
    this.auditing.set(cacheKey, audit);
    const forget = () => {
      if (this.auditing.get(cacheKey) === audit) this.auditing.delete(cacheKey);
    };
    audit.then(forget, forget);
    return audit;
  }

  private async runAudit(dataset: DatasetRow, read: ReadContext, target: AuditTarget, cacheKey: string): Promise<AuditModel> {
    const { audit, cacheable } = await this.refs.auditPass(dataset, read, target);
    if (cacheable) this.cache.set(cacheKey, audit);
    return audit;
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

  /** Stored scores of the dataset changed: its cached audits are stale. */
  invalidate(datasetId: number): void {
    this.cache.deleteWhere((k) => k.startsWith(`${datasetId}|`));
  }
}
