import type { ReadContext } from '../quality/service.js';
import type { ItemContent } from './content.js';

export type Modality = 'TEXT_PAIR' | 'IMAGE_CAPTION' | 'AUDIO_TRANSCRIPT';

/** One immutable item revision, as the API sees it. */
export interface ItemModel extends ItemContent {
  revisionId: number;
  datasetId: number;
  modality: Modality;
  key: string;
  op: 'ADDED' | 'MODIFIED' | 'REMOVED';
  deleted: boolean;
  contentHash: string;
  prevRevisionId: number | null;
  changedFields: string[];
  branchName: string;
  createdAt: string;
  createdBy: string;
  /** The ref this item was read at (items, item, diff): decides its score's policy and duplicate flags. */
  readAt?: ReadContext;
}

/** A history entry is a revision seen as an event. */
export type ItemEventModel = ItemModel;

export interface ItemChangeModel {
  key: string;
  kind: 'ADDED' | 'REMOVED' | 'MODIFIED';
  changedFields: string[];
  before: ItemModel | null;
  after: ItemModel | null;
}
