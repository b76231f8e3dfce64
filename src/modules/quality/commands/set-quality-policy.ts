import type { DatasetRow, JobRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';

/** setQualityPolicy: a new policy version (the patch merged over the current one) and the job that re-scores under it. */
export function setQualityPolicy({ app, actor }: CommandContext, input: { dataset: string; policy: unknown }): { dataset: DatasetRow; job: JobRow } {
  const dataset = app.datasets.require(actor, input.dataset);
  return app.quality.setPolicy(actor, dataset, input.policy);
}
