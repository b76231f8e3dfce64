/**
 * The export splitter (issue 10): groups never cross splits, augmented copies only in train,
 * stratified within one group of the targets, the same under a seed whatever the row order, and
 * stable when items are appended later (no existing item moves).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assignSplits, groupItems, SPLITS, type Split, type SplitItem } from '../../src/modules/exports/split.js';
import { rng } from '../helpers/rng.js';

const SHARES = { train: 0.8, validation: 0.1, test: 0.1 };

/** A WordNet-like dataset: 45 classes of skewed sizes, families of 1–4 items, some augmented copies, speakers shared. */
function dataset(n: number, seed: number, birth = 0, prefix = 'k'): SplitItem[] {
  const r = rng(seed);
  const out: SplitItem[] = [];
  let i = 0;
  while (out.length < n) {
    const family = `${prefix}${String(i).padStart(6, '0')}`;
    const cls = `c${Math.floor(Math.pow(r(), 2) * 45)}`;
    const size = 1 + Math.floor(r() * 3);
    const speaker = r() < 0.3 ? [`attributes.speaker=s${Math.floor(r() * 400)}`] : [];
    for (let j = 0; j < size && out.length < n; j++) out.push({ key: `${family}-${j}`, family, groupValues: speaker, derived: false, cls, birth });
    if (r() < 0.3) out.push({ key: `${family}-0~0.0`, family, groupValues: speaker, derived: true, cls, birth });
    i++;
  }
  return out;
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const r = rng(seed);
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe('export splitter', () => {
  const items = dataset(10_000, 1);
  const res = assignSplits(items, { shares: SHARES, seed: 0 });
  const splitByKey = new Map(items.map((it, i) => [it.key, res.splitOf[i]]));

  test('groups never cross splits: families and shared groupBy values stay on one side', () => {
    const seen = new Map<string, Split>();
    items.forEach((it, i) => {
      const s = res.splitOf[i];
      if (s === null) return;
      for (const k of [`f:${it.family}`, ...it.groupValues.map((g) => `g:${g}`)]) {
        const prev = seen.get(k);
        if (prev) assert.equal(prev, s, `${k} in ${prev} and ${s}`);
        else seen.set(k, s);
      }
    });
    assert.ok(res.groups < items.length);
  });

  test('augmented copies go to train only; a copy whose group is elsewhere is dropped and counted', () => {
    let dropped = 0;
    items.forEach((it, i) => {
      if (!it.derived) {
        assert.ok(res.splitOf[i] !== null);
        return;
      }
      if (res.splitOf[i] === null) dropped++;
      else assert.equal(res.splitOf[i], 'train');
    });
    assert.equal(dropped, res.droppedCopies);
    assert.ok(dropped > 0);
  });

  test('every class within one group of its target shares', () => {
    const groups = groupItems(items);
    const largest = new Map<string, number>();
    for (const g of groups) largest.set(g.cls ?? '', Math.max(largest.get(g.cls ?? '') ?? 0, g.originals));
    for (const [cls, counts] of res.perClass) {
      const total = counts.train + counts.validation + counts.test;
      for (const s of SPLITS) {
        const off = Math.abs(counts[s] - SHARES[s] * total);
        assert.ok(off <= largest.get(cls)! + 1e-9, `${cls} ${s}: ${counts[s]} of ${total} (target ${SHARES[s] * total}, largest group ${largest.get(cls)})`);
      }
    }
    const all = [...res.perClass.values()].reduce((a, c) => ({ train: a.train + c.train, validation: a.validation + c.validation, test: a.test + c.test }));
    const n = all.train + all.validation + all.test;
    assert.ok(Math.abs(all.validation / n - 0.1) < 0.01 && Math.abs(all.test / n - 0.1) < 0.01, JSON.stringify(all));
  });

  test('the same seed gives the same assignment whatever the row order; another seed another one', () => {
    const order = shuffled(items, 7);
    const again = assignSplits(order, { shares: SHARES, seed: 0 });
    order.forEach((it, i) => assert.equal(again.splitOf[i], splitByKey.get(it.key), it.key));
    const other = assignSplits(items, { shares: SHARES, seed: 1 });
    const moved = items.filter((_, i) => other.splitOf[i] !== res.splitOf[i]).length;
    assert.ok(moved > items.length * 0.05, `${moved} moved`);
  });

  test('appending 1,000 items later moves no existing item, and the classes stay balanced', () => {
    const later = dataset(1_000, 2, 1, 'n');
    const grown = shuffled([...items, ...later], 3);
    const r2 = assignSplits(grown, { shares: SHARES, seed: 0 });
    let moved = 0;
    grown.forEach((it, i) => {
      if (splitByKey.has(it.key) && splitByKey.get(it.key) !== r2.splitOf[i]) moved++;
    });
    assert.equal(moved, 0);
    const largest = new Map<string, number>();
    for (const g of groupItems(grown)) largest.set(g.cls ?? '', Math.max(largest.get(g.cls ?? '') ?? 0, g.originals));
    for (const [cls, counts] of r2.perClass) {
      const total = counts.train + counts.validation + counts.test;
      for (const s of SPLITS) assert.ok(Math.abs(counts[s] - SHARES[s] * total) <= largest.get(cls)! + 1e-9, `${cls} ${s}: ${JSON.stringify(counts)} largest ${largest.get(cls)}`);
    }
  });

  test('a split with share 0 gets nothing; one class-less group of everything goes whole to one split', () => {
    const r = assignSplits(items, { shares: { train: 0.9, validation: 0.1, test: 0 }, seed: 0 });
    assert.ok(!r.splitOf.includes('test'));
    const one = items.map((it) => ({ ...it, groupValues: ['attributes.project=x'] }));
    const r1 = assignSplits(one, { shares: SHARES, seed: 0 });
    assert.equal(r1.groups, 1);
    assert.equal(new Set(r1.splitOf.filter((s) => s !== null)).size, 1);
  });

  test('many one-item classes (every label unique) still spread by the shares', () => {
    const unique = Array.from({ length: 3000 }, (_, i) => ({ key: `u${i}`, family: `u${i}`, groupValues: [], derived: false, cls: `label${i}`, birth: 0 }));
    const r = assignSplits(unique, { shares: SHARES, seed: 0 });
    const n = (s: Split) => r.splitOf.filter((x) => x === s).length;
    assert.ok(Math.abs(n('validation') / 3000 - 0.1) < 0.02 && Math.abs(n('test') / 3000 - 0.1) < 0.02, `${n('train')} / ${n('validation')} / ${n('test')}`);
  });
});

