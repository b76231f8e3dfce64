import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toGlobalId } from '../../src/ids.js';
import { buildActor, buildDataset, buildTestApp } from '../helpers/factories.js';
import { importItemsNow } from '../../src/modules/imports/commands/import-items.js';

/**
 * A JSONL file big enough (> 8 MB) to be parsed in the import's worker thread: rows, errors and
 * keys must come out exactly as the in-process path gives them.
 */
describe('bulk JSONL import through the parse worker', () => {
  let env: ReturnType<typeof buildTestApp>;
  const ROWS = 40_000;
  before(() => {
    env = buildTestApp();
    fs.mkdirSync(env.app.config.importRoot, { recursive: true });
    const lines: string[] = [];
    for (let i = 1; i <= ROWS; i++) {
      if (i % 10_000 === 0) lines.push('{not json');
      else if (i % 10_000 === 5000) lines.push(JSON.stringify({ prompt: 'p', response: 'r', labels: 'not-a-list' }));
      else lines.push(JSON.stringify({ prompt: `What is item ${i}? ${'x'.repeat(150)}`, response: `It is number ${i}.`, synset: `n.${i}` }));
    }
    fs.writeFileSync(path.join(env.app.config.importRoot, 'big.jsonl'), lines.join('\n') + '\n');
    assert.ok(fs.statSync(path.join(env.app.config.importRoot, 'big.jsonl')).size > 8 * 1024 * 1024);
  });
  after(() => env.cleanup());

  test('every good row lands, bad ones are reported with their row numbers, keys follow the file', async () => {
    const { app } = env;
    const admin = buildActor();
    const ds = buildDataset(app);
    const job = await importItemsNow({ app: app, actor: admin }, { dataset: toGlobalId('Dataset', ds.id), path: 'big.jsonl', format: 'JSONL', commitMessage: 'big' });
    assert.equal(job.state, 'SUCCEEDED', job.error ?? '');
    assert.equal(job.total, ROWS);
    assert.equal(job.processed, ROWS);
    assert.equal(job.failed, 8);
    const result = JSON.parse(job.result!) as { added: number; version: { hash: string } };
    assert.equal(result.added, ROWS - 8);
    const errors = app.jobs.errors(job.id, 100);
    assert.deepEqual(
      errors.map((e) => [e.row, e.code]).sort((a, b) => Number(a[0]) - Number(b[0])),
      [
        [5000, 'INVALID_FIELD'],
        [10000, 'INVALID_JSON'],
        [15000, 'INVALID_FIELD'],
        [20000, 'INVALID_JSON'],
        [25000, 'INVALID_FIELD'],
        [30000, 'INVALID_JSON'],
        [35000, 'INVALID_FIELD'],
        [40000, 'INVALID_JSON'],
      ],
    );
    const page = app.items.list(admin, ds, 'main', 3, null, null);
    assert.deepEqual(
      page.nodes.map((n) => [n.key, n.response, n.attributes]),
      [
        ['big:00000001', 'It is number 1.', { synset: 'n.1' }],
        ['big:00000002', 'It is number 2.', { synset: 'n.2' }],
        ['big:00000003', 'It is number 3.', { synset: 'n.3' }],
      ],
    );
    assert.equal(page.totalCount(), ROWS - 8);
    assert.equal(app.versions.resolveRef(ds, 'main').version?.hash, result.version.hash);

    // The same file again: nothing changes, nothing to commit.
    const again = await importItemsNow({ app: app, actor: admin }, { dataset: toGlobalId('Dataset', ds.id), path: 'big.jsonl', format: 'JSONL' });
    assert.deepEqual(JSON.parse(again.result!), { added: 0, modified: 0, unchanged: ROWS - 8, failed: 8, version: null, scoreJob: null });
  });
});
