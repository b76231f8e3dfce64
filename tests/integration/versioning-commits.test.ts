import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../src/app.js';
import { hasCode } from '../helpers/assertions.js';
import { buildDataset, buildTestApp, buildTextItem, type TestApp } from '../helpers/factories.js';
import { admin, curator, vid, viewer, versioningHelpers } from '../helpers/versioning.js';

/*
 * The versioning core (items + versions services) over a real SQLite database in a temp folder:
 * staging and commits, old versions, content-addressed version hashes, reverting uncommitted edits.
 * One app for the file; every test works in its own dataset. Helpers: tests/helpers/versioning.ts.
 */

let t: TestApp;
let app: App;
before(() => {
  t = buildTestApp();
  app = t.app;
});
after(() => t?.cleanup());

const { add, branchHead, commit, diffAll, get, keysAt, remove, snapshot, uncommitted, update } = versioningHelpers(() => app);

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
