/**
 * Near-duplicate search without the quadratic scan (pure functions, no DB). docs/quality.md ("Near-duplicate search")
 * explains the algorithms and the measured figures.
 *
 * - 64-bit perceptual hashes (16 hex chars, held as two u32 words hi, lo): all pairs within a
 *   Hamming radius, by multi-index hashing (Norouzi, Punjani & Fleet, "Fast Exact Search in
 *   Hamming Space with Multi-Index Hashing", 2014). Exact: same pairs as the naive scan.
 * - MinHash signatures (Uint32Array, `permutations` u32 per item, items back to back): all pairs
 *   whose estimated Jaccard (fraction of equal positions) is ≥ a threshold, by LSH banding. Exact
 *   too whenever bands > the mismatches the threshold allows (the defaults are chosen so).
 *
 * Every result lists each pair once, a < b, ordered by (a, b), the same order as the naive scans.
 */
import { MINHASH_PERMUTATIONS } from './types.js';

/** Two 64-bit hashes (indices a < b) at Hamming distance `distance`. */
export interface Pair {
  a: number;
  b: number;
  distance: number;
}

/** Two MinHash signatures (indices a < b) with estimated Jaccard `similarity` (equal positions / permutations). */
export interface SimilarPair {
  a: number;
  b: number;
  similarity: number;
}

export interface MinHashOptions {
  /** u32 per signature (default MINHASH_PERMUTATIONS = 64). */
  permutations?: number;
  /** LSH bands; with `rows`, bands × rows ≤ permutations (default: chosen from the threshold, see lshBanding). */
  bands?: number;
  /** Rows (signature positions) per band. */
  rows?: number;
  /** Minimum estimated Jaccard (default 0.8). */
  threshold?: number;
  /**
   * When `sigs` holds only some bits of each value (a Uint8Array of the low 8 bits: a quarter of
   * the memory), the equal positions of items a and b at full precision. Candidates are found and
   * filtered on `sigs`, which never loses a pair (equal values stay equal when truncated, so a
   * pair's truncated mismatches never exceed its real ones), and each pair found is kept only if
   * this count meets the threshold: the result is the full-precision one.
   */
  equalPositions?: (a: number, b: number) => number;
}

/** MinHash signatures: u32 values, or their low 8 bits (see MinHashOptions.equalPositions). */
export type MinHashSigs = Uint32Array | Uint8Array;

export interface HammingOptions {
  /** Force the number of chunks (2..16; at most 20 bits each), or 1 for the naive scan; default: the cheapest by the cost model. */
  chunks?: number;
  /** With `chunks`: bits indexed in all (default min(64, 20 × chunks)); fewer gives fuller buckets, the rest is only verified. */
  bits?: number;
}

const HEX16 = /^[0-9a-fA-F]{16}$/;

/** n hashes of 16 hex chars → 2n words: [hi0, lo0, hi1, lo1, …] (hi = the first 8 hex chars). */
export function hexToWords(hashes: readonly string[]): Uint32Array {
  const out = new Uint32Array(hashes.length * 2);
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i];
    if (typeof h !== 'string' || !HEX16.test(h)) throw new Error(`hash ${i} is not 16 hex chars: ${JSON.stringify(h)}`);
    out[2 * i] = parseInt(h.slice(0, 8), 16);
    out[2 * i + 1] = parseInt(h.slice(8), 16);
  }
  return out;
}

/** Bits set in x (a u32 or i32). */
function pop32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Bits set in the 64-bit value (x, y): the two halves summed after the 4-bit step (each nibble ≤ 8). */
function pop64(x: number, y: number): number {
  x -= (x >>> 1) & 0x55555555;
  y -= (y >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333) + (y & 0x33333333) + ((y >>> 2) & 0x33333333);
  x = (x & 0x0f0f0f0f) + ((x >>> 4) & 0x0f0f0f0f);
  return Math.imul(x, 0x01010101) >>> 24;
}

function checkWords(words: Uint32Array, radius: number): number {
  if (words.length % 2 !== 0) throw new Error('words must hold two u32 per hash (hi, lo)');
  if (!Number.isInteger(radius) || radius < 0) throw new Error(`radius must be an integer ≥ 0, got ${radius}`);
  const n = words.length / 2;
  if (n * n >= 2 ** 53) throw new Error(`too many hashes: ${n}`);
  return n;
}

/**
 * Collects pairs as keys a·n + b (exact in a double while n² < 2^53) so that one native
 * Float64Array sort orders them by (a, b) without a comparator.
 */
class PairKeys {
  private buf = new Float64Array(256);
  length = 0;
  push(key: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = key;
  }
  sorted(): Float64Array {
    return this.buf.subarray(0, this.length).sort();
  }
}

/** The quadratic baseline: every pair (i < j) within `radius`, ordered by (a, b). */
export function naiveHammingPairs(words: Uint32Array, radius: number): Pair[] {
  const n = checkWords(words, radius);
  const out: Pair[] = [];
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i];
    const lo = words[2 * i + 1];
    for (let j = i + 1; j < n; j++) {
      const d = pop64(hi ^ words[2 * j], lo ^ words[2 * j + 1]);
      if (d <= radius) out.push({ a: i, b: j, distance: d });
    }
  }
  return out;
}

/** Split 64 bits into m near-equal chunks, wider ones first (MSB first: chunk 0 = the top bits of hi). */
function chunkWidths(m: number, bits = 64): number[] {
  const base = Math.floor(bits / m);
  const extra = bits - base * m;
  return Array.from({ length: m }, (_, k) => base + (k < extra ? 1 : 0));
}

function binom(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Number of w-bit values within Hamming distance t of a value (0 when t < 0). */
function ballSize(w: number, t: number): number {
  let s = 0;
  for (let d = 0; d <= t; d++) s += binom(w, d);
  return s;
}

/**
 * Per-chunk search radii from the generalised pigeonhole principle: with r = s·m + a (0 ≤ a < m),
 * a pair within r has one of the first a+1 chunks within s or one of the others within s-1
 * (otherwise the distance is ≥ (a+1)(s+1) + (m-a-1)s = r+1). A radius of -1 means "not searched".
 */
function chunkRadii(m: number, r: number): number[] {
  const s = Math.floor(r / m);
  const a = r - s * m;
  return Array.from({ length: m }, (_, k) => (k <= a ? s : s - 1));
}

/** Widest chunk indexed directly (offsets array of 2^w + 1 u32: 4 MiB). */
const MAX_CHUNK_BITS = 20;

/**
 * Nanoseconds per step, fitted (least squares on relative error, ~10 % median error) to 80 runs
 * over 30k and 100k random hashes, r = 4..10, 3..7 chunks, on this box (Node 20, AMD EPYC,
 * 2 shared cores): one bucket visited in a dense join pass, one visited in a sparse pass (more
 * when the offsets array outgrows the L2 cache), one inner loop started (mostly a mispredicted
 * exit), one candidate checked (xor + popcount of a word), one item indexed, one bucket
 * allocated, a fixed cost per chunk, one pair of the naive scan.
 */
const NS = {
  denseVisit: 11,
  sparseVisit: 7.5,
  sparseVisitBig: 20,
  loopStart: 5,
  candidate: 2.4,
  itemBuild: 13.5,
  bucketBuild: 8.5,
  chunkFixed: 20_000,
  naivePair: 3.7,
};

export interface HammingPlan {
  /** Number of chunks; 1 = the naive scan. */
  chunks: number;
  /** Bits per chunk; they may add up to less than 64 (fuller buckets; the rest is only verified). */
  widths: number[];
  /** Search radius per chunk (-1: not searched), from the generalised pigeonhole principle. */
  radii: number[];
  /** Estimated milliseconds for n random hashes (for comparing plans). */
  estimatedMs: number;
}

/** Bucket joins are dense (every q) when at least a quarter of the buckets hold items. */
function isDense(n: number, w: number): boolean {
  return 4 * nonEmptyBuckets(n, w) > 2 ** w;
}

function nonEmptyBuckets(n: number, w: number): number {
  const b = 2 ** w;
  return b * -Math.expm1(-n / b);
}

/** The plan for m chunks over `bits` of the hash (split near-equally), and its estimated cost. */
export function hammingPlan(n: number, r: number, m: number, bits = 64): HammingPlan {
  const pairs = (n * (n - 1)) / 2;
  if (m === 1) return { chunks: 1, widths: [64], radii: [r], estimatedMs: (pairs * NS.naivePair) / 1e6 };
  if (!Number.isInteger(bits) || bits < m || bits > Math.min(64, m * MAX_CHUNK_BITS)) {
    throw new Error(`bits must be an integer in [${m}, ${Math.min(64, m * MAX_CHUNK_BITS)}] for ${m} chunks, got ${bits}`);
  }
  const widths = chunkWidths(m, bits);
  const radii = chunkRadii(m, r);
  let ns = 0;
  for (let k = 0; k < m; k++) {
    const w = widths[k];
    if (radii[k] < 0) continue;
    const buckets = 2 ** w;
    const lambda = n / buckets;
    const nz = nonEmptyBuckets(n, w);
    const dense = isDense(n, w);
    const ball = ballSize(w, radii[k]);
    ns += NS.chunkFixed + n * NS.itemBuild + buckets * NS.bucketBuild;
    ns += dense ? (buckets + (ball - 1) * (buckets / 2)) * NS.denseVisit : ball * nz * (w > 18 ? NS.sparseVisitBig : NS.sparseVisit);
    // inner loops: one per item of q per other mask (when q ^ mask holds items), one per item inside its bucket
    ns += ((ball - 1) * (nz / 2) * lambda * (nz / buckets) + n) * NS.loopStart;
    ns += ((n * n) / 2) * (ball / buckets) * NS.candidate;
  }
  return { chunks: m, widths, radii, estimatedMs: ns / 1e6 };
}

/**
 * The cheapest plan by the cost model: the naive scan, or 3..8 chunks of ≤ 20 bits over 40..64
 * bits of the hash. At 100k hashes: 4 or 5 chunks of 12..16 bits for r = 4..12.
 */
export function chooseHammingPlan(n: number, r: number): HammingPlan {
  let best = hammingPlan(n, r, 1);
  for (let m = 3; m <= 8; m++) {
    for (let bits = 64; bits >= 40; bits--) {
      if (Math.ceil(bits / m) > MAX_CHUNK_BITS) continue;
      const p = hammingPlan(n, r, m, bits);
      if (p.estimatedMs < best.estimatedMs) best = p;
    }
  }
  return best;
}

/** All w-bit masks of weight ≤ t, lightest first. */
function masksWithin(w: number, t: number): Uint32Array {
  const out: number[] = [];
  const rec = (start: number, left: number, mask: number) => {
    out.push(mask >>> 0);
    if (left === 0) return;
    for (let b = start; b < w; b++) rec(b + 1, left - 1, mask | (1 << b));
  };
  if (t >= 0) rec(0, Math.min(t, w), 0);
  const masks = Uint32Array.from(out);
  return masks.sort((x, y) => pop32(x) - pop32(y) || x - y);
}

/** The value of the chunk at bits [start, start+w) of the 64-bit (hi, lo), bit 0 = MSB of hi. */
function extractChunk(hi: number, lo: number, start: number, w: number): number {
  const end = start + w; // exclusive, ≤ 64
  let v: number;
  if (end <= 32) v = hi >>> (32 - end);
  else if (start >= 32) v = lo >>> (64 - end);
  else v = (hi << (end - 32)) | (lo >>> (64 - end));
  return (w === 32 ? v : v & ((1 << w) - 1)) >>> 0;
}

/** One chunk's CSR index: items grouped by chunk value, ids ascending within a bucket. */
interface ChunkIndex {
  /** offsets[q] .. offsets[q+1]: the positions of the items whose chunk value is q. */
  offsets: Uint32Array;
  /** Item id per position. */
  ids: Uint32Array;
  /** Per position: the word (hi or lo) checked first, and the other one. */
  first: Uint32Array;
  second: Uint32Array;
}

function buildChunkIndex(words: Uint32Array, v: Uint32Array, w: number, loFirst: boolean): ChunkIndex {
  const n = v.length;
  const buckets = 2 ** w;
  const offsets = new Uint32Array(buckets + 1);
  for (let i = 0; i < n; i++) offsets[v[i] + 1]++;
  for (let b = 0; b < buckets; b++) offsets[b + 1] += offsets[b];
  const cursor = offsets.slice(0, buckets);
  const ids = new Uint32Array(n);
  const first = new Uint32Array(n);
  const second = new Uint32Array(n);
  const f = loFirst ? 1 : 0;
  for (let i = 0; i < n; i++) {
    // ascending i: every bucket lists its ids in ascending order
    const p = cursor[v[i]]++;
    ids[p] = i;
    first[p] = words[2 * i + f];
    second[p] = words[2 * i + 1 - f];
  }
  return { offsets, ids, first, second };
}

/**
 * Every pair of items whose chunk values differ by one of `masks` (masks[0] = 0: pairs inside a
 * bucket) and whose full distance is ≤ radius, each unordered pair once: for a mask with top bit
 * h, each bucket q with bit h clear is joined with q ^ mask (> q). Dense chunks walk every such q
 * (for a fixed mask, q ascending walks the offsets block by block); sparse ones walk the list of
 * non-empty buckets. Both buckets' words are contiguous; the first word filters.
 */
function joinChunk(index: ChunkIndex, masks: Uint32Array, radius: number, dense: boolean, found: (x: number, y: number) => void): void {
  const { offsets: off, ids, first, second } = index;
  const buckets = off.length - 1;
  let nz: Uint32Array | null = null;
  if (!dense) {
    let count = 0;
    for (let q = 0; q < buckets; q++) if (off[q + 1] !== off[q]) count++;
    nz = new Uint32Array(count);
    count = 0;
    for (let q = 0; q < buckets; q++) if (off[q + 1] !== off[q]) nz[count++] = q;
  }
  // mask 0 (masks[0]): pairs inside a bucket
  const visits = nz ? nz.length : buckets;
  for (let z = 0; z < visits; z++) {
    const q = nz ? nz[z] : z;
    const e1 = off[q + 1];
    for (let p = off[q]; p < e1 - 1; p++) {
      const f = first[p];
      for (let p2 = p + 1; p2 < e1; p2++) {
        const d1 = pop32(f ^ first[p2]);
        if (d1 <= radius && d1 + pop32(second[p] ^ second[p2]) <= radius) found(ids[p], ids[p2]);
      }
    }
  }
  for (let mi = 1; mi < masks.length; mi++) {
    const mask = masks[mi];
    const hb = 31 - Math.clz32(mask);
    const top = 1 << hb;
    const low = top - 1;
    const count = nz ? nz.length : buckets / 2;
    for (let z = 0; z < count; z++) {
      let q: number;
      if (nz) {
        q = nz[z];
        if (q & top) continue;
      } else {
        q = ((z >>> hb) << (hb + 1)) | (z & low);
      }
      const s1 = off[q];
      const e1 = off[q + 1];
      if (s1 === e1) continue;
      const q2 = q ^ mask;
      const s2 = off[q2];
      const e2 = off[q2 + 1];
      for (let p = s1; p < e1; p++) {
        const f = first[p];
        for (let p2 = s2; p2 < e2; p2++) {
          let x = f ^ first[p2];
          x -= (x >>> 1) & 0x55555555;
          x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
          const d1 = Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
          if (d1 > radius) continue;
          if (d1 + pop32(second[p] ^ second[p2]) <= radius) found(ids[p], ids[p2]);
        }
      }
    }
  }
}

/**
 * All pairs of 64-bit hashes (two u32 words each, see hexToWords) within Hamming distance
 * ≤ radius, exact, ordered by (a, b).
 *
 * Multi-index hashing: the hash is cut into m chunks of w bits, each indexed in flat buckets
 * (CSR: offsets[2^w + 1] + item ids by counting sort, the items' words copied alongside so a
 * bucket's words are contiguous). By the generalised pigeonhole principle (chunkRadii) a pair
 * within r has some chunk k within t_k = ⌊r/m⌋ or ⌊r/m⌋ − 1; so for each chunk, each bucket is
 * joined with every bucket whose value differs by a mask of weight ≤ t_k (each unordered pair of
 * buckets once), and each candidate pair verified with a popcount of one word, then of the
 * other. A pair is kept only in the first chunk whose condition it meets, so it is emitted once
 * and the work per true pair is bounded (≤ m checks), even for big groups of identical hashes.
 * m, w and the bits indexed are chosen by a cost model (chooseHammingPlan); at 100k hashes:
 * 4 × 15 bits for r = 6, 5 × 13 bits for r = 4, 8, 10, 12. Skewed hashes (many sharing a chunk
 * value) fill some buckets and cost more; the result stays exact.
 */
export function findHammingPairs(words: Uint32Array, radius: number, opts: HammingOptions = {}): Pair[] {
  const n = checkWords(words, radius);
  if (n < 2) return [];
  let plan: HammingPlan;
  if (opts.chunks !== undefined) {
    const m = opts.chunks;
    if (!(m === 1 || (Number.isInteger(m) && m >= 2 && m <= 16))) throw new Error(`chunks must be 1 or 2..16, got ${m}`);
    plan = hammingPlan(n, radius, m, opts.bits ?? Math.min(64, m * MAX_CHUNK_BITS));
  } else {
    plan = chooseHammingPlan(n, radius);
  }
  if (plan.chunks === 1) return naiveHammingPairs(words, radius);
  const { chunks: m, widths, radii } = plan;

  // chunk values per item (for the first-chunk rule), then chunk by chunk: the CSR index, the join
  const vals: Uint32Array[] = [];
  let start = 0;
  for (let k = 0; k < m; k++) {
    const v = new Uint32Array(n);
    for (let i = 0; i < n; i++) v[i] = extractChunk(words[2 * i], words[2 * i + 1], start, widths[k]);
    vals.push(v);
    start += widths[k];
  }
  const keys = new PairKeys();
  /** A verified pair found in chunk k: kept unless an earlier chunk's condition holds too. */
  const accept = (k: number, x: number, y: number): void => {
    for (let e = 0; e < k; e++) if (pop32(vals[e][x] ^ vals[e][y]) <= radii[e]) return;
    keys.push(x < y ? x * n + y : y * n + x);
  };
  start = 0;
  for (let k = 0; k < m; k++) {
    const w = widths[k];
    // the word holding fewer of this chunk's bits is the better filter (its bits are not shared)
    const bitsInHi = Math.max(0, Math.min(32, start + w) - start);
    start += w;
    if (radii[k] < 0) continue;
    const index = buildChunkIndex(words, vals[k], w, bitsInHi * 2 > w);
    joinChunk(index, masksWithin(w, radii[k]), radius, isDense(n, w), (x, y) => accept(k, x, y));
  }

  const sorted = keys.sorted();
  const out: Pair[] = new Array(sorted.length);
  for (let s = 0; s < sorted.length; s++) {
    const key = sorted[s];
    const a = Math.floor(key / n);
    const b = key - a * n;
    out[s] = { a, b, distance: pop64(words[2 * a] ^ words[2 * b], words[2 * a + 1] ^ words[2 * b + 1]) };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// MinHash

function checkSigs(sigs: MinHashSigs, n: number, permutations: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`n must be an integer ≥ 0, got ${n}`);
  if (!Number.isInteger(permutations) || permutations < 1) throw new Error(`permutations must be an integer ≥ 1, got ${permutations}`);
  if (sigs.length !== n * permutations) throw new Error(`sigs holds ${sigs.length} u32, expected n × permutations = ${n * permutations}`);
  if (n * n >= 2 ** 53) throw new Error(`too many signatures: ${n}`);
}

/** Fewest equal positions (of `permutations`) for an estimated Jaccard ≥ threshold. */
export function minEqualPositions(permutations: number, threshold: number): number {
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`threshold must be in [0, 1], got ${threshold}`);
  // the epsilon absorbs float error (0.8 × 64 = 51.2 → 52; 0.75 × 64 = 48 → 48)
  return Math.max(0, Math.ceil(threshold * permutations - 1e-9));
}

/**
 * Default LSH banding for a threshold: the most rows per band such that bands = ⌊P / rows⌋
 * exceeds the mismatches the threshold allows (P − minEqual). Then every pair at or above the
 * threshold has at least one band with all rows equal (each mismatch spoils at most one band),
 * so the search is exact, and rows are as many as possible to keep dissimilar pairs apart.
 * 64 permutations at 0.8: up to 12 mismatches → 16 bands × 4 rows. Falls back to P bands × 1
 * row (exact whenever the threshold > 0) if nothing wider qualifies.
 */
export function lshBanding(permutations: number, threshold: number): { bands: number; rows: number } {
  const maxMismatch = permutations - minEqualPositions(permutations, threshold);
  for (let rows = permutations; rows >= 1; rows--) {
    const bands = Math.floor(permutations / rows);
    if (bands > maxMismatch) return { bands, rows };
  }
  return { bands: permutations, rows: 1 };
}

/**
 * Probability that a pair of true Jaccard s becomes a candidate under b bands of r rows, when
 * each position agrees independently with probability s: 1 − (1 − s^r)^b (the LSH S-curve).
 */
export function lshCandidateProbability(s: number, bands: number, rows: number): number {
  return 1 - (1 - s ** rows) ** bands;
}

/** The quadratic baseline: every pair (i < j) with estimated Jaccard ≥ threshold, ordered by (a, b). */
export function naiveMinHashPairs(sigs: Uint32Array, n: number, threshold: number): SimilarPair[] {
  if (n === 0) return [];
  const P = sigs.length / n;
  checkSigs(sigs, n, P);
  const maxMismatch = P - minEqualPositions(P, threshold);
  const out: SimilarPair[] = [];
  for (let i = 0; i < n; i++) {
    const oi = i * P;
    for (let j = i + 1; j < n; j++) {
      const oj = j * P;
      let mis = 0;
      for (let x = 0; x < P && mis <= maxMismatch; x++) if (sigs[oi + x] !== sigs[oj + x]) mis++;
      if (mis <= maxMismatch) out.push({ a: i, b: j, similarity: (P - mis) / P });
    }
  }
  return out;
}

/**
 * Groups items by one band's 32-bit hash (open addressing over reused typed arrays; the table of
 * the top-level call is reused, cleared only as far as a smaller call needs).
 */
class BandGrouper {
  private slotHash: Uint32Array;
  private slotHead: Int32Array;
  private slotCount: Int32Array;
  private next: Int32Array;
  /** The slots holding ≥ 2 items, in the order they reached 2. */
  private multi: Int32Array;

  constructor(
    private readonly n: number,
    private readonly bh: Uint32Array,
  ) {
    let size = 16;
    while (size < 2 * n) size *= 2;
    this.slotHash = new Uint32Array(size);
    this.slotHead = new Int32Array(size);
    this.slotCount = new Int32Array(size);
    this.next = new Int32Array(n);
    this.multi = new Int32Array(Math.ceil(n / 2));
  }

  /**
   * The groups of ≥ 2 items among members[s..e) sharing the hash of band `band`: group g is
   * ids[offs[g] .. offs[g+1]).
   */
  group(members: Int32Array, s: number, e: number, band: number): { ids: Int32Array; offs: Int32Array } {
    const { slotHash, slotHead, slotCount, next, multi, bh, n } = this;
    const k = e - s;
    let size = 16;
    while (size < 2 * k) size *= 2;
    const mask = size - 1;
    slotHead.fill(-1, 0, size);
    let grouped = 0;
    let groups = 0;
    for (let p = 0; p < k; p++) {
      const h = bh[band * n + members[s + p]];
      let slot = h & mask;
      while (slotHead[slot] !== -1 && slotHash[slot] !== h) slot = (slot + 1) & mask;
      if (slotHead[slot] === -1) {
        slotHash[slot] = h;
        slotCount[slot] = 0;
      }
      next[p] = slotHead[slot];
      slotHead[slot] = p;
      const c = ++slotCount[slot];
      if (c === 2) {
        grouped += 2;
        multi[groups++] = slot;
      } else if (c > 2) grouped++;
    }
    const ids = new Int32Array(grouped);
    const offs = new Int32Array(groups + 1);
    let w = 0;
    for (let g = 0; g < groups; g++) {
      for (let p = slotHead[multi[g]]; p !== -1; p = next[p]) ids[w++] = members[s + p];
      offs[g + 1] = w;
    }
    return { ids, offs };
  }
}

/** Below this many items a group is walked pairwise rather than split (measured: 16..128 are within noise on WordNet). */
const MINHASH_SPLIT_MIN = 32;

interface WalkContext {
  sigs: MinHashSigs;
  /** Band hashes, band-major: bh[band * n + i]. */
  bh: Uint32Array;
  /** Per item, fpWords u32 holding an 8-bit fingerprint of each band (4 a word), then zero padding. */
  fp: Uint32Array;
  fpWords: number;
  /** Padding bytes per item (always equal). */
  fpPad: number;
  n: number;
  P: number;
  maxMismatch: number;
  /** Fully equal bands every pair at the threshold has. */
  D: number;
  /** The bands fixed on the way down to the group (ascending). */
  path: Int32Array;
  keys: PairKeys;
}

/**
 * Walks every pair of members[s..e), a group sharing the band hashes path[0..depth): a pair is
 * kept if those are exactly its bands with equal hashes up to path[depth − 1] (so it is kept in
 * this group only), its 8-bit band fingerprints agree on ≥ D bands (a cheap necessary condition),
 * and it meets the threshold (mismatches counted with early exit).
 */
function walkGroup(ctx: WalkContext, members: Int32Array, s: number, e: number, depth: number): void {
  const { sigs, bh, fp, fpWords, fpPad, n, P, maxMismatch, D, path, keys } = ctx;
  const last = path[depth - 1];
  for (let p = s; p < e - 1; p++) {
    const i = members[p];
    const oi = i * P;
    const fi = i * fpWords;
    for (let q = p + 1; q < e; q++) {
      const j = members[q];
      const fj = j * fpWords;
      // bands whose 8-bit fingerprints agree (zero bytes of the xor, counted without branches): an
      // upper bound of the fully equal bands, which must be ≥ D
      let same = -fpPad;
      for (let w = 0; w < fpWords; w++) {
        const x = fp[fi + w] ^ fp[fj + w];
        const z = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
        same += Math.imul(z >>> 7, 0x01010101) >>> 24;
      }
      if (same < D) continue;
      // the bands with equal hashes up to `last` must be exactly the fixed ones
      let ok = true;
      for (let b = 0, t = 0; b <= last; b++) {
        const fixed = path[t] === b;
        if (fixed) t++;
        if ((bh[b * n + i] === bh[b * n + j]) !== fixed) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const oj = j * P;
      let mis = 0;
      for (let x = 0; x < P && mis <= maxMismatch; x++) if (sigs[oi + x] !== sigs[oj + x]) mis++;
      if (mis <= maxMismatch) keys.push(i < j ? i * n + j : j * n + i);
    }
  }
}

/**
 * All pairs of MinHash signatures (n × permutations u32, back to back) with estimated Jaccard
 * ≥ threshold (default 0.8), ordered by (a, b).
 *
 * LSH banding: the signature is cut into `bands` bands of `rows` positions, each reduced to a
 * 32-bit hash; pairs whose hashes agree on some band are candidates, verified by counting equal
 * positions (with early exit). With the default banding (lshBanding) the result equals
 * naiveMinHashPairs; with a banding of your own, pairs with no fully equal band are missed, with
 * the probability of the S-curve (lshCandidateProbability).
 *
 * Each mismatch spoils at most one band, so a pair at the threshold agrees fully (hence in hash)
 * on at least D = bands − (permutations − minEqual) bands: 4 of 16 at 0.8. Per band, items are
 * grouped by the band's hash. Real text makes some groups huge (frequent words own the minimum of
 * many permutations: on 117k WordNet pairs, groups of up to 5,670 items and 53 M same-band pairs
 * over the 16 bands, where walking every group pairwise took ~5 s), so a group of ≥ 32 items is
 * split instead while fewer than D bands are fixed: its pairs at the threshold agree on another,
 * later band, so it is regrouped by each later band in turn (recursively), and only the
 * sub-groups are walked. A pair walked in a group with fixed bands b1 < … < bd is kept only if
 * those are exactly its bands with equal hashes up to bd, so it is kept in exactly one group
 * (hash collisions only add candidates). A split is abandoned, and the group walked, when the
 * sub-groups would hold as many pairs as the group (e.g. many identical signatures), so the pairs
 * walked never exceed the plain walk's. Walking rejects most pairs by 8-bit band fingerprints
 * (fewer than D bands agree) before looking at the signatures.
 */
export function findMinHashPairs(sigs: MinHashSigs, n: number, opts: MinHashOptions = {}): SimilarPair[] {
  const P = opts.permutations ?? MINHASH_PERMUTATIONS;
  const threshold = opts.threshold ?? 0.8;
  checkSigs(sigs, n, P);
  const minEq = minEqualPositions(P, threshold);
  const maxMismatch = P - minEq;
  let { bands, rows } = lshBanding(P, threshold);
  if (opts.bands !== undefined || opts.rows !== undefined) {
    bands = opts.bands ?? Math.floor(P / (opts.rows as number));
    rows = opts.rows ?? Math.floor(P / bands);
  }
  if (!Number.isInteger(bands) || !Number.isInteger(rows) || bands < 1 || rows < 1 || bands * rows > P) {
    throw new Error(`need integers bands, rows ≥ 1 with bands × rows ≤ permutations (${P}); got ${bands} × ${rows}`);
  }
  if (n < 2) return [];
  /** Fully equal bands every pair at the threshold has (at least one: candidates need one). */
  const D = Math.max(1, bands - maxMismatch);

  // the bands' hashes, band-major: bh[band * n + i] (murmur3-style mix of the band's rows)
  const bh = new Uint32Array(n * bands);
  const fpWords = Math.ceil(bands / 4);
  const fpPad = fpWords * 4 - bands;
  const fp = new Uint32Array(n * fpWords);
  for (let i = 0; i < n; i++) {
    for (let band = 0; band < bands; band++) {
      const oi = i * P + band * rows;
      let h = 0x9747b28c ^ band;
      for (let x = 0; x < rows; x++) {
        let c = Math.imul(sigs[oi + x], 0xcc9e2d51);
        c = Math.imul((c << 15) | (c >>> 17), 0x1b873593);
        h ^= c;
        h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
      }
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h = (h ^ (h >>> 16)) >>> 0;
      bh[band * n + i] = h;
      fp[i * fpWords + (band >> 2)] |= (h >>> 24) << ((band & 3) << 3);
    }
  }

  const grouper = new BandGrouper(n, bh);
  const keys = new PairKeys();
  const path = new Int32Array(D);
  const ctx: WalkContext = { sigs, bh, fp, fpWords, fpPad, n, P, maxMismatch, D, path, keys };

  /** A group of members[s..e) sharing the band hashes path[0..depth): split further, or walked. */
  const visit = (members: Int32Array, s: number, e: number, depth: number): void => {
    const k = e - s;
    const last = path[depth - 1];
    // its pairs at the threshold need D − depth more equal bands after `last`
    if (bands - 1 - last < D - depth) return;
    if (depth >= D || k < MINHASH_SPLIT_MIN) {
      walkGroup(ctx, members, s, e, depth);
      return;
    }
    const groupPairs = (k * (k - 1)) / 2;
    const splits: Array<{ band: number; ids: Int32Array; offs: Int32Array }> = [];
    let subPairs = 0;
    for (let c = last + 1; c <= bands - (D - depth) && subPairs < groupPairs; c++) {
      const g = grouper.group(members, s, e, c);
      for (let t = 0; t + 1 < g.offs.length; t++) {
        const m = g.offs[t + 1] - g.offs[t];
        subPairs += (m * (m - 1)) / 2;
      }
      splits.push({ band: c, ...g });
    }
    if (subPairs >= groupPairs) {
      walkGroup(ctx, members, s, e, depth);
      return;
    }
    for (const { band, ids, offs } of splits) {
      path[depth] = band;
      for (let t = 0; t + 1 < offs.length; t++) visit(ids, offs[t], offs[t + 1], depth + 1);
    }
  };

  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  for (let band = 0; band < bands; band++) {
    const { ids, offs } = grouper.group(all, 0, n, band);
    path[0] = band;
    for (let t = 0; t + 1 < offs.length; t++) visit(ids, offs[t], offs[t + 1], 1);
  }

  const sorted = keys.sorted();
  const out: SimilarPair[] = [];
  for (let s = 0; s < sorted.length; s++) {
    const key = sorted[s];
    const a = Math.floor(key / n);
    const b = key - a * n;
    let eq = 0;
    if (opts.equalPositions) {
      eq = opts.equalPositions(a, b);
      if (eq < minEq) continue;
    } else for (let x = 0; x < P; x++) if (sigs[a * P + x] === sigs[b * P + x]) eq++;
    out.push({ a, b, similarity: eq / P });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Clusters

/**
 * Connected components of the pair graph over items 0..n-1 (union-find, path halving, union by
 * size): the clusters of size ≥ 2, each sorted ascending, ordered by their first member.
 */
export function clusterPairs(n: number, pairs: ReadonlyArray<{ a: number; b: number }>): number[][] {
  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (const { a, b } of pairs) {
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < n && b < n)) {
      throw new Error(`pair (${a}, ${b}) out of range for n = ${n}`);
    }
    let ra = find(a);
    let rb = find(b);
    if (ra === rb) continue;
    if (size[ra] < size[rb]) [ra, rb] = [rb, ra];
    parent[rb] = ra;
    size[ra] += size[rb];
  }
  // walking i ascending: each cluster is created at its smallest member and filled in order
  const clusterOf = new Int32Array(n).fill(-1);
  const clusters: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (size[r] < 2) continue;
    if (clusterOf[r] === -1) {
      clusterOf[r] = clusters.length;
      clusters.push([]);
    }
    clusters[clusterOf[r]].push(i);
  }
  return clusters;
}
