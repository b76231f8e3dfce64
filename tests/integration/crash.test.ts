/**
 * Crash safety: a child process commits in a loop (tests/helpers/commit-loop.ts) and is SIGKILLed
 * at random moments, several times over the same data folder. Afterwards the SQLite file passes
 * integrity_check, the app opens, every acknowledged version exists with exactly the items the
 * child committed, and no version is half-written (each one's itemCount matches what reading it gives).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { DatasetRow } from '../../src/db/schema/index.js';
import type { Actor } from '../../src/modules/auth/roles.js';
import { checksumOf, DATASET, type Ack } from '../helpers/commit-loop.js';
import { ROOT } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';

const LOOP = path.join(ROOT, 'tests/helpers/commit-loop.ts');
const actor: Actor = { name: 'checker', role: 'admin', tokenId: null };
const { dir, cleanup } = tempDir('tuneset-crash-');

after(() => cleanup());

const randInt = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

/** One life of the child: wait for "ready", let it run 50-400 ms, SIGKILL it. Returns its acks. */
function runAndKill(): Promise<{ acks: Ack[]; ranMs: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LOOP, dir, '15'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let ranMs = 0;
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr.on('data', (b) => (err += b));
    child.stdout.on('data', (b) => {
      const before = out;
      out += b;
      if (!before.includes('ready') && out.includes('ready')) {
        ranMs = randInt(50, 400);
        setTimeout(() => child.kill('SIGKILL'), ranMs);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      if (signal !== 'SIGKILL') {
        reject(new Error(`commit loop ended by itself (code ${code}, signal ${signal}):\n${err}`));
        return;
      }
      // Only complete lines are acknowledgements; a line cut off by the kill is not.
      const lines = out.split('\n').slice(0, -1);
      assert.match(lines[0] ?? '', /^ready \d+$/, `child output: ${out}\n${err}`);
      resolve({ acks: lines.slice(1).map((l) => JSON.parse(l) as Ack), ranMs, signal });
    });
  });
}

function integrity(): void {
  const db = new Database(path.join(dir, 'tuneset.db'));
  try {
    assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    assert.deepEqual(db.pragma('foreign_key_check'), []);
  } finally {
    db.close();
  }
}

/** Every item at a ref, read page by page through the service. */
function readAll(app: App, dataset: DatasetRow, ref: string) {
  const out: Array<{ key: string; prompt: string | null; response: string | null }> = [];
  for (let after: string | null = null; ; ) {
    const page = app.items.list(actor, dataset, ref, 100, after);
    out.push(...page.nodes.map((n) => ({ key: n.key, prompt: n.prompt, response: n.response })));
    if (!page.hasNextPage) return out;
    after = page.cursors.at(-1)!;
  }
}

test('SIGKILL at random moments never leaves a corrupt store or a half-written version', async (t) => {
  const lives = randInt(5, 8);
  const acks: Ack[] = [];
  for (let i = 0; i < lives; i++) {
    const life = await runAndKill();
    t.diagnostic(`life ${i + 1}/${lives}: killed after ${life.ranMs} ms, ${life.acks.length} commits acknowledged`);
    acks.push(...life.acks);
    integrity();
  }
  assert.ok(acks.length > 0, 'at least one commit was acknowledged');

  const app = createApp(loadConfig({ NODE_ENV: 'test' }, { dataDir: dir }));
  try {
    const dataset = app.datasets.byName(actor, DATASET)!;
    assert.ok(dataset);

    // Every acknowledged version is there, with the items the child committed.
    for (const ack of acks) {
      const v = app.versions.resolveRef(dataset, ack.hash).version!;
      assert.ok(v, `acknowledged version ${ack.hash} exists`);
      assert.equal(v.itemCount, ack.itemCount, ack.round);
      assert.equal(app.versions.versionById(ack.id)?.hash, ack.hash, `version id ${ack.id} still names ${ack.hash}`);
    }
    const last = acks.at(-1)!;
    const items = readAll(app, dataset, last.hash);
    assert.equal(items.length, last.itemCount);
    assert.equal(checksumOf(items), last.checksum, 'the last acknowledged version holds exactly what was committed');
    const sample = app.items.get(actor, dataset, last.hash, items[0].key);
    assert.equal(sample?.prompt, items[0].prompt);

    // The head is the last acknowledged commit or a later one (committed, killed before the ack).
    const head = app.versions.resolveRef(dataset, 'main').version!;
    assert.ok(head.id >= last.id);

    // No half-written version: each one's itemCount is what reading it gives, and the chain is whole.
    const versions = app.db.$client
      .prepare('SELECT id, hash, item_count AS itemCount, parent_id AS parentId FROM versions WHERE dataset_id = ? ORDER BY id')
      .all(dataset.id) as Array<{ id: number; hash: string; itemCount: number; parentId: number | null }>;
    assert.ok(versions.length >= acks.length);
    const byId = new Map(versions.map((v) => [v.id, v]));
    for (const v of versions) {
      const got = readAll(app, dataset, v.hash);
      assert.equal(got.length, v.itemCount, `version ${v.id} (${v.hash.slice(0, 12)}): itemCount ${v.itemCount}, read ${got.length}`);
      if (v.parentId !== null) assert.ok(byId.has(v.parentId), `parent of ${v.id} exists`);
      const ack = acks.find((a) => a.id === v.id);
      if (ack) assert.equal(checksumOf(got), ack.checksum, `content of acknowledged version ${v.id}`);
    }
    const history = app.versions.history(dataset, 'main', null, 10_000).rows.map((r) => r.hash);
    for (const ack of acks) assert.ok(history.includes(ack.hash), `${ack.hash} is in main's history`);
    t.diagnostic(`${acks.length} acknowledged commits, ${versions.length} versions, head has ${head.itemCount} items`);

    // And the store still takes writes after all that.
    app.items.add(actor, dataset, 'main', [{ key: 'after-the-crashes', prompt: 'p', response: 'r' }]);
    const v = app.versions.commit(actor, dataset, 'main', 'after the crashes');
    assert.equal(v.itemCount, (app.versions.resolveRef(dataset, 'main').version!.itemCount));
  } finally {
    app.close();
  }
  integrity();
});
