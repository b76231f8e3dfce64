import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../src/app.js';
import { encodeCursor, keyCursor } from '../../src/ids.js';
import type { ItemFilterInput } from '../../src/modules/items/service.js';
import { hasCode } from '../helpers/assertions.js';
import { buildActor, buildDataset, buildTestApp, buildTextItem, type TestApp } from '../helpers/factories.js';
import { admin, curator, labeller, vid, viewer, versioningHelpers } from '../helpers/versioning.js';
import { createDataset } from '../../src/modules/datasets/commands/create-dataset.js';

/*
 * The versioning core (items + versions services) over a real SQLite database in a temp folder:
 * updateItem with expectedRevision, item history, roles, items(filter) and items pagination.
 * One app for the file; every test works in its own dataset. Helpers: tests/helpers/versioning.ts.
 */

let t: TestApp;
let app: App;
before(() => {
  t = buildTestApp();
  app = t.app;
});
after(() => t?.cleanup());

const { add, branchHead, commit, get, keysAt, listAll, remove, uncommitted, update } = versioningHelpers(() => app);

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
    assert.throws(() => createDataset({ app, actor: curator }, { name: 'nope', modality: 'TEXT_PAIR' }), forbidden('admin'));
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
