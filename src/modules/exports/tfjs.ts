/**
 * The TFJS export format, what the trainer module (src/trainer) reads: per split, binary shards
 * `tfjs/<split>-0000i.bin` of at most SHARD_BYTES (64 MB) holding each item's fields back to back —
 * images resized (shorter side) and centre-cropped to `target.imageSize` (224 by default) as uint8
 * HWC RGB, audio as 16 kHz mono float32 (little-endian), text as UTF-8 — and `tfjs/schema.json`:
 * the fields' dtypes and shapes, the label vocabulary, and per shard its items' keys, label
 * indexes and each field's byte offset and length. `tfjs/vocab.json` is the word vocabulary of the
 * train split's text (see TOKEN_PATTERN), most frequent first after four special tokens.
 *
 * The index of every item is held until schema.json is written (a key and a few numbers an item);
 * the word counts are bounded (lossy counting: past MAX_COUNTED words the rarest are dropped).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Modality } from '../datasets/index.js';
import type { WrittenFile } from './types.js';
import { Interner, SPLITS, type Split } from './split.js';

export const SHARD_BYTES = 64 << 20;
export const DEFAULT_IMAGE_SIZE = 224;
export const AUDIO_RATE = 16_000;
/** Words as the trainer tokenizes them: runs of letters / digits, or one other non-space character, lower-cased. */
export const TOKEN_PATTERN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[BOS]', '[EOS]'] as const;
const VOCAB_SIZE = 32_000;
const MAX_COUNTED = 500_000;

export interface TfjsFields {
  /** Name → bytes of the item's field, in the schema's order. */
  [field: string]: Uint8Array;
}

interface ShardIndex {
  file: string;
  keys: string[];
  labels: number[];
  offsets: Record<string, number[]>;
  lengths: Record<string, number[]>;
  bytes: number;
  hash: crypto.Hash;
  fd: number;
}

export function tfjsFieldSpecs(modality: Modality, imageSize: number): Record<string, { dtype: string; shape: number[]; sampleRate?: number }> {
  if (modality === 'IMAGE_CAPTION') return { image: { dtype: 'uint8', shape: [imageSize, imageSize, 3] }, caption: { dtype: 'utf8', shape: [-1] } };
  if (modality === 'AUDIO_TRANSCRIPT') return { audio: { dtype: 'float32', shape: [-1], sampleRate: AUDIO_RATE }, transcript: { dtype: 'utf8', shape: [-1] } };
  return { prompt: { dtype: 'utf8', shape: [-1] }, response: { dtype: 'utf8', shape: [-1] } };
}

export class TfjsSink {
  private readonly shards = new Map<Split, ShardIndex[]>();
  private readonly labels = new Interner();
  private readonly words = new Map<string, number>();
  private dropBelow = 0;
  readonly files: WrittenFile[] = [];
  private readonly fields: string[];

  constructor(
    private readonly dir: string,
    private readonly modality: Modality,
    private readonly imageSize: number,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.fields = Object.keys(tfjsFieldSpecs(modality, imageSize));
  }

  add(split: Split, key: string, label: string | null, fields: TfjsFields, text: string): void {
    const size = this.fields.reduce((a, f) => a + fields[f].byteLength, 0);
    let list = this.shards.get(split);
    if (!list) this.shards.set(split, (list = []));
    let s = list.at(-1);
    if (!s || (s.bytes > 0 && s.bytes + size > SHARD_BYTES)) {
      if (s) this.closeShard(s);
      const file = `${split}-${String(list.length).padStart(5, '0')}.bin`;
      s = { file, keys: [], labels: [], offsets: {}, lengths: {}, bytes: 0, hash: crypto.createHash('sha256'), fd: fs.openSync(path.join(this.dir, file), 'w') };
      for (const f of this.fields) [s.offsets[f], s.lengths[f]] = [[], []];
      list.push(s);
    }
    s.keys.push(key);
    s.labels.push(label === null ? -1 : this.labels.id(label));
    for (const f of this.fields) {
      const b = fields[f];
      s.offsets[f].push(s.bytes);
      s.lengths[f].push(b.byteLength);
      s.hash.update(b);
      fs.writeSync(s.fd, b);
      s.bytes += b.byteLength;
    }
    if (split === 'train') this.count(text);
  }

  private count(text: string): void {
    for (const m of text.toLowerCase().matchAll(TOKEN_PATTERN)) {
      const w = m[0];
      const c = this.words.get(w);
      if (c !== undefined) this.words.set(w, c + 1);
      else {
        if (this.words.size >= MAX_COUNTED) this.prune();
        this.words.set(w, this.dropBelow + 1);
      }
    }
  }

  /**
   * Lossy counting: drops the rarer half of the words and remembers the count a dropped word could
   * have had (a word seen again starts from it), so a count errs high by at most that.
   */
  private prune(): void {
    const counts = Float64Array.from(this.words.values()).sort();
    this.dropBelow = Math.max(this.dropBelow, counts[counts.length >> 1]);
    for (const [k, v] of this.words) if (v <= this.dropBelow) this.words.delete(k);
  }

  private closeShard(s: ShardIndex): void {
    if (s.fd < 0) return;
    fs.closeSync(s.fd);
    s.fd = -1;
    this.files.push({ path: s.file, sha256: s.hash.digest('hex'), bytes: s.bytes });
  }

  /** Closes the shards and writes schema.json and vocab.json; returns every file written. */
  close(): WrittenFile[] {
    for (const list of this.shards.values()) for (const s of list) this.closeShard(s);
    // labels sorted by name, the shards' indexes remapped to that order
    const names = [...this.labels.names].sort();
    const remap = this.labels.names.map((n) => names.indexOf(n));
    const vocab = [...SPECIAL_TOKENS, ...[...this.words.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, VOCAB_SIZE - SPECIAL_TOKENS.length).map(([w]) => w)];
    const schema = {
      format: 'tuneset-tfjs',
      version: 1,
      modality: this.modality,
      fields: tfjsFieldSpecs(this.modality, this.imageSize),
      labels: names,
      vocab: { file: 'vocab.json', size: vocab.length, special: SPECIAL_TOKENS, tokenPattern: TOKEN_PATTERN.source, lowercase: true },
      splits: Object.fromEntries(
        SPLITS.filter((sp) => this.shards.has(sp)).map((sp) => {
          const list = this.shards.get(sp)!;
          return [
            sp,
            {
              count: list.reduce((a, s) => a + s.keys.length, 0),
              shards: list.map((s) => ({ file: s.file, bytes: s.bytes, keys: s.keys, labels: s.labels.map((l) => (l < 0 ? -1 : remap[l])), offsets: s.offsets, lengths: s.lengths })),
            },
          ];
        }),
      ),
    };
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(this.dir, name), text);
      this.files.push({ path: name, sha256: crypto.hash('sha256', text), bytes: Buffer.byteLength(text) });
    };
    write('schema.json', JSON.stringify(schema) + '\n');
    write('vocab.json', JSON.stringify(vocab) + '\n');
    return this.files;
  }

  abort(): void {
    for (const list of this.shards.values()) for (const s of list) if (s.fd >= 0) fs.closeSync(s.fd);
  }
}
