import type {  } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';

/** deleteBranch: any branch but main. */
export function deleteBranch({ app, actor }: CommandContext, input: { dataset: string; name: string }): { name: string } {
  const dataset = app.datasets.require(actor, input.dataset);
  app.versions.deleteBranch(actor, dataset, input.name);
  return { name: input.name };
}
