import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GraphQLError } from 'graphql';
import type { App } from '../../src/app.js';
import type { DatasetRow, VersionRow } from '../../src/db/schema/index.js';
import { encodeCursor, toGlobalId } from '../../src/ids.js';
import { canonicalJson, changedFields } from '../../src/modules/items/content.js';
import { rowToContent, rowToItem } from '../../src/modules/items/mapping.js';
import type { ItemModel } from '../../src/modules/items/model.js';
import { keyCursor } from '../../src/ids.js';
import type { ItemFilterInput, ItemInputFields } from '../../src/modules/items/service.js';
import type { ItemFields } from '../../src/modules/items/validation.js';
import { buildActor, buildDataset, buildTestApp, buildTextItem, type TestApp } from '../helpers/factories.js';
import { rng } from '../helpers/rng.js';

/*
 * The versioning core (items + versions services) over a real SQLite database in a temp folder.
 * One app for the file; every test works in its own dataset.
 */

let t: TestApp;
let app: App;
before(() => {
  t = buildTestApp();
  app = t.app;
});
after(() => t?.cleanup());

const admin = buildActor();
const curator = buildActor({ name: 'cora', role: 'curator' });
const labeller = buildActor({ name: 'lab', role: 'labeller' });
const viewer = buildActor({ name: 'vic', role: 'viewer' });

// ------------------------------------------------------------------ helpers

function hasCode(code: string, extensions: Record<string, unknown> = {}, message?: RegExp) {
  return (e: unknown): true => {
    assert.ok(e instanceof GraphQLError, `expected a GraphQLError, got ${String(e)}`);
    assert.equal(e.extensions.code, code, `${e.message}`);
    for (const [k, v] of Object.entries(extensions)) assert.deepEqual(e.extensions[k], v, `extensions.${k}`);
    if (message) assert.match(e.message, message);
    return true;
  };
}

interface Content {
  prompt: string | null;
  response: string | null;
  labels: string[];
  attributes: Record<string, unknown>;
  status: string;
}

function content(i: ItemModel): Content {
  return { prompt: i.prompt, response: i.response, labels: i.labels, attributes: i.attributes, status: i.status };
}

/** Every item at a ref, paging with `pageSize`; checks key order, no duplicates and totalCount. */
function listAll(ds: DatasetRow, ref: string, filter?: ItemFilterInput | null, pageSize = 100): ItemModel[] {
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
  return app.items.add(actor, ds, branch, items);
}

function get(ds: DatasetRow, ref: string, key: string): ItemModel | null {
  return app.items.get(viewer, ds, ref, key);
}

function update(ds: DatasetRow, branch: string, key: string, patch: ItemFields, actor = admin): ItemModel {
  const cur = get(ds, branch, key);
  assert.ok(cur, `item ${key} exists on ${branch}`);
  return app.items.update(actor, ds, branch, key, String(cur.revisionId), patch);
}

function remove(ds: DatasetRow, branch: string, keys: string[], actor = admin): number {
  return app.items.remove(actor, ds, branch, keys);
}

function commit(ds: DatasetRow, branch = 'main', message = 'commit', actor = admin, allowEmpty = false): VersionRow {
  return app.versions.commit(actor, ds, branch, message, allowEmpty);
}

function uncommitted(ds: DatasetRow, branch = 'main'): number {
  const b = app.versions.getBranch(ds, branch);
  assert.ok(b, `branch ${branch}`);
  return app.versions.uncommittedChanges(b.id);
}

function branchHead(ds: DatasetRow, branch: string): number | null {
  return app.versions.getBranch(ds, branch)!.headVersionId;
}

const vid = (v: VersionRow): string => toGlobalId('Version', v.id);

interface Change {
  key: string;
  kind: 'ADDED' | 'REMOVED' | 'MODIFIED';
  changedFields: string[];
  before: ItemModel | null;
  after: ItemModel | null;
}

/** One page of a diff, shaped as Dataset.diff answers it. */
function diffPage(ds: DatasetRow, from: string, to: string, first = 20, afterKey = '') {
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

const brief = (cs: Change[]) => cs.map((c) => [c.key, c.kind, c.changedFields] as const);


// ------------------------------------------------------------------ staging and commits

describe('staging and commits', () => {
  it('shows added items on the branch at once and counts uncommitted changes', () => {
    const ds = buildDataset(app);
    assert.equal(uncommitted(ds), 0);
    assert.equal(branchHead(ds, 'main'), null);
    const added = add(ds, 'main', [buildTextItem({ key: 'a' }), buildTextItem({ key: 'b' }), buildTextItem({ key: 'c' })]);
    assert.deepEqual(
      added.map((i) => [i.key, i.op, i.branchName, i.createdBy]),
      [
        ['a', 'ADDED', 'main', 'tester'],
        ['b', 'ADDED', 'main', 'tester'],
        ['c', 'ADDED', 'main', 'tester'],
      ],
    );
    assert.deepEqual(keysAt(ds, 'main'), ['a', 'b', 'c']);
    assert.equal(app.items.list(viewer, ds, 'main', 20, null).totalCount(), 3);
    assert.equal(uncommitted(ds), 3);
    assert.equal(get(ds, 'main', 'b')?.prompt, added[1].prompt);
    assert.equal(get(ds, 'main', 'zzz'), null);
  });

  it('commits a version with itemCount, hash, parent, message and author', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a' }), buildTextItem({ key: 'b' }), buildTextItem({ key: 'c' })]);
    const v1 = commit(ds, 'main', 'first import', curator);
    assert.equal(v1.itemCount, 3);
    assert.equal(v1.changeCount, 3);
    assert.match(v1.hash, /^[0-9a-f]{64}$/);
    assert.equal(v1.parentId, null);
    assert.equal(v1.depth, 1);
    assert.equal(v1.message, 'first import');
    assert.equal(v1.author, 'cora');
    assert.ok(!Number.isNaN(Date.parse(v1.createdAt)));
    assert.equal(uncommitted(ds), 0);
    assert.equal(branchHead(ds, 'main'), v1.id);
    const stored = app.versions.versionById(v1.id)!;
    assert.equal(stored.hash, v1.hash);
    assert.equal(stored.itemCount, 3);

    // add one, modify one, remove one: 3 changes, the count stays 3
    add(ds, 'main', [buildTextItem({ key: 'd' })]);
    update(ds, 'main', 'a', { prompt: 'changed' });
    assert.equal(remove(ds, 'main', ['b']), 1);
    assert.equal(uncommitted(ds), 3);
    assert.equal(app.items.list(viewer, ds, 'main', 20, null).totalCount(), 3);
    const v2 = commit(ds, 'main', 'second');
    assert.equal(v2.parentId, v1.id);
    assert.equal(v2.depth, 2);
    assert.equal(v2.itemCount, 3);
    assert.equal(v2.changeCount, 3);
    assert.notEqual(v2.hash, v1.hash);
    assert.deepEqual(keysAt(ds, 'main'), ['a', 'c', 'd']);

    // history of versions, newest first
    const h = app.versions.history(ds, 'main', null, 10);
    assert.deepEqual(
      h.rows.map((v) => v.id),
      [v2.id, v1.id],
    );
    assert.equal(h.total, 2);

    assert.throws(() => commit(ds), hasCode('BAD_USER_INPUT', {}, /Nothing to commit/));
    assert.throws(() => commit(ds, 'main', '   '), hasCode('BAD_USER_INPUT', { field: 'message' }));
    const empty = commit(ds, 'main', 'empty', admin, true);
    assert.equal(empty.changeCount, 0);
    assert.equal(empty.hash, v2.hash);
    assert.equal(empty.parentId, v2.id);
    assert.equal(empty.itemCount, 3);
  });

  it('removing absent keys changes nothing', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a' })]);
    commit(ds);
    assert.equal(remove(ds, 'main', ['nope', 'nope', 'other']), 0);
    assert.equal(uncommitted(ds), 0);
    assert.equal(remove(ds, 'main', ['a', 'a']), 1);
    assert.equal(remove(ds, 'main', ['a']), 0);
    assert.equal(uncommitted(ds), 1);
    assert.deepEqual(keysAt(ds, 'main'), []);
  });
});

// ------------------------------------------------------------------ immutability of old versions

describe('old versions', () => {
  it('read exactly what was committed, whatever happens later', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [
      buildTextItem({ key: 'a', prompt: 'pa', labels: ['x'] }),
      buildTextItem({ key: 'b', prompt: 'pb' }),
      buildTextItem({ key: 'c', prompt: 'pc', attributes: { lang: 'en' } }),
    ]);
    const v1 = commit(ds);
    const at1 = snapshot(ds, vid(v1));
    assert.deepEqual(Object.keys(at1), ['a', 'b', 'c']);
    assert.equal(at1.a.prompt, 'pa');

    update(ds, 'main', 'a', { prompt: 'pa2', labels: ['y'] });
    remove(ds, 'main', ['b']);
    add(ds, 'main', [buildTextItem({ key: 'd' })]);
    const v2 = commit(ds);
    update(ds, 'main', 'c', { status: 'REJECTED' });
    remove(ds, 'main', ['a']);
    add(ds, 'main', [buildTextItem({ key: 'b', prompt: 'pb-again' })]);
    const v3 = commit(ds);
    update(ds, 'main', 'd', { prompt: 'staged only' });

    app.versions.tagVersion(admin, vid(v1), 'v1', () => ds);
    for (const ref of [vid(v1), v1.hash, v1.hash.slice(0, 7), 'v1']) {
      assert.deepEqual(snapshot(ds, ref), at1, `ref ${ref}`);
      assert.equal(app.items.list(viewer, ds, ref, 20, null).totalCount(), 3);
    }
    assert.equal(get(ds, 'v1', 'b')?.prompt, 'pb');
    assert.equal(get(ds, 'v1', 'd'), null);
    assert.deepEqual(keysAt(ds, vid(v2)), ['a', 'c', 'd']);
    assert.equal(get(ds, vid(v2), 'a')?.prompt, 'pa2');
    assert.deepEqual(keysAt(ds, vid(v3)), ['b', 'c', 'd']);
    assert.equal(get(ds, vid(v3), 'c')?.status, 'REJECTED');
    assert.equal(get(ds, vid(v3), 'd')?.prompt, get(ds, vid(v2), 'd')?.prompt);
    assert.equal(get(ds, 'main', 'd')?.prompt, 'staged only');
  });

  it('resolves hash prefixes and refuses ambiguous or unknown ones', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a' })]);
    const v1 = commit(ds);
    assert.equal(app.versions.resolveRef(ds, v1.hash.slice(0, 7)).kind, 'version');
    assert.throws(() => app.versions.resolveRef(ds, '0000000'.replace(/^./, v1.hash[0] === '0' ? '1' : '0')), hasCode('NOT_FOUND'));
    assert.throws(() => app.versions.resolveRef(ds, ''), hasCode('BAD_USER_INPUT'));
    // a version id of another dataset is unknown here
    const other = buildDataset(app);
    assert.throws(() => app.versions.resolveRef(other, vid(v1)), hasCode('NOT_FOUND'));
  });
});

// ------------------------------------------------------------------ content-addressed hashes

describe('version hashes', () => {
  it('are equal for identical content on two datasets, whatever the order of writes', () => {
    const a = buildDataset(app);
    const b = buildDataset(app);
    add(a, 'main', [
      { key: 'k1', prompt: 'p1', response: 'r1', labels: ['x', 'y'], attributes: { a: 1, b: { c: 2, d: 3 } } },
      { key: 'k2', prompt: 'p2', response: 'r2' },
    ]);
    add(a, 'main', [{ key: 'k3', prompt: 'p3', response: 'r3', status: 'LABELED' }]);
    add(b, 'main', [{ key: 'k3', prompt: 'p3', response: 'r3', status: 'LABELED' }]);
    add(b, 'main', [
      { key: 'k2', prompt: 'p2', response: 'r2', labels: [], attributes: {} },
      { key: 'k1', prompt: 'p1', response: 'r1', labels: ['y', 'x', 'y'], attributes: { b: { d: 3, c: 2 }, a: 1 } },
    ]);
    const va = commit(a);
    const vb = commit(b);
    assert.equal(va.hash, vb.hash);
    assert.equal(va.itemCount, vb.itemCount);

    update(b, 'main', 'k2', { response: 'different' });
    const vb2 = commit(b);
    assert.notEqual(vb2.hash, va.hash);
    // same content under another key is another item set
    const c = buildDataset(app);
    add(c, 'main', [
      { key: 'k1', prompt: 'p1', response: 'r1', labels: ['x', 'y'], attributes: { a: 1, b: { c: 2, d: 3 } } },
      { key: 'k2', prompt: 'p2', response: 'r2' },
      { key: 'k4', prompt: 'p3', response: 'r3', status: 'LABELED' },
    ]);
    assert.notEqual(commit(c).hash, va.hash);
    // two empty versions
    const e1 = buildDataset(app);
    const e2 = buildDataset(app);
    assert.equal(commit(e1, 'main', 'empty', admin, true).hash, commit(e2, 'main', 'empty', admin, true).hash);
  });

  it('are equal for identical edits on two branches, and edit-then-revert returns to the original hash', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a', prompt: 'orig' }), buildTextItem({ key: 'b' })]);
    const v1 = commit(ds);
    app.versions.createBranch(admin, ds, 'x', 'main');
    app.versions.createBranch(admin, ds, 'y', vid(v1));
    update(ds, 'x', 'a', { prompt: 'edited' });
    update(ds, 'y', 'a', { prompt: 'edited' });
    const vx = commit(ds, 'x');
    const vy = commit(ds, 'y');
    assert.equal(vx.hash, vy.hash);
    assert.notEqual(vx.hash, v1.hash);

    update(ds, 'main', 'a', { prompt: 'edited' });
    const v2 = commit(ds);
    assert.equal(v2.hash, vx.hash);
    update(ds, 'main', 'a', { prompt: 'orig' });
    const v3 = commit(ds);
    assert.equal(v3.hash, v1.hash);
    assert.notEqual(v3.id, v1.id);

    const bItem = get(ds, 'main', 'b')!;
    remove(ds, 'main', ['b']);
    const v4 = commit(ds);
    assert.notEqual(v4.hash, v1.hash);
    assert.equal(v4.itemCount, 1);
    add(ds, 'main', [{ key: 'b', prompt: bItem.prompt, response: bItem.response }]);
    const v5 = commit(ds);
    assert.equal(v5.hash, v1.hash);
    // the oldest version of a hash answers a hash ref
    assert.equal(app.versions.resolveRef(ds, v1.hash).kind, 'version');
  });
});

// ------------------------------------------------------------------ reverting before a commit

describe('reverting uncommitted edits', () => {
  it('leaves nothing to commit', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a', prompt: 'p', labels: ['l'] }), buildTextItem({ key: 'b' })]);
    const v1 = commit(ds);

    update(ds, 'main', 'a', { prompt: 'other', labels: ['m'] });
    assert.equal(uncommitted(ds), 1);
    update(ds, 'main', 'a', { prompt: 'p', labels: ['l'] });
    assert.equal(uncommitted(ds), 0);

    add(ds, 'main', [buildTextItem({ key: 'new' })]);
    assert.equal(uncommitted(ds), 1);
    remove(ds, 'main', ['new']);
    assert.equal(uncommitted(ds), 0);

    const b = get(ds, 'main', 'b')!;
    remove(ds, 'main', ['b']);
    assert.equal(uncommitted(ds), 1);
    add(ds, 'main', [{ key: 'b', prompt: b.prompt, response: b.response }]);
    assert.equal(uncommitted(ds), 0);

    assert.throws(() => commit(ds), hasCode('BAD_USER_INPUT', { field: 'branch' }, /Nothing to commit/));
    assert.equal(branchHead(ds, 'main'), v1.id);
    assert.deepEqual(diffAll(ds, vid(v1), 'main'), []);

    // removed then re-added with other content: one modification, the count unchanged
    remove(ds, 'main', ['b']);
    add(ds, 'main', [{ key: 'b', prompt: 'new prompt', response: b.response }]);
    assert.equal(uncommitted(ds), 1);
    assert.equal(app.items.list(viewer, ds, 'main', 20, null).totalCount(), 2);
    const v2 = commit(ds);
    assert.equal(v2.changeCount, 1);
    assert.equal(v2.itemCount, 2);
  });

  it('an update that changes nothing writes nothing', () => {
    const ds = buildDataset(app);
    const [a] = add(ds, 'main', [buildTextItem({ key: 'a', labels: ['b', 'a'] })]);
    commit(ds);
    const same = app.items.update(admin, ds, 'main', 'a', String(a.revisionId), { labels: ['a', 'b', 'a'], prompt: a.prompt });
    assert.equal(same.revisionId, a.revisionId);
    assert.equal(uncommitted(ds), 0);
    assert.equal(app.items.history(ds, 'a', 20, null).totalCount(), 1);
  });

  it('discardChanges drops staged edits', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a' })]);
    commit(ds);
    const before = snapshot(ds, 'main');
    update(ds, 'main', 'a', { prompt: 'x' });
    add(ds, 'main', [buildTextItem({ key: 'b' })]);
    const { discarded } = app.versions.discardChanges(curator, ds, 'main');
    assert.equal(discarded, 2);
    assert.equal(uncommitted(ds), 0);
    assert.deepEqual(snapshot(ds, 'main'), before);
  });
});

// ------------------------------------------------------------------ diff

describe('diff', () => {
  function setup() {
    const ds = buildDataset(app);
    add(ds, 'main', [
      buildTextItem({ key: 'a', prompt: 'pa' }),
      buildTextItem({ key: 'b', labels: ['x'] }),
      buildTextItem({ key: 'c', prompt: 'pc' }),
      buildTextItem({ key: 'd' }),
      buildTextItem({ key: 'f', attributes: { lang: 'en' } }),
    ]);
    const v1 = commit(ds);
    app.versions.tagVersion(admin, vid(v1), 'v1', () => ds);
    update(ds, 'main', 'a', { prompt: 'pa2' });
    update(ds, 'main', 'b', { labels: ['x', 'y'], status: 'REVIEWED' });
    remove(ds, 'main', ['c']);
    add(ds, 'main', [buildTextItem({ key: 'e', prompt: 'pe' })]);
    update(ds, 'main', 'f', { attributes: { lang: 'fr' } });
    const v2 = commit(ds);
    return { ds, v1, v2 };
  }

  it('reports ADDED, REMOVED and MODIFIED with changed fields and before/after', () => {
    const { ds, v1, v2 } = setup();
    const d = diffPage(ds, 'v1', vid(v2));
    assert.equal(d.totalCount, 5);
    assert.equal(d.hasNextPage, false);
    assert.deepEqual(brief(d.nodes), [
      ['a', 'MODIFIED', ['prompt']],
      ['b', 'MODIFIED', ['labels', 'status']],
      ['c', 'REMOVED', []],
      ['e', 'ADDED', []],
      ['f', 'MODIFIED', ['attributes']],
    ]);
    const [a, b, c, e] = d.nodes;
    assert.equal(a.before?.prompt, 'pa');
    assert.equal(a.after?.prompt, 'pa2');
    assert.deepEqual(b.before?.labels, ['x']);
    assert.deepEqual(b.after?.labels, ['x', 'y']);
    assert.equal(b.after?.status, 'REVIEWED');
    assert.equal(c.before?.prompt, 'pc');
    assert.equal(c.after, null);
    assert.equal(e.before, null);
    assert.equal(e.after?.prompt, 'pe');

    // the other way round
    assert.deepEqual(brief(diffAll(ds, v2.hash, vid(v1))), [
      ['a', 'MODIFIED', ['prompt']],
      ['b', 'MODIFIED', ['labels', 'status']],
      ['c', 'ADDED', []],
      ['e', 'REMOVED', []],
      ['f', 'MODIFIED', ['attributes']],
    ]);
    assert.deepEqual(diffAll(ds, 'main', 'main'), []);
    assert.deepEqual(diffAll(ds, 'v1', 'v1'), []);
    assert.equal(diffPage(ds, 'main', vid(v2)).totalCount, 0);
  });

  it('includes uncommitted changes of a branch and works between branches and tags', () => {
    const { ds, v1, v2 } = setup();
    update(ds, 'main', 'd', { response: 'staged' });
    assert.deepEqual(brief(diffAll(ds, vid(v2), 'main')), [['d', 'MODIFIED', ['response']]]);
    app.versions.createBranch(admin, ds, 'feat', 'v1');
    update(ds, 'feat', 'a', { prompt: 'pa2' }); // same edit as main: no difference
    remove(ds, 'feat', ['d']);
    add(ds, 'feat', [buildTextItem({ key: 'g' })]);
    commit(ds, 'feat');
    update(ds, 'feat', 'c', { prompt: 'pc-feat' }); // staged on feat
    assert.deepEqual(brief(diffAll(ds, 'main', 'feat')), [
      ['b', 'MODIFIED', ['labels', 'status']],
      ['c', 'ADDED', []],
      ['d', 'REMOVED', []],
      ['e', 'REMOVED', []],
      ['f', 'MODIFIED', ['attributes']],
      ['g', 'ADDED', []],
    ]);
    assert.deepEqual(brief(diffAll(ds, 'v1', 'feat')), [
      ['a', 'MODIFIED', ['prompt']],
      ['c', 'MODIFIED', ['prompt']],
      ['d', 'REMOVED', []],
      ['g', 'ADDED', []],
    ]);
    // edits reverted across commits are no difference
    update(ds, 'main', 'd', { response: get(ds, vid(v1), 'd')!.response });
    update(ds, 'main', 'a', { prompt: 'pa' });
    commit(ds);
    assert.deepEqual(
      diffAll(ds, 'v1', 'main').map((c) => c.key),
      ['b', 'c', 'e', 'f'],
    );
  });

  it('lists a key changed by several commits of one lineage once', () => {
    // Both refs on one lineage: the candidates come from a single range of lineage entries.
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a', prompt: 'a0' }), buildTextItem({ key: 'b' })]);
    const v1 = commit(ds);
    update(ds, 'main', 'a', { prompt: 'a1' });
    commit(ds);
    update(ds, 'main', 'a', { prompt: 'a2' });
    remove(ds, 'main', ['b']);
    commit(ds);
    add(ds, 'main', [buildTextItem({ key: 'b' })]);
    remove(ds, 'main', ['b']);
    const v4 = commit(ds, 'main', 'noop', admin, true);
    const d = diffPage(ds, vid(v1), vid(v4), 1);
    assert.equal(d.totalCount, 2);
    assert.deepEqual(brief(diffAll(ds, vid(v1), vid(v4), 1)), [
      ['a', 'MODIFIED', ['prompt']],
      ['b', 'REMOVED', []],
    ]);
    assert.equal(diffAll(ds, vid(v4), vid(v1))[0].before?.prompt, 'a2');
  });

  it('pages with first/after over several pages and reports totalCount', () => {
    const ds = buildDataset(app);
    const keys = Array.from({ length: 60 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    add(
      ds,
      'main',
      keys.map((key) => buildTextItem({ key })),
    );
    const v1 = commit(ds);
    // 45 changes spread over the key space, from two commits and the staging area
    const modified = keys.filter((_, i) => i % 4 === 0); // 15
    const removed = keys.filter((_, i) => i % 4 === 1); // 15
    const addedKeys = keys.map((k) => `${k}+`).filter((_, i) => i % 4 === 2); // 15
    for (const k of modified.slice(0, 8)) update(ds, 'main', k, { prompt: `m ${k}` });
    remove(ds, 'main', removed.slice(0, 8));
    commit(ds);
    for (const k of modified.slice(8)) update(ds, 'main', k, { prompt: `m ${k}` });
    remove(ds, 'main', removed.slice(8));
    add(
      ds,
      'main',
      addedKeys.map((key) => buildTextItem({ key })),
    );
    const expected = [...modified, ...removed, ...addedKeys].sort();

    for (const first of [1, 7, 10, 44, 45, 46]) {
      const seen: string[] = [];
      let afterKey = '';
      let pages = 0;
      for (;;) {
        const p = diffPage(ds, vid(v1), 'main', first, afterKey);
        pages++;
        assert.equal(p.totalCount, 45);
        seen.push(...p.nodes.map((n) => n.key));
        if (!p.hasNextPage) break;
        assert.equal(p.nodes.length, first);
        afterKey = p.nodes[p.nodes.length - 1].key;
      }
      assert.deepEqual(seen, expected, `first=${first}`);
      assert.equal(pages, Math.ceil(45 / first), `pages for first=${first}`);
    }
    const all = diffAll(ds, vid(v1), 'main');
    assert.equal(all.filter((c) => c.kind === 'MODIFIED').length, 15);
    assert.equal(all.filter((c) => c.kind === 'REMOVED').length, 15);
    assert.equal(all.filter((c) => c.kind === 'ADDED').length, 15);
  });
});

// ------------------------------------------------------------------ branches

describe('branches', () => {
  it('from main carries its uncommitted changes; the two then evolve apart', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a' }), buildTextItem({ key: 'b' }), buildTextItem({ key: 'c' })]);
    const v1 = commit(ds);
    update(ds, 'main', 'a', { prompt: 'staged on main' });
    remove(ds, 'main', ['b']);
    add(ds, 'main', [buildTextItem({ key: 'd' })]);
    const mainLive = snapshot(ds, 'main');

    const br = app.versions.createBranch(curator, ds, 'dev', 'main');
    assert.equal(br.headVersionId, v1.id);
    assert.equal(br.createdBy, 'cora');
    assert.deepEqual(snapshot(ds, 'dev'), mainLive);
    assert.equal(uncommitted(ds, 'dev'), 3);
    assert.equal(app.items.list(viewer, ds, 'dev', 20, null).totalCount(), 3);

    // committing main does not change dev, editing dev does not change main
    const v2 = commit(ds);
    assert.deepEqual(snapshot(ds, 'dev'), mainLive);
    update(ds, 'dev', 'c', { prompt: 'dev c' });
    update(ds, 'dev', 'a', { prompt: 'dev a' });
    assert.deepEqual(snapshot(ds, 'main'), mainLive);
    const vd = commit(ds, 'dev');
    assert.equal(vd.parentId, v1.id);
    assert.equal(vd.changeCount, 4);
    assert.equal(vd.itemCount, 3);
    assert.deepEqual(keysAt(ds, 'dev'), ['a', 'c', 'd']);
    assert.equal(get(ds, 'dev', 'a')?.prompt, 'dev a');
    assert.equal(get(ds, 'main', 'a')?.prompt, 'staged on main');
    assert.equal(get(ds, 'main', 'c')?.prompt, get(ds, vid(v1), 'c')?.prompt);
    assert.deepEqual(snapshot(ds, vid(v2)), mainLive);
    assert.deepEqual(
      app.versions.branches(ds).map((b) => b.name),
      ['dev', 'main'],
    );
  });

  it('from a tag and from an old version', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a', prompt: 'v1' })]);
    const v1 = commit(ds);
    update(ds, 'main', 'a', { prompt: 'v2' });
    add(ds, 'main', [buildTextItem({ key: 'b' })]);
    const v2 = commit(ds);
    app.versions.tagVersion(admin, vid(v2), 'release-2', () => ds);
    update(ds, 'main', 'a', { prompt: 'v3' });
    commit(ds);

    const fromTag = app.versions.createBranch(admin, ds, 'hotfix', 'release-2');
    assert.equal(fromTag.headVersionId, v2.id);
    assert.equal(uncommitted(ds, 'hotfix'), 0);
    assert.deepEqual(snapshot(ds, 'hotfix'), snapshot(ds, 'release-2'));
    assert.equal(get(ds, 'hotfix', 'a')?.prompt, 'v2');

    const fromOld = app.versions.createBranch(admin, ds, 'old', vid(v1));
    assert.deepEqual(keysAt(ds, 'old'), ['a']);
    assert.equal(get(ds, 'old', 'a')?.prompt, 'v1');
    update(ds, 'old', 'a', { prompt: 'old edit' });
    const vo = commit(ds, 'old');
    assert.equal(fromOld.headVersionId, v1.id);
    assert.equal(vo.parentId, v1.id);
    assert.equal(vo.depth, 2);
    assert.equal(get(ds, 'main', 'a')?.prompt, 'v3');
    assert.equal(get(ds, vid(v1), 'a')?.prompt, 'v1');
    assert.equal(get(ds, 'hotfix', 'a')?.prompt, 'v2');

    const fromHash = app.versions.createBranch(admin, ds, 'by-hash', v1.hash.slice(0, 10));
    assert.equal(fromHash.headVersionId, v1.id);

    assert.throws(() => app.versions.createBranch(admin, ds, 'old', 'main'), hasCode('CONFLICT'));
    assert.throws(() => app.versions.createBranch(admin, ds, 'release-2', 'main'), hasCode('CONFLICT'));
    assert.throws(() => app.versions.createBranch(admin, ds, 'bad..name', 'main'), hasCode('BAD_USER_INPUT'));
    assert.throws(() => app.versions.createBranch(admin, ds, 'x', 'nope'), hasCode('NOT_FOUND'));
    assert.throws(() => app.versions.tagVersion(admin, vid(v1), 'release-2', () => ds), hasCode('CONFLICT'));
    assert.throws(() => app.versions.tagVersion(admin, vid(v1), 'old', () => ds), hasCode('CONFLICT'));
  });

  it('branch of a branch of a branch, with edits on each level', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [
      buildTextItem({ key: 'a', prompt: 'a0' }),
      buildTextItem({ key: 'b', prompt: 'b0' }),
      buildTextItem({ key: 'c', prompt: 'c0' }),
    ]);
    commit(ds);
    app.versions.createBranch(admin, ds, 'l1', 'main');
    update(ds, 'l1', 'a', { prompt: 'a1' });
    add(ds, 'l1', [buildTextItem({ key: 'x1', prompt: 'x1' })]);
    const v1 = commit(ds, 'l1');

    app.versions.createBranch(admin, ds, 'l2', 'l1');
    remove(ds, 'l2', ['b']);
    update(ds, 'l2', 'x1', { prompt: 'x1@2' });
    const v2a = commit(ds, 'l2');
    update(ds, 'l2', 'c', { prompt: 'c2' });
    const v2b = commit(ds, 'l2');
    add(ds, 'l2', [buildTextItem({ key: 'y2', prompt: 'y2' })]); // staged, carried into l3

    app.versions.createBranch(admin, ds, 'l3', 'l2');
    update(ds, 'l3', 'a', { prompt: 'a3' });
    update(ds, 'l3', 'y2', { prompt: 'y2@3' });
    add(ds, 'l3', [buildTextItem({ key: 'b', prompt: 'b3' })]);

    // later edits below do not leak upwards
    update(ds, 'main', 'c', { prompt: 'c-main' });
    commit(ds);
    update(ds, 'l1', 'a', { prompt: 'a1-later' });
    commit(ds, 'l1');

    const p = (ref: string) => Object.fromEntries(Object.entries(snapshot(ds, ref, null, 2)).map(([k, v]) => [k, v.prompt]));
    assert.deepEqual(p('main'), { a: 'a0', b: 'b0', c: 'c-main' });
    assert.deepEqual(p('l1'), { a: 'a1-later', b: 'b0', c: 'c0', x1: 'x1' });
    assert.deepEqual(p(vid(v1)), { a: 'a1', b: 'b0', c: 'c0', x1: 'x1' });
    assert.deepEqual(p(vid(v2a)), { a: 'a1', c: 'c0', x1: 'x1@2' });
    assert.deepEqual(p(vid(v2b)), { a: 'a1', c: 'c2', x1: 'x1@2' });
    assert.deepEqual(p('l2'), { a: 'a1', c: 'c2', x1: 'x1@2', y2: 'y2' });
    assert.deepEqual(p('l3'), { a: 'a3', b: 'b3', c: 'c2', x1: 'x1@2', y2: 'y2@3' });
    assert.equal(uncommitted(ds, 'l3'), 3);

    const v3 = commit(ds, 'l3');
    assert.equal(v3.parentId, v2b.id);
    assert.equal(v3.itemCount, 5);
    assert.deepEqual(p(vid(v3)), { a: 'a3', b: 'b3', c: 'c2', x1: 'x1@2', y2: 'y2@3' });
    remove(ds, 'l3', ['x1', 'c']);
    assert.deepEqual(p('l3'), { a: 'a3', b: 'b3', y2: 'y2@3' });
    assert.deepEqual(p('l2'), { a: 'a1', c: 'c2', x1: 'x1@2', y2: 'y2' });
    assert.equal(get(ds, 'l3', 'x1'), null);
    assert.equal(get(ds, vid(v3), 'x1')?.prompt, 'x1@2');
  });

  it('deleting a branch keeps its versions readable', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a' })]);
    commit(ds);
    app.versions.createBranch(admin, ds, 'tmp', 'main');
    update(ds, 'tmp', 'a', { prompt: 'tmp' });
    const v = commit(ds, 'tmp');
    add(ds, 'tmp', [buildTextItem({ key: 'b' })]);
    app.versions.deleteBranch(admin, ds, 'tmp');
    assert.equal(app.versions.getBranch(ds, 'tmp'), undefined);
    assert.equal(get(ds, vid(v), 'a')?.prompt, 'tmp');
    assert.throws(() => app.versions.deleteBranch(admin, ds, 'main'), hasCode('BAD_USER_INPUT'));
    assert.throws(() => get(ds, 'tmp', 'a'), hasCode('NOT_FOUND'));
    // the name can be used again, from scratch
    app.versions.createBranch(admin, ds, 'tmp', 'main');
    assert.deepEqual(keysAt(ds, 'tmp'), ['a']);
    assert.equal(uncommitted(ds, 'tmp'), 0);
  });
});

// ------------------------------------------------------------------ restore

describe('restore', () => {
  it('makes a new commit whose hash and content equal the target version', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a', prompt: 'a1' }), buildTextItem({ key: 'b' }), buildTextItem({ key: 'c' })]);
    const v1 = commit(ds);
    const at1 = snapshot(ds, vid(v1));
    update(ds, 'main', 'a', { prompt: 'a2', labels: ['z'] });
    remove(ds, 'main', ['b']);
    const v2 = commit(ds);
    add(ds, 'main', [buildTextItem({ key: 'd' })]);
    update(ds, 'main', 'c', { status: 'REVIEWED' });
    const v3 = commit(ds);
    const at3 = snapshot(ds, vid(v3));

    const r1 = app.versions.restore(curator, ds, 'main', vid(v1));
    assert.equal(r1.hash, v1.hash);
    assert.equal(r1.parentId, v3.id);
    assert.equal(r1.itemCount, 3);
    assert.equal(r1.changeCount, 4);
    assert.equal(r1.author, 'cora');
    assert.match(r1.message, /Restore main/);
    assert.equal(branchHead(ds, 'main'), r1.id);
    assert.deepEqual(snapshot(ds, 'main'), at1);
    assert.deepEqual(snapshot(ds, vid(r1)), at1);
    assert.equal(uncommitted(ds), 0);
    assert.deepEqual(snapshot(ds, vid(v3)), at3);

    const r3 = app.versions.restore(admin, ds, 'main', v3.hash, 'back to v3');
    assert.equal(r3.hash, v3.hash);
    assert.equal(r3.message, 'back to v3');
    assert.deepEqual(snapshot(ds, 'main'), at3);

    // restoring to the current content is an empty commit with the same hash
    const same = app.versions.restore(admin, ds, 'main', vid(v3));
    assert.equal(same.hash, v3.hash);
    assert.equal(same.changeCount, 0);

    // a branch restored to another branch's state
    app.versions.createBranch(admin, ds, 'other', vid(v2));
    update(ds, 'other', 'a', { prompt: 'other' });
    commit(ds, 'other');
    const ro = app.versions.restore(admin, ds, 'other', 'main');
    assert.equal(ro.hash, v3.hash);
    assert.deepEqual(snapshot(ds, 'other'), at3);
    assert.deepEqual(diffAll(ds, 'main', 'other'), []);
  });

  it('refuses a branch with uncommitted changes (CONFLICT) and changes nothing', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a' })]);
    const v1 = commit(ds);
    add(ds, 'main', [buildTextItem({ key: 'b' })]);
    const v2 = commit(ds);
    update(ds, 'main', 'a', { prompt: 'pending' });
    const before = snapshot(ds, 'main');
    assert.throws(() => app.versions.restore(admin, ds, 'main', vid(v1)), hasCode('CONFLICT', { uncommittedChanges: 1 }));
    assert.deepEqual(snapshot(ds, 'main'), before);
    assert.equal(branchHead(ds, 'main'), v2.id);
    assert.equal(uncommitted(ds), 1);
    assert.throws(() => app.versions.restore(labeller, ds, 'main', vid(v1)), hasCode('FORBIDDEN'));
    assert.throws(() => app.versions.restore(admin, ds, 'main', 'no-such-ref'), hasCode('CONFLICT'));
    app.versions.discardChanges(admin, ds, 'main');
    assert.throws(() => app.versions.restore(admin, ds, 'main', 'no-such-ref'), hasCode('NOT_FOUND'));
  });
});

// ------------------------------------------------------------------ optimistic concurrency

describe('updateItem with expectedRevision', () => {
  it('a stale revision fails with CONFLICT and changes nothing', () => {
    const ds = buildDataset(app);
    const [a0] = add(ds, 'main', [buildTextItem({ key: 'a', prompt: 'p0' })]);
    commit(ds);
    const a1 = app.items.update(labeller, ds, 'main', 'a', String(a0.revisionId), { prompt: 'p1' });
    assert.notEqual(a1.revisionId, a0.revisionId);
    assert.equal(a1.prevRevisionId, a0.revisionId);
    assert.equal(uncommitted(ds), 1);
    const historyBefore = app.items.history(ds, 'a', 100, null).totalCount();

    assert.throws(
      () => app.items.update(labeller, ds, 'main', 'a', String(a0.revisionId), { prompt: 'lost update' }),
      hasCode('CONFLICT', { key: 'a', expectedRevision: String(a0.revisionId), actualRevision: String(a1.revisionId) }),
    );
    assert.equal(get(ds, 'main', 'a')?.prompt, 'p1');
    assert.equal(get(ds, 'main', 'a')?.revisionId, a1.revisionId);
    assert.equal(uncommitted(ds), 1);
    assert.equal(app.items.history(ds, 'a', 100, null).totalCount(), historyBefore);

    // revisions are per ref: a branch from the committed state still sees a0
    app.versions.createBranch(admin, ds, 'b', vid(app.versions.versionById(branchHead(ds, 'main')!)!));
    assert.equal(app.items.update(labeller, ds, 'b', 'a', String(a0.revisionId), { prompt: 'on b' }).prompt, 'on b');

    assert.throws(() => app.items.update(admin, ds, 'main', 'missing', '1', { prompt: 'x' }), hasCode('NOT_FOUND'));
    assert.throws(() => add(ds, 'main', [buildTextItem({ key: 'a' })]), hasCode('CONFLICT', { key: 'a' }));
    assert.throws(
      () => add(ds, 'main', [buildTextItem({ key: 'dup' }), buildTextItem({ key: 'dup' })]),
      hasCode('BAD_USER_INPUT'),
    );
    assert.equal(get(ds, 'main', 'dup'), null);
  });
});

// ------------------------------------------------------------------ item history

describe('item history', () => {
  it('lists events newest first with who, when, which fields, and removals', () => {
    const ds = buildDataset(app);
    const alice = buildActor({ name: 'alice', role: 'labeller' });
    const bob = buildActor({ name: 'bob', role: 'labeller' });
    add(ds, 'main', [buildTextItem({ key: 'a', prompt: 'p0' })], alice);
    commit(ds);
    update(ds, 'main', 'a', { prompt: 'p1' }, bob);
    update(ds, 'main', 'a', { labels: ['good'], status: 'LABELED' }, alice);
    commit(ds);
    remove(ds, 'main', ['a'], bob);
    commit(ds);
    app.versions.createBranch(admin, ds, 'side', 'main');
    add(ds, 'side', [buildTextItem({ key: 'a', prompt: 'again' })], alice);

    const h = app.items.history(ds, 'a', 20, null);
    assert.equal(h.totalCount(), 5);
    assert.equal(h.hasNextPage, false);
    assert.deepEqual(
      h.nodes.map((n) => [n.op, n.createdBy, n.changedFields, n.branchName, n.deleted]),
      [
        ['ADDED', 'alice', [], 'side', false],
        ['REMOVED', 'bob', [], 'main', true],
        ['MODIFIED', 'alice', ['labels', 'status'], 'main', false],
        ['MODIFIED', 'bob', ['prompt'], 'main', false],
        ['ADDED', 'alice', [], 'main', false],
      ],
    );
    for (let i = 1; i < h.nodes.length; i++) {
      assert.ok(h.nodes[i - 1].revisionId > h.nodes[i].revisionId);
      assert.ok(h.nodes[i - 1].createdAt >= h.nodes[i].createdAt);
      assert.ok(!Number.isNaN(Date.parse(h.nodes[i].createdAt)));
    }
    assert.equal(h.nodes[2].prompt, 'p1');
    assert.equal(h.nodes[3].prevRevisionId, h.nodes[4].revisionId);

    // paged
    const p1 = app.items.history(ds, 'a', 2, null);
    const p2 = app.items.history(ds, 'a', 2, p1.cursors[1]);
    const p3 = app.items.history(ds, 'a', 2, p2.cursors[1]);
    assert.equal(p1.hasNextPage, true);
    assert.equal(p2.hasNextPage, true);
    assert.equal(p3.hasNextPage, false);
    assert.deepEqual(
      [...p1.nodes, ...p2.nodes, ...p3.nodes].map((n) => n.revisionId),
      h.nodes.map((n) => n.revisionId),
    );
    assert.throws(() => app.items.history(ds, 'a', 2, 'not a cursor'), hasCode('BAD_USER_INPUT'));
    assert.equal(app.items.history(ds, 'never', 20, null).totalCount(), 0);
  });
});

// ------------------------------------------------------------------ refs that cannot be written, unknown refs

describe('immutable and unknown refs', () => {
  it('writes to a tag, a version id or a hash fail with VERSION_IMMUTABLE', () => {
    const ds = buildDataset(app);
    const [a] = add(ds, 'main', [buildTextItem({ key: 'a' })]);
    const v1 = commit(ds);
    app.versions.tagVersion(admin, vid(v1), 'v1', () => ds);
    for (const ref of ['v1', vid(v1), v1.hash, v1.hash.slice(0, 8)]) {
      const immutable = hasCode('VERSION_IMMUTABLE', { ref });
      assert.throws(() => add(ds, ref, [buildTextItem()]), immutable);
      assert.throws(() => app.items.update(admin, ds, ref, 'a', String(a.revisionId), { prompt: 'x' }), immutable);
      assert.throws(() => remove(ds, ref, ['a']), immutable);
      assert.throws(() => commit(ds, ref, 'm', admin, true), immutable);
      assert.throws(() => app.versions.restore(admin, ds, ref, 'main'), immutable);
      assert.throws(() => app.versions.discardChanges(admin, ds, ref), immutable);
      assert.throws(() => app.versions.deleteBranch(admin, ds, ref), immutable);
    }
    assert.deepEqual(keysAt(ds, 'v1'), ['a']);
    assert.equal(branchHead(ds, 'main'), v1.id);
  });

  it('unknown refs are NOT_FOUND for reads and writes', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a' })]);
    commit(ds);
    assert.throws(() => app.items.list(viewer, ds, 'nope', 20, null), hasCode('NOT_FOUND', { id: 'nope' }));
    assert.throws(() => get(ds, 'nope', 'a'), hasCode('NOT_FOUND'));
    assert.throws(() => get(ds, toGlobalId('Version', 999999), 'a'), hasCode('NOT_FOUND'));
    assert.throws(() => get(ds, 'deadbeefdeadbeef', 'a'), hasCode('NOT_FOUND'));
    assert.throws(() => add(ds, 'nope', [buildTextItem()]), hasCode('NOT_FOUND'));
    assert.throws(() => commit(ds, 'nope'), hasCode('NOT_FOUND'));
    assert.throws(() => diffPage(ds, 'main', 'nope'), hasCode('NOT_FOUND'));
    assert.throws(() => app.versions.history(ds, 'nope', null, 10), hasCode('NOT_FOUND'));
    assert.throws(() => app.versions.tagVersion(admin, toGlobalId('Version', 999999), 't', () => ds), hasCode('NOT_FOUND'));
  });
});

// ------------------------------------------------------------------ roles

describe('roles', () => {
  it('viewer reads only, labeller edits but cannot commit or branch, curator does both', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a' })]);
    const v1 = commit(ds);
    const forbidden = (role: string) => hasCode('FORBIDDEN', { requiredRole: role });

    assert.throws(() => add(ds, 'main', [buildTextItem()], viewer), forbidden('labeller'));
    assert.throws(() => update(ds, 'main', 'a', { prompt: 'x' }, viewer), forbidden('labeller'));
    assert.throws(() => remove(ds, 'main', ['a'], viewer), forbidden('labeller'));
    assert.throws(() => app.versions.discardChanges(viewer, ds, 'main'), forbidden('curator'));
    assert.throws(() => app.versions.discardChanges(labeller, ds, 'main'), forbidden('curator'));
    assert.deepEqual(keysAt(ds, 'main'), ['a']);

    add(ds, 'main', [buildTextItem({ key: 'b' })], labeller);
    update(ds, 'main', 'a', { prompt: 'by labeller' }, labeller);
    assert.throws(() => commit(ds, 'main', 'm', labeller), forbidden('curator'));
    assert.throws(() => app.versions.createBranch(labeller, ds, 'x', 'main'), forbidden('curator'));
    assert.throws(() => app.versions.tagVersion(labeller, vid(v1), 't', () => ds), forbidden('curator'));
    assert.throws(() => app.versions.deleteBranch(labeller, ds, 'main'), forbidden('curator'));
    assert.throws(() => app.datasets.create(curator, { name: 'nope', modality: 'TEXT_PAIR' }), forbidden('admin'));
    assert.equal(uncommitted(ds), 2);

    const v2 = commit(ds, 'main', 'm', curator);
    assert.equal(v2.author, 'cora');
    app.versions.createBranch(curator, ds, 'cur', 'main');
    assert.equal(app.items.list(viewer, ds, 'cur', 20, null).totalCount(), 2);
    assert.throws(() => app.items.list(null as never, ds, 'main', 20, null), hasCode('UNAUTHENTICATED'));
  });
});

// ------------------------------------------------------------------ filters

describe('items(filter)', () => {
  function setup() {
    const ds = buildDataset(app);
    add(ds, 'main', [
      { key: 'en/1', prompt: 'p', response: 'r', labels: ['math', 'easy'], attributes: { lang: 'en', score: 3 }, status: 'LABELED' },
      { key: 'en/2', prompt: 'p', response: 'r', labels: ['math'], attributes: { lang: 'en', score: 5, meta: { src: 'web' } }, status: 'REVIEWED' },
      { key: 'en/3', prompt: 'p', response: 'r', labels: ['code'], attributes: { lang: 'en', flag: true } },
      { key: 'fr/1', prompt: 'p', response: 'r', labels: ['math', 'hard'], attributes: { lang: 'fr', score: 3 }, status: 'LABELED' },
      { key: 'fr/2', prompt: 'p', response: 'r', attributes: { lang: 'fr' }, status: 'REJECTED' },
      { key: 'enx', prompt: 'p', response: 'r', attributes: { lang: 'en' } },
    ]);
    const v1 = commit(ds);
    // later edits on main: en/3 reviewed+math, en/1 removed, fr/2 relabelled, a new en/4
    update(ds, 'main', 'en/3', { status: 'REVIEWED', labels: ['code', 'math'] });
    remove(ds, 'main', ['en/1']);
    update(ds, 'main', 'fr/2', { labels: ['math'], attributes: { lang: 'en' } });
    add(ds, 'main', [{ key: 'en/4', prompt: 'p', response: 'r', labels: ['math'], attributes: { lang: 'en', score: 3 }, status: 'LABELED' }]);
    const v2 = commit(ds);
    return { ds, v1, v2 };
  }

  it('by status, labels, attributes and keyPrefix, on head and on an old version', () => {
    const { ds, v1 } = setup();
    const old = vid(v1);
    const k = (ref: string, f: ItemFilterInput) => keysAt(ds, ref, f);

    assert.deepEqual(k(old, { status: ['LABELED'] }), ['en/1', 'fr/1']);
    assert.deepEqual(k('main', { status: ['LABELED'] }), ['en/4', 'fr/1']);
    assert.deepEqual(k(old, { status: ['REVIEWED', 'REJECTED'] }), ['en/2', 'fr/2']);
    assert.deepEqual(k('main', { status: ['REVIEWED', 'REJECTED'] }), ['en/2', 'en/3', 'fr/2']);

    assert.deepEqual(k(old, { labels: ['math'] }), ['en/1', 'en/2', 'fr/1']);
    assert.deepEqual(k('main', { labels: ['math'] }), ['en/2', 'en/3', 'en/4', 'fr/1', 'fr/2']);
    assert.deepEqual(k(old, { labels: ['math', 'easy'] }), ['en/1']);
    assert.deepEqual(k('main', { labels: ['math', 'easy'] }), []);

    assert.deepEqual(k(old, { attributes: { lang: 'fr' } }), ['fr/1', 'fr/2']);
    assert.deepEqual(k('main', { attributes: { lang: 'fr' } }), ['fr/1']);
    assert.deepEqual(k(old, { attributes: { lang: 'en', score: 3 } }), ['en/1']);
    assert.deepEqual(k('main', { attributes: { lang: 'en', score: 3 } }), ['en/4']);
    assert.deepEqual(k('main', { attributes: { score: 3 } }), ['en/4', 'fr/1']);
    assert.deepEqual(k('main', { attributes: { meta: { src: 'web' } } }), ['en/2']);
    assert.deepEqual(k('main', { attributes: { flag: true } }), ['en/3']);
    assert.deepEqual(k('main', { attributes: { score: '3' } }), []);

    assert.deepEqual(k(old, { keyPrefix: 'en/' }), ['en/1', 'en/2', 'en/3']);
    assert.deepEqual(k('main', { keyPrefix: 'en/' }), ['en/2', 'en/3', 'en/4']);
    assert.deepEqual(k('main', { keyPrefix: 'en' }), ['en/2', 'en/3', 'en/4', 'enx']);
    assert.deepEqual(k('main', { keyPrefix: 'zz' }), []);

    // combined
    assert.deepEqual(k('main', { keyPrefix: 'en/', labels: ['math'], status: ['LABELED', 'REVIEWED'] }), ['en/2', 'en/3', 'en/4']);
    assert.deepEqual(k(old, { keyPrefix: 'fr/', attributes: { lang: 'fr' }, status: ['REJECTED'] }), ['fr/2']);

    // totalCount with and without a filter
    assert.equal(app.items.list(viewer, ds, 'main', 1, null, { labels: ['math'] }).totalCount(), 5);
    assert.equal(app.items.list(viewer, ds, 'main', 1, null).totalCount(), 6);
    assert.equal(app.items.list(viewer, ds, old, 1, null, { keyPrefix: 'fr/' }).totalCount(), 2);
    assert.equal(app.items.list(viewer, ds, old, 1, null, {}).totalCount(), 6);

    // filtered pages with cursors, keyPrefix combined with a cursor
    const page1 = app.items.list(viewer, ds, 'main', 2, null, { labels: ['math'] });
    assert.deepEqual(
      page1.nodes.map((n) => n.key),
      ['en/2', 'en/3'],
    );
    assert.equal(page1.hasNextPage, true);
    const page2 = app.items.list(viewer, ds, 'main', 2, page1.cursors[1], { labels: ['math'] });
    assert.deepEqual(
      page2.nodes.map((n) => n.key),
      ['en/4', 'fr/1'],
    );
    const pp = app.items.list(viewer, ds, 'main', 100, keyCursor('en/2'), { keyPrefix: 'en/' });
    assert.deepEqual(
      pp.nodes.map((n) => n.key),
      ['en/3', 'en/4'],
    );
    const before = app.items.list(viewer, ds, 'main', 100, keyCursor('a'), { keyPrefix: 'fr/' });
    assert.deepEqual(
      before.nodes.map((n) => n.key),
      ['fr/1', 'fr/2'],
    );
    assert.throws(() => app.items.list(viewer, ds, 'main', 10, null, { status: ['NOPE'] }), hasCode('BAD_USER_INPUT'));
    assert.throws(() => app.items.list(viewer, ds, 'main', 10, null, { attributes: [1] }), hasCode('BAD_USER_INPUT'));
  });

  it('on a branch of a branch with staged edits', () => {
    const { ds } = setup();
    app.versions.createBranch(admin, ds, 'l1', 'main');
    update(ds, 'l1', 'en/2', { status: 'LABELED' });
    commit(ds, 'l1');
    app.versions.createBranch(admin, ds, 'l2', 'l1');
    remove(ds, 'l2', ['fr/1']);
    update(ds, 'l2', 'enx', { labels: ['math'], status: 'LABELED', attributes: { lang: 'en', score: 3 } });
    commit(ds, 'l2');
    update(ds, 'l2', 'en/4', { status: 'UNLABELED' }); // staged
    add(ds, 'l2', [{ key: 'en/5', prompt: 'p', response: 'r', labels: ['math'], status: 'LABELED' }]);

    const k = (ref: string, f: ItemFilterInput) => keysAt(ds, ref, f);
    assert.deepEqual(k('l2', { status: ['LABELED'] }), ['en/2', 'en/5', 'enx']);
    assert.deepEqual(k('l1', { status: ['LABELED'] }), ['en/2', 'en/4', 'fr/1']);
    assert.deepEqual(k('main', { status: ['LABELED'] }), ['en/4', 'fr/1']);
    assert.deepEqual(k('l2', { labels: ['math'] }), ['en/2', 'en/3', 'en/4', 'en/5', 'enx', 'fr/2']);
    assert.deepEqual(k('l2', { attributes: { score: 3 } }), ['en/4', 'enx']);
    assert.deepEqual(k('l2', { keyPrefix: 'fr' }), ['fr/2']);
    assert.deepEqual(k('l2', { keyPrefix: 'en/', status: ['LABELED'] }), ['en/2', 'en/5']);
    assert.equal(app.items.list(viewer, ds, 'l2', 1, null, { labels: ['math'] }).totalCount(), 6);
    assert.equal(app.items.list(viewer, ds, 'l2', 1, null).totalCount(), 6);
  });

  it('keyPrefix with non-ASCII keys', () => {
    const ds = buildDataset(app);
    add(
      ds,
      'main',
      ['ü/1', 'ü/2', 'üx', '😀/1', '😀/2', '😀x', 'a'].map((key) => buildTextItem({ key })),
    );
    assert.deepEqual(keysAt(ds, 'main', { keyPrefix: 'ü/' }), ['ü/1', 'ü/2']);
    assert.deepEqual(keysAt(ds, 'main', { keyPrefix: '😀/' }), ['😀/1', '😀/2']);
    assert.deepEqual(keysAt(ds, 'main', { keyPrefix: '😀' }), ['😀/1', '😀/2', '😀x']);
  });
});

// ------------------------------------------------------------------ pagination

describe('items pagination', () => {
  it('has no duplicates or gaps across pages and layers', () => {
    const ds = buildDataset(app);
    const base = Array.from({ length: 25 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    add(
      ds,
      'main',
      base.map((key) => buildTextItem({ key, prompt: 'main' })),
    );
    commit(ds);
    app.versions.createBranch(admin, ds, 'mid', 'main');
    for (const k of ['p01', 'p02', 'p10', 'p24']) update(ds, 'mid', k, { prompt: 'mid' });
    remove(ds, 'mid', ['p05', 'p06', 'p07']);
    add(
      ds,
      'mid',
      ['p05a', 'p11a', 'p30'].map((key) => buildTextItem({ key, prompt: 'mid' })),
    );
    commit(ds, 'mid');
    app.versions.createBranch(admin, ds, 'top', 'mid');
    // staging overrides lineage rows of both lower layers, tombstones hide some, new keys interleave
    for (const k of ['p00', 'p01', 'p05a', 'p12', 'p30']) update(ds, 'top', k, { prompt: 'top' });
    remove(ds, 'top', ['p02', 'p03', 'p11a', 'p24']);
    add(
      ds,
      'top',
      ['p00a', 'p03', 'p99', '0first'].map((key) => buildTextItem({ key, prompt: 'top' })),
    );

    const expected: Record<string, string> = {};
    for (const k of base) expected[k] = 'main';
    for (const k of ['p01', 'p02', 'p10', 'p24', 'p05a', 'p11a', 'p30']) expected[k] = 'mid';
    for (const k of ['p05', 'p06', 'p07']) delete expected[k];
    for (const k of ['p00', 'p01', 'p05a', 'p12', 'p30', 'p00a', 'p03', 'p99', '0first']) expected[k] = 'top';
    for (const k of ['p02', 'p11a', 'p24']) delete expected[k];
    const expectedKeys = Object.keys(expected).sort();

    for (const size of [1, 2, 3, 4, 5, 7, expectedKeys.length - 1, expectedKeys.length, expectedKeys.length + 1, 100]) {
      const items = listAll(ds, 'top', null, size);
      assert.deepEqual(
        items.map((i) => i.key),
        expectedKeys,
        `page size ${size}`,
      );
      assert.deepEqual(Object.fromEntries(items.map((i) => [i.key, i.prompt])), expected);
    }
    const exact = app.items.list(viewer, ds, 'top', expectedKeys.length, null);
    assert.equal(exact.hasNextPage, false);
    assert.equal(exact.totalCount(), expectedKeys.length);
    // the same after committing everything into one more lineage layer
    commit(ds, 'top');
    assert.deepEqual(
      listAll(ds, 'top', null, 3).map((i) => i.key),
      expectedKeys,
    );
    // a cursor past the end, and a cursor for a key that does not exist
    assert.equal(app.items.list(viewer, ds, 'top', 10, keyCursor('zzz'), null).nodes.length, 0);
    assert.deepEqual(
      app.items.list(viewer, ds, 'top', 2, keyCursor('p05'), null).nodes.map((n) => n.key),
      ['p05a', 'p08'],
    );
  });

  it('refuses first out of 1..100 and malformed cursors', () => {
    const ds = buildDataset(app);
    add(ds, 'main', [buildTextItem({ key: 'a' })]);
    assert.throws(() => app.items.list(viewer, ds, 'main', 0, null), hasCode('BAD_USER_INPUT', { field: 'first' }));
    assert.throws(() => app.items.list(viewer, ds, 'main', 101, null), hasCode('BAD_USER_INPUT', { field: 'first' }));
    assert.throws(() => app.items.list(viewer, ds, 'main', -1, null), hasCode('BAD_USER_INPUT', { field: 'first' }));
    assert.throws(() => app.items.list(viewer, ds, 'main', 1.5, null), hasCode('BAD_USER_INPUT', { field: 'first' }));
    assert.equal(app.items.list(viewer, ds, 'main', 100, null).nodes.length, 1);
    assert.equal(app.items.list(viewer, ds, 'main', null, null).nodes.length, 1);
    for (const bad of ['!!!', 'not base64 at all', Buffer.from('{oops').toString('base64url'), encodeCursor({ i: 3 }), encodeCursor({ k: 5 }), encodeCursor('a'), encodeCursor(null)]) {
      assert.throws(() => app.items.list(viewer, ds, 'main', 10, bad), hasCode('BAD_USER_INPUT', { field: 'after' }), `cursor ${bad}`);
    }
  });
});

// ------------------------------------------------------------------ model-based randomized test

describe('randomized operations against an in-memory model', () => {
  it('every ref and every old version matches the model', () => {
    const seed = Number(process.env.VERSIONING_SEED ?? 20240607);
    const rnd = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const ds = buildDataset(app);
    const KEYS = Array.from({ length: 36 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const PROMPTS = ['alpha', 'beta', 'gamma'];
    const LABELS = ['x', 'y', 'z'];

    type M = Map<string, Content>;
    const same = (a: Content | undefined, b: Content | undefined) =>
      a === b || (a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b));
    const setKey = (m: M) => canonicalJson([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    const diffKeys = (a: M, b: M) => [...new Set([...a.keys(), ...b.keys()])].filter((k) => !same(a.get(k), b.get(k))).sort();

    const model = new Map<string, { committed: M; live: M; head: number | null }>([['main', { committed: new Map(), live: new Map(), head: null }]]);
    const versions = new Map<number, { snapshot: M; hash: string }>();
    const hashOfSet = new Map<string, string>();
    const setOfHash = new Map<string, string>();
    let branchN = 0;
    const ctx = (op: string) => `seed ${seed}: ${op}`;

    const randomContent = (): Content => ({
      prompt: pick(PROMPTS),
      response: pick(['r1', 'r2']),
      labels: [...new Set([pick(LABELS), pick(LABELS)])].sort().slice(0, Math.floor(rnd() * 3)),
      attributes: rnd() < 0.5 ? {} : { lang: pick(['en', 'fr']) },
      status: pick(['UNLABELED', 'LABELED', 'REVIEWED']),
    });

    const recordVersion = (v: VersionRow, snap: M) => {
      const sk = setKey(snap);
      assert.equal(v.itemCount, snap.size, 'itemCount');
      const h = hashOfSet.get(sk);
      if (h) assert.equal(v.hash, h, 'equal content gives an equal hash');
      else {
        assert.equal(setOfHash.get(v.hash), undefined, 'different content gives a different hash');
        hashOfSet.set(sk, v.hash);
        setOfHash.set(v.hash, sk);
      }
      versions.set(v.id, { snapshot: new Map(snap), hash: v.hash });
    };

    const checkRef = (ref: string, expected: M, pageSize: number) => {
      const got = listAll(ds, ref, null, pageSize);
      assert.deepEqual(
        got.map((i) => [i.key, content(i)]),
        [...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
        ctx(`listing of ${ref}`),
      );
    };

    const checkAll = () => {
      const size = pick([3, 7, 100]);
      for (const [name, b] of model) {
        checkRef(name, b.live, size);
        assert.equal(uncommitted(ds, name), diffKeys(b.committed, b.live).length, ctx(`uncommittedChanges of ${name}`));
        assert.equal(branchHead(ds, name), b.head, ctx(`head of ${name}`));
      }
      // a random old version and a random diff between two refs
      if (versions.size) {
        const [id, v] = pick([...versions.entries()]);
        checkRef(toGlobalId('Version', id), v.snapshot, size);
      }
      const refs: Array<[string, M]> = [
        ...[...model].map(([n, b]) => [n, b.live] as [string, M]),
        ...[...versions].map(([id, v]) => [toGlobalId('Version', id), v.snapshot] as [string, M]),
      ];
      const [ra, ma] = pick(refs);
      const [rb, mb] = pick(refs);
      const d = diffAll(ds, ra, rb, pick([2, 5, 100]));
      const want = diffKeys(ma, mb).map((k) => [k, !ma.has(k) ? 'ADDED' : !mb.has(k) ? 'REMOVED' : 'MODIFIED']);
      assert.deepEqual(
        d.map((c) => [c.key, c.kind]),
        want,
        ctx(`diff ${ra} -> ${rb}`),
      );
      assert.equal(diffPage(ds, ra, rb, 1).totalCount, want.length);
    };

    let commits = 0;
    for (let step = 0; step < 300; step++) {
      const name = pick([...model.keys()]);
      const b = model.get(name)!;
      const r = rnd();
      if (r < 0.28) {
        // add 1-3 keys (sometimes one that exists: CONFLICT, nothing written)
        const absent = KEYS.filter((k) => !b.live.has(k));
        if (rnd() < 0.1 && b.live.size) {
          const k = pick([...b.live.keys()]);
          assert.throws(() => add(ds, name, [{ key: k, ...randomContent() }]), hasCode('CONFLICT'), ctx('add existing'));
          continue;
        }
        if (!absent.length) continue;
        const keys = [...new Set([pick(absent), pick(absent), pick(absent)])].slice(0, 1 + Math.floor(rnd() * 3));
        const contents = keys.map(() => randomContent());
        add(
          ds,
          name,
          keys.map((key, i) => ({ key, ...contents[i] })),
        );
        keys.forEach((k, i) => b.live.set(k, contents[i]));
      } else if (r < 0.52) {
        // update one key: a random patch, or back to its committed content
        if (!b.live.size) continue;
        const k = pick([...b.live.keys()]);
        const cur = b.live.get(k)!;
        let next: Content;
        if (b.committed.has(k) && rnd() < 0.3) next = b.committed.get(k)!;
        else {
          const c = randomContent();
          next = { ...cur };
          if (rnd() < 0.5) next.prompt = c.prompt;
          if (rnd() < 0.3) next.labels = c.labels;
          if (rnd() < 0.3) next.attributes = c.attributes;
          if (rnd() < 0.4) next.status = c.status;
        }
        update(ds, name, k, { ...next });
        b.live.set(k, next);
      } else if (r < 0.66) {
        // remove 1-3 keys, present or not
        const keys = [...new Set([pick(KEYS), pick(KEYS), pick(KEYS)])].slice(0, 1 + Math.floor(rnd() * 3));
        const n = remove(ds, name, keys);
        assert.equal(n, keys.filter((k) => b.live.has(k)).length, ctx('removedCount'));
        for (const k of keys) b.live.delete(k);
      } else if (r < 0.84) {
        // commit
        const pending = diffKeys(b.committed, b.live);
        if (pending.length === 0) {
          assert.throws(() => commit(ds, name), hasCode('BAD_USER_INPUT'), ctx('empty commit'));
        } else {
          const v = commit(ds, name, `step ${step}`);
          assert.equal(v.parentId, b.head, ctx('parent'));
          assert.equal(v.changeCount, pending.length, ctx('changeCount'));
          recordVersion(v, b.live);
          b.committed = new Map(b.live);
          b.head = v.id;
          commits++;
          checkAll();
        }
      } else if (r < 0.93) {
        // branch from a branch (carrying its staged edits) or from an old version
        if (model.size >= 8) continue;
        const newName = `b${++branchN}`;
        if (versions.size && rnd() < 0.4) {
          const [id, v] = pick([...versions.entries()]);
          app.versions.createBranch(admin, ds, newName, toGlobalId('Version', id));
          model.set(newName, { committed: new Map(v.snapshot), live: new Map(v.snapshot), head: id });
        } else {
          app.versions.createBranch(admin, ds, newName, name);
          model.set(newName, { committed: new Map(b.committed), live: new Map(b.live), head: b.head });
        }
      } else if (r < 0.97) {
        // restore to an old version (CONFLICT while edits are pending)
        if (!versions.size) continue;
        const [id, v] = pick([...versions.entries()]);
        if (diffKeys(b.committed, b.live).length) {
          assert.throws(() => app.versions.restore(admin, ds, name, toGlobalId('Version', id)), hasCode('CONFLICT'), ctx('restore'));
          continue;
        }
        const rv = app.versions.restore(admin, ds, name, toGlobalId('Version', id));
        assert.equal(rv.hash, v.hash, ctx('restored hash'));
        assert.equal(rv.parentId, b.head);
        recordVersion(rv, v.snapshot);
        b.committed = new Map(v.snapshot);
        b.live = new Map(v.snapshot);
        b.head = rv.id;
        commits++;
        checkAll();
      } else {
        app.versions.discardChanges(admin, ds, name);
        b.live = new Map(b.committed);
      }
    }
    checkAll();
    assert.ok(commits >= 20, `only ${commits} commits`);
    assert.ok(model.size >= 3, `only ${model.size} branches`);
    // every version ever committed still reads exactly as it was
    for (const [id, v] of versions) {
      const ref = toGlobalId('Version', id);
      checkRef(ref, v.snapshot, 100);
      assert.equal(app.versions.versionById(id)!.hash, v.hash);
      assert.equal(app.items.list(viewer, ds, ref, 1, null).totalCount(), v.snapshot.size);
    }
  });
});
