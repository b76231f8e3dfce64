import type { Config } from '../../config.js';
import { tx, type Db } from '../../db/connection.js';
import type { DatasetRow } from '../../db/schema/index.js';
import { BadUserInputError } from '../../errors.js';
import { nowIso } from '../../ids.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { DatasetsService } from '../datasets/index.js';
import type { Modality } from '../items/index.js';
import { checkLanguage, completePolicy, defaultPolicy, mergePolicy, type QualityPolicy } from './policy.js';
import type { QualityRepository } from './repository.js';
import { loadTaskCatalogue, type TaskCatalogue, type TaskEntry } from './tasks.js';

export interface PolicyVersionModel {
  version: number;
  policy: QualityPolicy;
  createdAt: string;
  createdBy: string;
}

/**
 * Quality policies (every threshold and weight, versioned per dataset, each version stored whole)
 * and the fine-tuning task catalogue their readiness verdicts refer to.
 */
export class QualityPolicies {
  readonly catalogue: TaskCatalogue;
  private readonly cache = new Map<string, QualityPolicy>();

  constructor(
    private readonly db: Db,
    config: Config,
    private readonly repo: QualityRepository,
    private readonly datasets: DatasetsService,
  ) {
    this.catalogue = loadTaskCatalogue(config.tasksFile);
  }

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
    this.repo.insertPolicy({ datasetId, version: 1, policy: JSON.stringify(policy), createdAt: now, createdBy: actor.name });
    this.datasets.setPolicyVersion(datasetId, 1);
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
    let p = this.cache.get(k);
    if (!p) {
      const row = this.repo.policy(datasetId, version);
      // Datasets made before quality policies existed run on the defaults.
      p = row ? completePolicy(JSON.parse(row.policy)) : defaultPolicy();
      this.cache.set(k, p);
    }
    return p;
  }

  currentPolicy(dataset: DatasetRow): QualityPolicy {
    return this.policy(dataset.id, this.datasets.policyVersion(dataset.id));
  }

  policyHistory(dataset: DatasetRow): PolicyVersionModel[] {
    return this.repo.policies(dataset.id).map((r) => ({
      version: r.version,
      policy: completePolicy(JSON.parse(r.policy)),
      createdAt: r.createdAt,
      createdBy: r.createdBy,
    }));
  }

  /**
   * Records a new policy version, the patch merged over the current one (BAD_USER_INPUT for an
   * invalid or unchanged policy); returns the new version. The caller re-scores under it.
   */
  record(actor: Actor, dataset: DatasetRow, patch: unknown): number {
    requireRole(actor, 'curator');
    return tx(this.db, () => {
      const cur = this.datasets.policyVersion(dataset.id);
      const current = this.policy(dataset.id, cur);
      const merged = mergePolicy(current, patch, (k) => this.task(dataset.modality, k, 'policy.targetTask') !== null);
      if (JSON.stringify(merged) === JSON.stringify(current)) {
        throw new BadUserInputError('The policy is unchanged: give at least one setting with a new value', { field: 'policy' });
      }
      const next = cur + 1;
      this.repo.insertPolicy({ datasetId: dataset.id, version: next, policy: JSON.stringify(merged), createdAt: nowIso(), createdBy: actor.name });
      this.datasets.setPolicyVersion(dataset.id, next);
      return next;
    });
  }
}
