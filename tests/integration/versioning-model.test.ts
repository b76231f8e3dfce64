import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../src/app.js';
import type { VersionRow } from '../../src/db/schema/index.js';
import { toGlobalId } from '../../src/ids.js';
import { canonicalJson } from '../../src/modules/versions/content.js';
import { hasCode } from '../helpers/assertions.js';
import { buildDataset, buildTestApp, type TestApp } from '../helpers/factories.js';
import { rng } from '../helpers/rng.js';
import { type Content, admin, content, viewer, versioningHelpers } from '../helpers/versioning.js';

/*
 * The versioning core (items + versions services) over a real SQLite database in a temp folder:
 * randomized operations on branches and versions checked against an in-memory model (seed: VERSIONING_SEED).
 * One app for the file; every test works in its own dataset. Helpers: tests/helpers/versioning.ts.
 */

let t: TestApp;
let app: App;
before(() => {
  t = buildTestApp();
  app = t.app;
});
after(() => t?.cleanup());

const { add, branchHead, commit, diffAll, diffPage, listAll, remove, uncommitted, update } = versioningHelpers(() => app);

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
