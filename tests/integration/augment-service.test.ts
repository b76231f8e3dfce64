/**
 * Augmentation of speech and text through the use cases, on a real SQLite file and real corpus
 * clips: noise gaps planned and filled (measured SNR of the copies), a recorded noise clip as the
 * noise, a pitch shift measured by the analyser's YIN, declared attributes updated, the event loop
 * left free while a long clip is processed, and text templates marked model-free.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import wavefile from 'wavefile';
import type { App } from '../../src/app.js';
import type { DatasetRow } from '../../src/db/schema/index.js';
import { toGlobalId } from '../../src/ids.js';
import { augmentNow } from '../../src/modules/augment/commands/augment.js';
import { planAugmentation } from '../../src/modules/augment/commands/plan-augmentation.js';
import { getCoverage } from '../../src/modules/coverage/commands/get-coverage.js';
import { addItems } from '../../src/modules/items/commands/add-items.js';
import type { ItemModel } from '../../src/modules/items/model.js';
import { buildActor, buildAudioItem, buildDataset, buildTestApp, buildTextItem, type TestApp } from '../helpers/factories.js';
import { CORPUS } from '../helpers/server.js';

const admin = buildActor();
const AUDIO = path.join(CORPUS, 'audio');
const code = (c: string, field?: string) => (e: unknown) => {
  const ext = (e as { extensions?: { code?: string; field?: string } }).extensions;
  return ext?.code === c && (field === undefined || ext.field === field);
};

function items(app: App, d: DatasetRow, filter: Record<string, unknown>): ItemModel[] {
  return app.items.list(admin, d, 'main', 100, null, filter).nodes;
}

function metricsOf(app: App, d: DatasetRow, key: string) {
  const item = app.items.get(admin, d, 'main', key)!;
  const [q] = app.quality.qualities([{ revisionId: item.revisionId, policyVersion: d.policyVersion }]);
  return { item, metrics: q?.metrics ?? {} };
}

describe('augmenting speech', () => {
  let t: TestApp;
  let d: DatasetRow;
  // Recorded human speech and one 4.6 s synthetic sentence, clean (SNR 47–72 dB as measured), and
  // the recording's own noise clip.
  const SOURCES = ['Front_Center.wav', 'Front_Left.wav', 'Rear_Left.wav', 'Side_Left.wav', 'tts_07.wav'];

  before(async () => {
    t = buildTestApp();
    d = buildDataset(t.app, { modality: 'AUDIO_TRANSCRIPT' });
    const transcripts = new Map(
      fs.readFileSync(path.join(AUDIO, 'transcripts.jsonl'), 'utf8').trim().split('\n').map((l) => {
        const r = JSON.parse(l) as { file_name: string; transcript: string };
        return [r.file_name, r.transcript] as const;
      }),
    );
    const inputs = [];
    for (const f of [...SOURCES, 'Noise.wav']) {
      const m = await t.app.media.ingestFile(path.join(AUDIO, f), admin);
      const key = f === 'Noise.wav' ? 'noise' : f.replace('.wav', '');
      inputs.push(buildAudioItem({ key, mediaSha256: m.sha256, transcript: transcripts.get(f) || ' ', labels: ['speech'], attributes: { noise: 'clean', speaker: key } }));
    }
    await addItems({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', d.id), items: inputs });
    await t.app.quality.scorePending(d.id);
    t.app.versions.commit(admin, d, 'main', 'speech');
  });
  after(() => t.cleanup());

  test('clean speech misses the noisy and moderate bands; the plan adds noise at their SNRs and the measured copies fill them', async () => {
    const dataset = toGlobalId('Dataset', d.id);
    const ctx = { app: t.app, actor: admin };
    const before = await getCoverage(ctx, d, { axes: ['noise'], minPerCell: 2 });
    const noise = before.axes[0].buckets.map((b) => [b.name, b.count]);
    // (The noise clip itself measures noisy.)
    assert.deepEqual(noise, [['noisy', 1], ['moderate', 0], ['clean', 5]], JSON.stringify(before.axes));
    const plan = await planAugmentation(ctx, { dataset, axes: ['noise'], minPerCell: 2, maxNewItems: 50 });
    assert.equal(plan.expected.score, 1);
    assert.ok(plan.recipe.every((c) => c.ops.every((o) => o.op === 'add_noise')), JSON.stringify(plan.recipe));
    const job = await augmentNow(ctx, { dataset, plan: toGlobalId('AugmentPlan', plan.id) });
    assert.equal(job.state, 'SUCCEEDED', job.error ?? '');
    const result = JSON.parse(job.result!);
    assert.equal(result.created, plan.sources.length);
    const derived = items(t.app, d, { derived: true });
    assert.equal(derived.length, plan.sources.length);
    for (const item of derived) {
      const wanted = (item.derivation!.ops[0].params as { snrDb: number }).snrDb;
      const planned = plan.sources.find((x) => x.key === item.derivation!.from.key && x.chain === item.derivation!.chain)!;
      const { metrics } = metricsOf(t.app, d, item.key);
      // The analyser's SNR (speech frames against its noise floor) is not the mixing SNR over the
      // whole clip (unit tests check that one, 10 ± 1 dB), but the copy must land in the band.
      const band = planned.fills[0];
      const measured = metrics.snrDb as number;
      assert.equal(measured < 10 ? 'noisy' : measured < 30 ? 'moderate' : 'clean', band, `${item.key}: asked ${wanted} dB, measured ${measured}`);
      assert.equal(item.attributes.noise, band, 'the declared noise attribute follows the op');
      assert.equal(item.attributes.speaker, item.derivation!.from.key, 'other attributes are inherited');
    }
    const after = await getCoverage(ctx, d, { axes: ['noise'], minPerCell: 2 });
    assert.equal(after.score, 1, JSON.stringify(after.axes));
  });

  test('add_noise with a recorded noise clip of the dataset, and a noiseKey that is not there', async () => {
    const dataset = toGlobalId('Dataset', d.id);
    const ctx = { app: t.app, actor: admin };
    const recipe = [{ ops: [{ op: 'add_noise', params: { snrDb: 15, noiseKey: 'noise' } }] }];
    const job = await augmentNow(ctx, { dataset, recipe, filter: { keyPrefix: 'Front_Center' } });
    assert.equal(job.state, 'SUCCEEDED', job.error ?? '');
    const copy = metricsOf(t.app, d, 'Front_Center~0.0');
    assert.ok(copy.metrics.snrDb !== undefined && (copy.metrics.snrDb as number) < 30, JSON.stringify(copy.metrics.snrDb));
    assert.throws(
      () => t.app.augment.prepare(admin, d, { dataset, recipe: [{ ops: [{ op: 'add_noise', params: { snrDb: 5, noiseKey: 'rain' } }] }] }, null),
      code('BAD_USER_INPUT', 'recipe[0].ops[0].params.noiseKey'),
    );
    assert.throws(() => t.app.augment.prepare(admin, d, { dataset, recipe: [{ ops: [{ op: 'brightness', params: { factor: 0.5 } }] }] }, null), code('BAD_USER_INPUT', 'recipe[0].ops[0]'));
  });

  test('pitch_shift moves the measured F0 by the semitones asked and keeps the duration', async () => {
    // A sentence, not a two-word clip: the analyser's median F0 of a 1.4 s recording varies by a
    // semitone on its own (docs/augmentation.md).
    const dataset = toGlobalId('Dataset', d.id);
    const job = await augmentNow({ app: t.app, actor: admin }, { dataset, recipe: [{ ops: [{ op: 'pitch_shift', params: { semitones: 4 } }] }], filter: { keyPrefix: 'tts_07' } });
    assert.equal(job.state, 'SUCCEEDED', job.error ?? '');
    const src = metricsOf(t.app, d, 'tts_07').metrics;
    const out = metricsOf(t.app, d, 'tts_07~0.0').metrics;
    const moved = 12 * Math.log2((out.pitchHz as number) / (src.pitchHz as number));
    assert.ok(Math.abs(moved - 4) < 0.5, `F0 ${src.pitchHz} → ${out.pitchHz} Hz: ${moved.toFixed(2)} semitones`);
    assert.ok(Math.abs((out.durationSeconds as number) / (src.durationSeconds as number) - 1) < 0.01);
  });

  test('a long clip is stretched and shifted in a worker: the event loop stays free', async () => {
    // 90 s of real speech (the corpus clips back to back), one item.
    const wav = new wavefile.WaveFile();
    const chunks: Int16Array[] = [];
    for (let i = 0; chunks.reduce((n, c) => n + c.length, 0) < 90 * 16_000; i++) {
      const w = new wavefile.WaveFile(fs.readFileSync(path.join(AUDIO, `tts_${String((i % 12) + 1).padStart(2, '0')}.wav`)));
      chunks.push(Int16Array.from(w.getSamples(false, Int16Array) as unknown as Int16Array));
    }
    const all = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of chunks) all.set(c, (o += c.length) - c.length);
    wav.fromScratch(1, 16_000, '16', all);
    const file = path.join(t.dir, 'long.wav');
    fs.writeFileSync(file, wav.toBuffer());
    const m = await t.app.media.ingestFile(file, admin);
    await addItems({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', d.id), items: [buildAudioItem({ key: 'long', mediaSha256: m.sha256, transcript: 'many sentences' })] });
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const job = await augmentNow(
      { app: t.app, actor: admin },
      { dataset: toGlobalId('Dataset', d.id), recipe: [{ ops: [{ op: 'time_stretch', params: { factor: 1.2 } }, { op: 'pitch_shift', params: { semitones: -3 } }, { op: 'reverb', params: { roomSize: 0.5, wet: 0.3 } }] }], filter: { keyPrefix: 'long' } },
    );
    h.disable();
    assert.equal(job.state, 'SUCCEEDED', job.error ?? '');
    const maxMs = h.max / 1e6;
    // A structural bound: the DSP of 90 s of audio takes seconds; none of it runs on this thread.
    assert.ok(maxMs < 250, `event loop held for ${maxMs.toFixed(0)} ms`);
    const out = metricsOf(t.app, d, 'long~0.0').metrics;
    assert.ok(Math.abs((out.durationSeconds as number) - all.length / 16_000 / 1.2) < 0.5, String(out.durationSeconds));
  });
});

describe('augmenting text pairs', () => {
  let t: TestApp;
  let d: DatasetRow;
  before(async () => {
    t = buildTestApp();
    d = buildDataset(t.app);
    await addItems(
      { app: t.app, actor: admin },
      {
        dataset: toGlobalId('Dataset', d.id),
        items: [
          buildTextItem({ key: 'a', prompt: 'Define the word harbour.', response: 'A sheltered place on a coast where ships can moor safely.', status: 'LABELED', labels: ['definition'] }),
          buildTextItem({ key: 'b', prompt: 'Define the word lantern.', response: 'A portable lamp with a protective case around its flame.', status: 'LABELED', labels: ['definition'] }),
        ],
      },
    );
  });
  after(() => t.cleanup());

  test('templates and typos rewrite prompts only, are seeded, and are marked model-free', async () => {
    const dataset = toGlobalId('Dataset', d.id);
    const recipe = [
      { ops: [{ op: 'template', params: { templates: ['Q: {prompt}', 'Question: {prompt}\nAnswer briefly.'] } }] },
      { ops: [{ op: 'typos', params: { rate: 0.1 } }, { op: 'case_noise', params: { rate: 0.1 } }], copies: 2 },
    ];
    const job = await augmentNow({ app: t.app, actor: admin }, { dataset, recipe, seed: 3 });
    assert.equal(job.state, 'SUCCEEDED', job.error ?? '');
    assert.equal(JSON.parse(job.result!).created, 6);
    const a0 = t.app.items.get(admin, d, 'main', 'a~0.0')!;
    assert.ok(/^(Q: |Question: )Define the word harbour\./.test(a0.prompt!), a0.prompt!);
    assert.equal(a0.response, 'A sheltered place on a coast where ships can moor safely.');
    assert.deepEqual(a0.labels, ['definition']);
    assert.equal(a0.status, 'LABELED');
    const a1 = t.app.items.get(admin, d, 'main', 'a~1.0')!;
    const a2 = t.app.items.get(admin, d, 'main', 'a~1.1')!;
    assert.notEqual(a1.prompt, 'Define the word harbour.');
    assert.notEqual(a1.prompt, a2.prompt, 'two copies differ');
    assert.ok(a1.derivation!.ops.every((o) => o.modelFree));
    assert.equal(a1.derivation!.seed, 3);
    // Same seed again: nothing changes.
    const again = await augmentNow({ app: t.app, actor: admin }, { dataset, recipe, seed: 3 });
    assert.equal(JSON.parse(again.result!).unchanged, 6);
    // An edit of a derived item keeps its lineage.
    const edited = t.app.items.update(admin, d, 'main', 'a~1.0', String(a1.revisionId), { response: 'A harbour.' });
    assert.equal(edited.derivation!.from.key, 'a');
    // A key holding an original is never overwritten by a copy.
    t.app.items.remove(admin, d, 'main', ['b~0.0']);
    t.app.items.add(admin, d, 'main', [buildTextItem({ key: 'b~0.0', prompt: 'mine', response: 'mine too' })]);
    const clash = await augmentNow({ app: t.app, actor: admin }, { dataset, recipe, seed: 3 });
    const r = JSON.parse(clash.result!);
    assert.equal(r.refused, 1);
    assert.equal(t.app.items.get(admin, d, 'main', 'b~0.0')!.prompt, 'mine');
  });

  test('a cancelled job takes back what it wrote, and never augments its own copies', async () => {
    const dataset = toGlobalId('Dataset', d.id);
    const many = Array.from({ length: 1500 }, (_, i) => buildTextItem({ key: `m${String(i).padStart(5, '0')}`, prompt: `Define item ${i}.`, response: `Item ${i} is a thing.` }));
    for (let i = 0; i < many.length; i += 250) t.app.items.add(admin, d, 'main', many.slice(i, i + 250));
    const before = t.app.items.list(admin, d, 'main', 1, null, { derived: true }).totalCount();
    const recipe = [{ ops: [{ op: 'typos', params: { rate: 0.05 } }], copies: 4 }];
    let jobGid = '';
    const running = augmentNow({ app: t.app, actor: admin }, { dataset, recipe, filter: { keyPrefix: 'm' } }, (j) => (jobGid = toGlobalId('Job', j.id)));
    for (;;) {
      const j = t.app.jobs.get(admin, jobGid)!;
      if (j.processed > 100 || (j.state !== 'QUEUED' && j.state !== 'RUNNING')) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    t.app.jobs.cancel(admin, jobGid);
    const done = await running;
    assert.equal(done.state, 'CANCELLED');
    assert.equal(t.app.items.list(admin, d, 'main', 1, null, { derived: true }).totalCount(), before, 'its writes are taken back');

    // Copies as sources (derived: true): the copies of copies it writes on the same branch, which
    // sort right after their sources, are not read back as sources in turn.
    const noise = [{ ops: [{ op: 'case_noise', params: { rate: 0.1 } }] }];
    const firsts = await augmentNow({ app: t.app, actor: admin }, { dataset, recipe: noise, filter: { keyPrefix: 'm0000' } });
    assert.equal(JSON.parse(firsts.result!).created, 10);
    const seconds = await augmentNow({ app: t.app, actor: admin }, { dataset, recipe: noise, filter: { keyPrefix: 'm0000', derived: true } });
    const r = JSON.parse(seconds.result!);
    assert.equal(r.sources, 10);
    assert.equal(r.created, 10);
    const keys = t.app.items.list(admin, d, 'main', 100, null, { keyPrefix: 'm0000', derived: true }).nodes.map((i) => i.key);
    assert.equal(keys.filter((k) => k.split('~').length === 3).length, 10, 'copies of copies');
    assert.equal(keys.filter((k) => k.split('~').length > 3).length, 0, 'and no further');
    assert.equal(t.app.items.get(admin, d, 'main', 'm00000~0.0~0.0')!.derivation!.from.key, 'm00000~0.0');
  });

  test('coverage with no axes named leaves out what would make the grid unreadable, and says so', async () => {
    const wide = buildDataset(t.app);
    const rows = Array.from({ length: 250 }, (_, i) => buildTextItem({ prompt: `Define thing ${i}.`, response: `Thing ${i} is an object.`, attributes: { domain: `d${i % 125}`, task: `t${i % 120}` } }));
    t.app.items.add(admin, wide, 'main', rows);
    await t.app.quality.scorePending(wide.id);
    const c = await getCoverage({ app: t.app, actor: admin }, wide, {});
    assert.ok(c.axisNames.includes('length') && c.axisNames.includes('language'), c.axisNames.join());
    assert.ok(!(c.axisNames.includes('domain') && c.axisNames.includes('task')), c.axisNames.join());
    assert.ok(c.notes.some((n) => /left out to keep the grid/.test(n)), c.notes.join(' | '));
    await assert.rejects(getCoverage({ app: t.app, actor: admin }, wide, { axes: ['length', 'domain', 'task'] }), code('BAD_USER_INPUT', 'axes'));
  });
});

