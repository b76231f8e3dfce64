/**
 * The image-flag evaluation set, derived at run time from the shared corpus photos with sharp and
 * plain typed-array arithmetic (nothing is committed): motion blur along a line at several lengths
 * and angles, defocus (a pillbox) and gaussian blur, sensor noise and JPEG after the blur as a
 * camera adds them, a blurred subject on a plain background, exposure pushes (linear gains with
 * offsets, exposure-value pushes in linear light, gamma), and the content that must NOT be flagged:
 * the clean photos with and without noise, sharp subjects on plain backgrounds, native-resolution
 * crops of soft but in-focus content (fundus, deep field, moon, histology).
 *
 * Each case carries a label per flag it speaks for: true = must be raised, false = must not be,
 * absent = no claim. tests/unit/quality-image.test.ts checks every label and prints recall and
 * precision per flag; docs/quality.md ("Image quality") has the numbers.
 *
 * Degradations are applied to the working copy (≤ 512 px, what analyzeImage measures), so a
 * kernel of 15 px is a 15 px smear at the resolution the flags are judged at.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { ImageFlag } from '../../src/media/quality/types.js';
import { rng } from './rng.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_IMAGES = path.resolve(HERE, '../../../shared/corpus/images');
const src = (f: string) => path.join(CORPUS_IMAGES, f);

export type Labels = Partial<Record<ImageFlag, boolean>>;
export interface EvalCase {
  name: string;
  make: () => Promise<Buffer>;
  labels: Labels;
  /** For BLURRY positives: the kind of blur applied (the analyser's `blurKind` should agree). */
  blurKind?: 'motion' | 'defocus';
}

/** Raw 8-bit pixels, row-major, `channels` interleaved. */
export interface Raw {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** The clean, sharp, well-exposed photos most degradations start from. */
export const EVAL_PHOTOS = ['astronaut.png', 'camera.png', 'chelsea.png', 'coffee.png', 'rocket.jpg', 'motorcycle_left.png', 'coins.png'];
/** Sharp (in focus) content with few hard edges: must never be BLURRY. */
export const SOFT_CONTENT = ['ihc.png', 'moon.png', 'retina.jpg', 'hubble_deep_field.jpg'];

export async function working(file: string, side = 512): Promise<Raw> {
  const { data, info } = await sharp(src(file))
    .autoOrient()
    .flatten({ background: '#ffffff' })
    .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: info.channels };
}

export function png(r: Raw): Promise<Buffer> {
  return sharp(Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength), {
    raw: { width: r.width, height: r.height, channels: r.channels as 1 | 3 | 4 },
  })
    .png()
    .toBuffer();
}

export function jpeg(r: Raw, quality: number): Promise<Buffer> {
  return sharp(Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength), {
    raw: { width: r.width, height: r.height, channels: r.channels as 1 | 3 | 4 },
  })
    .jpeg({ quality })
    .toBuffer();
}

/** Convolves with a normalised kernel (odd square side), edges extended, in float: no libvips rounding surprises. */
export function convolve(r: Raw, kernel: Float64Array, side: number): Raw {
  const { width: w, height: h, channels: c, data } = r;
  const half = side >> 1;
  const taps: Array<[dx: number, dy: number, wt: number]> = [];
  let sum = 0;
  for (let i = 0; i < kernel.length; i++) sum += kernel[i];
  for (let ky = 0; ky < side; ky++) {
    for (let kx = 0; kx < side; kx++) {
      const wt = kernel[ky * side + kx];
      if (wt > 0) taps.push([kx - half, ky - half, wt / sum]);
    }
  }
  const out = new Uint8Array(data.length);
  const acc = new Float64Array(c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      acc.fill(0);
      for (const [dx, dy, wt] of taps) {
        const sx = Math.min(w - 1, Math.max(0, x + dx));
        const sy = Math.min(h - 1, Math.max(0, y + dy));
        const j = (sy * w + sx) * c;
        for (let k = 0; k < c; k++) acc[k] += data[j + k] * wt;
      }
      const o = (y * w + x) * c;
      for (let k = 0; k < c; k++) out[o + k] = Math.round(acc[k]);
    }
  }
  return { ...r, data: out };
}

/**
 * A straight motion path of `length` px at `angleDeg` (0 = horizontal, counter-clockwise), drawn
 * anti-aliased into a square kernel: the exposure of a point moving at constant speed.
 */
export function lineKernel(length: number, angleDeg: number): { kernel: Float64Array; side: number } {
  const side = (Math.ceil(length) | 1) + 2;
  const kernel = new Float64Array(side * side);
  const c = side >> 1;
  const a = (angleDeg * Math.PI) / 180;
  const steps = Math.ceil(length * 8);
  for (let s = 0; s <= steps; s++) {
    const t = (s / steps - 0.5) * (length - 1);
    const x = c + t * Math.cos(a);
    const y = c - t * Math.sin(a);
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = x - x0;
    const fy = y - y0;
    kernel[y0 * side + x0] += (1 - fx) * (1 - fy);
    kernel[y0 * side + x0 + 1] += fx * (1 - fy);
    kernel[(y0 + 1) * side + x0] += (1 - fx) * fy;
    kernel[(y0 + 1) * side + x0 + 1] += fx * fy;
  }
  return { kernel, side };
}

/** A pillbox of radius `radius` px (anti-aliased edge by 4 × 4 supersampling): what defocus does. */
export function diskKernel(radius: number): { kernel: Float64Array; side: number } {
  const side = 2 * Math.ceil(radius) + 1;
  const kernel = new Float64Array(side * side);
  const c = side >> 1;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let inside = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const dx = x - c + (sx + 0.5) / 4 - 0.5;
          const dy = y - c + (sy + 0.5) / 4 - 0.5;
          if (dx * dx + dy * dy <= radius * radius) inside++;
        }
      }
      kernel[y * side + x] = inside / 16;
    }
  }
  return { kernel, side };
}

/** Gaussian sensor noise of standard deviation `sigma` (0–255 units) on every channel, seeded. */
export function addNoise(r: Raw, sigma: number, seed: number): Raw {
  const rand = rng(seed);
  const out = new Uint8Array(r.data.length);
  for (let i = 0; i < out.length; i++) {
    const u = Math.max(1e-12, rand());
    const n = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    out[i] = Math.min(255, Math.max(0, Math.round(r.data[i] + sigma * n)));
  }
  return { ...r, data: out };
}

/** Per-channel tone curve 0–255 → 0–255 (clipped and rounded). */
export function tone(r: Raw, curve: (v: number) => number): Raw {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.min(255, Math.max(0, Math.round(curve(v))));
  const out = new Uint8Array(r.data.length);
  for (let i = 0; i < out.length; i++) out[i] = lut[r.data[i]];
  return { ...r, data: out };
}

const toLinear = (v: number) => {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const fromLinear = (l: number) => 255 * (l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055);
/** An exposure change of `stops` EV: scale in linear light, clip at white (what a longer exposure does). */
export const ev = (stops: number) => (v: number) => fromLinear(Math.min(1, toLinear(v) * 2 ** stops));
export const gain = (a: number, b: number) => (v: number) => a * v + b;
export const gamma = (g: number) => (v: number) => 255 * (v / 255) ** g;

/**
 * `subject` scaled to `share` of the canvas's width, centred on a plain canvas of `canvasW`×`canvasH`
 * (a soft vertical gradient around `bg`, plus the camera's noise added afterwards by the caller).
 */
export async function onPlainBackground(subject: Raw, canvasW: number, canvasH: number, share: number, bg: number): Promise<Raw> {
  const sw = Math.round(canvasW * share);
  const { data, info } = await sharp(Buffer.from(subject.data), { raw: { width: subject.width, height: subject.height, channels: subject.channels as 1 | 3 } })
    .resize({ width: sw })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const c = subject.channels;
  const out = new Uint8Array(canvasW * canvasH * c);
  for (let y = 0; y < canvasH; y++) {
    const v = Math.min(255, Math.max(0, bg + 12 * (y / canvasH - 0.5)));
    for (let x = 0; x < canvasW; x++) for (let k = 0; k < c; k++) out[(y * canvasW + x) * c + k] = Math.round(v);
  }
  const ox = (canvasW - info.width) >> 1;
  const oy = (canvasH - info.height) >> 1;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      for (let k = 0; k < c; k++) out[((y + oy) * canvasW + x + ox) * c + k] = data[(y * info.width + x) * c + k];
    }
  }
  return { data: out, width: canvasW, height: canvasH, channels: c };
}

/** A native-resolution `side`² crop at (fx, fy) of the image's free room (0..1): in-focus pixels, no resampling. */
export async function nativeCrop(file: string, side: number, fx: number, fy: number): Promise<Raw> {
  const m = await sharp(src(file)).metadata();
  const s = Math.min(side, m.width!, m.height!);
  const { data, info } = await sharp(src(file))
    .extract({ left: Math.round((m.width! - s) * fx), top: Math.round((m.height! - s) * fy), width: s, height: s })
    .flatten({ background: '#ffffff' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: info.channels };
}

const NOT_BLURRY_OR_EXPOSURE: Labels = { BLURRY: false, DARK: false, OVEREXPOSED: false };

/** The whole evaluation set (≈ 230 cases; each `make` is independent and deterministic). */
export function imageEvalSet(): EvalCase[] {
  const cases: EvalCase[] = [];
  const add = (name: string, make: () => Promise<Buffer>, labels: Labels, blurKind?: EvalCase['blurKind']) =>
    cases.push({ name, make, labels, blurKind });
  let seed = 1;

  for (const f of EVAL_PHOTOS) {
    const w = () => working(f);
    // Clean, and what a camera or a pipeline does to clean photos: none of it is a defect.
    add(`${f} clean`, async () => png(await w()), NOT_BLURRY_OR_EXPOSURE);
    const s1 = seed++;
    add(`${f} + noise σ4`, async () => png(addNoise(await w(), 4, s1)), NOT_BLURRY_OR_EXPOSURE);
    add(`${f} JPEG q40`, async () => jpeg(await w(), 40), NOT_BLURRY_OR_EXPOSURE);
    add(`${f} at 256 px`, async () => png(await working(f, 256)), NOT_BLURRY_OR_EXPOSURE);
    const s2 = seed++;
    add(`${f} sharp, 40 % on a plain background + noise σ3`, async () => png(addNoise(await onPlainBackground(await w(), 512, 384, 0.4, 150), 3, s2)), NOT_BLURRY_OR_EXPOSURE);

    // Motion blur: every length and angle, then the camera's noise and JPEG on some.
    for (const length of [9, 15, 25]) {
      for (const angle of [0, 30, 45, 90, 120]) {
        const { kernel, side } = lineKernel(length, angle);
        const s = seed++;
        const noisy = (length + angle) % 2 === 1;
        add(
          `${f} motion ${length} px at ${angle}°${noisy ? ' + noise σ3, JPEG q85' : ''}`,
          async () => {
            const b = convolve(await w(), kernel, side);
            return noisy ? jpeg(addNoise(b, 3, s), 85) : png(b);
          },
          { BLURRY: true, DARK: false, OVEREXPOSED: false },
          'motion',
        );
      }
    }
    // Camera shake on a subject in front of a plain wall: the smear is the only structure.
    {
      const { kernel, side } = lineKernel(15, 20);
      const s = seed++;
      add(
        `${f} motion 15 px at 20°, 40 % on a plain background + noise σ3`,
        async () => png(addNoise(convolve(await onPlainBackground(await w(), 512, 384, 0.4, 150), kernel, side), 3, s)),
        { BLURRY: true },
        'motion',
      );
    }
    // Defocus (pillbox) and gaussian blur.
    for (const radius of [2.5, 4]) {
      const { kernel, side } = diskKernel(radius);
      const s = seed++;
      add(`${f} defocus r${radius}`, async () => png(convolve(await w(), kernel, side)), { BLURRY: true, DARK: false, OVEREXPOSED: false }, 'defocus');
      add(`${f} defocus r${radius} + noise σ3`, async () => png(addNoise(convolve(await w(), kernel, side), 3, s)), { BLURRY: true }, 'defocus');
    }
    for (const sigma of [1.5, 2.5]) {
      add(`${f} gaussian σ${sigma}`, async () => sharp(await png(await w())).blur(sigma).png().toBuffer(), { BLURRY: true }, 'defocus');
    }

    // Exposure pushes, labelled by how the result looks (a dusk scene brightened 2 EV is a well
    // exposed daytime look, not a defect; tone curves that clip nothing make no claim).
    const dusk = f === 'rocket.jpg';
    for (const [a, b] of [
      [2.6, 70],
      [2.5, 60],
      [2.2, 40],
      [1.8, 90],
    ] as const) {
      add(`${f} ×${a}+${b}`, async () => png(tone(await w(), gain(a, b))), dusk ? { DARK: false } : { OVEREXPOSED: true, DARK: false, BLURRY: false });
    }
    add(`${f} +2 EV`, async () => png(tone(await w(), ev(2))), dusk ? { OVEREXPOSED: false, DARK: false } : f === 'coffee.png' ? { DARK: false } : { OVEREXPOSED: true, DARK: false });
    add(`${f} +3 EV`, async () => png(tone(await w(), ev(3))), dusk ? { DARK: false } : { OVEREXPOSED: true, DARK: false });
    add(`${f} gamma 0.3`, async () => png(tone(await w(), gamma(0.3))), { DARK: false });
    for (const a of [0.15, 0.25]) add(`${f} ×${a}`, async () => png(tone(await w(), gain(a, 0))), { DARK: true, OVEREXPOSED: false, BLURRY: false });
    for (const stops of [3, 4]) {
      const s = seed++;
      add(`${f} −${stops} EV + noise σ2`, async () => png(addNoise(tone(await w(), ev(-stops)), 2, s)), { DARK: true, OVEREXPOSED: false });
    }
    add(`${f} gamma 3`, async () => png(tone(await w(), gamma(3))), { OVEREXPOSED: false });
    // A product shot: the subject small on a white or a black backdrop is neither blown nor dark.
    const s3 = seed++;
    const s4 = seed++;
    add(`${f} 40 % on white`, async () => png(addNoise(await onPlainBackground(await w(), 512, 384, 0.4, 255), 1, s3)), NOT_BLURRY_OR_EXPOSURE);
    add(`${f} 40 % on black`, async () => png(addNoise(await onPlainBackground(await w(), 512, 384, 0.4, 0), 1, s4)), NOT_BLURRY_OR_EXPOSURE);
    // Mild edits are not defects.
    add(`${f} +0.5 EV`, async () => png(tone(await w(), ev(0.5))), NOT_BLURRY_OR_EXPOSURE);
    // A dusk scene taken 1 EV darker is dark: no claim there.
    add(`${f} −1 EV`, async () => png(tone(await w(), ev(-1))), dusk ? { BLURRY: false, OVEREXPOSED: false } : NOT_BLURRY_OR_EXPOSURE);
  }

  // Sharp content with few hard edges, as photographed and at native resolution.
  for (const f of SOFT_CONTENT) {
    add(`${f} as is`, async () => png(await working(f, 4096)), NOT_BLURRY_OR_EXPOSURE);
    add(`${f} working copy`, async () => png(await working(f)), NOT_BLURRY_OR_EXPOSURE);
    for (const [fx, fy] of [
      [0.5, 0.5],
      [0.2, 0.7],
    ] as const) {
      // The fundus camera's optics, not focus, limit retina.jpg at its native resolution: no claim.
      add(`${f} native 320 px crop at ${fx},${fy}`, async () => png(await nativeCrop(f, 320, fx, fy)), f === 'retina.jpg' ? {} : { BLURRY: false });
    }
  }
  // Dark-field content blurred for real: the deep field defocused and smeared is still BLURRY.
  {
    const disk = diskKernel(4);
    const line = lineKernel(25, 30);
    const g = 'hubble_deep_field.jpg';
    add(`${g} defocus r4`, async () => png(convolve(await working(g), disk.kernel, disk.side)), { BLURRY: true }, 'defocus');
    add(`${g} gaussian σ2.5`, async () => sharp(await png(await working(g))).blur(2.5).png().toBuffer(), { BLURRY: true }, 'defocus');
    add(`${g} motion 25 px at 30°`, async () => png(convolve(await working(g), line.kernel, line.side)), { BLURRY: true }, 'motion');
  }
  // Textures and documents: sharp, and white paper is not overexposure.
  for (const f of ['brick.png', 'grass.png', 'gravel.png', 'page.png', 'text.png']) {
    add(`${f} as is`, async () => png(await working(f)), NOT_BLURRY_OR_EXPOSURE);
  }
  // The existing expectation: a dusk launch brightened ×2.5+60 is bright, not washed out.
  add('rocket.jpg ×2.5+60 (existing)', async () => sharp(src('rocket.jpg')).linear(2.5, 60).png().toBuffer(), { OVEREXPOSED: false, DARK: false });
  return cases;
}
