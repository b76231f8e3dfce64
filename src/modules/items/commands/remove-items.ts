import type { CommandContext } from '../../command-context.js';

/** removeItems: tombstones on the branch; how many keys were present. */
export function removeItems({ app, actor }: CommandContext, input: { dataset: string; branch?: string | null; keys: readonly string[] }): { removedCount: number } {
  const dataset = app.datasets.require(actor, input.dataset);
  return { removedCount: app.items.remove(actor, dataset, input.branch ?? 'main', input.keys) };
}
