import type { Config } from '../../config.js';
import type { Db } from '../../db/connection.js';
import type { DatasetRow } from '../../db/schema/index.js';
import type { Metrics, QualityFlag } from '../../media/quality/types.js';
import type { BlobStore } from '../../storage/blob-store.js';
import type { DatasetsService } from '../datasets/index.js';
import type { JobsService } from '../jobs/index.js';
import type { MediaService } from '../media/index.js';
import type { VersionsService } from '../versions/index.js';
import type { QualityRepository } from './repository.js';
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

/** What the quality module's parts run with (built by the app). */
export interface QualityModel {
  score: number;
  flags: QualityFlag[];
  metrics: Metrics;
  policyVersion: number;
}

export interface QualityDeps {
  db: Db;
  config: Config;
  repo: QualityRepository;
  versions: VersionsService;
  jobs: JobsService;
  blobs: BlobStore;
  media: MediaService;
  datasets: DatasetsService;
  /** Item reads re-analyse a ref synchronously when that took at most this long last time (ms). */
  syncAnalysisMs?: number;
  /** Refs of at least this many items are scanned in the ref-scan worker thread (default 5000). */
  scanWorkerMin?: number;
}
