/**
 * Exports over real HTTP (issue 10, first formats): corpus photos with augmented copies and a
 * speaker-grouped speech set, committed and exported; the files read back (metadata parsed, every
 * image and WAV decoded, every manifest entry's sha256 checked), groups never crossing splits,
 * copies only in train, the same spec giving the same manifest, appended items moving nothing,
 * and bad specs and destinations refused with nothing written.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import wavefile from 'wavefile';
import { CORPUS, errorCode, sleep, startTestServer, uploadBytes, uploadFile, type TestServer } from '../helpers/server.js';

const CREATE = 'mutation($input: CreateExportInput!) { createExport(input: $input) { export { id path state } job { id } } }';
const EXPORT = `query($id: ID!) { node(id: $id) { ... on Export { id state path fingerprint splits { name count } formats manifest report version { hash } job { state errors { code message } } } } }`;

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

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
      spec: { split: { train: 0.6, validation: 0.2, test: 0.2, groupBy: ['attributes.speaker'] } },
      formats: ['HF_AUDIOFOLDER', 'NEMO_MANIFEST'],
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
    assert.equal(rows, items.length);
    assert.ok(new Set(speakerSplit.values()).size >= 2, 'speakers spread over splits');
  });
});
