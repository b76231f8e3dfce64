/**
 * Issue 7, defects 1, 5 and 6 at the service level, where the moment of a concurrent edit can be
 * chosen exactly: text that SQLite cannot store faithfully is refused; an import that does not
 * finish leaves its branch as it found it; an import never overwrites an edit made after it started.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DatasetRow } from '../../src/db/schema/index.js';
import { toGlobalId } from '../../src/ids.js';
import type { JobContext } from '../../src/modules/jobs/service.js';
import { expectCode } from '../helpers/assertions.js';
import { buildActor, buildDataset, buildTestApp, buildTextItem, type TestApp } from '../helpers/factories.js';

const actor = buildActor();

function writeJsonl(file: string, n: number, prefix = 'k'): void {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify({ key: `${prefix}${String(i).padStart(6, '0')}`, prompt: `p ${i}`, response: `r ${i}` }));
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

describe('import guard (issue 7)', () => {
  let t: TestApp;
  before(() => {
    t = buildTestApp();
    fs.mkdirSync(t.app.config.importRoot, { recursive: true });
  });
  after(() => t.cleanup());

  test('lone surrogates and NULs never reach the store; the branch keeps committing', async () => {
    const ds = buildDataset(t.app);
    for (const bad of [
      buildTextItem({ key: '\ud800' }),
      buildTextItem({ key: 'a\udbffb' }),
      buildTextItem({ key: 'nul\u0000key' }),
      buildTextItem({ prompt: 'x\udc00' }),
      buildTextItem({ response: 'nul\u0000' }),
      buildTextItem({ labels: ['\ud800'] }),
      buildTextItem({ labels: ['a\u0000b'] }),
      buildTextItem({ labels: ['tab\tlabel'] }),
      buildTextItem({ attributes: { '\ud800': 1 } }),
      buildTextItem({ attributes: { 'a\u0001': 1 } }),
      buildTextItem({ attributes: { a: 'v\u0000' } }),
      buildTextItem({ attributes: { a: ['ok', { deep: '\udfff' }] } }),
    ]) {
      await expectCode(() => t.app.items.add(actor, ds, 'main', [bad]), 'BAD_USER_INPUT', {}, { type: null });
    }
    assert.equal(t.app.versions.uncommittedChanges(t.app.versions.writableBranch(ds, 'main').id), 0);
    await expectCode(() => t.app.versions.commit(actor, ds, 'main', 'bad \ud800 message'), 'BAD_USER_INPUT', {}, { type: null });
    t.app.items.add(actor, ds, 'main', [buildTextItem({ key: 'fine', attributes: { note: 'line\nbreak\ttab' } })]);
    t.app.versions.commit(actor, ds, 'main', 'first');
  });

  test('keys are not normalised, and two keys equal in SQLite are equal in JS', () => {
    const ds = buildDataset(t.app);
    // Tricky but well-formed: NFC vs NFD, astral characters, look-alikes, case, zero-width.
    const pool = ['é', 'e\u0301', '😀', '\u{1F600}\u{1F3FB}', 'A', 'a', 'Å', 'A\u030a', '\u200b', 'ß', 'ss', '中', '\u{20000}', '\uFFFD'];
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % pool.length);
    const keys = new Set<string>(['é', 'e\u0301']);
    while (keys.size < 300) {
      let k = '';
      for (let i = 0, n = 1 + (next() % 4); i < n; i++) k += pool[next()];
      keys.add(k);
    }
    const list = [...keys];
    for (let i = 0; i < list.length; i += 250) t.app.items.add(actor, ds, 'main', list.slice(i, i + 250).map((key) => buildTextItem({ key })));
    const rows = t.app.db.$client
      .prepare('SELECT key FROM item_revisions WHERE dataset_id = ?')
      .all(ds.id) as Array<{ key: string }>;
    // Every stored key reads back exactly as sent, and SQLite's DISTINCT agrees with a JS Set.
    assert.deepEqual(new Set(rows.map((r) => r.key)), keys);
    const distinct = t.app.db.$client.prepare('SELECT COUNT(DISTINCT key) AS n FROM item_revisions WHERE dataset_id = ?').get(ds.id) as { n: number };
    assert.equal(distinct.n, keys.size);
    // Pairwise: SQL equality is JS equality.
    const eq = t.app.db.$client.prepare('SELECT ? = ? AS same');
    for (let i = 0; i < 400; i++) {
      const a = list[next() * 13 % list.length];
      const b = i % 3 === 0 ? a : list[(next() * 17 + i) % list.length];
      assert.equal((eq.get(a, b) as { same: number }).same === 1, a === b, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
    // NFC and NFD spellings are two items, each found by its own spelling.
    const branch = 'main';
    assert.equal(t.app.items.get(actor, ds, branch, 'é')?.key, 'é');
    assert.equal(t.app.items.get(actor, ds, branch, 'e\u0301')?.key, 'e\u0301');
  });

  /** Runs an import of `file` with a hook called on each ctx.advance (twice a batch: its bad rows, then its write). */
  async function importWithHook(ds: DatasetRow, file: string, commitMessage: string | null, onAdvance: (n: number) => void) {
    const { job, params } = t.app.imports.prepare(actor, {
      dataset: toGlobalId('Dataset', ds.id),
      branch: 'main',
      path: path.basename(file),
      format: 'JSONL',
      commitMessage,
      score: false,
    });
    return t.app.jobs.enqueue(job, (ctx: JobContext) => {
      let calls = 0;
      const hooked: JobContext = {
        get jobId() {
          return ctx.jobId;
        },
        setTotal: (n) => ctx.setTotal(n),
        advance: (p, f) => {
          ctx.advance(p, f);
          onAdvance(++calls);
        },
        error: (e) => ctx.error(e),
        get cancelled() {
          return ctx.cancelled;
        },
        flush: () => ctx.flush(),
      };
      return t.app.imports.run(actor, params, hooked);
    });
  }

  test('an import does not overwrite a key edited after it started: the row is a CONFLICT', async () => {
    const ds = buildDataset(t.app);
    const file = path.join(t.app.config.importRoot, `conflict-${ds.id}.jsonl`);
    writeJsonl(file, 5000); // three batches of 2000
    const late = 'k004500';
    const done = await importWithHook(ds, file, null, (n) => {
      // After the first batch: a labeller adds the key the last batch will bring.
      if (n === 1) t.app.items.add(actor, ds, 'main', [buildTextItem({ key: late, prompt: 'mine', response: 'acknowledged' })]);
    });
    assert.equal(done.state, 'SUCCEEDED');
    assert.equal(t.app.items.get(actor, ds, 'main', late)?.response, 'acknowledged');
    const errors = t.app.jobs.errors(done.id, 100);
    assert.deepEqual(errors.map((e) => e.code), ['CONFLICT']);
    assert.match(errors[0].message, /k004500/);
    const result = JSON.parse(done.result!) as { added: number; failed: number };
    assert.equal(result.added, 4999);
    assert.equal(result.failed, 1);
  });

  test('a cancelled import leaves the branch as it found it, keeping edits made meanwhile', async () => {
    const ds = buildDataset(t.app);
    t.app.items.add(actor, ds, 'main', [buildTextItem({ key: 'k000001', prompt: 'old', response: 'committed' })]);
    t.app.versions.commit(actor, ds, 'main', 'base');
    t.app.items.add(actor, ds, 'main', [buildTextItem({ key: 'staged-before', prompt: 'a', response: 'b' })]);
    const file = path.join(t.app.config.importRoot, `cancel-${ds.id}.jsonl`);
    writeJsonl(file, 7000);
    const done = await importWithHook(ds, file, null, (n) => {
      if (n === 1) t.app.items.add(actor, ds, 'main', [buildTextItem({ key: 'meanwhile', prompt: 'c', response: 'd' })]);
      if (n === 2) t.app.jobs.cancel(actor, toGlobalId('Job', latestJobId()));
    });
    assert.equal(done.state, 'CANCELLED');
    const branch = t.app.versions.writableBranch(ds, 'main');
    // Only what others staged is left: the import's written rows are gone, the committed
    // k000001 is back to its committed content.
    assert.equal(t.app.versions.uncommittedChanges(branch.id), 2);
    assert.equal(t.app.items.get(actor, ds, 'main', 'k000001')?.response, 'committed');
    assert.equal(t.app.items.get(actor, ds, 'main', 'k000002'), null);
    assert.ok(t.app.items.get(actor, ds, 'main', 'meanwhile'));
    assert.ok(t.app.items.get(actor, ds, 'main', 'staged-before'));
  });

  test('an import interrupted with its process is undone when the next process notices', async () => {
    const ds = buildDataset(t.app);
    const file = path.join(t.app.config.importRoot, `crash-${ds.id}.jsonl`);
    writeJsonl(file, 5000);
    let jobId = 0;
    // Simulate a crash: the handler stops (rejects) after two batches, and the job row is then
    // put back to RUNNING under a process that has exited.
    const done = await importWithHook(ds, file, 'all of it', (n) => {
      jobId = latestJobId();
      if (n === 4) throw new Error('simulated crash');
    });
    assert.equal(done.state, 'FAILED');
    // (A real crash runs no catch block: redo the writes the catch undid, then mark it RUNNING.)
    const branch = t.app.versions.writableBranch(ds, 'main');
    assert.equal(t.app.versions.uncommittedChanges(branch.id), 0);
    const job = t.app.jobs.byId(jobId)!;
    const revs = t.app.db.$client.prepare('SELECT id, key FROM item_revisions WHERE job_id = ?').all(jobId) as Array<{ id: number; key: string }>;
    assert.equal(revs.length, 4000);
    const stage = t.app.db.$client.prepare('INSERT INTO branch_changes (branch_id, key, revision_id, count_delta) VALUES (?, ?, ?, 1)');
    t.app.db.$client.transaction(() => {
      for (const r of revs) stage.run(branch.id, r.key, r.id);
    })();
    t.app.db.$client.prepare("UPDATE jobs SET state = 'RUNNING', owner = 'gone-host:1' WHERE id = ?").run(job.id);
    assert.equal(t.app.versions.uncommittedChanges(branch.id), 4000);
    // The retry's prepare recovers it (a server start does the same with otherHosts: 'dead').
    assert.equal(t.app.jobs.recoverInterrupted({ otherHosts: 'dead' }), 1);
    assert.equal(t.app.versions.uncommittedChanges(branch.id), 0);
    assert.equal(t.app.jobs.byId(job.id)!.state, 'FAILED');
    const retry = await importWithHook(ds, file, 'all of it', () => undefined);
    assert.equal(retry.state, 'SUCCEEDED');
    assert.equal(t.app.versions.uncommittedChanges(branch.id), 0);
    assert.equal(t.app.versions.resolveRef(ds, 'main').kind === 'branch' && t.app.versions.resolveRef(ds, 'main').version?.itemCount, 5000);
  });

  function latestJobId(): number {
    return (t.app.db.$client.prepare('SELECT MAX(id) AS id FROM jobs').get() as { id: number }).id;
  }
});
