import type { Modality } from '../datasets/index.js';
import { MINHASH_PERMUTATIONS, type DuplicateFlag } from '../../media/quality/types.js';
import { clusterPairs, findHammingPairs, findMinHashPairs } from '../../media/quality/near-dup.js';
import { digest64 } from '../../lib/u64-set.js';

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
  nearSig: Uint8Array | null;
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

/**
 * The inputs of a duplicate search, column by column: item keys back to back as UTF-8, scores,
 * 64-bit digests of the exact and caption keys (U64Set's digest64) and the signatures in one
 * typed array. A few hundred bytes an item (a text signature is 256 of them) and no object per
 * item, so that a whole ref's inputs stay small and cheap for the GC; only the members of
 * clusters are ever turned back into key strings.
 */
export class DuplicateInputs {
  private keyBytes: Uint8Array;
  private keyEnd: Int32Array;
  private keyUsed = 0;
  private scores: Float64Array;
  /** exact (and, for captions, caption) digest hi, lo; has: bit 1 exact, bit 2 caption. */
  private exactHi: Uint32Array;
  private exactLo: Uint32Array;
  private captionHi: Uint32Array;
  private captionLo: Uint32Array;
  private has: Uint8Array;
  /**
   * Signatures of the expected size, back to back, and the item each belongs to. Text signatures
   * read from a store (`fullSignature` given) keep only the low 8 bits of each value here, a
   * quarter of the memory: the search finds its candidates on them and checks each pair found against the
   * full signatures, read back then (see findMinHashPairs' equalPositions).
   */
  private sigs: Uint32Array | Uint8Array;
  /** Per signature row, what `fullSignature` is asked for (the revision id), in the 8-bit mode. */
  private sigRef: Float64Array | null;
  private sigItem: Int32Array;
  private nSigs = 0;
  private n = 0;
  private readonly sigWords: number;
  private static readonly encoder = new TextEncoder();
  private static readonly decoder = new TextDecoder();

  /**
   * `expected`: how many items will be pushed, when known (a ref scan counts the ref first): the
   * arrays, the signatures above all, are then allocated once at their size and never copied to
   * grow. `fullSignature`: reads a text item's stored signature back by the `ref` given to push
   * (its revision id); with it, text signatures are held as 8-bit values (64 bytes an item
   * instead of 256), without it whole.
   */
  constructor(
    private readonly modality: Modality,
    expected = 1024,
    private readonly fullSignature: ((ref: number) => Uint8Array | null) | null = null,
  ) {
    const cap = Math.max(16, expected);
    this.sigWords = modality === 'TEXT_PAIR' ? MINHASH_PERMUTATIONS : 2;
    this.keyBytes = new Uint8Array(Math.max(4096, cap * 24));
    this.keyEnd = new Int32Array(cap);
    this.scores = new Float64Array(cap);
    this.exactHi = new Uint32Array(cap);
    this.exactLo = new Uint32Array(cap);
    // Only image captions are grouped by caption.
    const captions = modality === 'IMAGE_CAPTION' ? cap : 0;
    this.captionHi = new Uint32Array(captions);
    this.captionLo = new Uint32Array(captions);
    this.has = new Uint8Array(cap);
    const half = modality === 'TEXT_PAIR' && fullSignature !== null;
    this.sigs = half ? new Uint8Array(cap * this.sigWords) : new Uint32Array(cap * this.sigWords);
    this.sigRef = half ? new Float64Array(cap) : null;
    this.sigItem = new Int32Array(cap);
  }

  static from(modality: Modality, items: readonly DuplicateInput[]): DuplicateInputs {
    const out = new DuplicateInputs(modality, items.length);
    for (const d of items) out.push(d.key, d.score, d.exactKey, d.nearSig, d.captionKey);
    return out;
  }

  get length(): number {
    return this.n;
  }

  private growItems(): void {
    const cap = this.scores.length * 2;
    const grow = <T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.keyEnd = grow(this.keyEnd, (k) => new Int32Array(k));
    this.scores = grow(this.scores, (k) => new Float64Array(k));
    this.exactHi = grow(this.exactHi, (k) => new Uint32Array(k));
    this.exactLo = grow(this.exactLo, (k) => new Uint32Array(k));
    if (this.modality === 'IMAGE_CAPTION') {
      this.captionHi = grow(this.captionHi, (k) => new Uint32Array(k));
      this.captionLo = grow(this.captionLo, (k) => new Uint32Array(k));
    }
    this.has = grow(this.has, (k) => new Uint8Array(k));
  }

  /** `ref`: what fullSignature reads this item's signature back by (its revision id). */
  push(key: string, score: number | null, exactKey: string | null, nearSig: Uint8Array | null, captionKey: string | null, ref = -1): void {
    if (this.n === this.scores.length) this.growItems();
    const i = this.n++;
    // Keys: at most 3 bytes of UTF-8 per UTF-16 unit.
    while (this.keyUsed + key.length * 3 > this.keyBytes.length) {
      const b = new Uint8Array(Math.ceil(this.keyBytes.length * 1.5));
      b.set(this.keyBytes.subarray(0, this.keyUsed));
      this.keyBytes = b;
    }
    this.keyUsed += DuplicateInputs.encoder.encodeInto(key, this.keyBytes.subarray(this.keyUsed)).written;
    this.keyEnd[i] = this.keyUsed;
    this.scores[i] = score ?? Number.NaN;
    let has = 0;
    if (exactKey !== null) {
      [this.exactHi[i], this.exactLo[i]] = digest64(exactKey);
      has |= 1;
    }
    if (captionKey !== null && this.modality === 'IMAGE_CAPTION') {
      [this.captionHi[i], this.captionLo[i]] = digest64(captionKey);
      has |= 2;
    }
    this.has[i] = has;
    if (nearSig && nearSig.length === this.sigWords * 4) this.pushSig(i, nearSig, ref);
  }

  private pushSig(i: number, bytes: Uint8Array, ref: number): void {
    const w = this.sigWords;
    // (Grows only when pushes outnumber the expected count; ×1.5, the signatures being most of it.)
    if (this.nSigs === this.sigItem.length) {
      const items = new Int32Array(Math.ceil(this.sigItem.length * 1.5));
      items.set(this.sigItem);
      this.sigItem = items;
      const sigs = this.sigs instanceof Uint8Array ? new Uint8Array(items.length * w) : new Uint32Array(items.length * w);
      sigs.set(this.sigs);
      this.sigs = sigs;
      if (this.sigRef) {
        const refs = new Float64Array(items.length);
        refs.set(this.sigRef);
        this.sigRef = refs;
      }
    }
    const j = this.nSigs++;
    this.sigItem[j] = i;
    if (this.sigRef) this.sigRef[j] = ref;
    // MinHash signatures are stored as little-endian u32s; 64-bit hashes as 8 big-endian bytes (hi, lo).
    const big = w === 2;
    for (let k = 0, o = 0; k < w; k++, o += 4) {
      const v = big
        ? (bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3]
        : bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24);
      // (A Uint8Array keeps the low 8 bits.)
      this.sigs[j * w + k] = v >>> 0;
    }
  }

  key(i: number): string {
    return DuplicateInputs.decoder.decode(this.keyBytes.subarray(i === 0 ? 0 : this.keyEnd[i - 1], this.keyEnd[i]));
  }

  score(i: number): number | null {
    const s = this.scores[i];
    return Number.isNaN(s) ? null : s;
  }

  hasExact(i: number): boolean {
    return (this.has[i] & 1) !== 0;
  }

  /** Both items have an exact key and it is the same. */
  sameExact(a: number, b: number): boolean {
    return this.hasExact(a) && this.hasExact(b) && this.exactHi[a] === this.exactHi[b] && this.exactLo[a] === this.exactLo[b];
  }

  /** Groups (item indices ascending) of ≥ 2 items with the same exact (or caption) digest, by first member. */
  groups(which: 'exact' | 'caption'): number[][] {
    const bit = which === 'exact' ? 1 : 2;
    const hi = which === 'exact' ? this.exactHi : this.captionHi;
    const lo = which === 'exact' ? this.exactLo : this.captionLo;
    let m = 0;
    for (let i = 0; i < this.n; i++) if (this.has[i] & bit) m++;
    const idx = new Uint32Array(m);
    m = 0;
    for (let i = 0; i < this.n; i++) if (this.has[i] & bit) idx[m++] = i;
    idx.sort((a, b) => hi[a] - hi[b] || lo[a] - lo[b] || a - b);
    const out: number[][] = [];
    for (let s = 0; s < idx.length; ) {
      let e = s + 1;
      while (e < idx.length && hi[idx[e]] === hi[idx[s]] && lo[idx[e]] === lo[idx[s]]) e++;
      if (e - s > 1) out.push(Array.from(idx.subarray(s, e)));
      s = e;
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  /**
   * The signatures (dense), per signature row its item, and in the 8-bit mode the equal
   * positions of two rows at full precision (their stored signatures, read back once each).
   */
  signatures(): { sigs: Uint32Array | Uint8Array; items: Int32Array; count: number; equalPositions?: (a: number, b: number) => number } {
    const out = { sigs: this.sigs.subarray(0, this.nSigs * this.sigWords), items: this.sigItem.subarray(0, this.nSigs), count: this.nSigs };
    const refs = this.sigRef;
    const read = this.fullSignature;
    if (!refs || !read) return out;
    const w = this.sigWords;
    const full = new Map<number, Uint32Array | null>();
    const get = (row: number) => {
      let f = full.get(row);
      if (f === undefined) {
        const b = read(refs[row]);
        if (b && b.length === w * 4) {
          f = new Uint32Array(w);
          for (let k = 0; k < w; k++) f[k] = (b[4 * k] | (b[4 * k + 1] << 8) | (b[4 * k + 2] << 16) | (b[4 * k + 3] << 24)) >>> 0;
        } else f = null;
        full.set(row, f);
      }
      return f;
    };
    const equalPositions = (a: number, b: number) => {
      const fa = get(a);
      const fb = get(b);
      // (A signature gone from the store meanwhile: the pair is not confirmed.)
      if (!fa || !fb) return 0;
      let eq = 0;
      for (let k = 0; k < w; k++) if (fa[k] === fb[k]) eq++;
      return eq;
    };
    return { ...out, equalPositions };
  }
}

function representative(items: DuplicateInputs, members: readonly number[]): string {
  let best = members[0];
  let bestKey = items.key(best);
  for (const i of members) {
    if (i === best) continue;
    const a = items.score(i) ?? -1;
    const b = items.score(best) ?? -1;
    if (a < b) continue;
    const k = items.key(i);
    if (a > b || k < bestKey) {
      best = i;
      bestKey = k;
    }
  }
  return bestKey;
}

/**
 * Exact, near and caption duplicates among the items of one ref (items in key order). Exact:
 * equal exactKey. Near: 64-bit hashes within `radius` (multi-index Hamming search) or MinHash
 * signatures with estimated Jaccard ≥ `jaccard` (LSH), pairs that are not exact, grouped into
 * connected components. Caption: the same normalised caption on items that are not exact copies.
 */
export function findDuplicates(modality: Modality, input: DuplicateInputs | readonly DuplicateInput[], s: DuplicateSettings): DuplicateAnalysis {
  const items = input instanceof DuplicateInputs ? input : DuplicateInputs.from(modality, input);
  const flags = new Map<string, Set<DuplicateFlag | 'DUPLICATE_CAPTION'>>();
  const flag = (i: number, f: DuplicateFlag | 'DUPLICATE_CAPTION') => {
    const k = items.key(i);
    let set = flags.get(k);
    if (!set) flags.set(k, (set = new Set()));
    set.add(f);
  };
  const clusters: DuplicateCluster[] = [];
  const byFirstKey = (a: DuplicateCluster, b: DuplicateCluster) => (a.keys[0] < b.keys[0] ? -1 : a.keys[0] > b.keys[0] ? 1 : 0);
  const keysOf = (members: readonly number[]) => members.map((i) => items.key(i));

  // Exact
  const exact: DuplicateCluster[] = [];
  for (const g of items.groups('exact')) {
    g.forEach((i) => flag(i, 'EXACT_DUPLICATE'));
    exact.push({ kind: 'EXACT', keys: keysOf(g), representative: representative(items, g), maxDistance: 0, minSimilarity: 1 });
  }
  clusters.push(...exact.sort(byFirstKey));

  // Near: only items with a signature of the expected size are searched.
  const { sigs, items: sigItem, count, equalPositions } = items.signatures();
  const near: Array<{ a: number; b: number; d: number }> = [];
  if (count > 1) {
    if (modality === 'TEXT_PAIR') {
      for (const p of findMinHashPairs(sigs, count, { threshold: s.jaccard, equalPositions })) near.push({ a: sigItem[p.a], b: sigItem[p.b], d: p.similarity });
    } else {
      for (const p of findHammingPairs(sigs as Uint32Array, s.radius)) near.push({ a: sigItem[p.a], b: sigItem[p.b], d: p.distance });
    }
  }
  const nonExact = near.filter((p) => !items.sameExact(p.a, p.b));
  if (nonExact.length) {
    for (const p of nonExact) {
      flag(p.a, 'NEAR_DUPLICATE');
      flag(p.b, 'NEAR_DUPLICATE');
    }
    // Components over every near pair (exact twins of a near item join its cluster).
    const comps = clusterPairs(items.length, near);
    const hasNonExact = new Set<number>();
    const worst = new Map<number, number>();
    const compOf = new Map<number, number>();
    comps.forEach((c, ci) => c.forEach((i) => compOf.set(i, ci)));
    for (const p of nonExact) {
      const ci = compOf.get(p.a)!;
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
        keys: keysOf(c).sort(),
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
    for (const g of items.groups('caption')) {
      // Different images: not all members exact copies of one another.
      if (g.every((i) => items.sameExact(i, g[0]))) continue;
      g.forEach((i) => flag(i, 'DUPLICATE_CAPTION'));
      captions.push({ kind: 'CAPTION', keys: keysOf(g), representative: representative(items, g), maxDistance: null, minSimilarity: null });
    }
    clusters.push(...captions.sort(byFirstKey));
  }
  return { clusters, flags };
}
