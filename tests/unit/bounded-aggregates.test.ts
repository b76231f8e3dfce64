/**
 * The bounded-memory building blocks of audits and duplicate searches (issue 14): QuantileStream
 * (exact, then a DDSketch), U64Set and its digests, DuplicateInputs (columns instead of objects).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EXACT_LIMIT, QuantileStream, SKETCH_RELATIVE_ACCURACY } from '../../src/lib/quantiles.js';
import { digest64, hash64, StringDigestSet, U64Set } from '../../src/lib/u64-set.js';
import { DuplicateInputs, findDuplicates, type DuplicateInput } from '../../src/modules/quality/duplicates.js';

/** Nearest-rank quantile of sorted values, as audits always computed it. */
function exactAt(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('QuantileStream', () => {
  test('exact up to EXACT_LIMIT values: the nearest-rank order statistics', () => {
    const r = rng(1);
    const q = new QuantileStream();
    const xs = Array.from({ length: EXACT_LIMIT }, () => Math.round(r() * 5000));
    xs.forEach((x) => q.add(x));
    const sorted = Float64Array.from(xs).sort();
    const res = q.result()!;
    assert.equal(q.approximate, false);
    assert.deepEqual(
      [res.min, res.p10, res.p50, res.p90, res.max, res.count],
      [sorted[0], exactAt(sorted, 0.1), exactAt(sorted, 0.5), exactAt(sorted, 0.9), sorted[sorted.length - 1], xs.length],
    );
    assert.equal(new QuantileStream().result(), null);
  });

  test('past it, within the sketch relative accuracy; count, min, max and mean stay exact', () => {
    const r = rng(2);
    const q = new QuantileStream();
    // Skewed, like text lengths: many short, a long tail.
    const xs = Array.from({ length: 200_000 }, () => Math.round(1 + 40 * -Math.log(1 - r())));
    let sum = 0;
    for (const x of xs) {
      q.add(x);
      sum += x;
    }
    const sorted = Float64Array.from(xs).sort();
    const res = q.result()!;
    assert.equal(q.approximate, true);
    assert.equal(res.count, xs.length);
    assert.equal(res.min, sorted[0]);
    assert.equal(res.max, sorted[sorted.length - 1]);
    assert.equal(res.mean, Math.round((sum / xs.length) * 100) / 100);
    for (const [p, v] of [[0.1, res.p10], [0.5, res.p50], [0.9, res.p90]] as const) {
      const truth = exactAt(sorted, p);
      assert.ok(Math.abs(v - truth) <= truth * SKETCH_RELATIVE_ACCURACY * 1.01 + 1e-9, `p${p * 100}: ${v} vs ${truth}`);
    }
  });
});

describe('U64Set', () => {
  test('is a set: add reports novelty, has finds members, growth keeps them', () => {
    const s = new U64Set(4);
    const r = rng(3);
    const members: Array<[number, number]> = Array.from({ length: 50_000 }, () => [(r() * 2 ** 32) >>> 0, (r() * 2 ** 32) >>> 0]);
    for (const [hi, lo] of members) assert.equal(s.add(hi, lo), true);
    for (const [hi, lo] of members) assert.equal(s.add(hi, lo), false);
    assert.equal(s.size, members.length);
    for (const [hi, lo] of members.slice(0, 1000)) assert.ok(s.has(hi, lo));
    assert.equal(s.has(1, 2), members.some(([h, l]) => h === 1 && l === 2));
    // 0 is a value like any other.
    assert.equal(s.add(0, 0), true);
    assert.ok(s.has(0, 0));
  });

  test('digests: hex digests read as they are, other strings hashed, distinct strings distinct', () => {
    assert.deepEqual(digest64('sha256:' + 'ab'.repeat(24) + '0123456789abcdef'), [0x01234567, 0x89abcdef]);
    assert.deepEqual(digest64('short'), hash64('short'));
    const seen = new U64Set();
    for (let i = 0; i < 100_000; i++) {
      const [hi, lo] = hash64(`wordnet:${i}`);
      assert.ok(seen.add(hi, lo), `collision at ${i}`);
    }
    assert.notDeepEqual(hash64('ab'), hash64('ba'));
  });
});

test('StringDigestSet: a set of strings by 128-bit digests', () => {
  const s = new StringDigestSet();
  for (let i = 0; i < 200_000; i++) assert.equal(s.add(`pairs:${i}`), true);
  assert.equal(s.size, 200_000);
  for (let i = 0; i < 200_000; i += 997) assert.ok(s.has(`pairs:${i}`));
  for (let i = 200_000; i < 400_000; i++) assert.equal(s.has(`pairs:${i}`), false, `pairs:${i}`);
  assert.equal(s.add('pairs:5'), false);
  // Keys differing only in case, normalisation or a lone code unit are different keys.
  for (const k of ['Café', 'cafe\u0301', 'CAFÉ', 'caf\u00e9']) s.add(k);
  assert.equal(s.size, 200_004);
});

describe('DuplicateInputs', () => {
  test('text signatures: the stored little-endian u32s, copied into one array', () => {
    const sigs = Array.from({ length: 40 }, (_, i) => {
      const u = new Uint32Array(64).map((_, k) => (Math.imul(i % 10, 2654435761) + k * 7919 + (k === i % 64 && i >= 10 ? 1 : 0)) >>> 0);
      return Buffer.from(u.buffer);
    });
    const items = sigs.map((b, i) => ({ key: `t${String(i).padStart(2, '0')}`, score: 1, exactKey: null, nearSig: b, captionKey: null }));
    const a = findDuplicates('TEXT_PAIR', items, { radius: 0, jaccard: 0.9 });
    assert.equal(a.clusters.length, 10, 'four copies of each of ten signatures, one position changed in three');
    for (const c of a.clusters) assert.equal(c.keys.length, 4);
    // A signature read from an odd offset of a larger buffer (as SQLite hands them out) reads the same.
    const shifted = items.map((d) => {
      const big = Buffer.alloc(d.nearSig.length + 1);
      d.nearSig.copy(big, 1);
      return { ...d, nearSig: big.subarray(1) };
    });
    assert.deepEqual(findDuplicates('TEXT_PAIR', shifted, { radius: 0, jaccard: 0.9 }), a);
  });

  test('text signatures held at 8 bits: the same pairs as at 32, false candidates dropped', () => {
    const r = rng(5);
    const sigs: Buffer[] = [];
    for (let g = 0; g < 30; g++) {
      const base = new Uint32Array(64).map(() => (r() * 2 ** 32) >>> 0);
      // A near copy (3 positions changed), and an impostor whose values differ only above bit 16
      // in 20 positions: the same at 8 (and 16) bits, far apart at 32.
      const near = base.slice();
      for (const k of [3, 17, 40]) near[k] = (r() * 2 ** 32) >>> 0;
      const impostor = base.slice();
      for (let k = 0; k < 20; k++) impostor[k] = (impostor[k] ^ (((1 + Math.floor(r() * 0xfffe)) << 16) >>> 0)) >>> 0;
      for (const u of [base, near, impostor]) sigs.push(Buffer.from(u.buffer));
    }
    const items = sigs.map((b, i) => ({ key: `t${String(i).padStart(3, '0')}`, score: 1, exactKey: null, nearSig: b, captionKey: null }));
    const whole = findDuplicates('TEXT_PAIR', items, { radius: 0, jaccard: 0.8 });
    let reads = 0;
    const half = new DuplicateInputs('TEXT_PAIR', 4, (ref) => (reads++, sigs[ref]));
    items.forEach((d, i) => half.push(d.key, d.score, d.exactKey, d.nearSig, d.captionKey, i));
    assert.deepEqual(findDuplicates('TEXT_PAIR', half, { radius: 0, jaccard: 0.8 }), whole);
    assert.equal(whole.clusters.length, 30, 'each original with its near copy, never with its impostor');
    for (const c of whole.clusters) assert.equal(c.keys.length, 2);
    assert.ok(reads > 0 && reads <= sigs.length, `stored signatures read back once each at most (${reads})`);
  });

  test('columns give the same analysis as the objects they replace', () => {
    const r = rng(4);
    const items: DuplicateInput[] = [];
    for (let i = 0; i < 3000; i++) {
      const base = Math.floor(r() * 1200);
      const sig = Buffer.alloc(8);
      sig.writeUInt32BE((base * 2654435761) >>> 0, 0);
      // Near copies: a bit or two flipped.
      sig.writeUInt32BE((base * 40503 + (r() < 0.3 ? 1 << Math.floor(r() * 8) : 0)) >>> 0, 4);
      items.push({
        key: `k${String(i).padStart(5, '0')}-é`,
        score: r() < 0.1 ? null : Math.round(r() * 100) / 100,
        exactKey: r() < 0.2 ? `exact-${base}` : null,
        nearSig: r() < 0.95 ? sig : null,
        captionKey: r() < 0.5 ? `caption-${Math.floor(r() * 500)}` : null,
      });
    }
    const cols = DuplicateInputs.from('IMAGE_CAPTION', items);
    assert.equal(cols.length, items.length);
    assert.equal(cols.key(7), items[7].key);
    assert.equal(cols.score(7), items[7].score);
    const a = findDuplicates('IMAGE_CAPTION', items, { radius: 2, jaccard: 0.8 });
    const b = findDuplicates('IMAGE_CAPTION', cols, { radius: 2, jaccard: 0.8 });
    assert.deepEqual(b, a);
    // Against a naive reference over the objects (strings compared as strings, every pair scanned).
    const groupsOf = (keyOf: (d: DuplicateInput) => string | null) => {
      const m = new Map<string, string[]>();
      for (const d of items) {
        const k = keyOf(d);
        if (k !== null) m.set(k, [...(m.get(k) ?? []), d.key]);
      }
      return [...m.values()].filter((g) => g.length > 1).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    };
    assert.deepEqual(a.clusters.filter((c) => c.kind === 'EXACT').map((c) => c.keys), groupsOf((d) => d.exactKey));
    const byKey = new Map(items.map((d) => [d.key, d]));
    const captionGroups = groupsOf((d) => d.captionKey).filter((g) => new Set(g.map((k) => byKey.get(k)!.exactKey ?? `#${k}`)).size > 1);
    assert.deepEqual(a.clusters.filter((c) => c.kind === 'CAPTION').map((c) => c.keys), captionGroups);
    const nearKeys = new Set<string>();
    const popcount = (x: number) => {
      let n = 0;
      for (; x; x &= x - 1) n++;
      return n;
    };
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const p = items[i];
        const q = items[j];
        if (!p.nearSig || !q.nearSig || (p.exactKey !== null && p.exactKey === q.exactKey)) continue;
        const [x, y] = [p.nearSig as Buffer, q.nearSig as Buffer];
        const d = popcount(x.readUInt32BE(0) ^ y.readUInt32BE(0)) + popcount(x.readUInt32BE(4) ^ y.readUInt32BE(4));
        if (d <= 2) nearKeys.add(p.key).add(q.key);
      }
    }
    assert.deepEqual(new Set([...a.flags].filter(([, f]) => f.has('NEAR_DUPLICATE')).map(([k]) => k)), nearKeys);
    const kinds = new Set(a.clusters.map((c) => c.kind));
    assert.deepEqual([...kinds].sort(), ['CAPTION', 'EXACT', 'NEAR'], 'the sample has every kind of cluster');
  });
});
