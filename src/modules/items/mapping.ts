import { rowToContent } from '../versions/index.js';
import type { ItemModel, Modality } from './model.js';
import type { RevisionRow } from '../versions/index.js';

export { rowToContent };

export function rowToItem(r: RevisionRow, modality: Modality): ItemModel {
  return {
    ...rowToContent(r),
    revisionId: r.id,
    datasetId: r.dataset_id,
    modality,
    key: r.key,
    op: r.op,
    deleted: r.deleted === 1,
    contentHash: r.content_hash,
    prevRevisionId: r.prev_revision_id,
    changedFields: JSON.parse(r.changed_fields) as string[],
    branchName: r.branch_name,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}
