import crypto from 'node:crypto';

/**
 * LtHash16 (Bellare–Micciancio; the variant Facebook uses for incremental database integrity):
 * a set digest made of 1024 16-bit lanes. An element's contribution is SHAKE256(element) read as
 * lanes; the digest is their lane-wise sum mod 2^16. Adding or removing one element is O(1), so a
 * commit of k changes updates the version hash in O(k) whatever the dataset size, and the digest
 * depends only on the set of (key, content) pairs: identical content gives an identical hash.
 */
export const LTHASH_BYTES = 2048;
const LANES = LTHASH_BYTES / 2;

export function emptyDigest(): Buffer {
  return Buffer.alloc(LTHASH_BYTES);
}

function expand(elementHex: string): Uint16Array {
  const bytes = crypto.createHash('shake256', { outputLength: LTHASH_BYTES }).update(elementHex, 'hex').digest();
  return new Uint16Array(bytes.buffer, bytes.byteOffset, LANES);
}

function lanes(digest: Buffer): Uint16Array {
  if (digest.length !== LTHASH_BYTES) throw new Error(`LtHash digest must be ${LTHASH_BYTES} bytes`);
  return new Uint16Array(digest.buffer, digest.byteOffset, LANES);
}

/** Adds an element (a hex content hash) to the digest, in place. */
export function ltAdd(digest: Buffer, elementHex: string): void {
  const d = lanes(digest);
  const e = expand(elementHex);
  for (let i = 0; i < LANES; i++) d[i] = (d[i] + e[i]) & 0xffff;
}

/** Removes an element previously added, in place. */
export function ltRemove(digest: Buffer, elementHex: string): void {
  const d = lanes(digest);
  const e = expand(elementHex);
  for (let i = 0; i < LANES; i++) d[i] = (d[i] - e[i]) & 0xffff;
}

/** The public version hash: sha256 over a domain tag, the item count and the set digest. */
export function versionHash(digest: Buffer, itemCount: number): string {
  return crypto.createHash('sha256').update(`tuneset:v1:${itemCount}:`).update(digest).digest('hex');
}
