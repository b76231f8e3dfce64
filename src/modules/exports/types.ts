/** Types the export's files share (kept apart so that they import one way). */
import type { Config } from '../../config.js';
import type { Db } from '../../db/connection.js';
import type { BlobStore } from '../../storage/blob-store.js';
import type { AugmentService } from '../augment/index.js';
import type { CoverageService } from '../coverage/index.js';
import type { DatasetsService } from '../datasets/index.js';
import type { ItemsService } from '../items/index.js';
import type { JobsService } from '../jobs/index.js';
import type { MediaService } from '../media/index.js';
import type { QualityService } from '../quality/index.js';
import type { VersionsService } from '../versions/index.js';
import type { ExportsRepository } from './repository.js';
import type { ExportFormat, ExportSpec } from './spec.js';

export interface ExportDeps {
  db: Db;
  config: Config;
  blobs: BlobStore;
  datasets: DatasetsService;
  versions: VersionsService;
  items: ItemsService;
  media: MediaService;
  jobs: JobsService;
  quality: QualityService;
  augment: AugmentService;
  coverage: CoverageService;
  repo: ExportsRepository;
}

export interface CreateExportInput {
  ref?: string | null;
  spec: unknown;
  formats: readonly string[];
  name?: string | null;
  destination?: string | null;
}

export interface ExportParams {
  exportId: number;
  datasetId: number;
  versionId: number;
  spec: ExportSpec;
  formats: ExportFormat[];
  path: string;
}

export interface ExportItem {
  key: string;
  prompt: string | null;
  response: string | null;
  caption: string | null;
  transcript: string | null;
  labels: string[];
  attributes: Record<string, unknown>;
  status: string;
  score: number | null;
  flags: string[];
  family: string | null;
  derivedFrom: string | null;
  media: { sha256: string; file: string; mimeType: string; durationSeconds: number | null; width: number | null; height: number | null; sampleRate: number | null; channels: number | null } | null;
}

export interface WrittenFile {
  path: string;
  sha256: string;
  bytes: number;
}

