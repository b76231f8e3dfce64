import type { ItemContent } from '../versions/index.js';
import type { ResolvedRef } from '../versions/index.js';

import type { Modality } from '../datasets/index.js';

export type { Modality };

/**
 * How a ref is read (made by quality, which owns scores and their policies): which policy's scores
 * an item shows, and keys that change whenever the ref's state does (its duplicate flags' cache).
 */
export interface ReadContext {
  resolved: ResolvedRef;
  policyVersion: number;
  stateKey: string;
  /** The ref itself across its states (a version, or a branch) at this policy version. */
  identity: string;
  /** Whether the state can never change (a commit's content, one policy, one set of measurements): what is derived from it may be kept. */
  immutable?: boolean;
}

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
