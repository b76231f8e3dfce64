/**
 * A duplicate analysis packed for a thread boundary: a handful of typed arrays and one string
 * instead of a Map of Sets and an object per cluster, so that the receiving (server) thread
 * deserialises it in a few milliseconds whatever its size, then rebuilds it in time slices. A
 * ref where every item is a near duplicate (117k flagged keys) would otherwise cost the receiver
 * ~0.3 s of structured-clone work in one go.
 */
import v8 from 'node:v8';
import type { DuplicateFlag } from '../../media/quality/types.js';
import type { DuplicateAnalysis, DuplicateCluster, DuplicateKind } from './duplicates.js';

export interface PackedDuplicates {
  /** The keys referenced, back to back; key i is keys.slice(keyEnds[i - 1] ?? 0, keyEnds[i]). */
  keys: string;
  keyEnds: Int32Array;
  /** Flagged keys in the Map's order, and their flags (bits: FLAG_BITS). */
  flagKeys: Int32Array;
  flagBits: Uint8Array;
  /** Clusters in order: kind (KINDS index), members (key ids) from memberStart[c] to memberStart[c + 1]. */
  kinds: Uint8Array;
  memberStart: Int32Array;
  members: Int32Array;
  representatives: Int32Array;
  /** NaN for null. */
  maxDistance: Float64Array;
  minSimilarity: Float64Array;
}

type Flag = DuplicateFlag | 'DUPLICATE_CAPTION';
/** In the order findDuplicates adds them to an item's set (exact, near, caption passes). */
const FLAG_BITS: ReadonlyArray<readonly [Flag, number]> = [
  ['EXACT_DUPLICATE', 1],
  ['NEAR_DUPLICATE', 2],
  ['DUPLICATE_CAPTION', 4],
];
const KINDS: readonly DuplicateKind[] = ['EXACT', 'NEAR', 'CAPTION'];

export function packDuplicates(a: DuplicateAnalysis): PackedDuplicates {
  const ids = new Map<string, number>();
  const parts: string[] = [];
  const id = (k: string) => {
    let i = ids.get(k);
    if (i === undefined) {
      i = parts.length;
      ids.set(k, i);
      parts.push(k);
    }
    return i;
  };
  const flagKeys = new Int32Array(a.flags.size);
  const flagBits = new Uint8Array(a.flags.size);
  let j = 0;
  for (const [key, set] of a.flags) {
    let bits = 0;
    // (findDuplicates fills each set in FLAG_BITS order: rebuilding it in that order restores it as it was.)
    for (const [f, b] of FLAG_BITS) if (set.has(f)) bits |= b;
    flagKeys[j] = id(key);
    flagBits[j++] = bits;
  }
  const n = a.clusters.length;
  let total = 0;
  for (const c of a.clusters) total += c.keys.length;
  const kinds = new Uint8Array(n);
  const memberStart = new Int32Array(n + 1);
  const members = new Int32Array(total);
  const representatives = new Int32Array(n);
  const maxDistance = new Float64Array(n);
  const minSimilarity = new Float64Array(n);
  let m = 0;
  a.clusters.forEach((c, ci) => {
    kinds[ci] = KINDS.indexOf(c.kind);
    memberStart[ci] = m;
    for (const k of c.keys) members[m++] = id(k);
    representatives[ci] = id(c.representative);
    maxDistance[ci] = c.maxDistance ?? Number.NaN;
    minSimilarity[ci] = c.minSimilarity ?? Number.NaN;
  });
  memberStart[n] = m;
  const keyEnds = new Int32Array(parts.length);
  let end = 0;
  parts.forEach((p, i) => (keyEnds[i] = end += p.length));
  return { keys: parts.join(''), keyEnds, flagKeys, flagBits, kinds, memberStart, members, representatives, maxDistance, minSimilarity };
}

/** The buffers to transfer (not copy) with a packed analysis. */
export function packedTransferList(p: PackedDuplicates): ArrayBuffer[] {
  return [p.keyEnds, p.flagKeys, p.flagBits, p.kinds, p.memberStart, p.members, p.representatives, p.maxDistance, p.minSimilarity].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** Steps between checks of the clock while unpacking. */
const STEP = 2048;

/** The analysis again (equal to the packed one: same clusters, same Map and Set orders). `pause` is called every STEP steps and may yield (a TimeSlicer's maybeYield). */
export async function unpackDuplicates(p: PackedDuplicates, pause: () => Promise<void> = async () => {}): Promise<DuplicateAnalysis> {
  const steps = unpackSteps(p);
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await pause();
  }
}

/** unpackDuplicates in one go (a kept analysis read back by a synchronous caller). */
export function unpackDuplicatesSync(p: PackedDuplicates): DuplicateAnalysis {
  const steps = unpackSteps(p);
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

/** A packed analysis as bytes to keep (v8's serialisation: typed arrays as they are; the format is safe to store). */
export function packedToBytes(p: PackedDuplicates): Buffer {
  return v8.serialize(p);
}

export function packedFromBytes(b: Buffer): PackedDuplicates {
  return v8.deserialize(b) as PackedDuplicates;
}

/** Rebuilds the analysis, yielding every STEP steps. */
function* unpackSteps(p: PackedDuplicates): Generator<void, DuplicateAnalysis> {
  const keys = new Array<string>(p.keyEnds.length);
  for (let i = 0, start = 0; i < keys.length; i++) {
    keys[i] = p.keys.slice(start, p.keyEnds[i]);
    start = p.keyEnds[i];
    if (i % STEP === STEP - 1) yield;
  }
  const flags = new Map<string, Set<Flag>>();
  for (let j = 0; j < p.flagKeys.length; j++) {
    const set = new Set<Flag>();
    for (const [f, b] of FLAG_BITS) if (p.flagBits[j] & b) set.add(f);
    flags.set(keys[p.flagKeys[j]], set);
    if (j % STEP === STEP - 1) yield;
  }
  const clusters: DuplicateCluster[] = new Array(p.kinds.length);
  for (let c = 0; c < p.kinds.length; c++) {
    const members: string[] = [];
    for (let m = p.memberStart[c]; m < p.memberStart[c + 1]; m++) members.push(keys[p.members[m]]);
    clusters[c] = {
      kind: KINDS[p.kinds[c]],
      keys: members,
      representative: keys[p.representatives[c]],
      maxDistance: Number.isNaN(p.maxDistance[c]) ? null : p.maxDistance[c],
      minSimilarity: Number.isNaN(p.minSimilarity[c]) ? null : p.minSimilarity[c],
    };
    if (c % STEP === STEP - 1) yield;
  }
  return { clusters, flags };
}
