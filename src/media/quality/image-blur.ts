/**
 * Blur and noise measures on a luma plane (the working copy of src/media/quality/image.ts):
 * pure, typed arrays only. docs/quality.md ("Image quality", "How blur is measured") has the
 * reasoning and the measurements behind every constant here.
 *
 * The measure is a structure-function ratio. Along a direction d, S_d(k) = mean (I(x + k·d) −
 * I(x))². Where detail is sharp, neighbouring steps are nearly independent and S grows slowly
 * with k (S(5) ≈ 1–5 × S(1)); where the image is blurred over more than k px it is locally
 * linear and S(k) ≈ k² S(1). So ρ_d = S_d(5) / (25 S_d(1)) reads 0.1–0.3 on sharp detail and
 * tends to 1 under blur of 5 px or more. Three things make it hold on photos nobody tuned it on:
 *
 * - it is taken on the most detailed quarter of 32 px tiles (by S(1)), so a plain wall, sky or
 *   backdrop around a subject, a bokeh background behind a sharp one, or soft content around a
 *   few crisp structures does not decide it: the image is as sharp as its sharpest parts are;
 * - sensor noise, white at pixel scale, adds 2σ² to every S(k) alike: the noise variance
 *   (Immerkær's operator, median-based) is subtracted, so noise neither hides blur nor reads
 *   as detail;
 * - it is taken in four directions (0°, 45°, 90°, 135°): motion blur smears one direction and
 *   leaves the other alone, which a direction-free measure averages away. The worst direction
 *   gives `detailLoss`; how unequal the directions are gives `blurAnisotropy` and `blurKind`.
 */

/** Tile side (px at the working size) the detail is located with. */
const TILE = 32;
/** The step, px, whose survival is measured (see above). */
const STEP = 5;
/** Offsets of the STEP-px difference around a pixel: I(x + 3d) − I(x − 2d). */
const AHEAD = 3;
const BEHIND = 2;
/** Share of tiles, the most detailed first, the measure is taken on. */
const DETAILED_SHARE = 0.25;
/**
 * `blurKind` is `motion` when the blur of one direction exceeds its perpendicular's by this much
 * (1 − ratio): 0.22–0.85 for every motion blur of the evaluation set, ≤ 0.20 for isotropic blur.
 */
export const MOTION_MIN_ANISOTROPY = 0.21;

/** 0°, 45°, 90°, 135° (image y grows downwards, so 45° is up-right) as [dx, dy]. */
const DIRECTIONS: ReadonlyArray<readonly [number, number]> = [
  [1, 0],
  [1, -1],
  [0, 1],
  [1, 1],
];
const ANGLES = [0, 45, 90, 135] as const;

export interface BlurMeasures {
  /** Noise standard deviation, luma 0–255 units. */
  noiseSigma: number;
  /** Worst-direction ρ (0 = all detail survives, 1 = none); null without detail or room to measure. */
  detailLoss: number | null;
  /** Best-direction ρ. */
  detailLossAcross: number | null;
  /** 1 − the smaller of the 0°/90° and 45°/135° ratios of ρ: 0 = the same in every direction. */
  blurAnisotropy: number | null;
  /** Direction (degrees, counter-clockwise from horizontal) of the worst ρ: a motion blur's direction. */
  blurAngle: number | null;
}

/**
 * Noise σ (0–255 units) of a luma plane holding 0–255 × `scale`, from the median absolute response
 * of Immerkær's (1996) operator [1 −2 1; −2 4 −2; 1 −2 1], which cancels locally linear signal:
 * for white noise its response has σ = 6σ_noise and the median of |N(0, s)| is 0.6745 s. The
 * median ignores edges and texture as long as they cover under half the image.
 */
export function noiseSigma(luma: Uint16Array, w: number, h: number, scale: number): number {
  if (w < 3 || h < 3) return 0;
  // Quarter-unit bins of the response in 0–255 units, clamped: a median above 4096 means no flat area at all.
  const BINS = 16384;
  const hist = new Uint32Array(BINS);
  const toBin = 4 / scale;
  for (let y = 1; y < h - 1; y++) {
    for (let i = y * w + 1, end = y * w + w - 1; i < end; i++) {
      const up = i - w;
      const down = i + w;
      const v =
        luma[up - 1] - 2 * luma[up] + luma[up + 1] - 2 * luma[i - 1] + 4 * luma[i] - 2 * luma[i + 1] + luma[down - 1] - 2 * luma[down] + luma[down + 1];
      hist[Math.min(BINS - 1, Math.floor(Math.abs(v) * toBin))]++;
    }
  }
  const half = ((w - 2) * (h - 2)) / 2;
  let acc = 0;
  for (let k = 0; k < BINS; k++) {
    acc += hist[k];
    // (The middle of the quarter-unit bin; under a quarter unit reads as no noise at all.)
    if (acc >= half) return k === 0 ? 0 : (k + 0.5) / 4 / 0.6745 / 6;
  }
  return BINS / 4 / 0.6745 / 6;
}

/** Adds one row segment's four directional sums to tile `t` of a per-tile × 4-direction array. */
function addTile(sums: Float64Array, t: number, d0: number, d1: number, d2: number, d3: number): void {
  const q = t * 4;
  sums[q] += d0;
  sums[q + 1] += d1;
  sums[q + 2] += d2;
  sums[q + 3] += d3;
}

/**
 * The blur measures of a luma plane holding 0–255 × `scale` (see the file comment). Null measures
 * when the image is too small to hold a 5 px step with a margin (< 12 px a side) or has no detail
 * above its noise.
 */
export function blurMeasures(luma: Uint16Array, w: number, h: number, scale: number): BlurMeasures {
  const sigma = noiseSigma(luma, w, h, scale);
  const none: BlurMeasures = { noiseSigma: sigma, detailLoss: null, detailLossAcross: null, blurAnisotropy: null, blurAngle: null };
  const margin = AHEAD + 1;
  const iw = w - 2 * margin;
  const ih = h - 2 * margin;
  if (iw < 4 || ih < 4) return none;
  // Tiles over the interior; an interior under TILE px is one tile.
  const tx = Math.max(1, Math.floor(iw / TILE));
  const ty = Math.max(1, Math.floor(ih / TILE));
  const tileW = Math.floor(iw / tx);
  const tileH = Math.floor(ih / ty);
  const tiles = tx * ty;
  // Per tile and direction: Σ (1-step difference)², Σ (STEP-step difference)²; and the pixel count.
  const s1 = new Float64Array(tiles * 4);
  const sk = new Float64Array(tiles * 4);
  const count = new Float64Array(tiles);
  const offs = DIRECTIONS.map(([dx, dy]) => dx + dy * w);
  const [o0, o1, o2, o3] = offs;
  // One row segment of one tile at a time, summed into locals (a typed array per pixel is slower).
  for (let ry = 0; ry < ty * tileH; ry++) {
    const y = ry + margin;
    const rowTile = Math.floor(ry / tileH) * tx;
    for (let bx = 0; bx < tx; bx++) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0; // prettier-ignore
      const start = y * w + margin + bx * tileW;
      for (let i = start, end = start + tileW; i < end; i++) {
        const v = luma[i];
        let d = luma[i + o0] - v;
        a0 += d * d;
        d = luma[i + AHEAD * o0] - luma[i - BEHIND * o0];
        b0 += d * d;
        d = luma[i + o1] - v;
        a1 += d * d;
        d = luma[i + AHEAD * o1] - luma[i - BEHIND * o1];
        b1 += d * d;
        d = luma[i + o2] - v;
        a2 += d * d;
        d = luma[i + AHEAD * o2] - luma[i - BEHIND * o2];
        b2 += d * d;
        d = luma[i + o3] - v;
        a3 += d * d;
        d = luma[i + AHEAD * o3] - luma[i - BEHIND * o3];
        b3 += d * d;
      }
      const t = rowTile + bx;
      addTile(s1, t, a0, a1, a2, a3);
      addTile(sk, t, b0, b1, b2, b3);
      count[t] += tileW;
    }
  }
  // The most detailed tiles by their 1-step energy in all directions.
  const order = Array.from({ length: tiles }, (_, t) => t);
  const energy = (t: number) => (s1[t * 4] + s1[t * 4 + 1] + s1[t * 4 + 2] + s1[t * 4 + 3]) / count[t];
  order.sort((a, b) => energy(b) - energy(a));
  const take = Math.max(1, Math.ceil(tiles * DETAILED_SHARE));
  const sum1 = [0, 0, 0, 0];
  const sumK = [0, 0, 0, 0];
  let n = 0;
  for (let r = 0; r < take; r++) {
    const t = order[r];
    for (let d = 0; d < 4; d++) {
      sum1[d] += s1[t * 4 + d];
      sumK[d] += sk[t * 4 + d];
    }
    n += count[t];
  }
  // White noise adds 2σ² to every difference's mean square, whatever the step.
  const noise = 2 * sigma * sigma * scale * scale * n;
  const rho: number[] = [];
  for (let d = 0; d < 4; d++) {
    const detail = sum1[d] - noise;
    // Detail under a tenth of the noise power is not a measurement.
    if (detail <= 0.1 * noise || detail <= 0) return none;
    rho.push(Math.min(1, Math.max(0, sumK[d] - noise) / (STEP * STEP * detail)));
  }
  let worst = 0;
  for (let d = 1; d < 4; d++) if (rho[d] > rho[worst]) worst = d;
  const ratio = (a: number, b: number) => (Math.max(a, b) > 0 ? Math.min(a, b) / Math.max(a, b) : 1);
  return {
    noiseSigma: sigma,
    detailLoss: rho[worst],
    detailLossAcross: Math.min(...rho),
    // Axis against axis and diagonal against diagonal: a diagonal step is √2 longer, so the two
    // families differ by geometry alone.
    blurAnisotropy: 1 - Math.min(ratio(rho[0], rho[2]), ratio(rho[1], rho[3])),
    blurAngle: ANGLES[worst],
  };
}
