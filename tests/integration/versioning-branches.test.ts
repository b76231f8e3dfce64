import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../src/app.js';
import { toGlobalId } from '../../src/ids.js';
import { hasCode } from '../helpers/assertions.js';
import { buildDataset, buildTestApp, buildTextItem, type TestApp } from '../helpers/factories.js';
import { admin, curator, labeller, vid, viewer, versioningHelpers } from '../helpers/versioning.js';

/*
 * The versioning core (items + versions services) over a real SQLite database in a temp folder:
 * branches, restore, and refs that cannot be written or do not exist.
 * One app for the file; every test works in its own dataset. Helpers: tests/helpers/versioning.ts.
 */

let t: TestApp;
let app: App;
before(() => {
  t = buildTestApp();
  app = t.app;
});
after(() => t?.cleanup());

const { add, branchHead, commit, diffAll, diffPage, get, keysAt, remove, snapshot, uncommitted, update } = versioningHelpers(() => app);

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
