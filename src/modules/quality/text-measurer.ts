import { Worker } from 'node:worker_threads';
import type { TextAnalysis } from '../../media/quality/text.js';
import type { MeasureReply, MeasureRequest } from './measure-worker.js';

const WORKER_URL = new URL('./measure-worker.mjs', import.meta.url);

/**
 * Measures text pairs in worker threads (started on first use, ~1 s each: the TypeScript loader
 * and the language database; kept for the process), chunks handed out in turn. Callers keep a
 * chunk or two in flight ahead of their writes, so that measuring and writing overlap.
 */
export class TextMeasurer {
  private readonly workers: Array<Worker | null>;
  private turn = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: TextAnalysis[]) => void; reject: (e: Error) => void }>();

  constructor(size: number) {
    this.workers = new Array<Worker | null>(Math.max(1, size)).fill(null);
  }

  measure(pairs: MeasureRequest['pairs']): Promise<TextAnalysis[]> {
    const slot = this.turn++ % this.workers.length;
    const worker = this.start(slot);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, pairs } satisfies MeasureRequest);
    });
  }

  private start(slot: number): Worker {
    const running = this.workers[slot];
    if (running) return running;
    const worker = new Worker(WORKER_URL);
    // An idle measurer must not keep the process alive.
    worker.unref();
    worker.on('message', (m: MeasureReply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if ('error' in m) w.reject(new Error(`text measuring failed: ${m.error}`));
      else w.resolve(m.results);
    });
    const fail = (e: Error) => {
      // Requests of every worker are rejected (they share the id space); callers measure in-process.
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
      if (this.workers[slot] === worker) this.workers[slot] = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the text-measuring worker exited (${code})`)));
    this.workers[slot] = worker;
    return worker;
  }

  close(): void {
    for (const [i, w] of this.workers.entries()) {
      void w?.terminate();
      this.workers[i] = null;
    }
  }
}
