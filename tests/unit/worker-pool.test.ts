/**
 * WorkerPool (src/lib/worker-pool.ts): idle workers stop and give their memory back, a later
 * request starts a fresh one, and TypeScript entries run bundled, without tsx's loader.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkerPool } from '../../src/lib/worker-pool.js';
import { workerEntry } from '../../src/lib/worker-entry.js';

const ECHO = new URL(
  `data:text/javascript,${encodeURIComponent(`import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, result: { threadId, x: m.x } }));`)}`,
);

test('an idle worker stops after idleMs; the next request starts a new one', async () => {
  const pool = new WorkerPool<{ x: number }, { threadId: number; x: number }>({ size: 2, entry: ECHO, shim: ECHO, idleMs: 150, name: 'echo' });
  try {
    const [a, b] = await Promise.all([pool.request({ x: 1 }), pool.request({ x: 2 })]);
    assert.deepEqual([a.x, b.x], [1, 2]);
    assert.notEqual(a.threadId, b.threadId, 'two requests at once go to two workers');
    assert.equal(pool.running, 2);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(pool.running, 0, 'both stopped once idle');
    const c = await pool.request({ x: 3 });
    assert.equal(c.x, 3);
    assert.ok(c.threadId !== a.threadId && c.threadId !== b.threadId, 'a fresh worker');
  } finally {
    pool.close();
  }
  await assert.rejects(pool.request({ x: 4 }), /closed/);
});

test('trim() stops idle workers at once and leaves busy ones running', async () => {
  const SLOW = new URL(
    `data:text/javascript,${encodeURIComponent(`import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', (m) => setTimeout(() => parentPort.postMessage({ id: m.id, result: { threadId, x: m.x } }), m.x));`)}`,
  );
  const pool = new WorkerPool<{ x: number }, { threadId: number; x: number }>({ size: 2, entry: SLOW, shim: SLOW, idleMs: 60_000, name: 'slow' });
  try {
    await Promise.all([pool.request({ x: 1 }), pool.request({ x: 1 })]);
    assert.equal(pool.running, 2);
    const busy = pool.request({ x: 300 });
    await new Promise((r) => setTimeout(r, 50));
    pool.trim();
    assert.equal(pool.running, 1, 'the idle one stopped, the busy one runs on');
    assert.equal((await busy).x, 300);
    pool.trim();
    assert.equal(pool.running, 0);
    assert.equal((await pool.request({ x: 1 })).x, 1, 'a later request starts a fresh worker');
  } finally {
    pool.close();
  }
});

test('a TypeScript worker entry is bundled into plain JavaScript under node_modules/.cache', async () => {
  const ts = new URL('../../src/modules/quality/media-measure-worker.ts', import.meta.url);
  const url = await workerEntry(ts, new URL('../../src/modules/quality/media-measure-worker.mjs', import.meta.url));
  assert.match(url.pathname, /node_modules\/\.cache\/tuneset\/workers\/media-measure-worker-[0-9a-f]{16}\.mjs$/);
  assert.equal(await workerEntry(ts, ts), url, 'once per process');
});
