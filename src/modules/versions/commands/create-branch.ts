import type { BranchRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';

/** createBranch: a branch from any ref (its staged changes too, when the ref is a branch). */
export function createBranch({ app, actor }: CommandContext, input: { dataset: string; name: string; from: string }): { branch: BranchRow } {
  const dataset = app.datasets.require(actor, input.dataset);
  return { branch: app.versions.createBranch(actor, dataset, input.name, input.from) };
}
