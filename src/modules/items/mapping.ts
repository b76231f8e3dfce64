import type { ItemContent } from './content.js';
import type { ItemModel, Modality } from './model.js';
import type { RevisionRow } from './repository.js';

export function rowToContent(r: RevisionRow): ItemContent {
  return {
    prompt: r.prompt,
    response: r.response,
    mediaSha256: r.media_sha256,
    caption: r.caption,
    transcript: r.transcript,
    labels: JSON.parse(r.labels) as string[],
    attributes: JSON.parse(r.attributes) as Record<string, unknown>,
    status: r.status,
  };
}

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
