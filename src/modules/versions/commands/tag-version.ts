import type { VersionRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';

/** tagVersion: a name for a version, unique in its dataset. */
export function tagVersion({ app, actor }: CommandContext, input: { version: string; tag: string }): { version: VersionRow } {
  return { version: app.versions.tagVersion(actor, input.version, input.tag, (id) => app.datasets.byId(id)!) };
}
