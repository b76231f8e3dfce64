/**
 * The trainer module (issue 11) on small exports made from the corpus, on the backend `auto`
 * picks without native TensorFlow (cpu: wasm has no gradient kernels for convolutions and
 * embeddings, and is passed over saying so): each
 * task beats its trivial baseline (a test that fails if learning breaks), the freezing schedule
 * holds (the base does not move while the head trains; the top layers do after unfreezing), a run
 * writes a loadable model, metrics.json naming its export and training-curves.png, and bad
 * inputs are refused before any training.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { toGlobalId } from '../../src/ids.js';
import { createExport } from '../../src/modules/exports/commands/create-export.js';
import { loadModel } from '../../src/trainer/model-io.js';
import { train } from '../../src/trainer/train.js';
import { addNoise, corpusClip, gain, padSilence, speed, toWav } from '../helpers/audio-derive.js';
import { buildActor, buildAudioItem, buildDataset, buildImageItem, buildTestApp, buildTextItem, type TestApp } from '../helpers/factories.js';
import { CORPUS } from '../helpers/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const admin = buildActor();
const quiet = () => {};

describe('the trainer', () => {
  let t: TestApp;
  let images: string;
  let texts: string;
  let speech: string;
  let captioned: string;

  async function exportOf(datasetId: number, spec: Record<string, unknown>, formats: string[]) {
    const r = createExport({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', datasetId), spec, formats } as never);
    const job = await r.done;
    assert.equal(job.state, 'SUCCEEDED', t.app.jobs.errors(job.id, 1)[0]?.message);
    return t.app.exports.absolutePath(t.app.exports.get(admin, r.export.id)!);
  }

  before(async () => {
    t = buildTestApp();
    // 96 crops of corpus photos, half tinted red, half blue: learnable from the pixels
    const photos = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg'].map((f) => path.join(CORPUS, 'images', f));
    const d = buildDataset(t.app, { modality: 'IMAGE_CAPTION' });
    const items = [];
    for (let i = 0; i < 96; i++) {
      const src = sharp(photos[i % photos.length]);
      const m = await src.metadata();
      const side = 48 + (i % 5) * 8;
      const left = (i * 37) % Math.max(1, m.width! - side);
      const top = (i * 53) % Math.max(1, m.height! - side);
      let img = sharp(photos[i % photos.length]).extract({ left, top, width: side, height: side });
      const red = i % 2 === 0;
      img = img.removeAlpha().linear(red ? [1, 0.45, 0.45] : [0.45, 0.45, 1], [0, 0, 0]);
      const buf = await img.png().toBuffer();
      const row = await t.app.media.ingestFile(await tmpFile(t.dir, `c${i}.png`, buf), admin);
      items.push(buildImageItem({ key: `img-${String(i).padStart(3, '0')}`, mediaSha256: row.sha256, caption: `crop ${i}`, labels: [red ? 'red' : 'blue'] }));
    }
    for (let i = 0; i < items.length; i += 100) t.app.items.add(admin, d, "main", items.slice(i, i + 100));
    t.app.versions.commit(admin, d, 'main', 'crops');
    images = await exportOf(d.id, { split: { train: 0.7, validation: 0.15, test: 0.15, stratifyBy: 'label' }, target: { preset: 'image-classification', imageSize: 16, minSide: 16 } }, ['TFJS']);

    const dt = buildDataset(t.app);
    const pairs = fs.readFileSync(path.join(CORPUS, 'text', 'wordnet-pairs-3k.jsonl'), 'utf8').trim().split('\n').slice(0, 400).map((l) => JSON.parse(l) as { prompt: string; response: string });
    const rows = pairs.map((p, i) => buildTextItem({ key: `w${String(i).padStart(4, '0')}`, prompt: p.prompt, response: p.response }));
    for (let i = 0; i < rows.length; i += 250) t.app.items.add(admin, dt, "main", rows.slice(i, i + 250));
    t.app.versions.commit(admin, dt, 'main', 'glosses');
    texts = await exportOf(dt.id, { split: { train: 0.8, validation: 0.1, test: 0.1 } }, ['TFJS']);

    // crops of four photos in three tints, captioned "a <tint> <subject>": 12 captions, 10 images each
    const dc = buildDataset(t.app, { modality: 'IMAGE_CAPTION' });
    const subjects = ['astronaut', 'cat', 'coffee', 'rocket'];
    const tints: Array<[string, number[]]> = [['red', [1, 0.4, 0.4]], ['green', [0.4, 1, 0.4]], ['blue', [0.4, 0.4, 1]]];
    const shots = [];
    for (let i = 0; i < 120; i++) {
      const [p, c] = [i % 4, Math.floor(i / 4) % 3];
      const file = photos[p];
      const m = await sharp(file).metadata();
      const side = Math.floor(Math.min(m.width!, m.height!) * (0.6 + (i % 5) * 0.08));
      const buf = await sharp(file).extract({ left: (i * 37) % Math.max(1, m.width! - side), top: (i * 53) % Math.max(1, m.height! - side), width: side, height: side }).removeAlpha().linear(tints[c][1], [0, 0, 0]).png().toBuffer();
      const row = await t.app.media.ingestFile(await tmpFile(t.dir, `t${i}.png`, buf), admin);
      shots.push(buildImageItem({ key: `cap-${String(i).padStart(3, '0')}`, mediaSha256: row.sha256, caption: `a ${tints[c][0]} ${subjects[p]}`, labels: [tints[c][0]] }));
    }
    t.app.items.add(admin, dc, 'main', shots);
    t.app.versions.commit(admin, dc, 'main', 'captioned crops');
    captioned = await exportOf(dc.id, { split: { train: 0.7, validation: 0.15, test: 0.15 }, target: { preset: 'image-classification', imageSize: 16, minSide: 16 } }, ['TFJS']);

    // the corpus's eight recorded commands ("Front left", "Rear center", "Side right" …), each in
    // twelve renditions (speed, level, noise, lead-in): the transcripts' first words as keywords
    const da = buildDataset(t.app, { modality: 'AUDIO_TRANSCRIPT' });
    const clips = ['Front_Center', 'Front_Left', 'Front_Right', 'Rear_Center', 'Rear_Left', 'Rear_Right', 'Side_Left', 'Side_Right'];
    const said = [];
    for (const [c, name] of clips.entries()) {
      const clip = corpusClip(`${name}.wav`);
      for (let v = 0; v < 12; v++) {
        let x = speed(clip, 0.9 + (v % 5) * 0.05);
        x = gain(x, 0.5 + (v % 3) * 0.25);
        x = padSilence(x, (v % 4) * 0.1, 0.1);
        x = addNoise(x, 15 + (v % 3) * 5, c * 100 + v);
        const row = await t.app.media.ingestFile(await tmpFile(t.dir, `s${c}-${v}.wav`, Buffer.from(toWav(x))), admin);
        said.push(buildAudioItem({ key: `cmd-${c}-${String(v).padStart(2, '0')}`, mediaSha256: row.sha256, transcript: `${name.split('_')[0]}!` }));
      }
    }
    t.app.items.add(admin, da, 'main', said);
    t.app.versions.commit(admin, da, 'main', 'commands');
    speech = await exportOf(da.id, { split: { train: 0.7, validation: 0.15, test: 0.15, seed: 3 } }, ['TFJS']);
  });
  after(() => t.cleanup());

  test('image-classification from a pre-trained base: beats the majority class; frozen base in the head phase, top layers move after', async () => {
    const out = path.join(t.dir, 'run-images');
    const r = await train({ exportDir: images, task: 'image-classification', out, backend: 'auto', base: 'pretrain', epochs: 6, patience: 2, unfreezeTop: 1, pretrainEpochs: 1, batchSize: 8, learningRate: 1e-2, trace: true, log: quiet });
    const m = r.metrics as any;
    if (m.backend !== 'tensorflow' && m.backend !== 'tensorflow-gpu') {
      assert.equal(m.backend, 'cpu');
      assert.match(m.backendSkipped.find((x: { name: string }) => x.name === 'wasm').reason, /no Conv2DBackpropFilter/);
    }
    assert.ok(m.final.test.accuracy > m.baseline.accuracy, `test accuracy ${m.final.test.accuracy} vs majority ${m.baseline.accuracy}: ${JSON.stringify(m.epochs.map((e: any) => [e.phase, e.train, e.validation]))}`);
    assert.ok(Math.max(...m.epochs.map((e: any) => e.validation.accuracy)) > 0.75, JSON.stringify(m.epochs.map((e: any) => e.validation)));
    const head = m.epochs.filter((e: any) => e.phase === 'head');
    const fine = m.epochs.filter((e: any) => e.phase === 'finetune');
    assert.ok(head.length >= 1 && fine.length >= 1, JSON.stringify(m.epochs.map((e: any) => e.phase)));
    // the head phase trains the head only: every base layer's weights are the same after each epoch
    for (const e of head) assert.deepEqual(e.baseChecksums, head[0].baseChecksums);
    assert.deepEqual(head[0].trainableLayers, ['head']);
    // after unfreezing the top weighted layer of the base, it changes and the lower ones do not
    const last = fine.at(-1).baseChecksums;
    assert.notEqual(last.base_conv3, head[0].baseChecksums.base_conv3);
    assert.equal(last.base_conv1, head[0].baseChecksums.base_conv1);
    assert.deepEqual(fine[0].trainableLayers, ['base_conv3', 'head']);
    assert.equal(m.exportManifestSha256, crypto.createHash('sha256').update(fs.readFileSync(path.join(images, 'manifest.json'))).digest('hex'));
    assert.equal(m.final.confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0), m.final.test.items);
    const model = await loadModel(path.join(out, 'model'));
    assert.deepEqual(model.outputs[0].shape, [null, 2]);
    const png = fs.readFileSync(path.join(out, 'training-curves.png'));
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(fs.existsSync(path.join(out, 'checkpoint', 'model.json')));
  });

  test('text-lm from scratch on wasm: test perplexity below the unigram model; sampled responses', async () => {
    const out = path.join(t.dir, 'run-text');
    const r = await train({ exportDir: texts, task: 'text-lm', out, backend: 'auto', base: 'none', epochs: 4, patience: 2, learningRate: 5e-3, vocabSize: 1000, batchSize: 64, log: quiet });
    const m = r.metrics as any;
    assert.ok(m.final.test.perplexity < m.baseline.perplexity, `perplexity ${m.final.test.perplexity} vs unigram ${m.baseline.perplexity}`);
    assert.equal(m.final.samples.length, 3);
    assert.ok(m.final.samples.every((s: { response: string }) => typeof s.response === 'string'));
    assert.ok(m.epochs.every((e: any) => e.phase === 'scratch'));
    if (!m.backend.startsWith('tensorflow')) assert.equal(m.backend, 'wasm');
  });

  test('image-caption-contrastive: InfoNCE dual encoder beats chance on image→caption and caption→image recall@1 and @5; frozen base first', async () => {
    const out = path.join(t.dir, 'run-captions');
    const r = await train({ exportDir: captioned, task: 'image-caption-contrastive', out, backend: 'auto', base: 'pretrain', epochs: 10, patience: 2, unfreezeTop: 1, pretrainEpochs: 1, batchSize: 16, learningRate: 1e-2, trace: true, log: quiet });
    const m = r.metrics as any;
    const test = m.final.test;
    for (const k of ['recallAt1', 'recallAt5']) assert.ok(test[k] > m.baseline[k], `${k} ${test[k]} vs chance ${m.baseline[k]}: ${JSON.stringify(m.epochs.map((e: any) => [e.phase, e.train, e.validation]))}`);
    for (const k of ['i2tRecallAt1', 't2iRecallAt1', 'i2tRecallAt5', 't2iRecallAt5']) assert.equal(typeof test[k], 'number', k);
    assert.ok(m.baseline.recallAt1 > 0 && m.baseline.recallAt1 < 0.3, String(m.baseline.recallAt1));
    const head = m.epochs.filter((e: any) => e.phase === 'head');
    assert.ok(head.length >= 1);
    for (const e of head) assert.deepEqual(e.baseChecksums, head[0].baseChecksums, 'the image base is frozen while the heads train');
    assert.ok(head[0].trainableLayers.includes('text_embedding') && head[0].trainableLayers.includes('image_projection') && !head[0].trainableLayers.includes('base_conv3'));
    const model = await loadModel(path.join(out, 'model'));
    assert.equal(model.inputs.length, 2);
    assert.deepEqual(model.outputs.map((o) => o.shape), [[null, 32], [null, 32]]);
  });

  test('audio-keywords on wasm: transcripts as keywords, log-mel input, beats the majority class', async () => {
    const out = path.join(t.dir, 'run-speech');
    const r = await train({ exportDir: speech, task: 'audio-keywords', out, backend: 'auto', base: 'none', epochs: 10, patience: 4, batchSize: 8, learningRate: 3e-3, log: quiet });
    const m = r.metrics as any;
    assert.deepEqual(m.final.classes, { source: 'transcripts', names: ['front', 'rear', 'side'] });
    assert.ok(m.final.clipSeconds >= 0.5 && m.final.clipSeconds <= 2, String(m.final.clipSeconds));
    assert.ok(m.final.test.accuracy > m.baseline.accuracy, `test accuracy ${m.final.test.accuracy} vs majority ${m.baseline.accuracy}: ${JSON.stringify(m.epochs.map((e: any) => [e.phase, e.train, e.validation]))}`);
    assert.equal(m.final.confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0), m.final.test.items);
    if (!m.backend.startsWith('tensorflow')) assert.equal(m.backend, 'wasm', 'dense layers only: wasm trains it');
    const model = await loadModel(path.join(out, 'model'));
    assert.deepEqual(model.outputs[0].shape, [null, 3]);
    assert.deepEqual(model.inputs[0].shape, [null, 24, 40], '24 segments × 40 mels');
    // an export whose transcripts never repeat has no keywords to learn: refused, naming why
    await assert.rejects(train({ exportDir: texts, task: 'audio-keywords', out, log: quiet }), /needs a AUDIO_TRANSCRIPT export/);
  });

  test('tuneset train: one epoch from the CLI writes the run; a foreign folder exits 2 naming the problem', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/tuneset.mjs'), 'train', ...args], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test' } });
    const out = path.join(t.dir, 'cli-run');
    const r = cli(texts, '--task', 'text-lm', '--epochs', '1', '--base', 'none', '--batch-size', '64', '--out', out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /backend: wasm/);
    assert.match(r.stdout, /epoch 1 \(scratch/);
    assert.equal(r.stdout.trim().split('\n').at(-1), out);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8')).epochs.length, 1);
    const bad = cli(t.dir, '--task', 'text-lm');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /BAD_USER_INPUT: .* is not an export folder \(no manifest.json\)/);
  });

  test('a missing or foreign export, an unknown task, a task of another modality and a base of the wrong shape are refused before training', async () => {
    const out = path.join(t.dir, 'run-bad');
    await assert.rejects(train({ exportDir: path.join(t.dir, 'nope'), task: 'text-lm', out, log: quiet }), /not an export folder/);
    await assert.rejects(train({ exportDir: images, task: 'poetry', out, log: quiet }), /unknown task "poetry"/);
    await assert.rejects(train({ exportDir: texts, task: 'image-classification', out, log: quiet }), /needs a IMAGE_CAPTION export/);
    // a base taking 64 × 64 images for an export of 32 × 32 ones
    const tf = await import('@tensorflow/tfjs');
    const input = tf.input({ shape: [64, 64, 3] });
    const wrong = tf.model({ inputs: input, outputs: tf.layers.globalAveragePooling2d({}).apply(tf.layers.conv2d({ filters: 4, kernelSize: 3 }).apply(input)) as any });
    const { saveModel } = await import('../../src/trainer/model-io.js');
    await saveModel(wrong, path.join(t.dir, 'wrong-base'));
    await assert.rejects(train({ exportDir: images, task: 'image-classification', out, base: path.join(t.dir, 'wrong-base'), log: quiet }), /takes input \[null,64,64,3\], the export's images are \[null,16,16,3\]/);
    assert.ok(!fs.existsSync(path.join(out, 'metrics.json')));
    await assert.rejects(train({ exportDir: images, task: 'image-classification', out, backend: 'wasm', log: quiet }), /wasm: it has no Conv2DBackpropFilter/);
  });
});

async function tmpFile(dir: string, name: string, buf: Buffer): Promise<string> {
  const f = path.join(dir, 'src', name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, buf);
  return f;
}
