/**
 * Exports over real HTTP (issue 10, first formats): corpus photos with augmented copies and a
 * speaker-grouped speech set, committed and exported; the files read back (metadata parsed, every
 * image and WAV decoded, every manifest entry's sha256 checked), groups never crossing splits,
 * copies only in train, the same spec giving the same manifest, appended items moving nothing,
 * and bad specs and destinations refused with nothing written.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import wavefile from 'wavefile';
import { parquetReadObjects } from 'hyparquet';
import { TfjsExport } from '../../src/trainer/export-reader.js';
import { hubPython, runPython } from '../helpers/python.js';
import { CORPUS, errorCode, sleep, startTestServer, uploadBytes, uploadFile, type TestServer } from '../helpers/server.js';

const CREATE = 'mutation($input: CreateExportInput!) { createExport(input: $input) { export { id path state } job { id } } }';
const EXPORT = `query($id: ID!) { node(id: $id) { ... on Export { id state path fingerprint splits { name count } formats manifest report version { id hash } job { state errors { code message } } } } }`;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Every row of the Parquet files of a split, read with hyparquet (another package than the writer). */
async function parquetRows(root: string, split: string): Promise<Array<Record<string, any>>> {
  const dir = path.join(root, 'parquet', 'data');
  const out: Array<Record<string, any>> = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.startsWith(`${split}-`)).sort()) {
    assert.match(f, /^[a-z]+-\d{5}-of-\d{5}\.parquet$/);
    const b = fs.readFileSync(path.join(dir, f));
    out.push(...(await parquetReadObjects({ file: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, utf8: false })));
  }
  return out;
}

/** load_dataset on the export's folders, as a user would: rows per split and the decoded media's shapes. */
const LOAD = `
import io, json, sys
import soundfile
from datasets import Audio, load_dataset
root, kind = sys.argv[1], sys.argv[2]
out = {}
for fmt in (["parquet"] + ([kind] if kind else [])):
    ds = load_dataset(root + "/parquet") if fmt == "parquet" else load_dataset(fmt, data_dir=root + "/hf_" + fmt)
    out[fmt] = {}
    for split, d in ds.items():
        if "audio" in d.column_names:
            # the feature is Audio; its decoder needs torchcodec, so the bytes are decoded with soundfile
            assert type(d.features["audio"]).__name__ == "Audio", d.features
            d = d.cast_column("audio", Audio(decode=False))
        first = d[0]
        media = first.get("image") if "image" in first else first.get("audio")
        desc = None
        if media is not None and hasattr(media, "size"):
            desc = {"size": list(media.size)}
        elif media is not None:
            samples, rate = soundfile.read(io.BytesIO(media["bytes"]) if media.get("bytes") else media["path"])
            desc = {"rate": int(rate), "n": int(len(samples))}
        out[fmt][split] = {"rows": len(d), "keys": sorted(d["key"]), "media": desc, "columns": sorted(d.column_names)}
print(json.dumps(out))
`;

describe('exports over GraphQL', () => {
  let s: TestServer;
  let photos: string;

  async function waitJob(id: string) {
    for (let i = 0; i < 600; i++) {
      const j = await s.ok(`query($id: ID!) { job(id: $id) { state result errors { code message } } }`, { id });
      if (!['QUEUED', 'RUNNING'].includes(j.job.state)) return j.job;
      await sleep(100);
    }
    throw new Error('job did not finish');
  }

  async function exportNow(input: Record<string, unknown>) {
    const r = await s.ok(CREATE, { input });
    const job = await waitJob(r.createExport.job.id);
    const e = (await s.ok(EXPORT, { id: r.createExport.export.id })).node;
    return { job, e };
  }

  function readJsonl(file: string): Array<Record<string, any>> {
    return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  }

  before(async () => {
    s = await startTestServer();
    photos = (await s.ok(`mutation { createDataset(input: { name: "photos", modality: IMAGE_CAPTION }) { dataset { id } } }`)).createDataset.dataset.id;
    const files = ['astronaut.png', 'chelsea.png', 'coffee.png', 'motorcycle_left.png', 'rocket.jpg', 'camera.png', 'coins.png', 'horse.png', 'moon.png', 'page.png', 'brick.png', 'grass.png'];
    const items = [];
    for (const f of files) {
      const up = await uploadFile(s, path.join(CORPUS, 'images', f));
      items.push({ key: f.replace(/\..*$/, ''), mediaSha256: up.json.sha256, caption: `A photo: ${f}`, labels: [files.indexOf(f) % 2 ? 'odd' : 'even'], status: 'LABELED' });
    }
    await s.ok(`mutation($input: AddItemsInput!) { addItems(input: $input) { items { key } } }`, { input: { dataset: photos, items } });
    const aug = await s.ok(`mutation($input: AugmentInput!) { augment(input: $input) { job { id } } }`, {
      input: { dataset: photos, recipe: [{ ops: [{ op: 'flip_horizontal' }] }, { ops: [{ op: 'brightness', params: { factor: 0.5 } }] }] },
    });
    assert.equal((await waitJob(aug.augment.job.id)).state, 'SUCCEEDED');
    await s.ok(`mutation($d: ID!) { commit(input: { dataset: $d, message: "photos and copies" }) { version { id } } }`, { d: photos });
  });
  after(() => s.close());

  test('an image export in JSONL and HF_IMAGEFOLDER reads back: every image decodes, every file matches the manifest, no group crosses, copies only in train', async () => {
    const spec = { split: { train: 0.5, validation: 0.25, test: 0.25, seed: 3, stratifyBy: 'label' } };
    const { job, e } = await exportNow({ dataset: photos, spec, formats: ['HF_IMAGEFOLDER', 'JSONL', 'COCO_CAPTIONS'], name: 'first' });
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job.errors));
    assert.equal(e.state, 'SUCCEEDED');
    assert.match(e.fingerprint, /^[0-9a-f]{64}$/);
    const root = e.path;
    // Every file of the manifest exists with its sha256 and size.
    for (const f of e.manifest.files) {
      const bytes = fs.readFileSync(path.join(root, f.path));
      assert.equal(bytes.length, f.bytes, f.path);
      assert.equal(sha256(bytes), f.sha256, f.path);
    }
    assert.equal(sha256(fs.readFileSync(path.join(root, 'manifest.json'))), e.fingerprint);
    const rows = new Map<string, { split: string; row: Record<string, any> }>();
    for (const split of ['train', 'validation', 'test']) {
      const meta = path.join(root, 'hf_imagefolder', split, 'metadata.jsonl');
      if (!fs.existsSync(meta)) continue;
      for (const row of readJsonl(meta)) {
        const img = await sharp(path.join(root, 'hf_imagefolder', split, row.file_name)).raw().toBuffer({ resolveWithObject: true });
        assert.ok(img.info.width > 0);
        assert.equal(typeof row.caption, 'string');
        // Attributes travel as a JSON string; a flipped copy (chain 0) says so.
        const attributes = JSON.parse(row.attributes);
        if (row.key.endsWith('~0.0')) assert.equal(attributes.orientation, 'flipped', row.key);
        rows.set(row.key, { split, row });
      }
    }
    const total = e.splits.reduce((n: number, x: { count: number }) => n + x.count, 0);
    assert.equal(rows.size, total);
    // Copies are with their source in train, or dropped with it out of train.
    for (const [key, { split }] of rows) {
      if (!key.includes('~')) continue;
      assert.equal(split, 'train', key);
      assert.equal(rows.get(key.split('~')[0])?.split, 'train', `${key} is in train, its source too`);
    }
    const originals = [...rows.keys()].filter((k) => !k.includes('~'));
    assert.equal(originals.length, 12);
    assert.ok(e.splits.find((x: { name: string }) => x.name === 'validation').count >= 2);
    assert.equal(e.report.leakage.groupsCrossingSplits, 0);
    // Recomputed from the written images: no near-duplicate pair straddles two splits.
    assert.equal(e.report.leakage.nearDuplicatePairsAcrossSplits, 0, JSON.stringify(e.report.leakage));
    const outOfTrain = originals.filter((k) => rows.get(k)!.split !== 'train').length;
    assert.equal(e.report.droppedCopies, outOfTrain * 2, 'both copies of every source outside train are dropped');
    // COCO: every annotation names an image of its split file, whose picture is there.
    let cocoImages = 0;
    for (const split of ['train', 'validation', 'test']) {
      const f = path.join(root, 'coco_captions', `${split}.json`);
      if (!fs.existsSync(f)) continue;
      const coco = JSON.parse(fs.readFileSync(f, 'utf8'));
      const ids = new Set(coco.images.map((i: { id: number }) => i.id));
      for (const a of coco.annotations) assert.ok(ids.has(a.image_id) && typeof a.caption === 'string');
      for (const i of coco.images) {
        assert.equal(rows.get(i.key)!.split, split);
        assert.equal((await sharp(path.join(root, 'coco_captions', split, i.file_name)).metadata()).width, i.width);
      }
      cocoImages += coco.images.length;
    }
    assert.equal(cocoImages, total);
    const jsonl = readJsonl(path.join(root, 'jsonl', 'train.jsonl'));
    for (const row of jsonl) assert.equal(sha256(fs.readFileSync(path.join(root, 'jsonl', row.file))), row.sha256);
    assert.ok(fs.readFileSync(path.join(root, 'report.md'), 'utf8').includes('Groups crossing splits: 0'));

    // The same version and spec: the same manifest, byte for byte.
    const again = await exportNow({ dataset: photos, spec, formats: ['COCO_CAPTIONS', 'JSONL', 'HF_IMAGEFOLDER'], name: 'second' });
    assert.equal(again.e.fingerprint, e.fingerprint);
    assert.equal(fs.readFileSync(path.join(again.e.path, 'manifest.json'), 'utf8'), fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));

    // Appended and committed items move no original.
    const extra = [];
    for (let i = 0; i < 6; i++) {
      const bytes = await sharp(path.join(CORPUS, 'images', 'gravel.png')).resize(64 + i * 8).png().toBuffer();
      const up = await uploadBytes(s, bytes);
      extra.push({ key: `new-${i}`, mediaSha256: up.json.sha256, caption: 'gravel', labels: ['odd'], status: 'LABELED' });
    }
    await s.ok(`mutation($input: AddItemsInput!) { addItems(input: $input) { items { key } } }`, { input: { dataset: photos, items: extra } });
    await s.ok(`mutation($d: ID!) { commit(input: { dataset: $d, message: "more" }) { version { id } } }`, { d: photos });
    const later = await exportNow({ dataset: photos, spec, formats: ['JSONL'], name: 'later' });
    assert.equal(later.job.state, 'SUCCEEDED');
    const laterSplit = new Map<string, string>();
    for (const split of ['train', 'validation', 'test']) {
      const f = path.join(later.e.path, 'jsonl', `${split}.jsonl`);
      if (fs.existsSync(f)) for (const row of readJsonl(f)) laterSplit.set(row.key, split);
    }
    for (const k of originals) assert.equal(laterSplit.get(k), rows.get(k)!.split, `${k} moved`);
    const list = await s.ok(`query($id: ID!) { node(id: $id) { ... on Dataset { exports(first: 10) { totalCount nodes { name state } } } } }`, { id: photos });
    assert.equal(list.node.exports.totalCount, 3);
    assert.equal(list.node.exports.nodes[0].name, 'later');
  });

  test('PARQUET and TFJS with an image-classification target: resized images, read back by hyparquet, the trainer reader and (when present) datasets', async () => {
    const spec = { split: { train: 0.5, validation: 0.25, test: 0.25, seed: 3, stratifyBy: 'label' }, target: { preset: 'image-classification', imageSize: 64, minSide: 100 } };
    const { job, e } = await exportNow({ dataset: photos, spec, formats: ['PARQUET', 'TFJS', 'HF_IMAGEFOLDER'], name: 'tensors' });
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job.errors));
    // the new gravel items smaller than minSide are excluded by the target and listed
    assert.ok(e.report.target.violations > 0 && e.report.target.listed.every((v: { reason: string }) => /minSide 100/.test(v.reason)), JSON.stringify(e.report.target));
    for (const f of e.manifest.files) assert.equal(sha256(fs.readFileSync(path.join(e.path, f.path))), f.sha256, f.path);
    const readme = fs.readFileSync(path.join(e.path, 'parquet', 'README.md'), 'utf8');
    assert.match(readme, /configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data\/train-\*/);
    // the source items at the exported version, to compare every written row with
    const src = (await s.ok(`query($id: ID!, $v: String!) { node(id: $id) { ... on Dataset { items(ref: $v, first: 100) { nodes { key labels ... on ImageCaption { caption } } } } } }`, { id: photos, v: e.version.id })).node.items.nodes as Array<{ key: string; caption: string; labels: string[] }>;
    const source = new Map(src.map((x) => [x.key, x]));
    const tf = new TfjsExport(e.path);
    assert.deepEqual(tf.schema.fields.image, { dtype: 'uint8', shape: [64, 64, 3] });
    assert.deepEqual(tf.schema.labels, ['even', 'odd']);
    let n = 0;
    for (const split of ['train', 'validation', 'test'] as const) {
      const rows = await parquetRows(e.path, split);
      const count = e.splits.find((x: { name: string }) => x.name === split).count;
      assert.equal(rows.length, count);
      const tensors = [...tf.items(split)];
      assert.equal(tensors.length, count);
      for (const [i, r] of rows.entries()) {
        // the Parquet image is the written (resized, centre-cropped) file, decodable as is
        const meta = await sharp(Buffer.from(r.image.bytes)).metadata();
        assert.deepEqual([meta.width, meta.height], [64, 64], r.key);
        assert.equal(r.caption, source.get(r.key)!.caption, r.key);
        assert.deepEqual(r.labels, source.get(r.key)!.labels, r.key);
        assert.equal(tf.schema.labels[tensors[i].label], source.get(r.key)!.labels[0], r.key);
        assert.equal(tensors[i].key, r.key);
        assert.equal((tensors[i].fields.image as Uint8Array).length, 64 * 64 * 3);
        assert.equal(tensors[i].fields.caption, r.caption);
        n++;
      }
    }
    assert.ok(n >= 12);
    const py = hubPython();
    if (!py.python) {
      console.log(`# skipped the datasets check: ${py.reason}`);
      return;
    }
    const loaded = runPython(py.python, LOAD, [e.path, 'imagefolder']) as Record<string, Record<string, { rows: number; media: { size: number[] } }>>;
    for (const fmt of ['parquet', 'imagefolder']) {
      for (const x of e.splits.filter((y: { count: number }) => y.count > 0)) {
        assert.equal(loaded[fmt][x.name].rows, x.count, `${fmt} ${x.name}`);
        assert.deepEqual(loaded[fmt][x.name].media.size, [64, 64], `${fmt} decodes the images`);
      }
    }
  });

  test('bad specs, formats and destinations are refused naming the setting, and nothing is written', async () => {
    const exportsDir = s.config.exportRoot;
    const before = fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir, { recursive: true }).length : 0;
    const split = { train: 0.8, validation: 0.1, test: 0.1 };
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ spec: { split: { train: 0.8, validation: 0.3, test: 0.1 } }, formats: ['JSONL'] }, 'BAD_USER_INPUT', 'spec.split'],
      [{ spec: { split: { ...split, stratifyBy: 'colour' } }, formats: ['JSONL'] }, 'BAD_USER_INPUT', 'spec.split.stratifyBy'],
      [{ spec: { split: { ...split, groupBy: ['speaker'] } }, formats: ['JSONL'] }, 'BAD_USER_INPUT', 'spec.split.groupBy'],
      [{ spec: { split, filter: { excludeFlags: ['LOW_SNR'] } }, formats: ['JSONL'] }, 'BAD_USER_INPUT', 'spec.filter.excludeFlags'],
      [{ spec: { split, filter: { minScore: 2 } }, formats: ['JSONL'] }, 'BAD_USER_INPUT', 'spec.filter.minScore'],
      [{ spec: { split }, formats: ['OPENAI_CHAT'] }, 'BAD_USER_INPUT', 'formats'],
      [{ spec: { split, target: { preset: 'whisper' } }, formats: ['JSONL'] }, 'BAD_USER_INPUT', 'spec.target.preset'],
      [{ spec: { split, target: { preset: 'image-generation', minSide: -4 } }, formats: ['JSONL'] }, 'BAD_USER_INPUT', 'spec.target.minSide'],
      [{ spec: { split }, formats: ['JSONL'], destination: '../outside' }, 'INVALID_PATH', 'destination'],
      [{ spec: { split }, formats: ['JSONL'], destination: '/tmp/elsewhere' }, 'INVALID_PATH', 'destination'],
      [{ spec: { split }, formats: ['JSONL'], destination: 'photos/first' }, 'CONFLICT', 'destination'],
      [{ spec: { split }, formats: ['JSONL'], ref: 'nope' }, 'NOT_FOUND', ''],
    ];
    for (const [input, code, field] of cases) {
      const r = await s.gql(CREATE, { input: { dataset: photos, ...input } });
      assert.equal(errorCode(r), code, JSON.stringify(input) + JSON.stringify(r.errors));
      if (field) assert.equal(r.errors![0].extensions!.field, field, JSON.stringify(r.errors));
    }
    // A symlink out of the root is no way out either.
    fs.mkdirSync(exportsDir, { recursive: true });
    fs.symlinkSync(fs.mkdtempSync(path.join(path.dirname(s.dir), 'out-')), path.join(exportsDir, 'link'));
    const viaLink = await s.gql(CREATE, { input: { dataset: photos, spec: { split }, formats: ['JSONL'], destination: 'link/x' } });
    assert.equal(errorCode(viaLink), 'INVALID_PATH');
    fs.rmSync(path.join(exportsDir, 'link'));
    // A filter that keeps nothing fails the job with BAD_USER_INPUT and leaves no folder.
    const none = await exportNow({ dataset: photos, spec: { split, filter: { labels: ['zebra'] } }, formats: ['JSONL'], name: 'empty' });
    assert.equal(none.job.state, 'FAILED');
    assert.equal(none.job.errors[0].code, 'BAD_USER_INPUT');
    assert.equal(none.e.state, 'FAILED');
    // Photos below the target's 512 px with onViolation FAIL: the job fails with the list, nothing is written.
    const strict = await exportNow({ dataset: photos, spec: { split, target: { preset: 'image-generation', onViolation: 'FAIL' } }, formats: ['HF_IMAGEFOLDER'], name: 'strict' });
    assert.equal(strict.job.state, 'FAILED');
    assert.equal(strict.job.errors[0].code, 'EXPORT_CONSTRAINT_VIOLATED');
    assert.match(strict.job.errors[0].message, /break the image-generation target/);
    assert.equal(strict.e.state, 'FAILED');
    assert.equal(fs.readdirSync(exportsDir, { recursive: true }).length, before);
    const viewer = await s.gql(CREATE, { input: { dataset: photos, spec: { split }, formats: ['JSONL'] } }, 'labeller');
    assert.equal(errorCode(viewer), 'FORBIDDEN');
  });

  test('speech grouped by speaker: no speaker in two splits; HF_AUDIOFOLDER and NEMO_MANIFEST read back', async () => {
    const speech = (await s.ok(`mutation { createDataset(input: { name: "speech", modality: AUDIO_TRANSCRIPT }) { dataset { id } } }`)).createDataset.dataset.id;
    const lines = fs.readFileSync(path.join(CORPUS, 'audio', 'transcripts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const items = [];
    let n = 0;
    for (const l of lines.filter((x) => x.transcript)) {
      const up = await uploadFile(s, path.join(CORPUS, 'audio', l.file_name));
      items.push({ key: l.file_name.replace('.wav', ''), mediaSha256: up.json.sha256, transcript: l.transcript, attributes: { speaker: `spk${n++ % 5}` } });
    }
    await s.ok(`mutation($input: AddItemsInput!) { addItems(input: $input) { items { key } } }`, { input: { dataset: speech, items } });
    await s.ok(`mutation($d: ID!) { commit(input: { dataset: $d, message: "speech" }) { version { id } } }`, { d: speech });
    const { job, e } = await exportNow({
      dataset: speech,
      spec: { split: { train: 0.6, validation: 0.2, test: 0.2, groupBy: ['attributes.speaker'] }, target: { preset: 'whisper' } },
      formats: ['HF_AUDIOFOLDER', 'NEMO_MANIFEST', 'PARQUET', 'TFJS'],
    });
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job.errors));
    const speakerSplit = new Map<string, string>();
    let rows = 0;
    for (const split of ['train', 'validation', 'test']) {
      const meta = path.join(e.path, 'hf_audiofolder', split, 'metadata.jsonl');
      if (!fs.existsSync(meta)) continue;
      for (const row of readJsonl(meta)) {
        rows++;
        const wav = new wavefile.WaveFile(fs.readFileSync(path.join(e.path, 'hf_audiofolder', split, row.file_name)));
        assert.ok((wav.getSamples(false) as unknown as ArrayLike<number>).length > 0);
        // the whisper target: 16 kHz mono, whatever the source
        const fmt = wav.fmt as { sampleRate: number; numChannels: number };
        assert.deepEqual([fmt.sampleRate, fmt.numChannels], [16000, 1], row.file_name);
        const spk = JSON.parse(row.attributes).speaker;
        assert.equal(speakerSplit.get(spk) ?? split, split, `${spk} crosses splits`);
        speakerSplit.set(spk, split);
      }
      const nemo = readJsonl(path.join(e.path, 'nemo_manifest', `${split}.json`));
      for (const r of nemo) {
        assert.ok(fs.existsSync(path.join(e.path, 'nemo_manifest', r.audio_filepath)));
        assert.ok(r.duration > 0 && typeof r.text === 'string');
      }
    }
    assert.equal(rows + e.report.target.violations, items.length);
    assert.ok(new Set(speakerSplit.values()).size >= 2, 'speakers spread over splits');
    // the audio leakage pass ran on the written files
    assert.equal(typeof e.report.leakage.nearDuplicatePairsAcrossSplits, 'number');
    const tf = new TfjsExport(e.path);
    assert.equal(tf.schema.fields.audio.sampleRate, 16000);
    for (const split of ['train', 'validation', 'test'] as const) {
      const pq = await parquetRows(e.path, split);
      const tensors = [...tf.items(split)];
      assert.equal(pq.length, tensors.length);
      for (const [i, r] of pq.entries()) {
        const w = new wavefile.WaveFile(Buffer.from(r.audio.bytes));
        const frames = (w.getSamples(false) as unknown as ArrayLike<number>).length;
        // the tensor is the same 16 kHz clip as float32 (±1 sample of rounding)
        assert.ok(Math.abs((tensors[i].fields.audio as Float32Array).length - frames) <= 1, `${r.key}: ${frames} frames`);
        assert.equal(tensors[i].fields.transcript, r.transcription);
      }
    }
    const py = hubPython();
    if (!py.python) {
      console.log(`# skipped the datasets check: ${py.reason}`);
      return;
    }
    // datasets 5 builds an audiofolder only with torchcodec (and torch), which this index lacks: the Parquet files are loaded
    const loaded = runPython(py.python, LOAD, [e.path, '']) as Record<string, Record<string, { rows: number; media: { rate: number } }>>;
    for (const fmt of ['parquet']) for (const x of e.splits.filter((y: { count: number }) => y.count > 0)) {
      assert.equal(loaded[fmt][x.name].rows, x.count, `${fmt} ${x.name}`);
      assert.equal(loaded[fmt][x.name].media.rate, 16000, `${fmt} decodes the audio`);
    }
  });
});

describe('tuneset export', () => {
  test('a YAML spec with a target, three formats and --out; a failing target exits 2 naming EXPORT_CONSTRAINT_VIOLATED', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-cli-export-'));
    const data = path.join(root, 'data');
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/tuneset.mjs'), ...args, '--data', data], { encoding: 'utf8', cwd: root, env: { ...process.env, NODE_ENV: 'test' } });
    try {
      const pairs = fs.readFileSync(path.join(CORPUS, 'text', 'wordnet-pairs-3k.jsonl'), 'utf8').trim().split('\n').slice(0, 300).map((l) => JSON.parse(l));
      fs.writeFileSync(path.join(root, 'pairs.jsonl'), pairs.map((p, i) => JSON.stringify({ prompt: p.prompt, response: p.response, labels: [String(p.synset).split('.')[0]], key: `w${i}` })).join('\n'));
      assert.equal(cli('dataset', 'create', 'glosses', '--modality', 'TEXT_PAIR').status, 0);
      const imp = cli('import', 'glosses', 'pairs.jsonl', '-m', 'glosses');
      assert.equal(imp.status, 0, imp.stderr);
      fs.writeFileSync(path.join(root, 'spec.yaml'), 'split:\n  train: 0.8\n  validation: 0.1\n  test: 0.1\n  stratifyBy: label\ntarget:\n  preset: llm-chat\n  maxTokens: 30\n');
      const out = path.join(root, 'out', 'glosses-v1');
      const r = cli('export', 'glosses', '--spec', 'spec.yaml', '--format', 'jsonl,parquet,tfjs', '--out', out);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim().split('\n').at(-1), out);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
      assert.deepEqual(manifest.formats, ['JSONL', 'PARQUET', 'TFJS']);
      const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
      const kept = manifest.splits.train + manifest.splits.validation + manifest.splits.test;
      assert.equal(kept + report.target.violations, 300);
      assert.ok(report.target.violations > 0);
      const tf = new TfjsExport(out);
      assert.equal(tf.count('train'), manifest.splits.train);
      assert.ok(tf.vocab().slice(0, 4).join() === '[PAD],[UNK],[BOS],[EOS]' && tf.vocab().includes('mean'));
      fs.writeFileSync(path.join(root, 'strict.yaml'), 'split: {train: 0.8, validation: 0.1, test: 0.1}\ntarget: {preset: llm-chat, maxTokens: 30, onViolation: FAIL}\n');
      const strict = cli('export', 'glosses', '--spec', 'strict.yaml', '--format', 'JSONL', '--out', path.join(root, 'out', 'strict'));
      assert.equal(strict.status, 2);
      assert.match(strict.stderr, /EXPORT_CONSTRAINT_VIOLATED: export failed: \d+ item\(s\) break the llm-chat target/);
      assert.ok(!fs.existsSync(path.join(root, 'out', 'strict')));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
