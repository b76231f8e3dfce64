/**
 * Near-duplicate search (src/media/quality/near-dup.ts): the sub-quadratic searches against
 * the naive scans on seeded random data with planted near-duplicates and big groups of identical
 * items, planted-pair recall, clusters, edge cases.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  chooseHammingPlan,
  clusterPairs,
  findHammingPairs,
  findMinHashPairs,
  hexToWords,
  lshBanding,
  lshCandidateProbability,
  minEqualPositions,
  naiveHammingPairs,
  naiveMinHashPairs,
  type Pair,
  type SimilarPair,
} from '../../src/media/quality/near-dup.js';
import { rng } from '../helpers/rng.js';


const u32 = (r: () => number) => Math.floor(r() * 2 ** 32) >>> 0;

/**
 * n random 64-bit hashes; a share are copies of an earlier one with 1..maxFlips random bits
 * flipped; `groups` groups of `groupSize` identical hashes (some with a one-bit variant) on top.
 */
function hashes(n: number, seed: number, opts: { dupShare?: number; maxFlips?: number; groups?: number; groupSize?: number } = {}) {
  const { dupShare = 0.1, maxFlips = 12, groups = 0, groupSize = 50 } = opts;
  const r = rng(seed);
  const w = new Uint32Array(2 * n);
  const planted: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && r() < dupShare) {
      const src = Math.floor(r() * i);
      w[2 * i] = w[2 * src];
      w[2 * i + 1] = w[2 * src + 1];
      const flips = 1 + Math.floor(r() * maxFlips);
      for (let f = 0; f < flips; f++) {
        const b = Math.floor(r() * 64);
        w[2 * i + (b >> 5)] ^= 1 << (b & 31);
      }
      planted.push([src, i]);
    } else {
      w[2 * i] = u32(r);
      w[2 * i + 1] = u32(r);
    }
  }
  for (let g = 0; g < groups; g++) {
    const hi = u32(r);
    const lo = u32(r);
    for (let k = 0; k < groupSize; k++) {
      const i = Math.floor(r() * n);
      w[2 * i] = hi;
      w[2 * i + 1] = k % 5 === 4 ? lo ^ (1 << (k & 31)) : lo;
    }
  }
  return { words: w, planted };
}

/** Signatures of `perms` random u32; a share copies ≥ minKeep of the positions of an earlier one. */
function signatures(n: number, seed: number, opts: { perms?: number; dupShare?: number; minKeep?: number; groups?: number; groupSize?: number } = {}) {
  const { perms = 64, dupShare = 0.1, minKeep = 0.85, groups = 0, groupSize = 50 } = opts;
  const r = rng(seed);
  const s = new Uint32Array(n * perms);
  const planted: Array<[number, number, number]> = [];
  const pos = Array.from({ length: perms }, (_, k) => k);
  for (let i = 0; i < n; i++) {
    for (let x = 0; x < perms; x++) s[i * perms + x] = u32(r);
    if (i > 0 && r() < dupShare) {
      const src = Math.floor(r() * i);
      const keep = Math.ceil(perms * (minKeep + r() * (1 - minKeep)));
      for (let k = perms - 1; k > 0; k--) {
        const j = Math.floor(r() * (k + 1));
        [pos[k], pos[j]] = [pos[j], pos[k]];
      }
      for (let k = 0; k < keep; k++) s[i * perms + pos[k]] = s[src * perms + pos[k]];
      planted.push([src, i, keep]);
    }
  }
  for (let g = 0; g < groups; g++) {
    const src = Math.floor(r() * n);
    for (let k = 0; k < groupSize; k++) {
      const i = Math.floor(r() * n);
      if (i !== src) s.copyWithin(i * perms, src * perms, (src + 1) * perms);
    }
  }
  return { sigs: s, planted };
}

function assertWellFormed(pairs: ReadonlyArray<{ a: number; b: number }>, n: number): void {
  for (let k = 0; k < pairs.length; k++) {
    const { a, b } = pairs[k];
    assert.ok(a >= 0 && a < b && b < n, `pair ${k} (${a}, ${b})`);
    if (k > 0) {
      const p = pairs[k - 1];
      assert.ok(p.a < a || (p.a === a && p.b < b), `pairs ${k - 1}, ${k} out of order or repeated`);
    }
  }
}

const popcount64 = (w: Uint32Array, i: number, j: number) => {
  let d = 0;
  for (let x = (w[2 * i] ^ w[2 * j]) >>> 0; x; x &= x - 1) d++;
  for (let x = (w[2 * i + 1] ^ w[2 * j + 1]) >>> 0; x; x &= x - 1) d++;
  return d;
};

describe('hexToWords', () => {
  test('splits each hash into hi and lo words', () => {
    const w = hexToWords(['0123456789abcdef', 'FFFFFFFF00000000', '0000000000000000']);
    assert.deepEqual([...w], [0x01234567, 0x89abcdef, 0xffffffff, 0, 0, 0]);
    assert.equal(hexToWords([]).length, 0);
  });
  test('rejects malformed hashes', () => {
    for (const bad of ['0123', '0123456789abcdeg', '0123456789abcdef0', ' 123456789abcdef']) {
      assert.throws(() => hexToWords([bad]), /16 hex chars/);
    }
  });
});

describe('findHammingPairs', () => {
  test('equals the naive scan: seeds × radii 0..12, planted near-duplicates and identical groups', () => {
    for (const seed of [1, 2, 3, 4]) {
      const { words } = hashes(1200, seed, { groups: 4, groupSize: 50 });
      for (let r = 0; r <= 12; r++) {
        const naive = naiveHammingPairs(words, r);
        const ours = findHammingPairs(words, r);
        assert.deepEqual(ours, naive, `seed ${seed}, r ${r}`);
      }
    }
  });

  test('equals the naive scan under every forced plan (chunk counts, bits left out, naive)', () => {
    const { words } = hashes(800, 7, { groups: 2, groupSize: 30 });
    const plans = [{ chunks: 1 }, { chunks: 2, bits: 40 }, { chunks: 3 }, { chunks: 4 }, { chunks: 4, bits: 60 }, { chunks: 5 }, { chunks: 7, bits: 50 }, { chunks: 8 }];
    for (const r of [0, 1, 3, 5, 8, 11, 16]) {
      const naive = naiveHammingPairs(words, r);
      for (const opts of plans) {
        // few chunks at a big radius enumerate a huge ball per chunk: correct, only slow
        if (r > 8 && (opts.chunks ?? 9) <= 3) continue;
        assert.deepEqual(findHammingPairs(words, r, opts), naive, `r ${r}, ${JSON.stringify(opts)}`);
      }
    }
  });

  test('distances are right and each pair comes once, sorted', () => {
    const { words } = hashes(2000, 11, { groups: 3 });
    const pairs = findHammingPairs(words, 10);
    assertWellFormed(pairs, 2000);
    for (const p of pairs) assert.equal(p.distance, popcount64(words, p.a, p.b));
  });

  test('many identical hashes: output is exactly the true pairs (C(k, 2) per group), no repeats', () => {
    // 20 groups of 50 identical hashes in 1000: 20 × 1225 pairs at distance 0
    const n = 1000;
    const r = rng(5);
    const words = new Uint32Array(2 * n);
    for (let g = 0; g < 20; g++) {
      const hi = u32(r);
      const lo = u32(r);
      for (let k = 0; k < 50; k++) {
        words[2 * (g * 50 + k)] = hi;
        words[2 * (g * 50 + k) + 1] = lo;
      }
    }
    for (const radius of [0, 4, 8, 12]) {
      const pairs = findHammingPairs(words, radius);
      assertWellFormed(pairs, n);
      assert.equal(pairs.length, 20 * 1225, `r ${radius}`);
      assert.ok(pairs.every((p) => p.distance === 0 && Math.floor(p.a / 50) === Math.floor(p.b / 50)));
    }
    // all n identical: every one of the n(n-1)/2 pairs, once
    const same = new Uint32Array(2 * 600).fill(0xdeadbeef);
    assert.equal(findHammingPairs(same, 3).length, (600 * 599) / 2);
  });

  test('finds every planted near-duplicate on 30k hashes (sub-quadratic plan)', () => {
    const n = 30_000;
    const { words, planted } = hashes(n, 21, { dupShare: 0.05, maxFlips: 8 });
    const plan = chooseHammingPlan(n, 8);
    assert.ok(plan.chunks > 1, 'not the naive scan');
    const found = new Set(findHammingPairs(words, 8).map((p) => p.a * n + p.b));
    for (const [a, b] of planted) assert.ok(found.has(a * n + b), `planted pair (${a}, ${b}) missed`);
  });

  test('edge cases: n = 0, 1, 2; bad input', () => {
    assert.deepEqual(findHammingPairs(new Uint32Array(0), 5), []);
    assert.deepEqual(findHammingPairs(new Uint32Array([1, 2]), 5), []);
    assert.deepEqual(findHammingPairs(new Uint32Array([1, 2, 1, 3]), 0), []);
    assert.deepEqual(findHammingPairs(new Uint32Array([1, 2, 1, 3]), 1), [{ a: 0, b: 1, distance: 1 }]);
    assert.deepEqual(findHammingPairs(new Uint32Array([0, 0, 0xffffffff, 0xffffffff]), 64), [{ a: 0, b: 1, distance: 64 }]);
    assert.deepEqual(naiveHammingPairs(new Uint32Array(0), 3), []);
    assert.throws(() => findHammingPairs(new Uint32Array(3), 1), /two u32/);
    assert.throws(() => findHammingPairs(new Uint32Array(4), -1), /radius/);
    assert.throws(() => findHammingPairs(new Uint32Array(4), 1.5), /radius/);
  });
});

describe('findMinHashPairs', () => {
  test('default banding: 16 × 4 at 0.8 (bands exceed the 12 mismatches allowed), S-curve', () => {
    assert.deepEqual(lshBanding(64, 0.8), { bands: 16, rows: 4 });
    assert.equal(minEqualPositions(64, 0.8), 52);
    assert.equal(minEqualPositions(64, 0.75), 48);
    for (const t of [0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1]) {
      const { bands, rows } = lshBanding(64, t);
      assert.ok(bands * rows <= 64 && bands > 64 - minEqualPositions(64, t), `threshold ${t}: ${bands} × ${rows}`);
    }
    assert.ok(lshCandidateProbability(0.8, 16, 4) > 0.9997);
    assert.ok(lshCandidateProbability(0.3, 16, 4) < 0.13);
  });

  test('equals the naive scan for thresholds 0.5..1, with identical groups', () => {
    for (const seed of [1, 2, 3]) {
      const n = 700;
      const { sigs } = signatures(n, seed, { minKeep: 0.5, groups: 3, groupSize: 40 });
      for (const threshold of [0.5, 0.7, 0.8, 0.85, 0.9, 1]) {
        assert.deepEqual(findMinHashPairs(sigs, n, { threshold }), naiveMinHashPairs(sigs, n, threshold), `seed ${seed}, threshold ${threshold}`);
      }
    }
  });

  test('equals the naive scan on skewed signatures (frequent values fill huge same-band groups, split recursively)', () => {
    // like real text, where frequent words own the minimum of many permutations: each position
    // takes one of a few common values with probability `common`, so thousands share whole bands
    const n = 1000;
    for (const [seed, common, pool] of [
      [11, 0.8, 2],
      [12, 0.9, 3],
      [13, 0.7, 1],
    ]) {
      const r = rng(seed);
      const sigs = new Uint32Array(n * 64);
      const values = Array.from({ length: 64 * pool }, () => u32(r));
      for (let i = 0; i < n; i++) {
        for (let x = 0; x < 64; x++) sigs[i * 64 + x] = r() < common ? values[x * pool + Math.floor(r() * r() * pool)] : u32(r);
        if (i > 0 && r() < 0.05) {
          // a near-duplicate of an earlier item: 0..14 positions changed
          const src = Math.floor(r() * i);
          sigs.copyWithin(i * 64, src * 64, (src + 1) * 64);
          for (let k = Math.floor(r() * 15); k > 0; k--) sigs[i * 64 + Math.floor(r() * 64)] = u32(r);
        }
      }
      for (let k = 0; k < 40; k++) sigs.copyWithin(Math.floor(r() * n) * 64, 7 * 64, 8 * 64); // identical ones
      for (const threshold of [0.7, 0.8, 0.9]) {
        assert.deepEqual(findMinHashPairs(sigs, n, { threshold }), naiveMinHashPairs(sigs, n, threshold), `seed ${seed}, threshold ${threshold}`);
      }
      const naive = naiveMinHashPairs(sigs, n, 0.8);
      const inNaive = new Set(naive.map((p) => p.a * n + p.b));
      for (const opts of [{ bands: 15, rows: 4 }, { bands: 21, rows: 3 }, { bands: 8, rows: 8 }]) {
        // bandings of its own that are still exact (more bands than the 12 mismatches), and one that is not
        const ours = findMinHashPairs(sigs, n, opts);
        assertWellFormed(ours, n);
        if (opts.bands > 12) assert.deepEqual(ours, naive, `seed ${seed}, ${opts.bands} × ${opts.rows}`);
        else for (const p of ours) assert.ok(inNaive.has(p.a * n + p.b), `seed ${seed}, 8 × 8: (${p.a}, ${p.b})`);
      }
    }
  });

  test('exact at the edges: only the first and last 3 bands equal; a 32-bit band-hash collision', () => {
    // two band-0 values (rows 0..3) whose band hashes collide (found by a birthday search)
    const A = [1, 2, 3380947422, 2926036581];
    const B = [1, 2, 620395778, 3888474249];
    const n = 60;
    const r = rng(21);
    const sigs = new Uint32Array(n * 64);
    for (let x = 0; x < sigs.length; x++) sigs[x] = u32(r);
    // 40 items share band 0's hash (a group big enough to be split), half of them its value
    for (let i = 0; i < 40; i++) sigs.set(i % 2 ? B : A, i * 64);
    // (0, 2): 12 mismatches, one in each of bands 1..12, so equal only on bands 0, 13, 14, 15 (D = 4)
    sigs.copyWithin(2 * 64, 0, 64);
    for (let band = 1; band <= 12; band++) sigs[2 * 64 + band * 4 + (band % 4)] ^= 1;
    // (4, 5): band 0 differs but hashes alike; 3 more mismatches (bands 3, 7, 9)
    sigs.copyWithin(5 * 64, 4 * 64, 5 * 64);
    sigs.set(B, 5 * 64);
    for (const x of [13, 29, 38]) sigs[5 * 64 + x] ^= 1;
    const naive = naiveMinHashPairs(sigs, n, 0.8);
    assert.deepEqual(
      naive.map((p) => [p.a, p.b, p.similarity]),
      [
        [0, 2, 52 / 64],
        [4, 5, 59 / 64],
      ],
    );
    assert.deepEqual(findMinHashPairs(sigs, n), naive);
  });

  test('finds every planted pair (≥ 85 % of the positions copied) at 0.8, similarities right', () => {
    const n = 20_000;
    const { sigs, planted } = signatures(n, 9, { dupShare: 0.05 });
    const pairs = findMinHashPairs(sigs, n);
    assertWellFormed(pairs, n);
    const byKey = new Map(pairs.map((p) => [p.a * n + p.b, p]));
    for (const [a, b, keep] of planted) {
      const p = byKey.get(a * n + b);
      assert.ok(p, `planted pair (${a}, ${b}) missed`);
      assert.ok(p.similarity >= keep / 64 && p.similarity >= 0.8);
    }
  });

  test('a banding of your own: a subset of the naive result, each pair once', () => {
    const n = 600;
    const { sigs } = signatures(n, 4, { minKeep: 0.6 });
    const naive = naiveMinHashPairs(sigs, n, 0.6);
    const key = (p: SimilarPair) => `${p.a},${p.b},${p.similarity}`;
    const all = new Set(naive.map(key));
    for (const opts of [{ bands: 8, rows: 8 }, { bands: 4 }, { rows: 16 }, { bands: 21, rows: 3 }]) {
      const ours = findMinHashPairs(sigs, n, { threshold: 0.6, ...opts });
      assertWellFormed(ours, n);
      for (const p of ours) assert.ok(all.has(key(p)), `${JSON.stringify(opts)}: ${key(p)} not in naive`);
    }
    assert.throws(() => findMinHashPairs(sigs, n, { bands: 9, rows: 8 }), /bands × rows/);
  });

  test('other signature lengths; edge cases', () => {
    const n = 300;
    const { sigs } = signatures(n, 6, { perms: 128, minKeep: 0.7 });
    assert.deepEqual(findMinHashPairs(sigs, n, { permutations: 128, threshold: 0.75 }), naiveMinHashPairs(sigs, n, 0.75));
    assert.deepEqual(findMinHashPairs(new Uint32Array(0), 0), []);
    assert.deepEqual(findMinHashPairs(new Uint32Array(64), 1), []);
    assert.deepEqual(naiveMinHashPairs(new Uint32Array(0), 0, 0.8), []);
    const two = new Uint32Array(128);
    assert.deepEqual(findMinHashPairs(two, 2), [{ a: 0, b: 1, similarity: 1 }]);
    assert.throws(() => findMinHashPairs(new Uint32Array(65), 1), /n × permutations/);
    assert.throws(() => findMinHashPairs(two, 2, { threshold: 1.5 }), /threshold/);
  });
});

describe('clusterPairs', () => {
  test('transitive, members ascending, clusters ordered by first member, singletons left out', () => {
    const pairs = [
      { a: 5, b: 9 },
      { a: 1, b: 7 },
      { a: 7, b: 3 },
      { a: 9, b: 2 },
      { a: 8, b: 8 },
    ];
    assert.deepEqual(clusterPairs(10, pairs), [
      [1, 3, 7],
      [2, 5, 9],
    ]);
  });

  test('a chain joins into one cluster; results of the searches cluster', () => {
    const n = 1000;
    const chain = Array.from({ length: n - 1 }, (_, i) => ({ a: n - 2 - i, b: n - 1 - i }));
    assert.deepEqual(clusterPairs(n, chain), [Array.from({ length: n }, (_, i) => i)]);
    const { words } = hashes(1500, 3, { groups: 5, groupSize: 20 });
    const pairs: Pair[] = findHammingPairs(words, 6);
    const clusters = clusterPairs(1500, pairs);
    const seen = new Set<number>();
    for (let c = 0; c < clusters.length; c++) {
      assert.ok(clusters[c].length >= 2);
      if (c > 0) assert.ok(clusters[c - 1][0] < clusters[c][0]);
      for (let k = 1; k < clusters[c].length; k++) assert.ok(clusters[c][k - 1] < clusters[c][k]);
      for (const i of clusters[c]) {
        assert.ok(!seen.has(i));
        seen.add(i);
      }
    }
    for (const p of pairs) assert.ok(seen.has(p.a) && seen.has(p.b));
  });

  test('edge cases', () => {
    assert.deepEqual(clusterPairs(0, []), []);
    assert.deepEqual(clusterPairs(1, []), []);
    assert.deepEqual(clusterPairs(3, []), []);
    assert.throws(() => clusterPairs(2, [{ a: 0, b: 2 }]), /out of range/);
  });
});
