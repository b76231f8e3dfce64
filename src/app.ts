import type { Config } from './config.js';
import { openDb, type Db, type OpenDbOptions } from './db/connection.js';
import { AuthRepository } from './modules/auth/repository.js';
import { AuthService } from './modules/auth/service.js';
import { AugmentRepository } from './modules/augment/repository.js';
import { AugmentService } from './modules/augment/service.js';
import { ExportsRepository } from './modules/exports/repository.js';
import { ExportsService } from './modules/exports/service.js';
import { TrainingRepository } from './modules/trainer/repository.js';
import { TrainingService } from './modules/trainer/service.js';
import { CoverageRepository } from './modules/coverage/repository.js';
import { CoverageService } from './modules/coverage/service.js';
import { DatasetsRepository } from './modules/datasets/repository.js';
import { DatasetsService } from './modules/datasets/service.js';
import { ImportService } from './modules/imports/service.js';
import { ItemsService } from './modules/items/service.js';
import { ItemWriter } from './modules/versions/writer.js';
import { JobsRepository } from './modules/jobs/repository.js';
import { JobsService } from './modules/jobs/service.js';
import { MediaService } from './modules/media/service.js';
import { QualityRepository } from './modules/quality/repository.js';
import { QualityService } from './modules/quality/service.js';
import { RevisionReads } from './modules/versions/reads.js';
import { VersionsRepository } from './modules/versions/repository.js';
import { RevisionsRepository } from './modules/versions/revisions-repository.js';
import { VersionsService } from './modules/versions/service.js';
import { LocalBlobStore, type BlobStore } from './storage/blob-store.js';

/** Everything a request, a CLI command or a job needs: built once per process. */
export interface App {
  config: Config;
  db: Db;
  blobs: BlobStore;
  auth: AuthService;
  datasets: DatasetsService;
  items: ItemsService;
  versions: VersionsService;
  media: MediaService;
  jobs: JobsService;
  imports: ImportService;
  quality: QualityService;
  coverage: CoverageService;
  augment: AugmentService;
  exports: ExportsService;
  training: TrainingService;
  close(): void;
}

export function createApp(config: Config, dbOptions: OpenDbOptions = {}): App {
  const db = openDb(config.dbFile, dbOptions);
  const blobs = new LocalBlobStore(config.blobDir);
  const auth = new AuthService(db, new AuthRepository(db));
  const media = new MediaService({ db, blobs, config, urlSecret: auth.secret('media-url-secret'), tokenActive: (id) => auth.isActive(id) });
  const jobs = new JobsService(db, new JobsRepository(db));
  const datasets = new DatasetsService(db, new DatasetsRepository(db));
  const versionsRepo = new VersionsRepository(db);
  const revisionsRepo = new RevisionsRepository(db);
  const writer = new ItemWriter(revisionsRepo, versionsRepo);
  const versions = new VersionsService(db, versionsRepo, revisionsRepo, writer, datasets);
  const reads = new RevisionReads(db);
  const items = new ItemsService(db, reads, writer, versions, media);
  const quality = new QualityService({ db, config, repo: new QualityRepository(db, reads), versions, jobs, blobs, media, datasets });
  const coverage = new CoverageService(db, new CoverageRepository(db), datasets, versions, quality);
  const augment = new AugmentService({ writer, config, blobs, datasets, versions, items, media, jobs, quality, coverage }, new AugmentRepository(db));
  const exportsService = new ExportsService({ db, config, blobs, datasets, versions, items, media, jobs, quality, augment, coverage, repo: new ExportsRepository(db) });
  const training = new TrainingService({ db, config, jobs, exports: exportsService, repo: new TrainingRepository(db) });
  const imports = new ImportService({ db, config, datasets, versions, items, writer, media, jobs });
  return {
    config,
    db,
    blobs,
    auth,
    datasets,
    items,
    versions,
    media,
    jobs,
    imports,
    quality,
    coverage,
    augment,
    exports: exportsService,
    training,
    close: () => {
      jobs.stop();
      quality.close();
      augment.close();
      exportsService.close();
      db.$client.close();
    },
  };
}
