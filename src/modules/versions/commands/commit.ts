import type { VersionRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';

/** commit: the branch's staged changes become a version (recording the dataset's quality policy version). */
export function commit({ app, actor }: CommandContext, input: { dataset: string; branch?: string | null; message: string; allowEmpty?: boolean | null }): { version: VersionRow } {
  const dataset = app.datasets.require(actor, input.dataset);
  return { version: app.versions.commit(actor, dataset, input.branch ?? 'main', input.message, input.allowEmpty ?? false) };
}
