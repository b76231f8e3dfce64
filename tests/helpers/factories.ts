import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { OpenDbOptions } from '../../src/db/connection.js';
import type { DatasetRow } from '../../src/db/schema/index.js';
import type { Actor } from '../../src/modules/auth/roles.js';
import type { Modality } from '../../src/modules/items/model.js';
import type { ItemInputFields } from '../../src/modules/items/service.js';
import { tempDir } from './temp.js';
import { createDataset } from '../../src/modules/datasets/commands/create-dataset.js';

export interface TestApp {
  app: App;
  /** The temporary data folder (SQLite file + blobs), removed by cleanup(). */
  dir: string;
  /** Closes the app and removes dir; safe to call twice. */
  cleanup(): void;
}

/**
 * A real app over a fresh SQLite database in a temporary folder. `overrides` replace fields of
 * the loaded test config (paths default to the temporary folder).
 */
export function buildTestApp(overrides: Partial<Config> = {}, dbOptions: OpenDbOptions = {}): TestApp {
  const { dir, cleanup: removeDir } = tempDir('tuneset-test-');
  const config: Config = { ...loadConfig({ NODE_ENV: 'test' }, { dataDir: dir }), ...overrides };
  const app = createApp(config, dbOptions);
  let closed = false;
  return {
    app,
    dir,
    cleanup() {
      if (closed) return;
      closed = true;
      try {
        app.close();
      } finally {
        removeDir();
      }
    },
  };
}

export function buildActor(overrides: Partial<Actor> = {}): Actor {
  return { name: 'tester', role: 'admin', tokenId: null, ...overrides };
}

let datasetSeq = 0;

/** Creates a dataset with a unique name (TEXT_PAIR unless told otherwise) as an admin. */
export function buildDataset(
  app: App,
  overrides: {
    name?: string;
    modality?: Modality;
    description?: string | null;
    actor?: Actor;
    targetLanguage?: string | null;
    targetTask?: string | null;
  } = {},
): DatasetRow {
  datasetSeq++;
  const name = overrides.name ?? `ds-${process.pid}-${datasetSeq}-${Math.random().toString(36).slice(2, 8)}`;
  return createDataset({ app, actor: overrides.actor ?? buildActor() }, {
    name,
    modality: overrides.modality ?? 'TEXT_PAIR',
    description: overrides.description ?? null,
    targetLanguage: overrides.targetLanguage ?? null,
    targetTask: overrides.targetTask ?? null,
  });
}

let itemSeq = 0;

/**
 * A TEXT_PAIR item input. The key defaults to a unique `item-NNNNNN` (pass `key: null` to let the
 * server generate one).
 */
export function buildTextItem(overrides: Partial<ItemInputFields> = {}): ItemInputFields {
  itemSeq++;
  const n = String(itemSeq).padStart(6, '0');
  return {
    key: `item-${n}`,
    prompt: `prompt ${n}`,
    response: `response ${n}`,
    labels: [],
    attributes: {},
    ...overrides,
  };
}

/**
 * An IMAGE_CAPTION item input for media already uploaded (`mediaSha256`, required: an item may only
 * name stored media). The key defaults to a unique `image-NNNNNN` (pass `key: null` to let the
 * server generate one).
 */
export function buildImageItem(overrides: Partial<ItemInputFields> & { mediaSha256: string }): ItemInputFields {
  itemSeq++;
  const n = String(itemSeq).padStart(6, '0');
  return {
    key: `image-${n}`,
    caption: `caption ${n}`,
    labels: [],
    attributes: {},
    ...overrides,
  };
}

/**
 * An AUDIO_TRANSCRIPT item input for media already uploaded (`mediaSha256`, required). The key
 * defaults to a unique `audio-NNNNNN` (pass `key: null` to let the server generate one).
 */
export function buildAudioItem(overrides: Partial<ItemInputFields> & { mediaSha256: string }): ItemInputFields {
  itemSeq++;
  const n = String(itemSeq).padStart(6, '0');
  return {
    key: `audio-${n}`,
    transcript: `transcript ${n}`,
    labels: [],
    attributes: {},
    ...overrides,
  };
}
