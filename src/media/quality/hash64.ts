/** 64-bit hashes as 16 hex characters (image pHash, audio fingerprint): one place, no sharp. */

const HEX16 = /^[0-9a-fA-F]{16}$/;

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance of two 64-bit hashes given as 16 hex characters each. */
export function hammingDistance64(a: string, b: string): number {
  if (!HEX16.test(a) || !HEX16.test(b)) throw new Error(`A 64-bit hash is 16 hex characters, got "${a}" and "${b}"`);
  const hi = (parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) >>> 0;
  const lo = (parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16)) >>> 0;
  return popcount32(hi) + popcount32(lo);
}
