/**
 * The PARQUET export format: the Hugging Face Hub layout, `parquet/data/<split>-0000i-of-0000N.parquet`
 * plus a `parquet/README.md` whose YAML front matter declares the `configs` / `data_files` per split
 * and the features, so `datasets.load_dataset("parquet" or the folder)` reads it as is. Images and
 * audio are `struct<bytes, path>` columns and the files carry the `huggingface` schema metadata,
 * so `datasets` decodes them as Image / Audio features.
 *
 * Written with hyparquet-writer (pure JavaScript, incremental row groups; pyarrow reads its
 * files), a row group at a time: at most ROW_GROUP_ROWS rows or ROW_GROUP_BYTES of media are held,
 * whatever the size of the export; a file is closed past FILE_BYTES and the next one begun.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { Modality } from '../datasets/index.js';
import type { ExportItem, WrittenFile } from './types.js';
import { SPLITS, type Split } from './split.js';

const ROW_GROUP_ROWS = 10_000;
/** Bytes of media, or of text, held for a row group (text: smaller, its JS strings cost several times their bytes). */
const ROW_GROUP_BYTES = 64 << 20;
const TEXT_GROUP_BYTES = 4 << 20;
/** Columns of mostly distinct values: written PLAIN (a dictionary attempt over them only costs memory). */
const PLAIN = new Set(['key', 'prompt', 'response', 'caption', 'transcription', 'attributes', 'family', 'derived_from', 'image', 'audio']);
const FILE_BYTES = 512 << 20;
const CHUNK = 1 << 20;

type Schema = ConstructorParameters<typeof ParquetWriter>[0]['schema'];
type Element = Schema[number];

const str = (name: string, required = false): Element => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: required ? 'REQUIRED' : 'OPTIONAL' });
const list = (name: string): Element[] => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
];
const media = (name: string): Element[] => [
  { name, repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
  str('path'),
];

/** Columns per modality, in order: [name, parquet elements, datasets feature]. */
function columns(modality: Modality): Array<{ name: string; elements: Element[]; feature: unknown }> {
  const value = (dtype: string) => ({ dtype, _type: 'Value' });
  const strings = { feature: value('string'), _type: 'List' };
  const body: Array<{ name: string; elements: Element[]; feature: unknown }> =
    modality === 'TEXT_PAIR'
      ? [
          { name: 'prompt', elements: [str('prompt')], feature: value('string') },
          { name: 'response', elements: [str('response')], feature: value('string') },
        ]
      : modality === 'IMAGE_CAPTION'
        ? [
            { name: 'image', elements: media('image'), feature: { _type: 'Image' } },
            { name: 'caption', elements: [str('caption')], feature: value('string') },
          ]
        : [
            { name: 'audio', elements: media('audio'), feature: { _type: 'Audio' } },
            { name: 'transcription', elements: [str('transcription')], feature: value('string') },
          ];
  return [
    { name: 'key', elements: [str('key', true)], feature: value('string') },
    ...body,
    { name: 'labels', elements: list('labels'), feature: strings },
    // attributes differ between items: a JSON string, as in the folder formats' metadata
    { name: 'attributes', elements: [str('attributes')], feature: value('string') },
    { name: 'status', elements: [str('status')], feature: value('string') },
    { name: 'score', elements: [{ name: 'score', type: 'DOUBLE', repetition_type: 'OPTIONAL' }], feature: value('float64') },
    { name: 'flags', elements: list('flags'), feature: strings },
    { name: 'family', elements: [str('family')], feature: value('string') },
    { name: 'derived_from', elements: [str('derived_from')], feature: value('string') },
  ];
}

/** A file written in chunks of about 1 MB, hashed on the way (hyparquet-writer's Writer). */
function hashingFileWriter(file: string): { writer: ByteWriter; hash: crypto.Hash; close: () => void } {
  const fd = fs.openSync(file, 'w');
  const writer = new ByteWriter(CHUNK * 2);
  const hash = crypto.createHash('sha256');
  const flush = () => {
    const chunk = new Uint8Array(writer.buffer, 0, writer.index);
    hash.update(chunk);
    fs.writeSync(fd, chunk);
    writer.index = 0;
  };
  const grow = ByteWriter.prototype.ensure;
  writer.ensure = function (size: number) {
    if (writer.index > CHUNK) flush();
    grow.call(writer, size);
  };
  writer.finish = flush;
  return { writer, hash, close: () => fs.closeSync(fd) };
}

interface Open {
  pw: ParquetWriter;
  hash: crypto.Hash;
  close: () => void;
  tmpName: string;
  writer: ByteWriter;
}

/** Rows of one split waiting for their row group. */
interface Pending {
  rows: Array<Record<string, unknown>>;
  bytes: number;
  text: number;
}

export class ParquetSink {
  private readonly cols: ReturnType<typeof columns>;
  private readonly schema: Schema;
  private readonly kv: Array<{ key: string; value: string }>;
  private readonly pending = new Map<Split, Pending>();
  private readonly open = new Map<Split, Open>();
  private readonly done = new Map<Split, Array<{ tmpName: string; sha256: string; bytes: number }>>();
  private readonly counts: Record<Split, number> = { train: 0, validation: 0, test: 0 };

  constructor(
    private readonly dir: string,
    private readonly modality: Modality,
  ) {
    this.cols = columns(modality);
    const elements = this.cols.flatMap((c) => c.elements);
    this.schema = [{ name: 'schema', num_children: this.cols.length }, ...elements];
    const features = Object.fromEntries(this.cols.map((c) => [c.name, c.feature]));
    this.kv = [{ key: 'huggingface', value: JSON.stringify({ info: { features } }) }];
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  }

  /** Adds an item (its media bytes read by the caller), writing a row group when one is full. */
  add(split: Split, item: ExportItem, mediaBytes: Buffer | null, mediaName: string | null): void {
    let p = this.pending.get(split);
    if (!p) this.pending.set(split, (p = { rows: [], bytes: 0, text: 0 }));
    const m = mediaBytes ? { bytes: new Uint8Array(mediaBytes.buffer, mediaBytes.byteOffset, mediaBytes.byteLength), path: mediaName } : null;
    p.rows.push({
      key: item.key,
      prompt: item.prompt,
      response: item.response,
      image: this.modality === 'IMAGE_CAPTION' ? m : undefined,
      caption: item.caption,
      audio: this.modality === 'AUDIO_TRANSCRIPT' ? m : undefined,
      transcription: item.transcript,
      labels: item.labels,
      attributes: JSON.stringify(item.attributes),
      status: item.status,
      score: item.score,
      flags: item.flags,
      family: item.family,
      derived_from: item.derivedFrom,
    });
    p.bytes += mediaBytes?.byteLength ?? 0;
    p.text += (item.prompt?.length ?? 0) + (item.response?.length ?? 0) + (item.caption?.length ?? 0) + (item.transcript?.length ?? 0);
    this.counts[split]++;
    if (p.rows.length >= ROW_GROUP_ROWS || p.bytes >= ROW_GROUP_BYTES || p.text >= TEXT_GROUP_BYTES) this.writeGroup(split, p);
  }

  private writeGroup(split: Split, p: Pending): void {
    if (!p.rows.length) return;
    let o = this.open.get(split);
    if (!o) {
      const tmpName = `data/.${split}-${(this.done.get(split)?.length ?? 0)}.parquet`;
      const f = hashingFileWriter(path.join(this.dir, tmpName));
      o = { pw: new ParquetWriter({ writer: f.writer, schema: this.schema, kvMetadata: this.kv, createdBy: 'tuneset' }), hash: f.hash, close: f.close, tmpName, writer: f.writer };
      this.open.set(split, o);
    }
    const columnData = this.cols.map((c) => ({ name: c.name, data: p.rows.map((r) => (r[c.name] === undefined ? null : r[c.name])), ...(PLAIN.has(c.name) ? { encoding: 'PLAIN' } : {}) }));
    void o.pw.write({ columnData: columnData as never, rowGroupSize: p.rows.length });
    p.rows = [];
    p.bytes = 0;
    p.text = 0;
    if (o.writer.offset >= FILE_BYTES) this.finishFile(split, o);
  }

  private finishFile(split: Split, o: Open): void {
    void o.pw.finish();
    o.close();
    let list = this.done.get(split);
    if (!list) this.done.set(split, (list = []));
    list.push({ tmpName: o.tmpName, sha256: o.hash.digest('hex'), bytes: o.writer.offset });
    this.open.delete(split);
  }

  /** Writes what is left, names the files `<split>-0000i-of-0000N.parquet`, writes README.md. */
  close(): WrittenFile[] {
    for (const [split, p] of this.pending) this.writeGroup(split, p);
    for (const [split, o] of [...this.open]) this.finishFile(split, o);
    const files: WrittenFile[] = [];
    const dataFiles: Array<{ split: Split; path: string }> = [];
    for (const split of SPLITS) {
      const list = this.done.get(split) ?? [];
      list.forEach((f, i) => {
        const name = `data/${split}-${String(i).padStart(5, '0')}-of-${String(list.length).padStart(5, '0')}.parquet`;
        fs.renameSync(path.join(this.dir, f.tmpName), path.join(this.dir, name));
        files.push({ path: name, sha256: f.sha256, bytes: f.bytes });
      });
      if (list.length) dataFiles.push({ split, path: `data/${split}-*` });
    }
    const readme = hubReadme(dataFiles, this.cols, this.counts);
    fs.writeFileSync(path.join(this.dir, 'README.md'), readme);
    files.push({ path: 'README.md', sha256: crypto.hash('sha256', readme), bytes: Buffer.byteLength(readme) });
    return files;
  }

  abort(): void {
    for (const o of this.open.values()) o.close();
    this.open.clear();
  }
}

/** The dataset card: YAML front matter with the configs / data_files and features, then a line of prose. */
function hubReadme(dataFiles: Array<{ split: Split; path: string }>, cols: ReturnType<typeof columns>, counts: Record<Split, number>): string {
  const featureYaml = (name: string, f: { _type: string; dtype?: string; feature?: { dtype: string } }) => {
    if (f._type === 'Value') return [`  - name: ${name}`, `    dtype: ${f.dtype}`];
    if (f._type === 'List') return [`  - name: ${name}`, `    list: ${f.feature!.dtype}`];
    return [`  - name: ${name}`, `    dtype: ${f._type.toLowerCase()}`];
  };
  const lines = [
    '---',
    'configs:',
    '- config_name: default',
    '  data_files:',
    ...dataFiles.flatMap((d) => [`  - split: ${d.split}`, `    path: ${d.path}`]),
    'dataset_info:',
    '  features:',
    ...cols.flatMap((c) => featureYaml(c.name, c.feature as never)),
    '  splits:',
    ...dataFiles.flatMap((d) => [`  - name: ${d.split}`, `    num_examples: ${counts[d.split]}`]),
    '---',
    '',
    'Exported by Tuneset: one row per item, split without leakage (see ../report.md and ../manifest.json).',
    '',
  ];
  return lines.join('\n');
}
