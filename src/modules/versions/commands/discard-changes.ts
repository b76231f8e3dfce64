import type { BranchRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';

/** discardChanges: drops every uncommitted change of the branch. */
export function discardChanges({ app, actor }: CommandContext, input: { dataset: string; branch?: string | null }): { branch: BranchRow; discardedCount: number } {
  const dataset = app.datasets.require(actor, input.dataset);
  const { branch, discarded } = app.versions.discardChanges(actor, dataset, input.branch ?? 'main');
  return { branch, discardedCount: discarded };
}
