import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../errors.js';
import { workerEntry } from '../../lib/worker-entry.js';
import type { ParseWorkerData, ParseWorkerMessage } from './parse-worker.js';
import { readImport, type ParsedRow } from './formats.js';
import { prepareRows, type PreparedBatch } from './prepare.js';

const ENTRY = new URL('./parse-worker.ts', import.meta.url);
const SHIM = new URL('./parse-worker.mjs', import.meta.url);

/** Below this much JSONL, starting a worker costs more than it saves. */
const WORKER_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Prepared batches of an import. Big JSONL files are read and prepared in a worker thread, so that
 * parsing, validation and hashing run on the second core while this thread writes; media imports
 * (whose cost is in the media, not the metadata) and small files are prepared in-process.
 */
export async function* preparedBatches(data: ParseWorkerData): AsyncGenerator<PreparedBatch> {
  if (data.format === 'JSONL' && (await totalBytes(data.absPath)) >= WORKER_MIN_BYTES) yield* inWorker(data);
  else yield* inProcess(data);
}

async function totalBytes(p: string): Promise<number> {
  const st = await fs.stat(p);
  if (!st.isDirectory()) return st.size;
  let sum = 0;
  for (const name of await fs.readdir(p)) {
    if (name.endsWith('.jsonl')) sum += (await fs.stat(path.join(p, name)).catch(() => ({ size: 0 }))).size;
  }
  return sum;
}

async function* inProcess(data: ParseWorkerData): AsyncGenerator<PreparedBatch> {
  let rows: ParsedRow[] = [];
  for await (const row of readImport(data.format, data.absPath, { root: data.root })) {
    rows.push(row);
    if (rows.length >= data.batchSize) {
      yield prepareRows(data.modality, rows);
      rows = [];
    }
  }
  if (rows.length) yield prepareRows(data.modality, rows);
}

/** Stopping the iteration early (a cancelled job) terminates the worker. */
async function* inWorker(data: ParseWorkerData): AsyncGenerator<PreparedBatch> {
  // A small heap: the worker holds at most a few batches, and an import must stay light on memory.
  const worker = new Worker(await workerEntry(ENTRY, SHIM), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 32 } });
  const queue: ParseWorkerMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const push = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: ParseWorkerMessage) => {
    queue.push(m);
    push();
  });
  worker.on('error', (e) => {
    failure = e;
    push();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`import worker exited with code ${code}`);
    push();
  });
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((r) => (wake = r));
      const m = queue.shift();
      if (!m) throw failure!;
      if (m.type === 'done') return;
      if (m.type === 'fatal') throw new AppError(m.code as ErrorCode, m.message);
      yield m.batch;
      worker.postMessage('ack');
    }
  } finally {
    await worker.terminate();
  }
}
