/**
 * Image quality analyser: pure functions over one image, no database. See docs/quality.md ("Image quality")
 * for the definitions, the default thresholds and the measurements they were tuned on.
 *
 * `analyzeImage` runs ONE sharp pipeline (after a header read for the original size): decode with
 * the pinned options of ../image.ts, apply the EXIF orientation, flatten any alpha channel onto
 * white, shrink to at most ANALYSIS_SIDE px on the longer side (never enlarge) and hand the raw
 * 8-bit pixels to JavaScript, where every measurement is taken in a few typed-array passes:
 *
 *   pass 1 (every pixel): luma (Rec. 601 weights, 8 fractional bits), its 256-bin histogram, and
 *           the 32 × 32 area-average thumbnail the perceptual hash is computed from;
 *   pass 2 (every pixel): 4-neighbour Laplacian and forward-difference gradient energies (sharpness);
 *   pass 2b (every pixel): noise σ and the directional blur measures of ./image-blur.ts;
 *   pass 3 (every 4th pixel, 2 × 2 subsample): chroma histogram and colourfulness sums;
 *   then work on 256-bin histograms and the 32 × 32 thumbnail only (percentiles, entropy, DCT).
 * The JS part costs ~6.5 ms for a 512 × 512 colour image on this box (bench/score-images.ts; the
 * blur measures are half of it).
 *
 * `imageFlags` turns the stored metrics into the intrinsic flags under an `ImagePolicy`; it reads
 * only `metrics`, so flags can be recomputed under another policy without decoding anything again.
 */
import crypto from 'node:crypto';
import sharp, { type OutputInfo } from 'sharp';
import { invalidMedia } from '../errors.js';
import { sharpInputOptions } from '../image.js';
import type { ImageFlag, Metrics } from './types.js';
import { hammingDistance64 } from './hash64.js';
import { blurMeasures, MOTION_MIN_ANISOTROPY } from './image-blur.js';

/** Longer side of the working copy every measurement is taken on (smaller images are not enlarged). */
export const ANALYSIS_SIDE = 512;
/** Side of the area-averaged greyscale thumbnail the perceptual hash is computed from. */
const HASH_SIDE = 32;
/** The hash keeps the HASH_BITS_SIDE × HASH_BITS_SIDE lowest DCT frequencies (64 bits). */
const HASH_BITS_SIDE = 8;

/** Every threshold the intrinsic flags (and the near-duplicate search) use. */
export interface ImagePolicy {
  /** LOW_RESOLUTION when the shorter original side (px, after EXIF orientation) is below this. */
  minSide: number;
  /** ODD_ASPECT_RATIO when min(width/height, height/width) is below this. */
  minAspectRatio: number;
  /**
   * BLURRY when `detailLoss` (0–1, see blurMeasures: how much of the detail in the most detailed
   * quarter of the image survives a 5 px step in its worst direction; sharp photos 0.10–0.39,
   * defocus, gaussian and motion blur of ≥ 1.5 px at the working size 0.50–1) reaches this.
   */
  blurryMinDetailLoss: number;
  /**
   * Dark-field images — `brightnessP50` ≤ darkFieldMaxP50: half the frame near black, as in
   * fluorescence microscopy, astronomy, a night sky — are made of objects about the size of the
   * optics' point spread, which at the working size reads like mild blur on a photo (in-focus
   * held-out microscopy 0.44–0.65): for them BLURRY needs `detailLoss` ≥ blurryDarkFieldMinDetailLoss.
   */
  darkFieldMaxP50: number;
  blurryDarkFieldMinDetailLoss: number;
  /** DARK when `brightnessP99` (0–255) is below this: not even 1 % of the pixels is brighter … */
  darkMaxP99: number;
  /** … or when `brightnessMean` is below darkDimMaxMean and `brightnessP99` below darkDimMaxP99 (dim all over, highlights included). */
  darkDimMaxMean: number;
  darkDimMaxP99: number;
  /**
   * A backdrop: when `whiteBorderShare` (or `blackBorderShare`) reaches this, the white (black)
   * around the subject is not counted as blown (crushed): OVEREXPOSED then needs the rest's
   * `unclippedMean` ≥ overexposedBrightMinMean, DARK the rest's `uncrushedMean` < darkDimMaxMean.
   */
  backdropMinBorderShare: number;
  /** OVEREXPOSED when `brightnessP50` ≥ this (at least half the image near white) … */
  overexposedMinP50: number;
  /** … and `brightnessP05` ≥ this (no real shadows left: washed out, not a dark subject on white); */
  overexposedMinP05: number;
  /** or when `clippedShare` ≥ this (a large area blown to white) … */
  overexposedMinClippedShare: number;
  /** … and `unclippedMean` ≥ this (the rest is not a dark silhouette or ink on white paper); */
  overexposedMinUnclippedMean: number;
  /** or when the bulk sits in the top quarter with no shadows: p50 ≥ …BrightMinP50, p05 ≥ …BrightMinP05 and mean ≥ …BrightMinMean. */
  overexposedBrightMinP50: number;
  overexposedBrightMinP05: number;
  overexposedBrightMinMean: number;
  /** LOW_INFORMATION when the brightness histogram's `entropy` (bits, 0–8) is below this … */
  lowInformationMaxEntropy: number;
  /** … or when `brightnessStd` (0–255) is below this (a flat image under a little noise). */
  lowInformationMaxStd: number;
  /** GRAYSCALE when `chromaP99` (99th percentile of max(R,G,B) − min(R,G,B), 0–255) ≤ this. */
  grayscaleMaxChroma: number;
  /** NEAR_DUPLICATE when the Hamming distance of two 64-bit `phash` values is ≤ this. */
  nearDuplicateRadius: number;
}

/** Defaults, tuned on the shared corpus and degraded copies of it (docs/quality.md ("Image quality")). */
export const DEFAULT_IMAGE_POLICY: ImagePolicy = Object.freeze({
  minSide: 64,
  minAspectRatio: 0.35,
  blurryMinDetailLoss: 0.42,
  darkFieldMaxP50: 25,
  blurryDarkFieldMinDetailLoss: 0.7,
  darkMaxP99: 64,
  darkDimMaxMean: 50,
  darkDimMaxP99: 150,
  backdropMinBorderShare: 0.97,
  overexposedMinP50: 230,
  overexposedMinP05: 40,
  overexposedMinClippedShare: 0.35,
  overexposedMinUnclippedMean: 80,
  overexposedBrightMinP50: 195,
  overexposedBrightMinP05: 60,
  overexposedBrightMinMean: 185,
  lowInformationMaxEntropy: 2,
  lowInformationMaxStd: 2,
  grayscaleMaxChroma: 6,
  nearDuplicateRadius: 8,
});

export interface ImageAnalysis {
  /** Plain JSON: every raw measurement behind every flag (see METRIC names in the docs). */
  metrics: Metrics;
  /**
   * sha256 (hex) of the decoded pixels at the analysis resolution plus the original and working
   * sizes: equal for the same picture re-encoded losslessly (PNG ↔ lossless WebP, other PNG
   * settings, alpha channel that is fully opaque, greyscale stored as RGB).
   */
  pixelHash: string;
  /** 64-bit DCT perceptual hash as 16 hex digits (see docs/quality.md ("Image quality")). */
  phash: string;
}

/** 4 significant digits (integers up to 9999 stay exact; larger integers are kept whole). */
function sig(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (Number.isInteger(x)) return x;
  return Number(x.toPrecision(4));
}

function vipsMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].trim();
}

/**
 * Per-axis area-averaging weights from `n` source pixels to `m` bins (box filter over exact
 * pixel footprints, like PIL's BOX / libvips' reduce with an area kernel). Bin o covers source
 * coordinates [o·n/m, (o+1)·n/m); returned as CSR-style arrays.
 */
function areaWeights(n: number, m: number): { start: Int32Array; src: Int32Array; wt: Float64Array } {
  const start = new Int32Array(m + 1);
  const src: number[] = [];
  const wt: number[] = [];
  const f = n / m;
  for (let o = 0; o < m; o++) {
    start[o] = src.length;
    const a = o * f;
    const b = (o + 1) * f;
    for (let k = Math.floor(a); k < Math.ceil(b) && k < n; k++) {
      const w = Math.min(b, k + 1) - Math.max(a, k);
      if (w > 1e-12) {
        src.push(k);
        wt.push(w / f);
      }
    }
  }
  start[m] = src.length;
  return { start, src: Int32Array.from(src), wt: Float64Array.from(wt) };
}

/** cos(π (2n + 1) k / (2N)) for k < HASH_BITS_SIDE, n < HASH_SIDE: the DCT-II basis we need. */
const DCT_COS = (() => {
  const t = new Float64Array(HASH_BITS_SIDE * HASH_SIDE);
  for (let k = 0; k < HASH_BITS_SIDE; k++) {
    for (let n = 0; n < HASH_SIDE; n++) t[k * HASH_SIDE + n] = Math.cos((Math.PI * (2 * n + 1) * k) / (2 * HASH_SIDE));
  }
  return t;
})();

/**
 * pHash of a HASH_SIDE² greyscale thumbnail (row-major): 2-D DCT-II, keep the 8 × 8 lowest
 * frequencies (DC included, as imagehash.phash does), bit = coefficient > median of the 64.
 * Bit order: row-major over (v, u), first coefficient = most significant bit of the first hex digit.
 */
export function phashFromThumbnail(thumb: Float64Array): string {
  const N = HASH_SIDE;
  const K = HASH_BITS_SIDE;
  // Rows: R[y][u] = Σ_x thumb[y][x] cos(u, x)
  const rows = new Float64Array(N * K);
  for (let y = 0; y < N; y++) {
    for (let u = 0; u < K; u++) {
      let acc = 0;
      for (let x = 0; x < N; x++) acc += thumb[y * N + x] * DCT_COS[u * N + x];
      rows[y * K + u] = acc;
    }
  }
  // Columns: D[v][u] = Σ_y cos(v, y) R[y][u]
  const coeffs = new Float64Array(K * K);
  for (let v = 0; v < K; v++) {
    for (let u = 0; u < K; u++) {
      let acc = 0;
      for (let y = 0; y < N; y++) acc += DCT_COS[v * N + y] * rows[y * K + u];
      coeffs[v * K + u] = acc;
    }
  }
  const sorted = Float64Array.from(coeffs).sort();
  const median = (sorted[31] + sorted[32]) / 2;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) hi = (hi << 1) | (coeffs[i] > median ? 1 : 0);
  for (let i = 32; i < 64; i++) lo = (lo << 1) | (coeffs[i] > median ? 1 : 0);
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** Hamming distance of two 64-bit hashes (16 hex digits each). */
export { hammingDistance64 };

/** Nearest-rank percentile of a histogram holding `n` samples: smallest level with CDF ≥ q·n. */
function histPercentile(hist: Uint32Array, n: number, q: number): number {
  const target = Math.max(1, Math.ceil(q * n));
  let acc = 0;
  for (let k = 0; k < hist.length; k++) {
    acc += hist[k];
    if (acc >= target) return k;
  }
  return hist.length - 1;
}

/** Exact area-average (box) thumbnail of a luma plane, any size; the slow, general path. */
function areaThumbnail(luma: Uint16Array, w: number, h: number): Float64Array {
  const xw = areaWeights(w, HASH_SIDE);
  const yw = areaWeights(h, HASH_SIDE);
  const rowBins = new Float64Array(h * HASH_SIDE);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let o = 0; o < HASH_SIDE; o++) {
      let acc = 0;
      for (let k = xw.start[o], e = xw.start[o + 1]; k < e; k++) acc += luma[row + xw.src[k]] * xw.wt[k];
      rowBins[y * HASH_SIDE + o] = acc;
    }
  }
  const thumb = new Float64Array(HASH_SIDE * HASH_SIDE);
  for (let o = 0; o < HASH_SIDE; o++) {
    for (let k = yw.start[o], e = yw.start[o + 1]; k < e; k++) {
      const src = yw.src[k] * HASH_SIDE;
      const wt = yw.wt[k] / 256; // back to 0–255 units
      for (let x = 0; x < HASH_SIDE; x++) thumb[o * HASH_SIDE + x] += rowBins[src + x] * wt;
    }
  }
  return thumb;
}

/**
 * For n ≥ HASH_SIDE source pixels along an axis, bin o covers [o·n/m, (o+1)·n/m): whole pixels
 * [full0, full1) plus at most one partial pixel at each end (weight = the part inside the bin).
 * Same weights as areaWeights, laid out so a row is summed with plain reductions.
 */
interface BinSpans {
  full0: Int32Array;
  full1: Int32Array;
  left: Int32Array;
  leftW: Float64Array;
  right: Int32Array;
  rightW: Float64Array;
}
function binSpans(n: number): BinSpans {
  const m = HASH_SIDE;
  const sp: BinSpans = {
    full0: new Int32Array(m),
    full1: new Int32Array(m),
    left: new Int32Array(m),
    leftW: new Float64Array(m),
    right: new Int32Array(m),
    rightW: new Float64Array(m),
  };
  const eps = 1e-9;
  for (let o = 0; o < m; o++) {
    const lo = (o * n) / m;
    const hi = ((o + 1) * n) / m;
    const loC = Math.ceil(lo - eps);
    const hiF = Math.floor(hi + eps);
    sp.full0[o] = loC;
    sp.full1[o] = hiF;
    sp.left[o] = Math.max(0, loC - 1);
    sp.leftW[o] = loC - lo > eps ? loC - lo : 0;
    sp.right[o] = Math.min(n - 1, hiF);
    sp.rightW[o] = hi - hiF > eps && hiF < n ? hi - hiF : 0;
  }
  return sp;
}

/** Per source row (h ≥ HASH_SIDE): its first bin, the weight in it and the weight spilling into the next. */
function rowSplit(h: number): { bin: Int32Array; first: Float64Array; spill: Float64Array } {
  const bin = new Int32Array(h);
  const first = new Float64Array(h);
  const spill = new Float64Array(h);
  const s = HASH_SIDE / h; // row height in bin units (≤ 1)
  for (let y = 0; y < h; y++) {
    const b0 = Math.min(HASH_SIDE - 1, Math.floor(y * s + 1e-9));
    const over = (y + 1) * s - (b0 + 1);
    bin[y] = b0;
    if (over > 1e-9 && b0 + 1 < HASH_SIDE) {
      spill[y] = over / s;
      first[y] = 1 - spill[y];
    } else {
      first[y] = 1;
    }
  }
  return { bin, first, spill };
}

/** How many samples of a 256-bin histogram lie in levels lo..hi, and the sum of their levels. */
function histSpan(hist: Uint32Array, lo: number, hi: number): { count: number; sum: number } {
  let count = 0;
  let sum = 0;
  for (let k = lo; k <= hi; k++) {
    count += hist[k];
    sum += k * hist[k];
  }
  return { count, sum };
}

/**
 * Shares of the outermost pixel ring (luma with 8 fractional bits) that are near white (≥ 240) and
 * near black (≤ 15): a ring that is (almost) all white or all black is a backdrop (a product shot,
 * a scanned page, a studio portrait, a subject on black cloth, a fundus photo's black surround),
 * judged apart from the subject. Overexposed photos measured 0.5–0.90 white, dark ones ≤ 0.89 black.
 */
function borderShares(luma: Uint16Array, w: number, h: number): { white: number; black: number } {
  let total = 0;
  let white = 0;
  let black = 0;
  const visit = (i: number) => {
    const v = (luma[i] + 128) >> 8;
    total++;
    if (v >= 240) white++;
    else if (v <= 15) black++;
  };
  for (let x = 0; x < w; x++) {
    visit(x);
    if (h > 1) visit((h - 1) * w + x);
  }
  for (let y = 1; y < h - 1; y++) {
    visit(y * w);
    if (w > 1) visit(y * w + w - 1);
  }
  return total ? { white: white / total, black: black / total } : { white: 0, black: 0 };
}

/**
 * Every measurement on raw 8-bit pixels (1–4 channels, row-major; R, G, B first when ≥ 3): the
 * pixel metrics, the 32 × 32 thumbnail the pHash is computed from (0–255 units), and whether every
 * pixel is grey. Exported for tests and the benchmark.
 */
export function measurePixels(
  data: Uint8Array,
  w: number,
  h: number,
  c: number,
): { metrics: Metrics; thumb: Float64Array; allGrey: boolean } {
  const n = w * h;
  const colour = c >= 3;
  // Pass 1, every pixel: luma with 8 fractional bits (0..65280; Rec. 601 weights × 65536, which sum
  // to 65536 so an R = G = B pixel keeps its value exactly), its histogram and, when both sides are
  // ≥ HASH_SIDE px, the area-average thumbnail (the general path below covers tinier images).
  const luma = new Uint16Array(n);
  const hist = new Uint32Array(256);
  const fastThumb = w >= HASH_SIDE && h >= HASH_SIDE;
  let thumb: Float64Array = new Float64Array(HASH_SIDE * HASH_SIDE);
  const xs = fastThumb ? binSpans(w) : null;
  const ys = fastThumb ? rowSplit(h) : null;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    if (colour) {
      for (let i = row, j = row * c, end = row + w; i < end; i++, j += c) {
        const v = (19595 * data[j] + 38470 * data[j + 1] + 7471 * data[j + 2]) >> 8;
        luma[i] = v;
        hist[(v + 128) >> 8]++;
      }
    } else {
      for (let i = row, j = row * c, end = row + w; i < end; i++, j += c) {
        const v = data[j];
        luma[i] = v << 8;
        hist[v]++;
      }
    }
    if (xs && ys) {
      const by = ys.bin[y] * HASH_SIDE;
      const fy = ys.first[y];
      const sy = ys.spill[y];
      for (let o = 0; o < HASH_SIDE; o++) {
        let sum = 0; // ≤ 65280 × w/32 + 1 whole pixels: an exact integer
        for (let i = row + xs.full0[o], end = row + xs.full1[o]; i < end; i++) sum += luma[i];
        const a = sum + xs.leftW[o] * luma[row + xs.left[o]] + xs.rightW[o] * luma[row + xs.right[o]];
        thumb[by + o] += a * fy;
        if (sy > 0) thumb[by + HASH_SIDE + o] += a * sy;
      }
    }
  }
  if (fastThumb) {
    const norm = 1 / (256 * (w / HASH_SIDE) * (h / HASH_SIDE));
    for (let i = 0; i < thumb.length; i++) thumb[i] *= norm;
  } else {
    thumb = areaThumbnail(luma, w, h);
  }

  // Pass 2, every pixel: 4-neighbour Laplacian and forward-difference gradient energies over the
  // interior (row sums first: fewer additions of large doubles).
  let lapEnergy = 0;
  let gradEnergy = 0;
  for (let y = 1; y < h - 1; y++) {
    const row = y * w;
    let lapRow = 0;
    let gradRow = 0;
    for (let i = row + 1, end = row + w - 1; i < end; i++) {
      const v = luma[i];
      const right = luma[i + 1];
      const down = luma[i + w];
      const lap = luma[i - 1] + right + luma[i - w] + down - 4 * v;
      const gx = right - v;
      const gy = down - v;
      lapRow += lap * lap;
      gradRow += gx * gx + gy * gy;
    }
    lapEnergy += lapRow;
    gradEnergy += gradRow;
  }

  // Pass 3, colour on a 2 × 2 subsample (every other pixel of every other row; a quarter of the
  // work, and a percentile over ≥ 1/4 of the pixels is as good as over all of them): chroma
  // (max − min of R, G, B) histogram and the Hasler–Süsstrunk colourfulness sums. Row sums are
  // int32 (≤ 256 samples × 510² < 2³¹).
  const chroma = new Uint32Array(256);
  let samples = 0;
  let sumRg = 0;
  let sumRg2 = 0;
  let sumYb = 0;
  let sumYb2 = 0;
  if (colour) {
    const step = 2 * c;
    for (let y = 0; y < h; y += 2) {
      let rg1 = 0;
      let rg2 = 0;
      let yb1 = 0;
      let yb2 = 0;
      for (let j = y * w * c, end = (y + 1) * w * c; j < end; j += step) {
        const r = data[j];
        const g = data[j + 1];
        const b = data[j + 2];
        chroma[Math.max(r, g, b) - Math.min(r, g, b)]++;
        const rg = r - g;
        const yb = r + g - 2 * b; // 2 × (½(R + G) − B), halved below
        rg1 += rg;
        rg2 = (rg2 + rg * rg) | 0;
        yb1 += yb;
        yb2 = (yb2 + yb * yb) | 0;
      }
      sumRg += rg1;
      sumRg2 += rg2 >>> 0;
      sumYb += yb1;
      sumYb2 += yb2 >>> 0;
      samples += (w + 1) >> 1;
    }
  } else {
    samples = n;
    chroma[0] = n;
  }
  // Every pixel grey? Only worth the full check when the subsample found no colour at all.
  let allGrey = chroma[0] === samples;
  if (allGrey && colour) {
    for (let j = 0, end = n * c; j < end; j += c) {
      if (data[j] !== data[j + 1] || data[j] !== data[j + 2]) {
        allGrey = false;
        break;
      }
    }
  }

  // Histogram statistics.
  let mean = 0;
  for (let k = 0; k < 256; k++) mean += k * hist[k];
  mean /= n;
  let variance = 0;
  let entropy = 0;
  for (let k = 0; k < 256; k++) {
    if (!hist[k]) continue;
    const p = hist[k] / n;
    variance += p * (k - mean) * (k - mean);
    entropy -= p * Math.log2(p);
  }
  // Hasler & Süsstrunk (2003) colourfulness: σ_rgyb + 0.3 μ_rgyb, with rg = R − G, yb = ½(R + G) − B.
  let colorfulness = 0;
  if (colour && samples > 0) {
    const mRg = sumRg / samples;
    const mYb = sumYb / (2 * samples);
    const vRg = Math.max(0, sumRg2 / samples - mRg * mRg);
    const vYb = Math.max(0, sumYb2 / (4 * samples) - mYb * mYb);
    colorfulness = Math.sqrt(vRg + vYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb);
  }
  // Sharpness is undefined without any gradient (a flat image) or without an interior (< 3 px).
  const sharpness = gradEnergy > 0 ? Math.sqrt(lapEnergy / gradEnergy) : null;
  const blur = blurMeasures(luma, w, h, 256);
  const p50 = histPercentile(hist, n, 0.5);
  // The analyser's reading of the blur at the default thresholds: BLURRY's reason (docs/quality.md).
  const blurKind =
    blur.detailLoss !== null && blur.blurAnisotropy !== null && blur.detailLoss >= blurThreshold(p50, DEFAULT_IMAGE_POLICY)
      ? blur.blurAnisotropy >= MOTION_MIN_ANISOTROPY
        ? 'motion'
        : 'defocus'
      : null;
  // Luma ≥ 250 is blown (within 2 % of white), ≤ 5 is crushed.
  const blown = histSpan(hist, 250, 255);
  const crushed = histSpan(hist, 0, 5);
  const meanWithout = (span: { count: number; sum: number }) => (n > span.count ? (mean * n - span.sum) / (n - span.count) : null);
  const unclippedMean = meanWithout(blown);
  const uncrushedMean = meanWithout(crushed);
  const border = borderShares(luma, w, h);

  const metrics: Metrics = {
    analysisWidth: w,
    analysisHeight: h,
    sharpness: sharpness === null ? null : sig(sharpness),
    noiseSigma: sig(blur.noiseSigma),
    detailLoss: blur.detailLoss === null ? null : sig(blur.detailLoss),
    detailLossAcross: blur.detailLossAcross === null ? null : sig(blur.detailLossAcross),
    blurAnisotropy: blur.blurAnisotropy === null ? null : sig(blur.blurAnisotropy),
    blurAngle: blur.blurAngle,
    blurKind,
    brightnessP01: histPercentile(hist, n, 0.01),
    brightnessP05: histPercentile(hist, n, 0.05),
    brightnessP50: p50,
    brightnessP95: histPercentile(hist, n, 0.95),
    brightnessP99: histPercentile(hist, n, 0.99),
    brightnessMean: sig(mean),
    brightnessStd: sig(Math.sqrt(variance)),
    clippedShare: sig(blown.count / n),
    crushedShare: sig(crushed.count / n),
    unclippedMean: unclippedMean === null ? null : sig(unclippedMean),
    uncrushedMean: uncrushedMean === null ? null : sig(uncrushedMean),
    whiteBorderShare: sig(border.white),
    blackBorderShare: sig(border.black),
    entropy: sig(Math.max(0, entropy)),
    chromaP99: histPercentile(chroma, samples, 0.99),
    colorfulness: sig(colorfulness),
  };
  return { metrics, thumb, allGrey };
}

/**
 * Decodes `input` (a path or the bytes) and measures it. Rejects with an INVALID_MEDIA MediaError (an
 * Error) for anything sharp cannot decode in full under the pinned options: corrupt or truncated
 * data, an unsupported format, more than `maxPixels` pixels (0 = no limit).
 */
export async function analyzeImage(input: Buffer | string, opts: { maxPixels: number }): Promise<ImageAnalysis> {
  let raw: { data: Buffer; info: OutputInfo };
  let width: number;
  let height: number;
  let hasAlpha: boolean;
  try {
    const img = sharp(input, sharpInputOptions(opts.maxPixels));
    const meta = await img.metadata();
    if (!meta.width || !meta.height) throw new Error('image has no dimensions');
    if (opts.maxPixels > 0 && meta.width * meta.height > opts.maxPixels) {
      throw new Error(`image is ${meta.width}×${meta.height} pixels, over the limit of ${opts.maxPixels}`);
    }
    // Size as displayed (after EXIF orientation), like probeImage reports it.
    width = meta.autoOrient?.width ?? meta.width;
    height = meta.autoOrient?.height ?? meta.height;
    hasAlpha = meta.hasAlpha === true;
    let pipeline = img.autoOrient();
    // Transparent areas are judged as shown on a white page (the labelling UI, a browser).
    if (hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
    raw = await pipeline
      .resize({ width: ANALYSIS_SIDE, height: ANALYSIS_SIDE, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw invalidMedia(`Cannot analyse image: ${vipsMessage(e)}`);
  }
  const { data, info } = raw;
  const { metrics: pixelMetrics, thumb, allGrey } = measurePixels(data, info.width, info.height, info.channels);

  // "Same pixels": the working-resolution pixels, canonicalised to one channel when every pixel is
  // grey (so a greyscale PNG and the same picture stored as RGB agree), behind the original and
  // working sizes (two different originals may shrink to the same working pixels).
  let pixels: Uint8Array = data;
  let channels = info.channels;
  if (allGrey && channels > 1) {
    pixels = new Uint8Array(info.width * info.height);
    for (let i = 0, j = 0; i < pixels.length; i++, j += channels) pixels[i] = data[j];
    channels = 1;
  }
  const pixelHash = crypto
    .createHash('sha256')
    .update(`tuneset-pixels-v1 ${width}x${height} ${info.width}x${info.height}x${channels}\n`)
    .update(pixels)
    .digest('hex');

  const metrics: Metrics = {
    width,
    height,
    aspectRatio: sig(width / height),
    hasAlpha,
    ...pixelMetrics,
  };
  return { metrics, pixelHash, phash: phashFromThumbnail(thumb) };
}

function num(metrics: Metrics, key: string): number | null {
  const v = metrics[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The intrinsic flags of one image from its metrics (caption and duplicate flags are decided
 * elsewhere). A metric that is missing or null raises nothing. BLURRY is not raised for a
 * LOW_INFORMATION image: with no structure there is nothing to be sharp or blurred.
 */
export function imageFlags(metrics: Metrics, policy: ImagePolicy): ImageFlag[] {
  const flags: ImageFlag[] = [];
  const width = num(metrics, 'width');
  const height = num(metrics, 'height');
  const detailLoss = num(metrics, 'detailLoss');
  const entropy = num(metrics, 'entropy');
  const std = num(metrics, 'brightnessStd');
  const chroma = num(metrics, 'chromaP99');

  const lowInformation =
    (entropy !== null && entropy < policy.lowInformationMaxEntropy) || (std !== null && std < policy.lowInformationMaxStd);
  const p50 = num(metrics, 'brightnessP50');
  if (detailLoss !== null && detailLoss >= blurThreshold(p50, policy) && !lowInformation) flags.push('BLURRY');
  if (isDark(metrics, policy)) flags.push('DARK');
  if (isOverexposed(metrics, policy)) flags.push('OVEREXPOSED');
  if (lowInformation) flags.push('LOW_INFORMATION');
  if (width !== null && height !== null) {
    if (Math.min(width, height) < policy.minSide) flags.push('LOW_RESOLUTION');
    if (width > 0 && height > 0 && Math.min(width / height, height / width) < policy.minAspectRatio) {
      flags.push('ODD_ASPECT_RATIO');
    }
  }
  if (chroma !== null && chroma <= policy.grayscaleMaxChroma) flags.push('GRAYSCALE');
  return flags;
}

/** The detailLoss from which an image is BLURRY: higher for dark-field content (see ImagePolicy). */
function blurThreshold(p50: number | null, policy: ImagePolicy): number {
  return p50 !== null && p50 <= policy.darkFieldMaxP50 ? policy.blurryDarkFieldMinDetailLoss : policy.blurryMinDetailLoss;
}

/** Nothing bright at all, or dim all over with the highlights dim too (a night sky with stars is neither). */
function isDark(metrics: Metrics, policy: ImagePolicy): boolean {
  const p99 = num(metrics, 'brightnessP99');
  const mean = num(metrics, 'brightnessMean');
  if (p99 === null) return false;
  if (p99 < policy.darkMaxP99) return true;
  // On a black backdrop only the subject's own tones count.
  const backdrop = (num(metrics, 'blackBorderShare') ?? 0) >= policy.backdropMinBorderShare;
  const dim = backdrop ? num(metrics, 'uncrushedMean') : mean;
  return dim !== null && dim < policy.darkDimMaxMean && p99 < policy.darkDimMaxP99;
}

/**
 * Three ways to be overexposed: washed out to white (median near white, no shadows); a large area
 * blown with the rest not dark (a silhouette or ink on white paper is not overexposure); or the
 * bulk of the tones pushed into the top quarter with no shadows, little of it clipped.
 */
function isOverexposed(metrics: Metrics, policy: ImagePolicy): boolean {
  const p05 = num(metrics, 'brightnessP05');
  const p50 = num(metrics, 'brightnessP50');
  const mean = num(metrics, 'brightnessMean');
  const clipped = num(metrics, 'clippedShare');
  const unclippedMean = num(metrics, 'unclippedMean');
  if (p05 === null || p50 === null) return false;
  // On a white backdrop (a product shot, a page, a studio portrait) the white is the setting, not
  // blown highlights: only a subject whose own tones sit in the top quarter is overexposed.
  if ((num(metrics, 'whiteBorderShare') ?? 0) >= policy.backdropMinBorderShare) {
    // Nothing but white is all blown.
    return unclippedMean === null || unclippedMean >= policy.overexposedBrightMinMean;
  }
  if (p50 >= policy.overexposedMinP50 && p05 >= policy.overexposedMinP05) return true;
  if (clipped !== null && clipped >= policy.overexposedMinClippedShare && (unclippedMean === null || unclippedMean >= policy.overexposedMinUnclippedMean)) {
    return true;
  }
  return mean !== null && p50 >= policy.overexposedBrightMinP50 && p05 >= policy.overexposedBrightMinP05 && mean >= policy.overexposedBrightMinMean;
}
