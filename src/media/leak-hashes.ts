/**
 * Hashes an export recomputes over the files it wrote, for its leakage check (near duplicates
 * across splits found afresh, not only read from stored clusters): perceptual hashes of images in
 * the analyser's form, and the pairs search over MinHash signatures (text) or 64-bit hashes
 * (images, audio fingerprints).
 */
import sharp from 'sharp';
import { sharpInputOptions } from './image.js';
import { findHammingPairs, findMinHashPairs, hexToWords } from './quality/near-dup.js';
import { phashFromThumbnail } from './quality/image.js';

/** The pHash of an image file (32 × 32 area-averaged greyscale thumbnail, as the analyser's). */
export async function imagePhash(file: string, maxPixels: number): Promise<string> {
  const raw = await sharp(file, sharpInputOptions(maxPixels)).autoOrient().greyscale().resize(32, 32, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer();
  const thumb = new Float64Array(32 * 32);
  for (let i = 0; i < thumb.length; i++) thumb[i] = raw[i];
  return phashFromThumbnail(thumb);
}

/**
 * Pairs (indexes into what was collected) at or above `jaccard` among `count` MinHash signatures
 * back to back in `sigs`, or within `radius` bits among 64-bit hex `hashes`.
 */
export function leakPairs(c: { sigs: Uint32Array; count: number; hashes: readonly string[] }, opts: { jaccard: number; radius: number }): Array<{ a: number; b: number }> {
  if (c.count) return findMinHashPairs(c.sigs, c.count, { threshold: opts.jaccard }).map((p) => ({ a: p.a, b: p.b }));
  if (c.hashes.length) return findHammingPairs(hexToWords([...c.hashes]), opts.radius).map((p) => ({ a: p.a, b: p.b }));
  return [];
}
