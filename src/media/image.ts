/**
 * Image probing with sharp. sharp is used only inside src/media, always with the pinned input
 * options below.
 *
 * `failOn: 'error'` is enough to reject truncated/corrupt JPEG and PNG data during the full decode
 * (checked against the corpus's truncated.jpg and against JPEG/PNG files cut in half: libjpeg's
 * "premature end of JPEG image" and libpng's read error are errors, not warnings). 'warning' would
 * also reject harmless files (e.g. a JPEG with a few extra bytes after EOI), so we do not use it.
 * Known leniency: a PNG whose only damage is a missing IEND chunk (all pixel data intact) decodes
 * fine and is accepted.
 */
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { invalidMedia } from './errors.js';
import type { MediaInfo, ProbeOptions } from './types.js';

/** The image types we accept, keyed by the sniffed mime type, with sharp's name for the format. */
export const IMAGE_FORMATS: Readonly<Record<string, { sharpFormat: string; label: string }>> = {
  'image/jpeg': { sharpFormat: 'jpeg', label: 'JPEG' },
  'image/png': { sharpFormat: 'png', label: 'PNG' },
  'image/webp': { sharpFormat: 'webp', label: 'WebP' },
};

/** The pinned sharp input options. A limit of 0 means "no limit" (sharp's own convention). */
/** Images whose raw decode fits in this many bytes are decoded in full at once. */
export const RAW_DECODE_MAX_BYTES = 64 * 1024 * 1024;
/** Longest side of the greyscale copy decoded to validate a bigger image. */
export const DECODE_CHECK_SIDE = 512;

export function sharpInputOptions(maxImagePixels: number): SharpOptions {
  return { failOn: 'error', limitInputPixels: maxImagePixels > 0 ? maxImagePixels : false };
}

/** First line of a libvips message (they can repeat the same warning many times over). */
function vipsMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].trim();
}

/**
 * Probes an image whose type was already sniffed from its bytes as `mimeType` (one of IMAGE_FORMATS).
 * Reads the header, enforces the pixel limit with a clear message, then decodes every pixel so a
 * truncated or corrupt file fails here rather than in a training job.
 */
/** Probes an image given as a path or as its bytes. */
export async function probeImage(input: string | Buffer, mimeType: string, opts: ProbeOptions): Promise<MediaInfo> {
  const format = IMAGE_FORMATS[mimeType];
  if (!format) throw new Error(`probeImage called for ${mimeType}`);
  const pinned = sharpInputOptions(opts.maxImagePixels);

  // 1. Header only. The pixel limit is lifted for this one call (it decodes nothing) so that an
  //    oversized image gets a message with its dimensions instead of libvips' bare "exceeds pixel limit".
  let meta: Metadata;
  try {
    meta = await sharp(input, { ...pinned, limitInputPixels: false }).metadata();
  } catch (e) {
    throw invalidMedia(`Corrupt ${format.label} image: ${vipsMessage(e)}`, { mimeType });
  }
  if (meta.format !== format.sharpFormat) {
    // The signature said one thing and the decoder found another: do not trust the file.
    throw invalidMedia(`File looks like ${format.label} but decodes as ${meta.format ?? 'nothing'}`, {
      mimeType,
    });
  }
  const { width, height } = meta;
  if (!width || !height) throw invalidMedia(`${format.label} image has no dimensions`, { mimeType });
  const pixels = width * height;
  if (opts.maxImagePixels > 0 && pixels > opts.maxImagePixels) {
    throw invalidMedia(
      `Image is ${width}×${height} = ${pixels} pixels, over the limit of ${opts.maxImagePixels} pixels`,
      { width, height, pixels, limitPixels: opts.maxImagePixels },
    );
  }

  // 2. Decode every pixel, so truncated or corrupt files fail here. A plain raw decode is the
  //    fastest full decode libvips offers; above RAW_DECODE_MAX_BYTES of output it would cost too
  //    much memory, so big images decode into a greyscale copy of at most DECODE_CHECK_SIDE px
  //    instead (JPEG/WebP then shrink on load: every entropy-coded byte is still read and checked).
  try {
    const rawBytes = width * height * (meta.channels ?? 4);
    const pipeline = sharp(input, pinned);
    if (rawBytes <= RAW_DECODE_MAX_BYTES) await pipeline.raw().toBuffer();
    else await pipeline.resize(DECODE_CHECK_SIDE, DECODE_CHECK_SIDE, { fit: 'inside' }).greyscale().raw().toBuffer();
  } catch (e) {
    throw invalidMedia(`${format.label} image is truncated or corrupt: ${vipsMessage(e)}`, { mimeType });
  }

  // Report the size as displayed, i.e. after EXIF orientation (what an <img> tag shows).
  const shown = meta.autoOrient ?? { width, height };
  return {
    kind: 'image',
    mimeType,
    width: shown.width,
    height: shown.height,
    sampleRate: null,
    channels: null,
    bitsPerSample: null,
    durationSeconds: null,
  };
}
