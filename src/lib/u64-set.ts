import { hashString } from './hash.js';

/**
 * A set of 64-bit values in two flat typed arrays (open addressing, linear probing): 16 bytes a
 * member at worst, against ~100 for a Set of hex strings, and nothing for the GC to trace.
 * Members are given as (hi, lo) 32-bit halves; `digest64` turns a string into them.
 */
export class U64Set {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private used: Uint8Array;
  private n = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
  }

  get size(): number {
    return this.n;
  }

  private slot(hi: number, lo: number): number {
    const mask = this.used.length - 1;
    // Members are digests already: their low bits are well mixed.
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    while (this.used[i] && (this.hi[i] !== hi || this.lo[i] !== lo)) i = (i + 1) & mask;
    return i;
  }

  has(hi: number, lo: number): boolean {
    return this.used[this.slot(hi >>> 0, lo >>> 0)] === 1;
  }

  /** Adds the value; false when it was there already. */
  add(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    let i = this.slot(hi, lo);
    if (this.used[i]) return false;
    if ((this.n + 1) * 2 > this.used.length) {
      this.grow();
      i = this.slot(hi, lo);
    }
    this.used[i] = 1;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.n++;
    return true;
  }

  private grow(): void {
    const { hi, lo, used } = this;
    this.hi = new Uint32Array(used.length * 2);
    this.lo = new Uint32Array(used.length * 2);
    this.used = new Uint8Array(used.length * 2);
    for (let i = 0; i < used.length; i++) {
      if (!used[i]) continue;
      const j = this.slot(hi[i], lo[i]);
      this.used[j] = 1;
      this.hi[j] = hi[i];
      this.lo[j] = lo[i];
    }
  }
}

const HEX16 = /^[0-9a-f]{16}/;

/**
 * 64 bits standing for a string, as [hi, lo]. Exact keys are hex digests already (sha256 of the
 * normalised text, of the pixels, of the samples, of the blob): their last 16 hex digits are
 * used as they are; anything else goes through hash64. Two different keys share 64 bits with a
 * probability of ~n²/2⁶⁵ (3 in 10⁸ for a million items).
 */
export function digest64(s: string): [number, number] {
  const tail = s.length >= 16 ? s.slice(-16) : '';
  if (HEX16.test(tail)) return [Number.parseInt(tail.slice(0, 8), 16), Number.parseInt(tail.slice(8), 16)];
  return hash64(s);
}

/**
 * A 64-bit hash of a string's UTF-16 code units, for members of a U64Set that are not digests
 * already (item keys): two independently seeded lanes of hashString (FNV-1a with murmur3's
 * finaliser).
 */
export function hash64(s: string, seed = 0): [number, number] {
  return [hashString(s, seed), hashString(s, (seed ^ 0x5bd1e995) + 0x9747b28c)];
}

/**
 * A set of strings kept as two independent 64-bit hashes (128 bits, 32 bytes a member at worst):
 * for sets as big as an import (a million keys: ~30 MB instead of ~100 MB of strings and table).
 * A string not added is taken for a member only if both of its hashes collide, with a probability
 * of about n²/2¹²⁸ per lookup (10⁻²⁷ for a million members).
 */
export class StringDigestSet {
  private readonly a = new U64Set();
  private readonly b = new U64Set();

  has(s: string): boolean {
    const [h1, l1] = hash64(s, 0);
    if (!this.a.has(h1, l1)) return false;
    const [h2, l2] = hash64(s, 0x5bd1e995);
    return this.b.has(h2, l2);
  }

  /** Adds the string; false when it was there already. */
  add(s: string): boolean {
    const [h1, l1] = hash64(s, 0);
    const [h2, l2] = hash64(s, 0x5bd1e995);
    const newA = this.a.add(h1, l1);
    const newB = this.b.add(h2, l2);
    return newA || newB;
  }

  get size(): number {
    return Math.max(this.a.size, this.b.size);
  }
}
