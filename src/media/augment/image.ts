/**
 * Image augmentation ops (issue 9) on decoded pixels, with sharp (libvips) for the geometry and
 * filters and plain typed arrays for what must be exact or seeded (gamma's curve, sensor noise).
 * Pure: bytes in, bytes out. The same input, ops and generator give byte-identical output.
 *
 * The source is decoded once under the pinned options of ../image.ts, EXIF orientation applied,
 * 8 bits per channel: greyscale stays one band, colour is sRGB, alpha is kept (grey + alpha
 * becomes RGBA). Each op maps raw
 * pixels to raw pixels; the last step encodes: a chain ending in `jpeg` keeps that JPEG; otherwise
 * the source's format (PNG → PNG, JPEG → JPEG quality 95, WebP → WebP quality 95).
 *
 * Conventions (torchvision's, where it has one): brightness multiplies every colour channel by the
 * factor; contrast blends with the image's mean luma (out = m + f·(x − m)); saturation and hue are
 * libvips' LCh modulate; gamma is out = 255·(x/255)^value; rotate turns counter-clockwise by
 * `degrees` onto a canvas that holds the whole turned image, the corners filled with `fill`
 * (multiples of 90° are exact and fill nothing); crop keeps `fraction` of each side, at the centre
 * or at a seeded position; resize fits inside `maxSide` and never enlarges; noise adds N(0, σ²) to
 * each colour channel (0–255 units), clipped; jpeg round-trips through JPEG at `quality` (alpha
 * flattened onto white, as a JPEG cannot hold it).
 */
import sharp, { type Sharp } from 'sharp';
import { invalidMedia } from '../errors.js';
import { sharpInputOptions } from '../image.js';
import { gaussian } from './random.js';
import type { ResolvedOp } from './recipe.js';

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

export interface AugmentedImage {
  bytes: Buffer;
  mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
}

const FILLS = {
  black: { r: 0, g: 0, b: 0, alpha: 1 },
  white: { r: 255, g: 255, b: 255, alpha: 1 },
  transparent: { r: 0, g: 0, b: 0, alpha: 0 },
} as const;

/** Decodes a source image to raw 8-bit pixels (EXIF orientation applied). INVALID_MEDIA when it cannot be. */
export async function decodeImage(input: Buffer | string, maxPixels: number): Promise<{ raw: RawImage; format: string }> {
  try {
    const img = sharp(input, sharpInputOptions(maxPixels));
    const meta = await img.metadata();
    // libvips hands greyscale out as sRGB unless asked: keep one band (grey with alpha goes out
    // as RGBA: libvips' b-w conversion would drop the alpha).
    const grey = meta.channels === 1;
    let pipeline = img.autoOrient();
    if (grey) pipeline = pipeline.toColourspace('b-w');
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { raw: { data, width: info.width, height: info.height, channels: info.channels as RawImage['channels'] }, format: meta.format ?? 'png' };
  } catch (e) {
    throw invalidMedia(`Cannot decode the source image: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
}

function fromRaw(r: RawImage): Sharp {
  return sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels } });
}

async function toRaw(s: Sharp): Promise<RawImage> {
  const { data, info } = await s.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as RawImage['channels'] };
}

const hasAlpha = (r: RawImage) => r.channels === 2 || r.channels === 4;
const colourChannels = (r: RawImage) => (hasAlpha(r) ? r.channels - 1 : r.channels);

/** Applies a 0–255 → 0–255 curve (as a lookup table, rounded and clipped) to the colour channels; alpha untouched. */
function mapCurve(r: RawImage, f: (v: number) => number): RawImage {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.min(255, Math.max(0, Math.round(f(v))));
  const out = Buffer.allocUnsafe(r.data.length);
  const src = r.data;
  const c = r.channels;
  if (!hasAlpha(r)) {
    for (let i = 0; i < src.length; i++) out[i] = lut[src[i]];
  } else {
    for (let i = 0; i < src.length; i += c) {
      for (let k = 0; k < c - 1; k++) out[i + k] = lut[src[i + k]];
      out[i + c - 1] = src[i + c - 1];
    }
  }
  return { ...r, data: out };
}

/** Adds seeded N(0, σ²) noise to every colour channel value (clipped); alpha untouched. */
function addNoise(r: RawImage, sigma: number, random: () => number): RawImage {
  const normal = gaussian(random);
  const out = Buffer.allocUnsafe(r.data.length);
  const src = r.data;
  const c = r.channels;
  const colour = colourChannels(r);
  for (let i = 0; i < src.length; i += c) {
    for (let k = 0; k < colour; k++) {
      const v = Math.round(src[i + k] + sigma * normal());
      out[i + k] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
    if (colour < c) out[i + c - 1] = src[i + c - 1];
  }
  return { ...r, data: out };
}

function meanLuma(r: RawImage): number {
  const c = r.channels;
  let sum = 0;
  for (let i = 0; i < r.data.length; i += c) {
    sum += colourChannels(r) >= 3 ? 0.299 * r.data[i] + 0.587 * r.data[i + 1] + 0.114 * r.data[i + 2] : r.data[i];
  }
  return sum / (r.width * r.height);
}

type Step = (r: RawImage, p: ResolvedOp['params'], random: () => number) => Promise<RawImage>;

const num = (p: ResolvedOp['params'], k: string) => p[k] as number;

/** One op on raw pixels. */
const STEPS: Readonly<Record<string, Step>> = {
  flip_horizontal: async (r) => toRaw(fromRaw(r).flop()),
  flip_vertical: async (r) => toRaw(fromRaw(r).flip()),
  rotate: async (r, p) => {
    const degrees = num(p, 'degrees');
    const fill = FILLS[(p.fill as keyof typeof FILLS) ?? 'black'];
    // sharp turns clockwise; the op is counter-clockwise, as in torchvision and PIL.
    const src = fill.alpha === 0 && !hasAlpha(r) ? await toRaw(fromRaw(r).ensureAlpha()) : r;
    return toRaw(fromRaw(src).rotate(-degrees, { background: fill }));
  },
  crop: async (r, p, random) => {
    const f = num(p, 'fraction');
    const w = Math.max(1, Math.round(r.width * f));
    const h = Math.max(1, Math.round(r.height * f));
    const atRandom = p.position === 'random';
    const left = atRandom ? Math.floor(random() * (r.width - w + 1)) : Math.floor((r.width - w) / 2);
    const top = atRandom ? Math.floor(random() * (r.height - h + 1)) : Math.floor((r.height - h) / 2);
    return toRaw(fromRaw(r).extract({ left, top, width: w, height: h }));
  },
  brightness: async (r, p) => mapCurve(r, (v) => v * num(p, 'factor')),
  contrast: async (r, p) => {
    const m = meanLuma(r);
    const f = num(p, 'factor');
    return mapCurve(r, (v) => m + f * (v - m));
  },
  saturation: async (r, p) => (colourChannels(r) < 3 ? r : toRaw(fromRaw(r).modulate({ saturation: num(p, 'factor') }))),
  hue: async (r, p) => (colourChannels(r) < 3 ? r : toRaw(fromRaw(r).modulate({ hue: Math.round(num(p, 'degrees')) }))),
  gamma: async (r, p) => {
    const g = num(p, 'value');
    return mapCurve(r, (v) => 255 * (v / 255) ** g);
  },
  blur: async (r, p) => toRaw(fromRaw(r).blur(num(p, 'sigma'))),
  sharpen: async (r, p) => toRaw(fromRaw(r).sharpen({ sigma: num(p, 'sigma') })),
  noise: async (r, p, random) => addNoise(r, num(p, 'sigma'), random),
  grayscale: async (r) => toRaw(fromRaw(r).greyscale()),
  jpeg: async (r, p) => toRaw(sharp(await encodeJpeg(r, num(p, 'quality')))),
  resize: async (r, p) => {
    const side = num(p, 'maxSide');
    return toRaw(fromRaw(r).resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true }));
  },
};

async function encodeJpeg(r: RawImage, quality: number): Promise<Buffer> {
  const s = fromRaw(r);
  return (hasAlpha(r) ? s.flatten({ background: '#ffffff' }) : s).jpeg({ quality }).toBuffer();
}

/** The image ops this module applies (the catalogue's image ops). */
export const IMAGE_OPS: readonly string[] = Object.freeze(Object.keys(STEPS));

/**
 * Applies resolved ops in order to a decoded image and encodes the result (see the file comment
 * for the format). `random` drives the seeded parts (a random crop position, noise).
 */
export async function augmentRaw(raw: RawImage, format: string, ops: readonly ResolvedOp[], random: () => number): Promise<AugmentedImage> {
  // A chain ending in `jpeg` is encoded once, at that quality (not decoded and encoded again).
  const last = ops[ops.length - 1];
  const endsInJpeg = last?.op === 'jpeg';
  let cur = raw;
  for (const o of endsInJpeg ? ops.slice(0, -1) : ops) {
    const step = STEPS[o.op];
    if (!step) throw new Error(`not an image op: ${o.op}`);
    cur = await step(cur, o.params, random);
  }
  let bytes: Buffer;
  let mimeType: AugmentedImage['mimeType'];
  if (endsInJpeg || format === 'jpeg') {
    bytes = await encodeJpeg(cur, endsInJpeg ? num(last.params, 'quality') : 95);
    mimeType = 'image/jpeg';
  } else if (format === 'webp') {
    bytes = await fromRaw(cur).webp({ quality: 95 }).toBuffer();
    mimeType = 'image/webp';
  } else {
    bytes = await fromRaw(cur).png().toBuffer();
    mimeType = 'image/png';
  }
  return { bytes, mimeType, width: cur.width, height: cur.height };
}

/** Decodes `input` and applies `ops` (augmentRaw). */
export async function augmentImage(input: Buffer | string, ops: readonly ResolvedOp[], random: () => number, opts: { maxPixels: number }): Promise<AugmentedImage> {
  const { raw, format } = await decodeImage(input, opts.maxPixels);
  return augmentRaw(raw, format, ops, random);
}
