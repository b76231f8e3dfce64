/**
 * The seeded generator behind every sampled parameter and every noise sample of an augmentation:
 * sfc32 (Chris Doty-Humphrey's small fast counter; passes PractRand to 2^40+), seeded from the
 * SHA-256 of a string naming the derived copy, so a copy's randomness depends only on the recipe
 * seed, its source, chain and copy — never on the order copies are made in.
 */
import crypto from 'node:crypto';

export function seededRandom(name: string): () => number {
  const h = crypto.createHash('sha256').update(name).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of a fresh state are less mixed: discard them, as the reference does.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A standard normal sampler (Box–Muller) drawing from `random`. */
export function gaussian(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = Math.max(Number.MIN_VALUE, random());
    const r = Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * random();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
}
