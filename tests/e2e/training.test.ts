/**
 * Training runs over HTTP (issue 11): trainExport on a TFJS export runs the trainer in a child
 * process as a job, Export.trainingRuns lists the run with its backend and metrics, node(id)
 * resolves it; a cancelled run says so; bad input is refused with the field, nothing started.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CORPUS, errorCode, sleep, startTestServer, type TestServer } from '../helpers/server.js';

const TRAIN = 'mutation($input: TrainExportInput!) { trainExport(input: $input) { job { id } run { id state task options } } }';
const RUNS = 'query($id: ID!) { node(id: $id) { ... on Export { trainingRuns { id state backend metrics createdAt task path job { state } } } } }';

describe('trainExport', () => {
  let s: TestServer;
  let tfjsExport: string;
  let jsonlExport: string;

  async function waitJob(id: string) {
    for (let i = 0; i < 1200; i++) {
      const j = await s.ok(`query($id: ID!) { job(id: $id) { state result errors { code message } } }`, { id });
      if (!['QUEUED', 'RUNNING'].includes(j.job.state)) return j.job;
      await sleep(100);
    }
    throw new Error('job did not finish');
  }

  async function exportOf(d: string, formats: string[]) {
    const r = await s.ok('mutation($input: CreateExportInput!) { createExport(input: $input) { export { id } job { id } } }', { input: { dataset: d, spec: { split: { train: 0.8, validation: 0.1, test: 0.1 } }, formats } });
    assert.equal((await waitJob(r.createExport.job.id)).state, 'SUCCEEDED');
    return r.createExport.export.id as string;
  }

  before(async () => {
    s = await startTestServer();
    const d = (await s.ok(`mutation { createDataset(input: { name: "glosses", modality: TEXT_PAIR }) { dataset { id } } }`)).createDataset.dataset.id;
    const pairs = fs.readFileSync(path.join(CORPUS, 'text', 'wordnet-pairs-3k.jsonl'), 'utf8').trim().split('\n').slice(0, 300).map((l) => JSON.parse(l));
    for (let i = 0; i < pairs.length; i += 100) {
      const items = pairs.slice(i, i + 100).map((p: { prompt: string; response: string }, j: number) => ({ key: `w${i + j}`, prompt: p.prompt, response: p.response }));
      await s.ok(`mutation($input: AddItemsInput!) { addItems(input: $input) { items { key } } }`, { input: { dataset: d, items } });
    }
    await s.ok(`mutation($d: ID!) { commit(input: { dataset: $d, message: "glosses" }) { version { id } } }`, { d });
    tfjsExport = await exportOf(d, ['TFJS']);
    jsonlExport = await exportOf(d, ['JSONL']);
  });
  after(() => s.close());

  test('a run trains in a child process and is listed with its backend and metrics', async () => {
    const r = await s.ok(TRAIN, { input: { export: tfjsExport, task: 'text-lm', options: { epochs: 2, base: 'none', batchSize: 64, vocabSize: 400, learningRate: 0.005 } } });
    assert.equal(r.trainExport.run.state, 'RUNNING');
    assert.deepEqual(r.trainExport.run.options, { epochs: 2, base: 'none', batchSize: 64, vocabSize: 400, learningRate: 0.005 });
    // the server answers while the run trains
    const t0 = performance.now();
    await s.ok('{ datasets(first: 1) { totalCount } }');
    assert.ok(performance.now() - t0 < 2000);
    const job = await waitJob(r.trainExport.job.id);
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job.errors));
    const runs = (await s.ok(RUNS, { id: tfjsExport })).node.trainingRuns;
    assert.equal(runs.length, 1);
    assert.equal(runs[0].state, 'SUCCEEDED');
    assert.match(runs[0].backend, /^(wasm|cpu|tensorflow)/);
    assert.equal(runs[0].metrics.epochs.length, 2);
    assert.ok(runs[0].metrics.final.test.perplexity > 0 && runs[0].metrics.baseline.perplexity > 0);
    assert.ok(fs.existsSync(path.join(runs[0].path, 'model', 'model.json')));
    const byId = await s.ok(`query($id: ID!) { node(id: $id) { ... on TrainingRun { id task state export { id } } } }`, { id: runs[0].id });
    assert.deepEqual(byId.node, { id: runs[0].id, task: 'text-lm', state: 'SUCCEEDED', export: { id: tfjsExport } });
  });

  test('a cancelled run stops its child and says CANCELLED', async () => {
    const r = await s.ok(TRAIN, { input: { export: tfjsExport, task: 'text-lm', options: { epochs: 200, base: 'none', patience: 100 } } });
    await sleep(1500);
    await s.ok(`mutation($id: ID!) { cancelJob(input: { job: $id }) { job { id } } }`, { id: r.trainExport.job.id });
    const job = await waitJob(r.trainExport.job.id);
    assert.equal(job.state, 'CANCELLED');
    const run = (await s.ok(RUNS, { id: tfjsExport })).node.trainingRuns.find((x: { id: string }) => x.id === r.trainExport.run.id);
    assert.equal(run.state, 'CANCELLED');
  });

  test('bad input is refused naming the field; nothing starts', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ export: tfjsExport, task: 'poetry' }, 'BAD_USER_INPUT', 'task'],
      [{ export: tfjsExport, task: 'image-classification' }, 'BAD_USER_INPUT', ''],
      [{ export: tfjsExport, task: 'text-lm', options: { base: '/etc' } }, 'BAD_USER_INPUT', 'options.base'],
      [{ export: tfjsExport, task: 'text-lm', options: { epochs: 0 } }, 'BAD_USER_INPUT', 'options.epochs'],
      [{ export: tfjsExport, task: 'text-lm', options: { wings: 2 } }, 'BAD_USER_INPUT', 'options.wings'],
      [{ export: jsonlExport, task: 'text-lm' }, 'BAD_USER_INPUT', 'export'],
      [{ export: 'RXhwb3J0Ojk5OTk=', task: 'text-lm' }, 'NOT_FOUND', ''],
    ];
    const before = (await s.ok(RUNS, { id: tfjsExport })).node.trainingRuns.length;
    for (const [input, code, field] of cases) {
      const r = await s.gql(TRAIN, { input });
      if (code === 'BAD_USER_INPUT' && !field) {
        // a task of another modality is found by the trainer itself: the job fails with the reason
        const job = await waitJob(r.data!.trainExport.job.id);
        assert.equal(job.state, 'FAILED');
        assert.equal(job.errors[0].code, 'BAD_USER_INPUT');
        assert.match(job.errors[0].message, /needs a IMAGE_CAPTION export/);
        continue;
      }
      assert.equal(errorCode(r), code, JSON.stringify(input) + JSON.stringify(r.errors));
      if (field) assert.equal(r.errors![0].extensions!.field, field);
    }
    assert.equal((await s.ok(RUNS, { id: tfjsExport })).node.trainingRuns.length, before + 1);
    const viewer = await s.gql(TRAIN, { input: { export: tfjsExport, task: 'text-lm' } }, 'viewer');
    assert.equal(errorCode(viewer), 'FORBIDDEN');
  });
});
