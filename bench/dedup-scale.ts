/**
 * Bench: near-duplicate search over 100k items without the quadratic scan.
 *
 *   node --import tsx bench/dedup-scale.ts
 *
 * Data (seeded, in memory, nothing on disk): 100k random 64-bit hashes of which ~5 % are planted
 * near-duplicates of an earlier hash (1..R random bits flipped, R = the radius under test: 8, then
 * 6 and 10), and 100k random MinHash signatures (64 × u32) of which ~5 % copy 85–100 % of the
 * positions of an earlier signature (estimated Jaccard ≥ 0.85, so they must be found at 0.8).
 *
 * The floor is the naive pairwise scan (naiveHammingPairs / naiveMinHashPairs) over the first 5k
 * items, extrapolated to 100k by (100k / 5k)²; it runs before and after ours so that load which
 * drifts during the run hits both. Ours (findHammingPairs / findMinHashPairs) runs on all 100k,
 * median of several runs. Checks: ours equals the naive scan exactly on the 5k subset, and every
 * planted pair is found on 100k (recall 1).
 *
 * Figure: speed-up = extrapolated naive ÷ ours, the smaller of the two at the default radius 8
 * (target ≥ 100).
 */
import {
  chooseHammingPlan,
  findHammingPairs,
  findMinHashPairs,
  lshBanding,
  lshCandidateProbability,
  naiveHammingPairs,
  naiveMinHashPairs,
} from '../src/media/quality/near-dup.js';
import { DEFAULT_AUDIO_POLICY } from '../src/media/quality/audio.js';
import { DEFAULT_IMAGE_POLICY } from '../src/media/quality/image.js';
import { DEFAULT_TEXT_POLICY } from '../src/media/quality/text.js';
import { MINHASH_PERMUTATIONS } from '../src/media/quality/types.js';
import { emit, machineLine, median, nowMs, rng, round } from './lib.js';

const N = 100_000;
const SUBSET = 5_000;
const DUP_SHARE = 0.05;
/** The radius the product searches with by default (images and audio share it). */
const DEFAULT_RADIUS = DEFAULT_IMAGE_POLICY.nearDuplicateRadius;
if (DEFAULT_AUDIO_POLICY.nearDuplicateRadius !== DEFAULT_RADIUS) throw new Error('image and audio default radii differ: bench both');
const OTHER_RADII = [6, 10];
const THRESHOLD = DEFAULT_TEXT_POLICY.nearDuplicateJaccard;
const MIN_KEEP = 0.85;
const OURS_RUNS = 5;
const NAIVE_RUNS_EACH_SIDE = 2;
const TARGET = 100;
const P = MINHASH_PERMUTATIONS;

const u32 = (r: () => number) => Math.floor(r() * 2 ** 32) >>> 0;

/** n random 64-bit hashes (hi, lo words); a DUP_SHARE of them copy an earlier one with 1..maxFlips bits flipped. */
function makeHashes(n: number, maxFlips: number, seed: number): { words: Uint32Array; planted: Array<[number, number]> } {
  const r = rng(seed);
  const words = new Uint32Array(2 * n);
  const planted: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && r() < DUP_SHARE) {
      const src = Math.floor(r() * i);
      words[2 * i] = words[2 * src];
      words[2 * i + 1] = words[2 * src + 1];
      const flips = 1 + Math.floor(r() * maxFlips);
      for (let f = 0; f < flips; f++) {
        const b = Math.floor(r() * 64);
        words[2 * i + (b >> 5)] ^= 1 << (b & 31);
      }
      planted.push([src, i]);
    } else {
      words[2 * i] = u32(r);
      words[2 * i + 1] = u32(r);
    }
  }
  return { words, planted };
}

/** n random signatures; a DUP_SHARE of them copy MIN_KEEP..100 % of the positions of an earlier one. */
function makeSignatures(n: number, seed: number): { sigs: Uint32Array; planted: Array<[number, number]> } {
  const r = rng(seed);
  const sigs = new Uint32Array(n * P);
  const planted: Array<[number, number]> = [];
  const pos = Array.from({ length: P }, (_, k) => k);
  for (let i = 0; i < n; i++) {
    for (let x = 0; x < P; x++) sigs[i * P + x] = u32(r);
    if (i > 0 && r() < DUP_SHARE) {
      const src = Math.floor(r() * i);
      const keep = Math.ceil(P * (MIN_KEEP + r() * (1 - MIN_KEEP)));
      for (let k = P - 1; k > 0; k--) {
        const j = Math.floor(r() * (k + 1));
        [pos[k], pos[j]] = [pos[j], pos[k]];
      }
      for (let k = 0; k < keep; k++) sigs[i * P + pos[k]] = sigs[src * P + pos[k]];
      planted.push([src, i]);
    }
  }
  return { sigs, planted };
}

function timeRuns(runs: number, fn: () => unknown): number[] {
  const out: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = nowMs();
    fn();
    out.push(nowMs() - t0);
  }
  return out;
}

function recall(pairs: ReadonlyArray<{ a: number; b: number }>, planted: ReadonlyArray<[number, number]>, n: number): number {
  const found = new Set(pairs.map((p) => p.a * n + p.b));
  let hit = 0;
  for (const [a, b] of planted) if (found.has(a * n + b)) hit++;
  return planted.length ? hit / planted.length : 1;
}

interface Figures {
  naive5kMs: number;
  naiveExtrapolatedMs: number;
  oursMs: number;
  speedup: number;
  pairs: number;
  planted: number;
  recall: number;
  exactOnSubset: boolean;
  subsetPairs: number;
}

/**
 * Naive on the subset (before and after ours), ours on everything; ours also runs once on the
 * subset first, which checks exactness and warms both up.
 */
function measure(
  naive: () => unknown[],
  oursSubset: () => unknown[],
  ours: () => Array<{ a: number; b: number }>,
  planted: ReadonlyArray<[number, number]>,
): Figures {
  const naivePairs = naive();
  const subsetPairs = oursSubset();
  const exactOnSubset = JSON.stringify(subsetPairs) === JSON.stringify(naivePairs);
  const naiveMs = timeRuns(NAIVE_RUNS_EACH_SIDE, naive);
  const result = ours();
  const oursMs = median(timeRuns(OURS_RUNS, ours));
  naiveMs.push(...timeRuns(NAIVE_RUNS_EACH_SIDE, naive));
  const naive5kMs = median(naiveMs);
  const naiveExtrapolatedMs = naive5kMs * (N / SUBSET) ** 2;
  return {
    naive5kMs,
    naiveExtrapolatedMs,
    oursMs,
    speedup: naiveExtrapolatedMs / oursMs,
    pairs: result.length,
    planted: planted.length,
    recall: recall(result, planted, N),
    exactOnSubset,
    subsetPairs: naivePairs.length,
  };
}

function row(label: string, f: Figures, extra: string): string {
  return (
    `${label.padEnd(22)} ${f.naive5kMs.toFixed(1).padStart(8)} ${(f.naiveExtrapolatedMs / 1000).toFixed(1).padStart(9)} s ` +
    `${f.oursMs.toFixed(1).padStart(9)} ${f.speedup.toFixed(0).padStart(8)}× ${String(f.pairs).padStart(7)} ` +
    `${f.recall.toFixed(4).padStart(7)} ${String(f.exactOnSubset).padStart(6)}  ${extra}`
  );
}

async function main(): Promise<void> {
  console.log(`dedup-scale: near-duplicate search over ${N / 1000}k items vs a naive scan of ${SUBSET / 1000}k extrapolated ×${(N / SUBSET) ** 2}`);
  console.log(machineLine());
  console.log('');
  console.log(`${'search'.padEnd(22)} ${'naive 5k'.padStart(8)} ${'naive 100k'.padStart(11)} ${'ours 100k'.padStart(9)} ${'speed-up'.padStart(9)} ${'pairs'.padStart(7)} ${'recall'.padStart(7)} ${'exact'.padStart(6)}  plan`);
  console.log(`${''.padEnd(22)} ${'ms'.padStart(8)} ${'(extrap.)'.padStart(11)} ${'ms'.padStart(9)}`);

  const hamming: Record<number, Figures> = {};
  for (const radius of [DEFAULT_RADIUS, ...OTHER_RADII]) {
    const { words, planted } = makeHashes(N, radius, 1000 + radius);
    const subset = words.subarray(0, 2 * SUBSET);
    const f = measure(
      () => naiveHammingPairs(subset, radius),
      () => findHammingPairs(subset, radius),
      () => findHammingPairs(words, radius),
      planted,
    );
    hamming[radius] = f;
    const plan = chooseHammingPlan(N, radius);
    console.log(row(`Hamming r = ${radius}`, f, `${plan.chunks} chunks of ${plan.widths.join('/')} bits, radii ${plan.radii.join('/')}`));
  }

  const { sigs, planted } = makeSignatures(N, 2024);
  const subset = sigs.subarray(0, SUBSET * P);
  const minhash = measure(
    () => naiveMinHashPairs(subset, SUBSET, THRESHOLD),
    () => findMinHashPairs(subset, SUBSET, { threshold: THRESHOLD }),
    () => findMinHashPairs(sigs, N, { threshold: THRESHOLD }),
    planted,
  );
  const banding = lshBanding(P, THRESHOLD);
  console.log(row(`MinHash J ≥ ${THRESHOLD}`, minhash, `${banding.bands} bands × ${banding.rows} rows`));

  console.log('');
  console.log(`LSH S-curve 1 − (1 − s^r)^b (chance that a pair of true Jaccard s becomes a candidate), ${P} permutations:`);
  const sims = [0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9];
  console.log(`  ${'bands × rows'.padEnd(14)} ${sims.map((s) => `s=${s}`.padStart(11)).join('')}`);
  for (const [b, r] of [[16, 4], [21, 3], [32, 2], [8, 8]] as const) {
    const probs = sims.map((s) => lshCandidateProbability(s, b, r));
    console.log(`  ${`${b} × ${r}`.padEnd(14)} ${probs.map((p) => (p > 0.9999 ? p.toFixed(7) : p.toFixed(4)).padStart(11)).join('')}`);
  }
  console.log(
    `  with ${banding.bands} × ${banding.rows}, a pair whose estimated Jaccard is ≥ ${THRESHOLD} differs in ≤ ${P - Math.ceil(THRESHOLD * P - 1e-9)} positions, ` +
      `so ≥ ${banding.bands - (P - Math.ceil(THRESHOLD * P - 1e-9))} of the ${banding.bands} bands agree fully: recall against the estimate is 1 by construction`,
  );

  const h = hamming[DEFAULT_RADIUS];
  const ratio = Math.min(h.speedup, minhash.speedup);
  const minRecall = Math.min(...[...Object.values(hamming), minhash].map((f) => f.recall));
  const allRecall = minRecall === 1;
  const allExact = [...Object.values(hamming), minhash].every((f) => f.exactOnSubset);
  const passSpeed = ratio >= TARGET;
  const pass = passSpeed && allRecall && allExact;
  console.log('');
  console.log(`speed-up at r = ${DEFAULT_RADIUS} (Hamming) and J ≥ ${THRESHOLD} (MinHash), the smaller: ${ratio.toFixed(0)}× (target ≥ ${TARGET}) ${passSpeed ? 'PASS' : 'FAIL'}`);
  console.log(`recall on planted duplicates: ${minRecall}${allRecall ? '' : ' (BELOW 1)'}; equal to the naive scan on the ${SUBSET / 1000}k subset: ${allExact ? 'yes' : 'NO'}`);
  const other = OTHER_RADII.map((r) => `r = ${r}: ${hamming[r].speedup.toFixed(0)}×`).join(', ');
  console.log(`other radii (not judged): ${other}`);

  const figures: Record<string, number | boolean> = {};
  for (const [r, f] of Object.entries(hamming)) {
    figures[`hammingR${r}Ms`] = round(f.oursMs, 1);
    figures[`hammingR${r}NaiveExtrapolatedMs`] = Math.round(f.naiveExtrapolatedMs);
    figures[`hammingR${r}Speedup`] = round(f.speedup, 1);
    figures[`hammingR${r}Recall`] = f.recall;
    figures[`hammingR${r}Pairs`] = f.pairs;
  }
  emit({
    bench: 'dedup-scale',
    ratio: round(ratio, 1),
    target: `>= ${TARGET}`,
    pass,
    items: N,
    subset: SUBSET,
    hammingRadius: DEFAULT_RADIUS,
    hammingSpeedup: round(h.speedup, 1),
    hammingMs: round(h.oursMs, 1),
    hammingNaiveExtrapolatedMs: Math.round(h.naiveExtrapolatedMs),
    ...figures,
    minhashThreshold: THRESHOLD,
    minhashBands: banding.bands,
    minhashRows: banding.rows,
    minhashSpeedup: round(minhash.speedup, 1),
    minhashMs: round(minhash.oursMs, 1),
    minhashNaiveExtrapolatedMs: Math.round(minhash.naiveExtrapolatedMs),
    minhashRecall: minhash.recall,
    minhashPairs: minhash.pairs,
    recall: minRecall,
    exactOnSubset: allExact,
  });
}

await main();
