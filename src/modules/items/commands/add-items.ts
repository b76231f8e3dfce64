import type { JobRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';
import type { ItemModel } from '../model.js';
import type { ItemInputFields } from '../service.js';

/**
 * addItems: the dataset, the items written on the branch (one transaction), then their quality —
 * measured before answering when there is little media to analyse, else handed to a scoring job
 * whose id is returned.
 */
export async function addItems(
  { app, actor }: CommandContext,
  input: { dataset: string; branch?: string | null; items: readonly ItemInputFields[] },
): Promise<{ items: ItemModel[]; scoreJob: JobRow | null }> {
  const dataset = app.datasets.require(actor, input.dataset);
  const items = app.items.add(actor, dataset, input.branch ?? 'main', input.items);
  const scoreJob = await app.quality.scoreRevisions(dataset, items.map((i) => i.revisionId));
  return { items, scoreJob };
}
