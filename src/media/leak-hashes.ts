/**
 * Hashes an export recomputes over the files it wrote, for its leakage check (near duplicates
 * across splits found afresh, not only read from stored clusters): MinHash signatures of text and
 * perceptual hashes of images, in the same forms as the quality analysers, and the pairs search.
 */
import sharp from 'sharp';
import { sharpInputOptions } from './image.js';
import { findHammingPairs, findMinHashPairs, hexToWords } from './quality/near-dup.js';
import { phashFromThumbnail } from './quality/image.js';
import { minhashText } from './quality/text.js';
import { MINHASH_PERMUTATIONS } from './quality/types.js';

/** The pHash of an image file (32 × 32 area-averaged greyscale thumbnail, as the analyser's). */
export async function imagePhash(file: string, maxPixels: number): Promise<string> {
  const raw = await sharp(file, sharpInputOptions(maxPixels)).autoOrient().greyscale().resize(32, 32, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer();
  const thumb = new Float64Array(32 * 32);
  for (let i = 0; i < thumb.length; i++) thumb[i] = raw[i];
  return phashFromThumbnail(thumb);
}

/** Collects signatures of written items, then finds the near-duplicate pairs among them. */
export class LeakHashes {
  private readonly sigs: Uint32Array[] = [];
  private readonly hashes: string[] = [];
  readonly owners: number[] = [];

  addText(owner: number, text: string): void {
    this.sigs.push(minhashText(text));
    this.owners.push(owner);
  }

  addPhash(owner: number, hash: string): void {
    this.hashes.push(hash);
    this.owners.push(owner);
  }

  /** The collected signatures (text) and hashes (images), for leakPairs (in the export worker). */
  collected(): { sigs: Uint32Array[]; hashes: string[] } {
    return { sigs: this.sigs, hashes: this.hashes };
  }
}

/** Pairs (indexes into what was collected) at or above `jaccard` (text) or within `radius` bits (images). */
export function leakPairs(c: { sigs: readonly Uint32Array[]; hashes: readonly string[] }, opts: { jaccard: number; radius: number }): Array<{ a: number; b: number }> {
  if (c.sigs.length) {
    const all = new Uint32Array(c.sigs.length * MINHASH_PERMUTATIONS);
    c.sigs.forEach((s, i) => all.set(s, i * MINHASH_PERMUTATIONS));
    return findMinHashPairs(all, c.sigs.length, { threshold: opts.jaccard }).map((p) => ({ a: p.a, b: p.b }));
  }
  if (c.hashes.length) return findHammingPairs(hexToWords([...c.hashes]), opts.radius).map((p) => ({ a: p.a, b: p.b }));
  return [];
}
