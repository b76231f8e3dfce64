import type { DatasetRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';
import type { ItemModel } from '../model.js';

/** Dataset.item: one item at a ref, marked with how it was read (see listItems). */
export function getItem({ app, actor }: CommandContext, dataset: DatasetRow, args: { ref?: string | null; key: string }): ItemModel | null {
  const resolved = app.versions.resolveRef(dataset, args.ref ?? 'main');
  return app.items.get(actor, dataset, resolved, args.key, app.quality.readContext(dataset, resolved));
}
