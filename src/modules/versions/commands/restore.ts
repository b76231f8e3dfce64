import type { VersionRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';

/** restore: a new commit on the branch whose content equals the ref (history is never rewritten). */
export function restore({ app, actor }: CommandContext, input: { dataset: string; branch?: string | null; to: string; message?: string | null }): { version: VersionRow } {
  const dataset = app.datasets.require(actor, input.dataset);
  return { version: app.versions.restore(actor, dataset, input.branch ?? 'main', input.to, input.message) };
}
