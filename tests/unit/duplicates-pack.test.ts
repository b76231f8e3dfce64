/**
 * A duplicate analysis packed for the thread boundary (the ref-scan worker) and rebuilt: the same
 * clusters, flags, and Map and Set orders as findDuplicates made them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findDuplicates, type DuplicateAnalysis, type DuplicateInput } from '../../src/modules/quality/duplicates.js';
import { packDuplicates, packedTransferList, unpackDuplicates } from '../../src/modules/quality/duplicates-pack.js';

/** Deterministic 32-bit generator (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Image items: exact copies, near hashes (a few bits flipped), shared captions, items without a hash. */
function imageItems(n: number, seed: number): DuplicateInput[] {
  const next = rng(seed);
  const items: DuplicateInput[] = [];
  for (let i = 0; i < n; i++) {
    const sig = Buffer.alloc(8);
    const base = i > 0 && next() % 4 === 0 ? items[next() % i] : null;
    if (base?.nearSig) {
      (base.nearSig as Buffer).copy(sig);
      sig[next() % 8] ^= 1 << next() % 8;
    } else {
      sig.writeUInt32BE(next(), 0);
      sig.writeUInt32BE(next(), 4);
    }
    items.push({
      key: `img-${String(i).padStart(5, '0')}-é`,
      score: next() % 5 === 0 ? null : (next() % 1000) / 1000,
      exactKey: base && next() % 3 === 0 ? base.exactKey : `x${i}`,
      nearSig: next() % 20 === 0 ? null : sig,
      captionKey: next() % 6 === 0 ? 'a cat' : `caption ${i}`,
    });
  }
  return items;
}

function orders(a: DuplicateAnalysis) {
  return { keys: [...a.flags.keys()], sets: [...a.flags.values()].map((s) => [...s]), clusters: a.clusters.map((c) => c.keys.join(',')) };
}

describe('packed duplicate analyses', () => {
  test('unpack(pack(a)) equals a, orders included', async () => {
    for (const seed of [1, 2, 3]) {
      const a = findDuplicates('IMAGE_CAPTION', imageItems(10_000, seed), { radius: 4, jaccard: 0.8 });
      assert.ok(a.clusters.some((c) => c.kind === 'NEAR') && a.clusters.some((c) => c.kind === 'CAPTION') && a.clusters.some((c) => c.kind === 'EXACT'));
      const packed = packDuplicates(a);
      // Only buffers cross: a structured clone with them transferred gives the same result.
      const moved = structuredClone(packed, { transfer: packedTransferList(packed) });
      let pauses = 0;
      const b = await unpackDuplicates(moved, async () => void pauses++);
      assert.deepEqual(b, a);
      assert.deepEqual(orders(b), orders(a));
      assert.ok(pauses > 0, 'the rebuild pauses between steps');
    }
  });

  test('an empty analysis', async () => {
    const a: DuplicateAnalysis = { clusters: [], flags: new Map() };
    assert.deepEqual(await unpackDuplicates(packDuplicates(a)), a);
  });
});
