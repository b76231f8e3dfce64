/**
 * The export job through its use case, on a real SQLite file: a branch exports its head commit
 * (never uncommitted edits), filters and caps are counted by reason, counts instead of shares,
 * the chat formats' rules, a cancelled export leaves no folder, leftovers are removed at start.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DatasetRow } from '../../src/db/schema/index.js';
import { toGlobalId } from '../../src/ids.js';
import { createExport } from '../../src/modules/exports/commands/create-export.js';
import { buildActor, buildDataset, buildTestApp, buildTextItem, type TestApp } from '../helpers/factories.js';
import { CORPUS } from '../helpers/server.js';

const admin = buildActor();
const code = (c: string, field?: string) => (e: unknown) => {
  const ext = (e as { extensions?: { code?: string; field?: string } }).extensions;
  return ext?.code === c && (field === undefined || ext.field === field);
};

function lines(file: string): Array<Record<string, any>> {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
}

describe('the export job', () => {
  let t: TestApp;
  let d: DatasetRow;
  const run = async (input: Record<string, unknown>) => {
    const r = createExport({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', d.id), ...input } as never);
    const job = await r.done;
    return { job, row: t.app.exports.get(admin, r.export.id)!, result: job.result ? JSON.parse(job.result) : null };
  };

  before(async () => {
    t = buildTestApp();
    d = buildDataset(t.app);
    // Real WordNet pairs (distinct glosses: made-up near-identical texts would be one duplicate cluster).
    const pairs = fs.readFileSync(path.join(CORPUS, 'text', 'wordnet-pairs-3k.jsonl'), 'utf8').trim().split('\n').slice(0, 600).map((l) => JSON.parse(l) as { prompt: string; response: string });
    const items = pairs.map((p, i) =>
      buildTextItem({ key: `p${String(i).padStart(4, '0')}`, prompt: p.prompt, response: p.response, labels: [`c${i % 3}`], status: i % 10 === 0 ? 'UNLABELED' : 'LABELED' }),
    );
    items.push(buildTextItem({ key: 'empty', prompt: 'What is nothing?', response: ' ', labels: ['c0'], status: 'LABELED' }));
    for (let i = 0; i < items.length; i += 250) t.app.items.add(admin, d, 'main', items.slice(i, i + 250));
    await t.app.quality.scorePending(d.id);
    t.app.versions.commit(admin, d, 'main', 'pairs');
    // An uncommitted edit: never exported.
    t.app.items.add(admin, d, 'main', [buildTextItem({ key: 'uncommitted', prompt: 'Not yet?', response: 'Not committed yet, so not exported.' })]);
  });
  after(() => t.cleanup());

  test('a branch exports its head commit; filters and caps are counted by reason; counts instead of shares', async () => {
    const { job, row, result } = await run({
      spec: { filter: { statuses: ['LABELED'] }, split: { trainCount: 300, validationCount: 100, testCount: 100, stratifyBy: 'label' }, maxPerClass: 150 },
      formats: ['JSONL', 'OPENAI_CHAT', 'ALPACA'],
      name: 'caps',
    });
    assert.equal(job.state, 'SUCCEEDED', job.error ?? '');
    assert.equal(row.state, 'SUCCEEDED');
    const dir = t.app.exports.absolutePath(row);
    const all = ['train', 'validation', 'test'].flatMap((s) => lines(path.join(dir, 'jsonl', `${s}.jsonl`)));
    assert.ok(!all.some((r) => r.key === 'uncommitted'));
    assert.equal(all.length, 450, 'three classes capped at 150');
    assert.equal(result.excluded.status, 60);
    assert.equal(result.excluded['empty prompt or response (chat formats need both)'], 1);
    assert.ok(result.excluded.maxPerClass > 0);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    // The fresh MinHash pass over the written pairs agrees with the families: nothing leaks.
    assert.equal(report.leakage.groupsCrossingSplits, 0);
    assert.equal(report.leakage.nearDuplicatePairsAcrossSplits, 0, JSON.stringify(report.leakage));
    for (const cls of ['c0', 'c1', 'c2']) {
      const b = report.classBalance[cls];
      assert.ok(Math.abs(b.validation.share - 0.2) <= 0.01 && Math.abs(b.test.share - 0.2) <= 0.01, JSON.stringify(b));
    }
    for (const r of lines(path.join(dir, 'openai_chat', 'train.jsonl'))) {
      assert.deepEqual(r.messages.map((m: { role: string }) => m.role), ['user', 'assistant']);
      assert.ok(r.messages.every((m: { content: string }) => m.content.trim().length > 0));
    }
    for (const r of lines(path.join(dir, 'alpaca', 'test.jsonl'))) assert.ok(r.instruction && r.output && r.input === '');
  });

  test('a branch with no commit, an unknown ref and a target of another modality are refused before anything exists', () => {
    t.app.versions.createBranch(admin, d, 'fresh', 'main');
    const d2 = buildDataset(t.app);
    assert.throws(() => createExport({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', d2.id), spec: { split: { train: 1, validation: 0, test: 0 } }, formats: ['JSONL'] } as never), code('BAD_USER_INPUT', 'ref'));
    assert.throws(
      () => createExport({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', d.id), spec: { split: { train: 1, validation: 0, test: 0 }, target: { preset: 'whisper' } }, formats: ['JSONL'] } as never),
      code('BAD_USER_INPUT', 'spec.target.preset'),
    );
    assert.throws(
      () => createExport({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', d.id), spec: { split: { train: 1, validation: 0, test: 0 }, target: { preset: 'llm-chat', minSide: 3 } }, formats: ['JSONL'] } as never),
      code('BAD_USER_INPUT', 'spec.target.minSide'),
    );
    assert.throws(
      () => createExport({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', d.id), spec: { split: { train: 0.5, trainCount: 3 } }, formats: ['JSONL'] } as never),
      code('BAD_USER_INPUT', 'spec.split'),
    );
  });

  test('a target: violations excluded and listed, or the export fails with EXPORT_CONSTRAINT_VIOLATED and writes nothing', async () => {
    const spec = { split: { train: 0.8, validation: 0.1, test: 0.1 }, target: { preset: 'llm-chat', maxTokens: 40 } };
    const { job, row } = await run({ spec, formats: ['OPENAI_CHAT'], name: 'target-exclude' });
    assert.equal(job.state, 'SUCCEEDED', job.error ?? '');
    const report = JSON.parse(fs.readFileSync(path.join(t.app.exports.absolutePath(row), 'report.json'), 'utf8'));
    assert.ok(report.target.violations > 0 && report.target.violations < 600, JSON.stringify(report.target).slice(0, 300));
    assert.match(report.target.listed[0].reason, /tokens > maxTokens 40/);
    assert.equal(report.excluded.counts['target llm-chat'], report.target.violations);
    const fail = await run({ spec: { ...spec, target: { ...spec.target, onViolation: 'FAIL' } }, formats: ['OPENAI_CHAT'], name: 'target-fail' });
    assert.equal(fail.job.state, 'FAILED');
    const err = t.app.jobs.errors(fail.job.id, 1)[0];
    assert.equal(err.code, 'EXPORT_CONSTRAINT_VIOLATED');
    assert.equal(fail.row.state, 'FAILED');
    assert.ok(!fs.existsSync(t.app.exports.absolutePath(fail.row)));
  });

  test('a cancelled export leaves no folder and says CANCELLED; leftovers of a stopped process go at start', async () => {
    const r = createExport({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', d.id), spec: { split: { train: 0.8, validation: 0.1, test: 0.1 } }, formats: ['JSONL'], name: 'cancelled' } as never);
    t.app.jobs.cancel(admin, toGlobalId('Job', r.job.id));
    const job = await r.done;
    assert.equal(job.state, 'CANCELLED');
    const row = t.app.exports.get(admin, r.export.id)!;
    assert.equal(row.state, 'CANCELLED');
    assert.ok(!fs.existsSync(t.app.exports.absolutePath(row)));
    const leftover = path.join(t.app.config.exportRoot, '.tmp-export-9999');
    fs.mkdirSync(path.join(leftover, 'jsonl'), { recursive: true });
    fs.writeFileSync(path.join(leftover, 'jsonl', 'train.jsonl'), '{}\n');
    assert.equal(t.app.exports.removeLeftovers(), 1);
    assert.ok(!fs.existsSync(leftover));
  });

  test('dedupe keeps one member of each duplicate cluster (the best-scored, then the smallest key)', async () => {
    const dd = buildDataset(t.app);
    const pairs = fs.readFileSync(path.join(CORPUS, 'text', 'wordnet-pairs-3k.jsonl'), 'utf8').trim().split('\n').slice(700, 740).map((l) => JSON.parse(l) as { prompt: string; response: string });
    const rows = pairs.map((p, i) => buildTextItem({ key: `d${String(i).padStart(3, '0')}`, prompt: p.prompt, response: p.response }));
    rows.push(buildTextItem({ key: 'z-copy', prompt: pairs[3].prompt, response: pairs[3].response }));
    t.app.items.add(admin, dd, 'main', rows);
    await t.app.quality.scorePending(dd.id);
    t.app.versions.commit(admin, dd, 'main', 'with a duplicate');
    const r = createExport({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', dd.id), spec: { split: { train: 0.8, validation: 0.1, test: 0.1 }, filter: { dedupe: true } }, formats: ['JSONL'] } as never);
    const job = await r.done;
    assert.equal(job.state, 'SUCCEEDED', job.error ?? '');
    const dir = t.app.exports.absolutePath(t.app.exports.get(admin, r.export.id)!);
    const keys = ['train', 'validation', 'test'].flatMap((s) => lines(path.join(dir, 'jsonl', `${s}.jsonl`))).map((x) => x.key);
    assert.equal(keys.length, 40);
    assert.ok(keys.includes('d003') && !keys.includes('z-copy'));
    assert.equal(JSON.parse(job.result!).excluded['duplicate (dedupe keeps the best-scored member)'], 1);
  });
});

