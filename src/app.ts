import type { Config } from './config.js';
import { openDb, type Db, type OpenDbOptions } from './db/connection.js';
import { AuthRepository } from './modules/auth/repository.js';
import { AuthService } from './modules/auth/service.js';
import { DatasetsRepository } from './modules/datasets/repository.js';
import { DatasetsService } from './modules/datasets/service.js';
import { ImportService } from './modules/imports/service.js';
import { ItemsRepository } from './modules/items/repository.js';
import { ItemsService } from './modules/items/service.js';
import { ItemWriter } from './modules/items/writer.js';
import { JobsRepository } from './modules/jobs/repository.js';
import { JobsService } from './modules/jobs/service.js';
import { MediaService } from './modules/media/service.js';
import { QualityRepository } from './modules/quality/repository.js';
import { QualityService } from './modules/quality/service.js';
import { VersionsRepository } from './modules/versions/repository.js';
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
  close(): void;
}

export function createApp(config: Config, dbOptions: OpenDbOptions = {}): App {
  const db = openDb(config.dbFile, dbOptions);
  const blobs = new LocalBlobStore(config.blobDir);
  const auth = new AuthService(db, new AuthRepository(db));
  const media = new MediaService({ db, blobs, config, urlSecret: auth.secret('media-url-secret'), tokenActive: (id) => auth.isActive(id) });
  const versionsRepo = new VersionsRepository(db);
  const itemsRepo = new ItemsRepository(db);
  const writer = new ItemWriter(itemsRepo, versionsRepo);
  const versions = new VersionsService(db, versionsRepo, itemsRepo, writer);
  const mediaLookup = (shas: readonly string[]) => media.getMany(shas).filter((m) => m !== null);
  const jobs = new JobsService(db, new JobsRepository(db));
  const datasetsRepo = new DatasetsRepository(db);
  const quality = new QualityService({
    db,
    config,
    repo: new QualityRepository(db, itemsRepo),
    versions,
    jobs,
    blobs,
    mediaLookup,
    datasetById: (id) => datasetsRepo.byId(id),
  });
  const items = new ItemsService(db, itemsRepo, writer, versions, mediaLookup, quality);
  const datasets = new DatasetsService(db, datasetsRepo, versionsRepo, (id, input, actor, now) => quality.initialPolicy(id, input, actor, now));
  const imports = new ImportService({ db, config, datasets, versions, items, writer, media, jobs, quality });
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
    close: () => {
      jobs.stop();
      quality.close();
      db.$client.close();
    },
  };
}
