/**
 * Reads an export's TFJS format (written by src/modules/exports/tfjs.ts): schema.json, vocab.json
 * and the binary shards, an item at a time, each field as a typed array view of its bytes. Only
 * files, no database: the trainer works from an export folder anywhere (one holding
 * manifest.json, or its tfjs/ folder itself).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface TfjsField {
  dtype: 'uint8' | 'float32' | 'utf8';
  shape: number[];
  sampleRate?: number;
}

export interface TfjsShard {
  file: string;
  bytes: number;
  keys: string[];
  labels: number[];
  offsets: Record<string, number[]>;
  lengths: Record<string, number[]>;
}

export interface TfjsSchema {
  format: 'tuneset-tfjs';
  version: number;
  modality: 'TEXT_PAIR' | 'IMAGE_CAPTION' | 'AUDIO_TRANSCRIPT';
  fields: Record<string, TfjsField>;
  labels: string[];
  vocab: { file: string; size: number; special: string[]; tokenPattern: string; lowercase: boolean };
  splits: Partial<Record<'train' | 'validation' | 'test', { count: number; shards: TfjsShard[] }>>;
}

export interface TfjsItem {
  key: string;
  /** Index into schema.labels (-1: none). */
  label: number;
  /** uint8 → Uint8Array, float32 → Float32Array, utf8 → string. */
  fields: Record<string, Uint8Array | Float32Array | string>;
}

export class TfjsExport {
  readonly dir: string;
  readonly schema: TfjsSchema;

  constructor(exportDir: string) {
    const tfjs = fs.existsSync(path.join(exportDir, 'schema.json')) ? exportDir : path.join(exportDir, 'tfjs');
    const file = path.join(tfjs, 'schema.json');
    if (!fs.existsSync(file)) throw new Error(`${exportDir} holds no TFJS export (no tfjs/schema.json): export with the TFJS format`);
    this.dir = tfjs;
    this.schema = JSON.parse(fs.readFileSync(file, 'utf8')) as TfjsSchema;
    if (this.schema.format !== 'tuneset-tfjs' || this.schema.version !== 1) throw new Error(`${file}: not a Tuneset TFJS schema of version 1`);
  }

  vocab(): string[] {
    return JSON.parse(fs.readFileSync(path.join(this.dir, this.schema.vocab.file), 'utf8')) as string[];
  }

  count(split: 'train' | 'validation' | 'test'): number {
    return this.schema.splits[split]?.count ?? 0;
  }

  /** The items of a split in their written order, a shard in memory at a time (≤ 64 MB). */
  *items(split: 'train' | 'validation' | 'test'): Generator<TfjsItem> {
    for (const shard of this.schema.splits[split]?.shards ?? []) {
      const buf = fs.readFileSync(path.join(this.dir, shard.file));
      if (buf.byteLength !== shard.bytes) throw new Error(`${shard.file}: ${buf.byteLength} bytes, the schema says ${shard.bytes}`);
      for (let i = 0; i < shard.keys.length; i++) {
        const fields: TfjsItem['fields'] = {};
        for (const [name, spec] of Object.entries(this.schema.fields)) {
          const off = shard.offsets[name][i];
          const len = shard.lengths[name][i];
          const bytes = buf.subarray(off, off + len);
          if (spec.dtype === 'utf8') fields[name] = bytes.toString('utf8');
          // copied: a Float32Array view needs 4-byte alignment, which a shard offset need not have
          else if (spec.dtype === 'float32') fields[name] = new Float32Array(new Uint8Array(bytes).buffer);
          else fields[name] = new Uint8Array(bytes);
        }
        yield { key: shard.keys[i], label: shard.labels[i], fields };
      }
    }
  }
}
