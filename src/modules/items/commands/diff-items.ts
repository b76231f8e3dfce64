import type { DatasetRow } from '../../../db/schema/index.js';
import type { Page } from '../../../lib/page.js';
import type { CommandContext } from '../../command-context.js';
import type { ItemChangeModel } from '../model.js';

/** Dataset.diff: the items that differ between two refs, each side's items marked as read at its own ref. */
export function diffItems(
  { app, actor }: CommandContext,
  dataset: DatasetRow,
  args: { from: string; to: string; first?: number | null; after?: string | null },
): Page<ItemChangeModel> {
  return app.quality.diffAtRefs(dataset, args.from, args.to, app.items.diff(actor, dataset, args.from, args.to, args.first, args.after));
}
