import type { DatasetRow } from '../../../db/schema/index.js';
import type { Page } from '../../../lib/page.js';
import type { CommandContext } from '../../command-context.js';
import type { ItemModel } from '../model.js';
import type { ItemFilterInput } from '../service.js';

/**
 * Reads of items at a ref, marked with how they were read (quality's read context: the policy
 * their scores are shown under, the ref state their duplicate flags come from). The quality part
 * of ItemFilter (flags, score range) becomes a SQL condition quality builds (async: a filter on a
 * duplicate flag waits for the ref's duplicate analysis, done off the event loop for a big ref).
 */
export async function listItems(
  { app, actor }: CommandContext,
  dataset: DatasetRow,
  args: { ref?: string | null; first?: number | null; after?: string | null; filter?: ItemFilterInput | null },
): Promise<Page<ItemModel>> {
  const resolved = app.versions.resolveRef(dataset, args.ref ?? 'main');
  const readAt = app.quality.readContext(dataset, resolved);
  const extra = args.filter ? await app.quality.filterConditions(dataset, readAt, args.filter) : [];
  return app.items.list(actor, dataset, resolved, args.first, args.after, args.filter, { readAt, extra });
}
