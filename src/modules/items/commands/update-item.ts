import type { CommandContext } from '../../command-context.js';
import type { ItemModel } from '../model.js';
import type { ItemFields } from '../validation.js';

/** updateItem: an edit guarded by expectedRevision, then the new revision's quality (inline or a job). */
export async function updateItem(
  { app, actor }: CommandContext,
  input: { dataset: string; branch?: string | null; key: string; expectedRevision: string; patch: ItemFields },
): Promise<{ item: ItemModel }> {
  const dataset = app.datasets.require(actor, input.dataset);
  const item = app.items.update(actor, dataset, input.branch ?? 'main', input.key, input.expectedRevision, input.patch);
  await app.quality.scoreRevisions(dataset, [item.revisionId]);
  return { item };
}
