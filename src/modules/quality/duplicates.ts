import type { Modality } from '../datasets/index.js';
import { MINHASH_PERMUTATIONS, type DuplicateFlag } from '../../media/quality/types.js';
import { clusterPairs, findHammingPairs, findMinHashPairs } from '../../media/quality/near-dup.js';

export type DuplicateKind = 'EXACT' | 'NEAR' | 'CAPTION';

export interface DuplicateCluster {
  kind: DuplicateKind;
  /** Member keys in key order. */
  keys: string[];
  /** The member to keep: highest score, then smallest key. */
  representative: string;
  /** NEAR: the largest Hamming distance (hashes) or smallest estimated Jaccard (text) of a linking pair. */
  maxDistance: number | null;
  minSimilarity: number | null;
}

export interface DuplicateInput {
  key: string;
  score: number | null;
  exactKey: string | null;
  nearSig: Buffer | null;
  captionKey: string | null;
}

export interface DuplicateAnalysis {
  /** EXACT clusters, then NEAR, then CAPTION; each group ordered by first key. */
  clusters: DuplicateCluster[];
  /** Ref-dependent flags per key. */
  flags: Map<string, Set<DuplicateFlag | 'DUPLICATE_CAPTION'>>;
}

export interface DuplicateSettings {
  /** Hamming radius of 64-bit hashes (images, audio). */
  radius: number;
  /** Minimum estimated Jaccard of MinHash signatures (text). */
  jaccard: number;
}

function representative(items: readonly DuplicateInput[], members: readonly number[]): string {
  let best = members[0];
  for (const i of members) {
    const a = items[i].score ?? -1;
    const b = items[best].score ?? -1;
    if (a > b || (a === b && items[i].key < items[best].key)) best = i;
  }
  return items[best].key;
}

function groupBy(items: readonly DuplicateInput[], keyOf: (d: DuplicateInput) => string | null): number[][] {
  const groups = new Map<string, number[]>();
  items.forEach((d, i) => {
    const k = keyOf(d);
    if (k === null) return;
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * Exact, near and caption duplicates among the items of one ref (items in key order). Exact:
 * equal exactKey. Near: 64-bit hashes within `radius` (multi-index Hamming search) or MinHash
 * signatures with estimated Jaccard ≥ `jaccard` (LSH), pairs that are not exact, grouped into
 * connected components. Caption: the same normalised caption on items that are not exact copies.
 */
export function findDuplicates(modality: Modality, items: readonly DuplicateInput[], s: DuplicateSettings): DuplicateAnalysis {
  const flags = new Map<string, Set<DuplicateFlag | 'DUPLICATE_CAPTION'>>();
  const flag = (i: number, f: DuplicateFlag | 'DUPLICATE_CAPTION') => {
    const k = items[i].key;
    let set = flags.get(k);
    if (!set) flags.set(k, (set = new Set()));
    set.add(f);
  };
  const clusters: DuplicateCluster[] = [];
  const byFirstKey = (a: DuplicateCluster, b: DuplicateCluster) => (a.keys[0] < b.keys[0] ? -1 : a.keys[0] > b.keys[0] ? 1 : 0);

  // Exact
  const exact: DuplicateCluster[] = [];
  for (const g of groupBy(items, (d) => d.exactKey)) {
    g.forEach((i) => flag(i, 'EXACT_DUPLICATE'));
    exact.push({ kind: 'EXACT', keys: g.map((i) => items[i].key), representative: representative(items, g), maxDistance: 0, minSimilarity: 1 });
  }
  clusters.push(...exact.sort(byFirstKey));

  // Near: search only items with a signature of the expected size.
  const sigBytes = modality === 'TEXT_PAIR' ? MINHASH_PERMUTATIONS * 4 : 8;
  const idx: number[] = [];
  items.forEach((d, i) => {
    if (d.nearSig && d.nearSig.length === sigBytes) idx.push(i);
  });
  const near: Array<{ a: number; b: number; d: number }> = [];
  if (idx.length > 1) {
    if (modality === 'TEXT_PAIR') {
      const sigs = new Uint32Array(idx.length * MINHASH_PERMUTATIONS);
      idx.forEach((i, j) => {
        const b = items[i].nearSig!;
        sigs.set(new Uint32Array(b.buffer, b.byteOffset, MINHASH_PERMUTATIONS).slice(), j * MINHASH_PERMUTATIONS);
      });
      for (const p of findMinHashPairs(sigs, idx.length, { threshold: s.jaccard })) near.push({ a: idx[p.a], b: idx[p.b], d: p.similarity });
    } else {
      const words = new Uint32Array(idx.length * 2);
      idx.forEach((i, j) => {
        const b = items[i].nearSig!;
        words[2 * j] = b.readUInt32BE(0);
        words[2 * j + 1] = b.readUInt32BE(4);
      });
      for (const p of findHammingPairs(words, s.radius)) near.push({ a: idx[p.a], b: idx[p.b], d: p.distance });
    }
  }
  const nonExact = near.filter((p) => items[p.a].exactKey === null || items[p.a].exactKey !== items[p.b].exactKey);
  if (nonExact.length) {
    for (const p of nonExact) {
      flag(p.a, 'NEAR_DUPLICATE');
      flag(p.b, 'NEAR_DUPLICATE');
    }
    // Components over every near pair (exact twins of a near item join its cluster).
    const comps = clusterPairs(items.length, near);
    const hasNonExact = new Set<number>();
    const worst = new Map<number, number>();
    const compOf = new Int32Array(items.length).fill(-1);
    comps.forEach((c, ci) => c.forEach((i) => (compOf[i] = ci)));
    for (const p of nonExact) {
      const ci = compOf[p.a];
      hasNonExact.add(ci);
      const w = worst.get(ci);
      if (modality === 'TEXT_PAIR') worst.set(ci, w === undefined ? p.d : Math.min(w, p.d));
      else worst.set(ci, w === undefined ? p.d : Math.max(w, p.d));
    }
    const nearClusters: DuplicateCluster[] = [];
    comps.forEach((c, ci) => {
      if (!hasNonExact.has(ci)) return;
      const w = worst.get(ci) ?? null;
      nearClusters.push({
        kind: 'NEAR',
        keys: c.map((i) => items[i].key).sort(),
        representative: representative(items, c),
        maxDistance: modality === 'TEXT_PAIR' ? null : w,
        minSimilarity: modality === 'TEXT_PAIR' ? (w === null ? null : Math.round(w * 1e4) / 1e4) : null,
      });
    });
    clusters.push(...nearClusters.sort(byFirstKey));
  }

  // Same caption on different images
  if (modality === 'IMAGE_CAPTION') {
    const captions: DuplicateCluster[] = [];
    for (const g of groupBy(items, (d) => d.captionKey)) {
      if (new Set(g.map((i) => items[i].exactKey ?? `#${i}`)).size < 2) continue;
      g.forEach((i) => flag(i, 'DUPLICATE_CAPTION'));
      captions.push({ kind: 'CAPTION', keys: g.map((i) => items[i].key), representative: representative(items, g), maxDistance: null, minSimilarity: null });
    }
    clusters.push(...captions.sort(byFirstKey));
  }
  return { clusters, flags };
}
