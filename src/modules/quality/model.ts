import type { DatasetRow } from '../../db/schema/index.js';
import type { AuditModel } from './audit.js';
import type { DuplicateCluster } from './duplicates.js';
import type { ReadContext } from '../items/index.js';

/** A duplicate cluster as the API sees it: with the ref it was found at, to resolve its members. */
export interface DuplicateClusterModel extends DuplicateCluster {
  dataset: DatasetRow;
  read: ReadContext;
}

export interface AuditDiffModel {
  from: AuditModel;
  to: AuditModel;
  itemCountDelta: number;
  meanScoreDelta: number | null;
  duplicateClusterDelta: number;
  flagCountDeltas: Array<{ flag: AuditModel['flagCounts'][number]['flag']; from: number; to: number; delta: number }>;
  readinessChanged: boolean;
}
