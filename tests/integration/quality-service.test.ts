/**
 * Quality scoring, duplicates, policies and audits through the services, on a real SQLite file
 * and real corpus media (imported through the real import path, scored by the real scoring job).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { App } from '../../src/app.js';
import type { DatasetRow } from '../../src/db/schema/index.js';
import { expectId, toGlobalId } from '../../src/ids.js';
import type { ItemModel } from '../../src/modules/items/model.js';
import { createApp } from '../../src/app.js';
import { buildActor, buildDataset, buildTestApp, buildTextItem, type TestApp } from '../helpers/factories.js';
import { copyCorpusFolders, CORPUS } from '../helpers/server.js';
import { importItemsNow } from '../../src/modules/imports/commands/import-items.js';
import { getItem } from '../../src/modules/items/commands/get-item.js';
import { listItems } from '../../src/modules/items/commands/list-items.js';

const admin = buildActor();
/** assert.throws validator: an AppError with this extensions.code. */
const code = (c: string) => (e: unknown) => (e as { extensions?: { code?: string } }).extensions?.code === c;

async function waitForJob(app: App, gid: string) {
  for (;;) {
    const j = app.jobs.byId(expectId('Job', gid))!;
    if (j.state !== 'QUEUED' && j.state !== 'RUNNING') return j;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Reads an item at a ref and returns its quality as the API would (own + ref duplicate flags). */
function qualityAt(app: App, d: DatasetRow, ref: string, key: string) {
  const item = getItem({ app, actor: admin }, d, { ref, key }) as ItemModel;
  assert.ok(item, `item ${key} at ${ref}`);
  const [q] = app.quality.qualities([{ revisionId: item.revisionId, policyVersion: item.readAt!.policyVersion }]);
  if (!q) return null;
  return { ...q, flags: app.quality.flagsAt(d, item.readAt, key, q.flags) };
}

async function addText(app: App, d: DatasetRow, items: Array<{ key: string; prompt: string; response: string; labels?: string[]; attributes?: Record<string, unknown> }>) {
  const added = app.items.add(admin, d, 'main', items.map((i) => buildTextItem(i)));
  await app.quality.scoreRevisions(d, added.map((a) => a.revisionId));
  return added;
}

describe('text pairs', () => {
  let t: TestApp;
  let d: DatasetRow;
  before(async () => {
    t = buildTestApp();
    d = buildDataset(t.app, { targetTask: 'llama-2-7b' });
    await addText(t.app, d, [
      { key: 'a-clean', prompt: 'What does "benevolent" mean?', response: 'Showing kindness and goodwill towards other people.', labels: ['definition'] },
      { key: 'b-empty', prompt: 'Define "cat".', response: '', labels: ['definition'] },
      { key: 'c-copy', prompt: 'what does BENEVOLENT mean', response: 'showing kindness and goodwill towards other people', labels: ['definition'] },
      { key: 'd-german', prompt: 'Translate please', response: 'Der schnelle braune Fuchs springt über den faulen Hund und läuft danach schnell in den Wald zurück.', labels: ['translation'] },
      { key: 'e-symbols', prompt: 'Draw a line', response: '$$$ ### !!! %%% &&& *** ((( ))) @@@ ~~~', attributes: { source: 'web' } },
    ]);
  });
  after(() => t.cleanup());

  test('every added item is scored at once, with the metrics behind its flags', () => {
    const clean = qualityAt(t.app, d, 'main', 'a-clean')!;
    assert.equal(clean.score, 1);
    assert.deepEqual(clean.flags.filter((f) => f !== 'EXACT_DUPLICATE'), []);
    assert.equal(clean.policyVersion, 1);
    assert.equal(typeof clean.metrics.responseChars, 'number');
    const empty = qualityAt(t.app, d, 'main', 'b-empty')!;
    assert.ok(empty.flags.includes('RESPONSE_EMPTY'));
    assert.equal(empty.score, 0);
    assert.ok(qualityAt(t.app, d, 'main', 'd-german')!.flags.includes('NON_TARGET_LANGUAGE'));
    assert.ok(qualityAt(t.app, d, 'main', 'e-symbols')!.flags.includes('LOW_ALPHA_RATIO'));
  });

  test('case/punctuation variants are EXACT_DUPLICATE of each other at the ref, and cluster', async () => {
    assert.ok(qualityAt(t.app, d, 'main', 'a-clean')!.flags.includes('EXACT_DUPLICATE'));
    assert.ok(qualityAt(t.app, d, 'main', 'c-copy')!.flags.includes('EXACT_DUPLICATE'));
    const page = await t.app.quality.clustersPage(admin, d, 'main', 10, null);
    const exact = page.nodes.filter((c) => c.kind === 'EXACT');
    assert.deepEqual(exact.map((c) => c.keys), [['a-clean', 'c-copy']]);
  });

  test('items(filter: flags/minScore/maxScore)', async () => {
    const keys = async (f: Parameters<App['items']['list']>[5]) =>
      (await listItems({ app: t.app, actor: admin }, d, { ref: 'main', first: 100, filter: f })).nodes.map((n) => n.key);
    assert.deepEqual(await keys({ flags: ['RESPONSE_EMPTY'] }), ['b-empty']);
    assert.deepEqual(await keys({ flags: ['EXACT_DUPLICATE'] }), ['a-clean', 'c-copy']);
    assert.deepEqual(await keys({ flags: ['EXACT_DUPLICATE', 'RESPONSE_EMPTY'] }), ['a-clean', 'b-empty', 'c-copy']);
    assert.deepEqual(await keys({ maxScore: 0.2 }), ['b-empty']);
    assert.deepEqual(await keys({ minScore: 0.99 }), ['a-clean', 'c-copy']);
    assert.equal((await listItems({ app: t.app, actor: admin }, d, { ref: 'main', first: 100, filter: { minScore: 0.99 } })).totalCount(), 2);
    // (The listing is async: a filter on a duplicate flag waits for the ref's analysis off the event loop.)
    await assert.rejects(() => keys({ minScore: 2 }), code('BAD_USER_INPUT'));
    await assert.rejects(() => keys({ flags: ['NOPE'] }), code('BAD_USER_INPUT'));
    await assert.rejects(() => keys({ flags: ['BLURRY'] }), code('BAD_USER_INPUT'), 'an image flag on a text dataset');
    await assert.rejects(() => keys({ minScore: 0.9, maxScore: 0.1 }), code('BAD_USER_INPUT'), 'an empty score range');
  });

  test('the audit counts flags, scores, labels, attributes, lengths and judges readiness', async () => {
    const a = await t.app.quality.audit(admin, d, 'main');
    assert.equal(a.itemCount, 5);
    assert.equal(a.scoredCount, 5);
    assert.equal(a.scoreHistogram.reduce((x, y) => x + y, 0), 5);
    const count = (f: string) => a.flagCounts.find((x) => x.flag === f)!.count;
    assert.equal(count('RESPONSE_EMPTY'), 1);
    assert.equal(count('EXACT_DUPLICATE'), 2);
    assert.ok(!a.flagCounts.some((x) => x.flag === 'BLURRY'), 'image flags are not listed for text');
    assert.deepEqual(a.labelCounts, [{ value: 'definition', count: 3 }, { value: 'translation', count: 1 }]);
    assert.equal(a.imbalanceRatio, 3);
    assert.deepEqual(a.attributeCounts, [{ attribute: 'source', value: 'web', count: 1 }]);
    assert.deepEqual(a.lengths.map((l) => l.field), ['prompt', 'response']);
    assert.equal(a.duplicateClusterCount, 1);
    assert.equal(a.redundantItemCount, 1);
    assert.equal(a.readiness.task, 'llama-2-7b');
    assert.equal(a.readiness.ok, false);
    assert.equal(a.readiness.required, 1000);
    assert.equal(a.readiness.gpuMemoryGB, 70);
    assert.equal(a.readiness.gpuMemoryGB4bit, 8.75);
    assert.ok(a.readiness.have! < 5, 'low scores and duplicates do not count');
    await assert.rejects(t.app.quality.audit(admin, d, 'main', 'stable-diffusion-dreambooth'), code('BAD_USER_INPUT'), 'a task of another modality');
    await assert.rejects(t.app.quality.audit(admin, d, 'main', 'nope'), code('BAD_USER_INPUT'), 'an unknown task');
    assert.equal((await t.app.quality.audit(admin, d, 'main', 'falcon-40b')).readiness.required, 50000);
  });

  test('a new policy re-scores in a job; versions keep the scores they had', async () => {
    const v1 = t.app.versions.commit(admin, d, 'main', 'first');
    assert.equal(v1.policyVersion, 1);
    const { job, dataset } = t.app.quality.setPolicy(admin, d, { text: { maxResponseChars: 20 }, targetLanguage: 'de' });
    assert.equal(dataset.policyVersion, 2);
    const done = await waitForJob(t.app, toGlobalId('Job', job.id));
    assert.equal(done.state, 'SUCCEEDED');
    const now = qualityAt(t.app, dataset, 'main', 'a-clean')!;
    assert.equal(now.policyVersion, 2);
    assert.ok(now.flags.includes('RESPONSE_TOO_LONG'));
    assert.ok(!qualityAt(t.app, dataset, 'main', 'd-german')!.flags.includes('NON_TARGET_LANGUAGE'));
    const then = qualityAt(t.app, dataset, toGlobalId('Version', v1.id), 'a-clean')!;
    assert.equal(then.policyVersion, 1);
    assert.ok(!then.flags.includes('RESPONSE_TOO_LONG'));
    const history = t.app.quality.policyHistory(dataset);
    assert.deepEqual(history.map((h) => h.version), [2, 1]);
    assert.equal(history[0].policy.text.maxResponseChars, 20);
    const diff = await t.app.quality.auditDiff(admin, dataset, toGlobalId('Version', v1.id), 'main');
    assert.ok(diff.flagCountDeltas.find((f) => f.flag === 'RESPONSE_TOO_LONG')!.delta > 0);
    assert.equal(diff.from.policyVersion, 1);
    assert.equal(diff.to.policyVersion, 2);
  });

  test('bad policies are refused and change nothing', () => {
    const cur = t.app.datasets.byId(d.id)!;
    for (const bad of [
      { text: { nope: 1 } },
      { text: { maxResponseChars: 'x' } },
      { weights: { BLURRY: 3 } },
      { targetTask: 'no-such-task' },
      { targetTask: 'whisper-large' },
      { targetLanguage: 'not a tag' },
      [],
      { image: { nearDuplicateRadius: 2.5 } },
      { audio: { nearDuplicateRadius: -3 } },
      { text: { nearDuplicateJaccard: 0 } },
      { image: { minAspectRatio: 1.5 } },
      { image: { minSide: -5 } },
      { audio: { minDurationSeconds: 40 } },
      { text: { maxResponseChars: -1 } },
      { image: {} },
      { text: { maxResponseChars: 20 } },
    ]) {
      assert.throws(() => t.app.quality.setPolicy(admin, cur, bad), code('BAD_USER_INPUT'), JSON.stringify(bad));
    }
    assert.equal(t.app.datasets.byId(d.id)!.policyVersion, cur.policyVersion);
    assert.throws(() => t.app.quality.setPolicy(buildActor({ role: 'labeller' }), cur, {}), code('FORBIDDEN'));
  });

  test('createDataset validates targetLanguage and targetTask', () => {
    assert.throws(() => buildDataset(t.app, { targetTask: 'gpt-9' }), code('BAD_USER_INPUT'));
    assert.throws(() => buildDataset(t.app, { targetTask: 'whisper-large' }), code('BAD_USER_INPUT'), 'a task of another modality');
    assert.throws(() => buildDataset(t.app, { targetLanguage: '12' }), code('BAD_USER_INPUT'));
  });

  test('removing a duplicate clears the flag at the branch, not at the old version', async () => {
    const v = t.app.versions.commit(admin, d, 'main', 'before cleaning', true);
    t.app.items.remove(admin, d, 'main', ['c-copy']);
    assert.ok(!qualityAt(t.app, d, 'main', 'a-clean')!.flags.includes('EXACT_DUPLICATE'));
    assert.ok(qualityAt(t.app, d, toGlobalId('Version', v.id), 'a-clean')!.flags.includes('EXACT_DUPLICATE'));
    const diff = await t.app.quality.auditDiff(admin, d, toGlobalId('Version', v.id), 'main');
    assert.equal(diff.flagCountDeltas.find((f) => f.flag === 'EXACT_DUPLICATE')!.delta, -2);
    assert.equal(diff.itemCountDelta, -1);
  });
});

describe('duplicate flags on item reads of a big ref', () => {
  test('may lag an edit by one background re-analysis; audits never do', async () => {
    const t = buildTestApp();
    try {
      // Pretend every analysis is slow (as on a 100k-item branch): item reads then take the last one.
      (t.app.quality as unknown as { d: { syncAnalysisMs: number } }).d.syncAnalysisMs = -1;
      const d = buildDataset(t.app);
      await addText(t.app, d, [
        { key: 'p1', prompt: 'What is a cat?', response: 'A small domesticated carnivorous mammal.' },
        { key: 'p2', prompt: 'what is a cat', response: 'a small domesticated carnivorous mammal' },
      ]);
      assert.ok(qualityAt(t.app, d, 'main', 'p1')!.flags.includes('EXACT_DUPLICATE'), 'first analysis runs at once');
      t.app.items.remove(admin, d, 'main', ['p2']);
      assert.ok(qualityAt(t.app, d, 'main', 'p1')!.flags.includes('EXACT_DUPLICATE'), 'stale for a moment');
      await new Promise((r) => setTimeout(r, 1300));
      assert.ok(!qualityAt(t.app, d, 'main', 'p1')!.flags.includes('EXACT_DUPLICATE'), 'refreshed in the background');
      t.app.items.add(admin, d, 'main', [buildTextItem({ key: 'p3', prompt: 'What is a cat?', response: 'A small domesticated carnivorous mammal.' })]);
      await t.app.quality.scorePending(d.id);
      const a = await t.app.quality.audit(admin, d, 'main');
      assert.equal(a.flagCounts.find((f) => f.flag === 'EXACT_DUPLICATE')!.count, 2, 'the audit is exact at once');
    } finally {
      t.cleanup();
    }
  });
});

describe('kept duplicate analyses', () => {
  test('a commit\'s analysis is kept in the database: a fresh app reads it back without scanning; rescoring drops it', async () => {
    const t = buildTestApp();
    let fresh: App | null = null;
    try {
      const d = buildDataset(t.app);
      await addText(t.app, d, [
        { key: 'k1', prompt: 'What is a cat?', response: 'A small domesticated carnivorous mammal.' },
        { key: 'k2', prompt: 'what is a cat', response: 'a small domesticated carnivorous mammal' },
        { key: 'k3', prompt: 'What is a dog?', response: 'A domesticated descendant of the wolf.' },
      ]);
      const v = t.app.versions.commit(admin, d, 'main', 'first');
      const kept = () => t.app.db.$client.prepare('SELECT state_key FROM duplicate_analyses WHERE dataset_id = ?').all(d.id) as Array<{ state_key: string }>;
      // an audit of a clean branch reads its head commit's state: one analysis, kept for both
      const audit = await t.app.quality.audit(admin, d, 'main');
      assert.equal(audit.flagCounts.find((f) => f.flag === 'EXACT_DUPLICATE')!.count, 2);
      assert.deepEqual(kept().map((r) => r.state_key), [`${d.id}|v${v.id}|p1|${t.app.quality.readContext(d, t.app.versions.resolveRef(d, 'main')).stateKey.split('|').pop()}`]);
      assert.equal(t.app.quality.readContext(d, t.app.versions.resolveRef(d, toGlobalId('Version', v.id))).stateKey, kept()[0].state_key);

      fresh = createApp(t.app.config);
      const repo = (fresh.quality as unknown as { d: { repo: { scanRefPage: (...a: unknown[]) => unknown } } }).d.repo;
      let scans = 0;
      const scan = repo.scanRefPage.bind(repo);
      repo.scanRefPage = (...a: unknown[]) => (scans++, scan(...a));
      const page = await fresh.quality.clustersPage(admin, d, toGlobalId('Version', v.id), 10, null);
      assert.deepEqual(page.nodes.map((c) => c.keys), [['k1', 'k2']]);
      assert.equal(qualityAt(fresh, d, toGlobalId('Version', v.id), 'k1')!.flags.includes('EXACT_DUPLICATE'), true);
      assert.equal(scans, 0, 'read back, not scanned again');

      // staged edits: the branch's state is not a commit's, nothing is kept for it
      t.app.items.add(admin, d, 'main', [buildTextItem({ key: 'k4', prompt: 'What is a cow?', response: 'A large domesticated bovine.' })]);
      await t.app.quality.scorePending(d.id);
      await t.app.quality.audit(admin, d, 'main');
      assert.ok(kept().every((r) => r.state_key.includes(`|v${v.id}|`)), 'only commit states are kept');

      // a new policy re-scores: kept analyses of the dataset no longer hold
      const { job } = t.app.quality.setPolicy(admin, d, { text: { nearDuplicateJaccard: 0.9 } });
      await waitForJob(t.app, toGlobalId('Job', job.id));
      assert.equal(kept().length, 0);
    } finally {
      fresh?.close();
      t.cleanup();
    }
  });
});

describe('a big text import', () => {
  test('is scored by the job in worker threads, with the same results as in-process scoring', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-wordnet-'));
    fs.copyFileSync(path.join(CORPUS, 'text', 'wordnet-pairs-3k.jsonl'), path.join(root, 'wordnet.jsonl'));
    const t = buildTestApp({ importRoot: root });
    try {
      const d = buildDataset(t.app);
      const job = await importItemsNow({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', d.id), path: 'wordnet.jsonl', format: 'JSONL' });
      const scoring = await waitForJob(t.app, (JSON.parse(job.result!) as { scoreJob: string }).scoreJob);
      assert.equal(scoring.state, 'SUCCEEDED');
      assert.equal(JSON.parse(scoring.result!).scored, 3000);
      const a = await t.app.quality.audit(admin, d, 'main');
      assert.equal(a.scoredCount, 3000);
      // The same pairs measured in this thread (addItems' path) get the same metrics and flags.
      const sample = t.app.items.list(admin, d, 'main', 5, null).nodes;
      const again = buildDataset(t.app);
      const copies = t.app.items.add(admin, again, 'main', sample.map((n) => buildTextItem({ key: n.key, prompt: n.prompt, response: n.response })));
      await t.app.quality.scoreRevisions(again, copies.map((c) => c.revisionId));
      for (const n of sample) {
        const [fromWorker] = t.app.quality.qualities([{ revisionId: n.revisionId, policyVersion: 1 }]);
        const inProcess = qualityAt(t.app, again, 'main', n.key)!;
        assert.deepEqual(fromWorker!.metrics, inProcess.metrics, n.key);
        assert.equal(fromWorker!.score, inProcess.score);
      }
    } finally {
      t.cleanup();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('a user task catalogue', () => {
  test('TUNESET_TASKS_FILE adds models, and readiness uses them', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tasks-')), 'tasks.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ tasks: [{ key: 'tiny-lm', name: 'Tiny LM', modality: 'TEXT_PAIR', minimum: 2, measure: 'items', unit: 'pairs', parameters: 1e8, bytesPerParameter: 2 }] }),
    );
    const t = buildTestApp({ tasksFile: file });
    try {
      assert.ok(t.app.quality.catalogue.tasks.has('llama-2-7b'), 'shipped entries stay');
      const d = buildDataset(t.app, { targetTask: 'tiny-lm' });
      await addText(t.app, d, [
        { key: 'x1', prompt: 'What is a cat?', response: 'A small domesticated carnivorous mammal.' },
        { key: 'x2', prompt: 'What is a dog?', response: 'A domesticated descendant of the wolf.' },
      ]);
      const a = await t.app.quality.audit(admin, d, 'main');
      assert.equal(a.readiness.ok, true);
      assert.equal(a.readiness.have, 2);
      assert.equal(a.readiness.gpuMemoryGB, 0.5);
      assert.equal(a.readiness.gpuMemoryGB4bit, null);
    } finally {
      t.cleanup();
    }
  });
});

describe('corpus media through import and the scoring job', () => {
  let t: TestApp;
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-quality-root-'));
    copyCorpusFolders(root, { images: 'images', audio: 'audio' });
    t = buildTestApp({ importRoot: root });
  });
  after(() => {
    t.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function importAndScore(d: DatasetRow, p: string, format: string) {
    const job = await importItemsNow({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', d.id), path: p, format });
    assert.equal(job.state, 'SUCCEEDED');
    const result = JSON.parse(job.result!) as { scoreJob: string };
    assert.ok(result.scoreJob, 'the import queued a scoring job');
    const scored = await waitForJob(t.app, result.scoreJob);
    assert.equal(scored.state, 'SUCCEEDED');
    return job;
  }

  test('images: the stereo pair is NEAR_DUPLICATE; clean photos are not BLURRY/DARK/OVEREXPOSED', async () => {
    const d = buildDataset(t.app, { modality: 'IMAGE_CAPTION', targetTask: 'stable-diffusion-dreambooth' });
    const job = await importAndScore(d, 'images', 'HF_IMAGEFOLDER');
    assert.equal(job.failed, 1, 'truncated.jpg is rejected by the import');
    const keys = t.app.items.list(admin, d, 'main', 100, null).nodes.map((n) => n.key);
    const keyOf = (stem: string) => keys.find((k) => k.startsWith(stem))!;
    const left = qualityAt(t.app, d, 'main', keyOf('motorcycle_left'))!;
    assert.ok(left.flags.includes('NEAR_DUPLICATE'), JSON.stringify(left));
    assert.ok(qualityAt(t.app, d, 'main', keyOf('motorcycle_right'))!.flags.includes('NEAR_DUPLICATE'));
    for (const stem of ['astronaut', 'chelsea', 'coffee', 'rocket']) {
      const q = qualityAt(t.app, d, 'main', keyOf(stem))!;
      for (const f of ['BLURRY', 'DARK', 'OVEREXPOSED'] as const) assert.ok(!q.flags.includes(f), `${stem} ${f}`);
      assert.equal(typeof q.metrics.sharpness, 'number');
    }
    const clusters = await t.app.quality.clustersPage(admin, d, 'main', 20, null);
    const near = clusters.nodes.find((c) => c.kind === 'NEAR' && c.keys.some((k) => k.startsWith('motorcycle_left')))!;
    assert.ok(near.keys.some((k) => k.startsWith('motorcycle_right')));
    assert.equal(t.app.quality.members(near, 10).length, near.keys.length);
    const a = await t.app.quality.audit(admin, d, 'main');
    assert.equal(a.itemCount, 19);
    assert.equal(a.scoredCount, 19);
    assert.ok(a.imageWidth!.max >= a.imageWidth!.min);
    assert.equal(a.readiness.ok, true, a.readiness.notes.join('; '));
  });

  test('images measured by an older analyser are measured again at startup (recover), with the new measures and flags', async () => {
    const d = buildDataset(t.app, { modality: 'IMAGE_CAPTION' });
    await importAndScore(d, 'images', 'HF_IMAGEFOLDER');
    const keys = t.app.items.list(admin, d, 'main', 100, null).nodes.map((n) => n.key);
    const key = keys.find((k) => k.startsWith('chelsea'))!;
    assert.equal(typeof qualityAt(t.app, d, 'main', key)!.metrics.detailLoss, 'number');
    // What a database scored by analyser 1 holds: media analyses at version 1, item metrics without the new measures.
    const sql = t.app.db.$client;
    sql.exec(`UPDATE media_analysis SET analyzer = 1`);
    sql.prepare(`UPDATE item_quality SET metrics = json_remove(metrics, '$.detailLoss', '$.blurKind') WHERE dataset_id = ?`).run(d.id);
    assert.equal(qualityAt(t.app, d, 'main', key)!.metrics.detailLoss, undefined);
    assert.ok(t.app.quality.recover() >= 1, 'the dataset is queued for scoring');
    const pending = sql.prepare(
      `SELECT COUNT(*) AS n FROM item_revisions r WHERE r.deleted = 0 AND r.media_sha256 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM item_quality q WHERE q.revision_id = r.id)`,
    );
    for (let i = 0; i < 1500 && (pending.get() as { n: number }).n > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal((pending.get() as { n: number }).n, 0, 'every image item was measured again');
    const q = qualityAt(t.app, d, 'main', key)!;
    assert.equal(typeof q.metrics.detailLoss, 'number', JSON.stringify(q.metrics));
    assert.ok(!q.flags.includes('BLURRY'));
    const versions = sql.prepare(`SELECT DISTINCT analyzer FROM media_analysis m JOIN item_revisions r ON r.media_sha256 = m.sha256 WHERE r.dataset_id = ?`).all(d.id) as Array<{ analyzer: number }>;
    assert.deepEqual(versions.map((v) => v.analyzer), [2]);
    // A second start finds nothing stale.
    assert.equal(t.app.quality.recover(), 0);
  });

  test('audio: Noise.wav is LOW_SNR; audio hours are summed', async () => {
    const d = buildDataset(t.app, { modality: 'AUDIO_TRANSCRIPT', targetTask: 'whisper-small' });
    await importAndScore(d, 'audio', 'HF_AUDIOFOLDER');
    const keys = t.app.items.list(admin, d, 'main', 100, null).nodes.map((n) => n.key);
    const noise = qualityAt(t.app, d, 'main', keys.find((k) => k.startsWith('Noise'))!)!;
    assert.ok(noise.flags.includes('LOW_SNR'), JSON.stringify(noise));
    const speech = qualityAt(t.app, d, 'main', keys.find((k) => k.startsWith('Front_Center'))!)!;
    for (const f of ['LOW_SNR', 'CLIPPING', 'MOSTLY_SILENCE'] as const) assert.ok(!speech.flags.includes(f), f);
    const a = await t.app.quality.audit(admin, d, 'main');
    assert.equal(a.itemCount, 21);
    assert.ok(a.audioHours! > 0 && a.audioHours! < 1);
    assert.equal(a.readiness.ok, false);
    assert.equal(a.readiness.unit, 'hours');
  });
});
