import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../errors.js';
import type { ParseWorkerData, ParseWorkerMessage } from './parse-worker.js';
import type { PreparedBatch } from './prepare.js';

const WORKER_URL = new URL('./parse-worker.mjs', import.meta.url);

/**
 * Prepared batches of an import, read and prepared in a worker thread so that parsing, validation
 * and hashing run on the second core while this thread writes. Stopping the iteration early
 * (a cancelled job) terminates the worker.
 */
export async function* preparedBatches(data: ParseWorkerData): AsyncGenerator<PreparedBatch> {
  // A small heap: the worker holds at most a few batches, and an import must stay light on memory.
  const worker = new Worker(WORKER_URL, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 32 } });
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
