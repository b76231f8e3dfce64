/**
 * Helpers for the versioning-core tests (tests/integration/versioning-*.test.ts): the items and
 * versions services over a real app. Each test file builds its own app in before() and passes a
 * getter, so the helpers can be destructured at the top of the file:
 *
 *   let app: App;
 *   before(() => { t = buildTestApp(); app = t.app; });
 *   const { add, commit, snapshot } = versioningHelpers(() => app);
 */
import assert from 'node:assert/strict';
import type { App } from '../../src/app.js';
import type { DatasetRow, VersionRow } from '../../src/db/schema/index.js';
import { toGlobalId } from '../../src/ids.js';
import { changedFields } from '../../src/modules/versions/content.js';
import { rowToContent, rowToItem } from '../../src/modules/items/mapping.js';
import type { ItemModel } from '../../src/modules/items/model.js';
import type { ItemFilterInput, ItemInputFields } from '../../src/modules/items/service.js';
import type { ItemFields } from '../../src/modules/items/validation.js';
import { buildActor } from './factories.js';

export const admin = buildActor();
export const curator = buildActor({ name: 'cora', role: 'curator' });
export const labeller = buildActor({ name: 'lab', role: 'labeller' });
export const viewer = buildActor({ name: 'vic', role: 'viewer' });

export interface Content {
  prompt: string | null;
  response: string | null;
  labels: string[];
  attributes: Record<string, unknown>;
  status: string;
}

export function content(i: ItemModel): Content {
  return { prompt: i.prompt, response: i.response, labels: i.labels, attributes: i.attributes, status: i.status };
}

export const vid = (v: VersionRow): string => toGlobalId('Version', v.id);

export interface Change {
  key: string;
  kind: 'ADDED' | 'REMOVED' | 'MODIFIED';
  changedFields: string[];
  before: ItemModel | null;
  after: ItemModel | null;
}

export const brief = (cs: Change[]) => cs.map((c) => [c.key, c.kind, c.changedFields] as const);

/** The helpers bound to an app; `getApp` is called on every use (the app is built in before()). */
export function versioningHelpers(getApp: () => App) {
  /** Every item at a ref, paging with `pageSize`; checks key order, no duplicates and totalCount. */
  function listAll(ds: DatasetRow, ref: string, filter?: ItemFilterInput | null, pageSize = 100): ItemModel[] {
    const app = getApp();
    const out: ItemModel[] = [];
    let cursor: string | null = null;
    let total: number | null = null;
    for (let guard = 0; guard < 10_000; guard++) {
      const page = app.items.list(viewer, ds, ref, pageSize, cursor, filter);
      total ??= page.totalCount();
      assert.equal(page.cursors.length, page.nodes.length);
      assert.ok(page.nodes.length <= pageSize);
      out.push(...page.nodes);
      if (!page.hasNextPage) break;
      assert.equal(page.nodes.length, pageSize, 'a page before the last one is full');
      cursor = page.cursors[page.cursors.length - 1];
    }
    for (let i = 1; i < out.length; i++) {
      assert.ok(out[i - 1].key < out[i].key, `keys strictly increasing at ${ref}: ${out[i - 1].key} then ${out[i].key}`);
    }
    assert.equal(total, out.length, `totalCount at ${ref}`);
    return out;
  }

  function snapshot(ds: DatasetRow, ref: string, filter?: ItemFilterInput | null, pageSize = 100): Record<string, Content> {
    return Object.fromEntries(listAll(ds, ref, filter, pageSize).map((i) => [i.key, content(i)]));
  }

  function keysAt(ds: DatasetRow, ref: string, filter?: ItemFilterInput | null): string[] {
    return listAll(ds, ref, filter).map((i) => i.key);
  }

  function add(ds: DatasetRow, branch: string, items: ItemInputFields[], actor = admin): ItemModel[] {
    return getApp().items.add(actor, ds, branch, items);
  }

  function get(ds: DatasetRow, ref: string, key: string): ItemModel | null {
    return getApp().items.get(viewer, ds, ref, key);
  }

  function update(ds: DatasetRow, branch: string, key: string, patch: ItemFields, actor = admin): ItemModel {
    const cur = get(ds, branch, key);
    assert.ok(cur, `item ${key} exists on ${branch}`);
    return getApp().items.update(actor, ds, branch, key, String(cur.revisionId), patch);
  }

  function remove(ds: DatasetRow, branch: string, keys: string[], actor = admin): number {
    return getApp().items.remove(actor, ds, branch, keys);
  }

  function commit(ds: DatasetRow, branch = 'main', message = 'commit', actor = admin, allowEmpty = false): VersionRow {
    return getApp().versions.commit(actor, ds, branch, message, allowEmpty);
  }

  function uncommitted(ds: DatasetRow, branch = 'main'): number {
    const app = getApp();
    const b = app.versions.getBranch(ds, branch);
    assert.ok(b, `branch ${branch}`);
    return app.versions.uncommittedChanges(b.id);
  }

  function branchHead(ds: DatasetRow, branch: string): number | null {
    return getApp().versions.getBranch(ds, branch)!.headVersionId;
  }

  /** One page of a diff, shaped as Dataset.diff answers it. */
  function diffPage(ds: DatasetRow, from: string, to: string, first = 20, afterKey = '') {
    const app = getApp();
    const a = app.versions.resolveRef(ds, from);
    const b = app.versions.resolveRef(ds, to);
    const { changes, hasMore } = app.versions.changesPage(a.layers, b.layers, afterKey, first);
    const nodes: Change[] = changes.map((c) => ({
      key: c.key,
      kind: c.kind,
      changedFields: c.before && c.after ? changedFields(rowToContent(c.before), rowToContent(c.after)) : [],
      before: c.before ? rowToItem(c.before, ds.modality) : null,
      after: c.after ? rowToItem(c.after, ds.modality) : null,
    }));
    return { nodes, hasNextPage: hasMore, totalCount: app.versions.countChanges(a.layers, b.layers) };
  }

  function diffAll(ds: DatasetRow, from: string, to: string, first = 100): Change[] {
    const out: Change[] = [];
    let afterKey = '';
    for (;;) {
      const p = diffPage(ds, from, to, first, afterKey);
      out.push(...p.nodes);
      if (!p.hasNextPage) break;
      assert.equal(p.nodes.length, first);
      afterKey = p.nodes[p.nodes.length - 1].key;
    }
    return out;
  }

  return { listAll, snapshot, keysAt, add, get, update, remove, commit, uncommitted, branchHead, diffPage, diffAll };
}

export type VersioningHelpers = ReturnType<typeof versioningHelpers>;
