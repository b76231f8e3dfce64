import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../src/app.js';
import { buildDataset, buildTestApp, buildTextItem, type TestApp } from '../helpers/factories.js';
import { admin, brief, vid, versioningHelpers } from '../helpers/versioning.js';

/*
 * The versioning core (items + versions services) over a real SQLite database in a temp folder:
 * diffs between refs (versions, tags, branches with staged edits), paged.
 * One app for the file; every test works in its own dataset. Helpers: tests/helpers/versioning.ts.
 */

let t: TestApp;
let app: App;
before(() => {
  t = buildTestApp();
  app = t.app;
});
after(() => t?.cleanup());

const { add, commit, diffAll, diffPage, get, remove, update } = versioningHelpers(() => app);

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
