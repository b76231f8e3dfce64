/**
 * Export formats: each writes its split files under `<format in lower case>/` of the export
 * folder, one item at a time, in key order (so the same items give the same bytes). Media are hard
 * linked from the blob store where the filesystem allows, copied otherwise, never re-encoded.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Modality } from '../datasets/index.js';
import { ParquetSink } from './parquet.js';
import type { Split } from './split.js';
import type { ExportItem, WrittenFile } from './types.js';

export type { ExportItem, WrittenFile } from './types.js';
import type { ExportFormat } from './spec.js';
import { TfjsSink, type TfjsFields } from './tfjs.js';

const EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'audio/wav': 'wav', 'audio/x-wav': 'wav' };

/** A file name for an item's media: its key made safe, plus the blob's hash prefix (keys may collide once made safe). */
export function mediaName(item: ExportItem): string {
  const safe = item.key.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return `${safe}-${item.media!.sha256.slice(0, 12)}.${EXT[item.media!.mimeType] ?? 'bin'}`;
}

/** What an item needs beyond its fields, prepared by the caller for the formats that take it. */
export interface ExportExtras {
  /** The media bytes (PARQUET embeds them). */
  bytes?: Buffer | null;
  /** The item's tensors (TFJS). */
  tensors?: TfjsFields;
}

/** Line writers per (format, split), and the media they place; `files` lists what was written. */
export class FormatWriter {
  private readonly parquet: ParquetSink | null;
  private readonly tfjs: TfjsSink | null;

  private readonly streams = new Map<string, fs.WriteStream>();
  private readonly hashes = new Map<string, { h: crypto.Hash; bytes: number }>();
  readonly files: WrittenFile[] = [];
  private readonly coco = new Map<Split, { images: Array<Record<string, unknown>>; annotations: Array<Record<string, unknown>> }>();

  constructor(
    private readonly root: string,
    private readonly formats: readonly ExportFormat[],
    modality: Modality,
    imageSize: number,
  ) {
    this.parquet = formats.includes('PARQUET') ? new ParquetSink(path.join(root, 'parquet'), modality) : null;
    this.tfjs = formats.includes('TFJS') ? new TfjsSink(path.join(root, 'tfjs'), modality, imageSize) : null;
  }

  /** Lines are gathered per file and written in chunks of about 1 MB (a write per line is slow). */
  private readonly pending = new Map<string, string[]>();
  private pendingChars = 0;

  private async line(rel: string, obj: unknown): Promise<void> {
    let list = this.pending.get(rel);
    if (!list) {
      if (!this.streams.has(rel)) {
        await fsp.mkdir(path.dirname(path.join(this.root, rel)), { recursive: true });
        this.streams.set(rel, fs.createWriteStream(path.join(this.root, rel)));
        this.hashes.set(rel, { h: crypto.createHash('sha256'), bytes: 0 });
      }
      this.pending.set(rel, (list = []));
    }
    const text = JSON.stringify(obj) + '\n';
    list.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    const waits: Array<Promise<void>> = [];
    for (const [rel, list] of this.pending) {
      if (!list.length) continue;
      const chunk = list.join('');
      list.length = 0;
      const st = this.hashes.get(rel)!;
      st.h.update(chunk);
      st.bytes += Buffer.byteLength(chunk);
      const s = this.streams.get(rel)!;
      if (!s.write(chunk)) waits.push(new Promise<void>((r) => s.once('drain', () => r())));
    }
    this.pendingChars = 0;
    await Promise.all(waits);
  }

  private async place(rel: string, item: ExportItem): Promise<void> {
    const dest = path.join(this.root, rel);
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    try {
      await fsp.link(item.media!.file, dest);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
      await fsp.copyFile(item.media!.file, dest);
    }
    const st = await fsp.stat(dest);
    this.files.push({ path: rel, sha256: item.media!.sha256, bytes: st.size });
  }

  async write(item: ExportItem, split: Split, extras: ExportExtras = {}): Promise<void> {
    for (const f of this.formats) {
      switch (f) {
        case 'PARQUET':
          this.parquet!.add(split, item, extras.bytes ?? null, item.media ? mediaName(item) : null);
          break;
        case 'TFJS': {
          if (!extras.tensors) throw new Error(`TFJS: no tensors prepared for ${item.key}`);
          const text = [item.prompt, item.response, item.caption, item.transcript].filter((x) => x).join('\n');
          this.tfjs!.add(split, item.key, item.labels[0] ?? null, extras.tensors, text);
          break;
        }
        case 'JSONL': {
          const file = item.media ? `media/${mediaName(item)}` : undefined;
          if (item.media) await this.place(`jsonl/${file}`, item);
          await this.line(`jsonl/${split}.jsonl`, {
            key: item.key,
            ...(item.prompt !== null ? { prompt: item.prompt, response: item.response } : {}),
            ...(item.caption !== null ? { caption: item.caption } : {}),
            ...(item.transcript !== null ? { transcript: item.transcript } : {}),
            ...(file ? { file, sha256: item.media!.sha256 } : {}),
            labels: item.labels,
            attributes: item.attributes,
            status: item.status,
            score: item.score,
            flags: item.flags,
            family: item.family,
            derivedFrom: item.derivedFrom,
          });
          break;
        }
        case 'OPENAI_CHAT':
          await this.line(`openai_chat/${split}.jsonl`, { messages: [{ role: 'user', content: item.prompt }, { role: 'assistant', content: item.response }] });
          break;
        case 'ALPACA':
          await this.line(`alpaca/${split}.jsonl`, { instruction: item.prompt, input: '', output: item.response });
          break;
        case 'HF_IMAGEFOLDER':
        case 'HF_AUDIOFOLDER': {
          const dir = f.toLowerCase();
          const name = mediaName(item);
          await this.place(`${dir}/${split}/${name}`, item);
          // Attributes as a JSON string: their keys differ between items, which a column schema cannot hold.
          await this.line(`${dir}/${split}/metadata.jsonl`, {
            file_name: name,
            ...(f === 'HF_IMAGEFOLDER' ? { caption: item.caption } : { transcription: item.transcript }),
            labels: item.labels,
            attributes: JSON.stringify(item.attributes),
            key: item.key,
          });
          break;
        }
        case 'COCO_CAPTIONS': {
          const name = mediaName(item);
          await this.place(`coco_captions/${split}/${name}`, item);
          let c = this.coco.get(split);
          if (!c) this.coco.set(split, (c = { images: [], annotations: [] }));
          const id = c.images.length + 1;
          c.images.push({ id, file_name: name, width: item.media!.width, height: item.media!.height, key: item.key });
          c.annotations.push({ id, image_id: id, caption: item.caption ?? '' });
          break;
        }
        case 'NEMO_MANIFEST': {
          const name = mediaName(item);
          await this.place(`nemo_manifest/audio/${name}`, item);
          await this.line(`nemo_manifest/${split}.json`, { audio_filepath: `audio/${name}`, duration: item.media!.durationSeconds, text: item.transcript });
          break;
        }
      }
    }
  }

  /** Closes every line file and lists it with its hash. */
  async close(): Promise<void> {
    await this.flush();
    // COCO's two arrays are one JSON document per split: written whole at the end (an entry is a
    // few dozen bytes an image).
    for (const [split, c] of [...this.coco.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const rel = `coco_captions/${split}.json`;
      const text = JSON.stringify({ info: { description: 'Tuneset export', version: '1.0' }, licenses: [], images: c.images, annotations: c.annotations }) + '\n';
      await fsp.writeFile(path.join(this.root, rel), text);
      this.files.push({ path: rel, sha256: crypto.createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) });
    }
    await Promise.all([...this.streams.values()].map((s) => new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())))));
    for (const [rel, st] of this.hashes) this.files.push({ path: rel, sha256: st.h.digest('hex'), bytes: st.bytes });
    this.streams.clear();
    for (const f of this.parquet?.close() ?? []) this.files.push({ ...f, path: `parquet/${f.path}` });
    for (const f of this.tfjs?.close() ?? []) this.files.push({ ...f, path: `tfjs/${f.path}` });
  }

  /** Closes the streams without listing (a failed export). */
  abort(): void {
    for (const s of this.streams.values()) s.destroy();
    this.streams.clear();
    this.parquet?.abort();
    this.tfjs?.abort();
  }
}
