/**
 * Streams an export split into batches for TensorFlow.js: items are read from the shards one at
 * a time (a shard in memory at most), shuffled in a bounded buffer with the run's seed, batched,
 * and turned into tensors by the task. Nothing holds a whole split.
 */
import type { TfjsExport, TfjsItem } from './export-reader.js';

export type SplitName = 'train' | 'validation' | 'test';

/** The run's seeded generator (mulberry32): the same seed, the same shuffle. */
export { rng as seeded } from '../lib/rng.js';

/** The split's items, shuffled within a buffer of `buffer` items when `random` is given. */
export function* shuffled(exp: TfjsExport, split: SplitName, random: (() => number) | null, buffer = 512): Generator<TfjsItem> {
  if (!random) {
    yield* exp.items(split);
    return;
  }
  const pool: TfjsItem[] = [];
  for (const it of exp.items(split)) {
    pool.push(it);
    if (pool.length >= buffer) {
      const i = Math.floor(random() * pool.length);
      [pool[i], pool[pool.length - 1]] = [pool[pool.length - 1], pool[i]];
      yield pool.pop()!;
    }
  }
  while (pool.length) {
    const i = Math.floor(random() * pool.length);
    [pool[i], pool[pool.length - 1]] = [pool[pool.length - 1], pool[i]];
    yield pool.pop()!;
  }
}

export function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let b: T[] = [];
  for (const it of items) {
    b.push(it);
    if (b.length === size) {
      yield b;
      b = [];
    }
  }
  if (b.length) yield b;
}

export function* where<T>(items: Iterable<T>, keep: (x: T) => boolean): Generator<T> {
  for (const it of items) if (keep(it)) yield it;
}
