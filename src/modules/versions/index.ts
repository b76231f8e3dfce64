/**
 * versions: revisions, branches and their staging areas, lineages, commits, tags, diffs and the
 * layered reads of a ref's state. The public face other modules import.
 */
export {
  canonicalJson,
  canonicalLabels,
  changedFields,
  contentHash,
  CONTENT_FIELDS,
  generateKey,
  LABEL_STATUSES,
  rowToContent,
  sortKeysDeep,
  type Derivation,
  type ItemContent,
  type LabelStatus,
} from './content.js';
export type { Layer, NewRevision, ResolvedRef, RevisionFilter, RevisionRow, SqlCondition, SqlParam, StagingRow } from './model.js';
export { RevisionReads } from './reads.js';
export { VersionsService, type RawChange } from './service.js';
export { ItemWriter, type AppliedChange, type ItemChangeRequest } from './writer.js';
