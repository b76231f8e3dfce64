import DataLoader from 'dataloader';
import type { App } from '../app.js';
import type { DatasetRow, MediaRow, TagRow, VersionRow } from '../db/schema/index.js';
import type { RevisionRow } from '../modules/versions/model.js';
import type { QualityModel } from '../modules/quality/service.js';

/** Per-request batching: anything a list resolves per row goes through one of these. */
export interface Loaders {
  dataset: DataLoader<number, DatasetRow | null>;
  revision: DataLoader<number, RevisionRow | null>;
  media: DataLoader<string, MediaRow | null>;
  version: DataLoader<number, VersionRow | null>;
  tags: DataLoader<number, string[]>;
  /** Keyed by revision id and the policy version it is read with. */
  quality: DataLoader<{ revisionId: number; policyVersion: number }, QualityModel | null, string>;
}

function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (v: V) => K): (V | null)[] {
  const m = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => m.get(k) ?? null);
}

export function createLoaders(app: App): Loaders {
  return {
    dataset: new DataLoader(async (ids) => byKey(ids, app.datasets.byIds(ids), (d) => d.id)),
    revision: new DataLoader(async (ids) => byKey(ids, app.items.revisions(ids), (r) => r.id)),
    media: new DataLoader(async (shas) => app.media.getMany(shas)),
    version: new DataLoader(async (ids) => byKey(ids, app.versions.getVersions(ids), (v) => v.id)),
    quality: new DataLoader(async (keys) => app.quality.qualities(keys), { cacheKeyFn: (k) => `${k.revisionId}:${k.policyVersion}` }),
    tags: new DataLoader(async (ids) => {
      const rows: TagRow[] = app.versions.tagsForVersions(ids);
      return ids.map((id) => rows.filter((t) => t.versionId === id).map((t) => t.name));
    }),
  };
}
