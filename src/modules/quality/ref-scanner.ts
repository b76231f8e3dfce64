import { Worker } from 'node:worker_threads';
import type { RefScanReply, RefScanReplyResult, RefScanRequest } from './ref-scan-worker.js';

const WORKER_URL = new URL('./ref-scan-worker.mjs', import.meta.url);

/**
 * Runs ref scans (audits, duplicate analyses of big refs) in one worker thread, started on first
 * use (~0.5 s: the TypeScript loader and the modules; kept for the process), jobs one at a time in
 * order. A failed worker rejects its jobs (callers then scan on their own thread) and is started
 * again by the next job.
 */
export class RefScanner {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: RefScanReplyResult) => void; reject: (e: Error) => void }>();

  scan(request: Omit<RefScanRequest, 'id'>): Promise<RefScanReplyResult> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...request } satisfies RefScanRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_URL);
    // An idle scanner must not keep the process alive.
    worker.unref();
    worker.on('message', (m: RefScanReply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if ('error' in m) w.reject(new Error(`ref scan failed: ${m.error}`));
      else w.resolve(m.result);
    });
    const fail = (e: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the ref-scan worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  close(): void {
    const w = this.worker;
    if (!w) return;
    // Pending callers learn at once (their awaits must not hang on a closed app).
    for (const p of this.waiting.values()) p.reject(new Error('the ref scanner was closed'));
    this.waiting.clear();
    this.worker = null;
    void w.terminate();
  }
}
