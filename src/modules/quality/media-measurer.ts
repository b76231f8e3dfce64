import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MediaMeasureReply, MediaMeasureRequest, MediaMeasureResult } from './media-measure-worker.js';

const WORKER_URL = new URL('./media-measure-worker.mjs', import.meta.url);

/** Audio-measuring worker threads: one core is left to the server's thread (1 on a 2-core box, at most 2). */
export const MEDIA_WORKERS = Math.max(1, Math.min(2, os.availableParallelism() - 1));

interface Pending {
  resolve: (r: MediaMeasureResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  waiting: Map<number, Pending>;
}

/**
 * Measures audio blobs in worker threads (media-measure-worker), so that no analysis, whatever the
 * file's length, runs on the server's event loop: the main thread posts a file path and waits.
 * Workers start on first use (~0.5 s: the TypeScript loader and the analyser) and are kept; a
 * request goes to an idle worker, else starts one while the pool has room, else joins the
 * shortest queue. A worker is referenced only while it has requests (an idle pool never keeps the
 * process alive, a pending measurement does). A failed worker (crash, exit, out of memory) rejects
 * its own requests, which callers record as analysisError, and a later request starts a new one.
 * Images are not measured here: sharp decodes and resizes on libuv's thread pool already, and the
 * JavaScript part of analyzeImage works on at most 512 × 512 pixels (~3 ms).
 */
export class MediaMeasurer {
  private readonly slots: Array<Slot | null>;
  private nextId = 1;
  private closed = false;

  constructor(
    size: number,
    /** The worker entry (tests give one that fails). */
    private readonly workerUrl: URL = WORKER_URL,
  ) {
    this.slots = new Array<Slot | null>(Math.max(1, size)).fill(null);
  }

  /** Measures the WAV at `file`; rejects with the analyser's message (or the worker's failure). */
  measureAudio(file: string): Promise<MediaMeasureResult> {
    if (this.closed) return Promise.reject(new Error('the media measurer was closed'));
    const slot = this.pick();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (slot.waiting.size === 0) slot.worker.ref();
      slot.waiting.set(id, { resolve, reject });
      slot.worker.postMessage({ id, kind: 'audio', file } satisfies MediaMeasureRequest);
    });
  }

  /** Requests in flight (all workers). */
  get pending(): number {
    return this.slots.reduce((n, s) => n + (s?.waiting.size ?? 0), 0);
  }

  private pick(): Slot {
    let best: Slot | null = null;
    let free = -1;
    for (const [i, s] of this.slots.entries()) {
      if (!s) {
        if (free < 0) free = i;
      } else if (!best || s.waiting.size < best.waiting.size) {
        best = s;
      }
    }
    if (best && (best.waiting.size === 0 || free < 0)) return best;
    return this.start(free);
  }

  private start(index: number): Slot {
    const worker = new Worker(this.workerUrl);
    // Referenced only while it has requests (see measureAudio and settle).
    worker.unref();
    const slot: Slot = { worker, waiting: new Map() };
    const settle = (id: number): Pending | undefined => {
      const p = slot.waiting.get(id);
      slot.waiting.delete(id);
      if (slot.waiting.size === 0) worker.unref();
      return p;
    };
    worker.on('message', (m: MediaMeasureReply) => {
      const p = settle(m.id);
      if (!p) return;
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
    let failed = false;
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      if (this.slots[index] === slot) this.slots[index] = null;
      const waiting = [...slot.waiting.values()];
      slot.waiting.clear();
      for (const p of waiting) p.reject(e);
      void worker.terminate();
    };
    worker.on('error', (e) => fail(new Error(`media measuring failed: ${e.message}`)));
    worker.on('messageerror', (e) => fail(new Error(`media measuring failed: ${e.message}`)));
    worker.on('exit', (code) => fail(new Error(`media measuring failed: the worker stopped (exit code ${code})`)));
    this.slots[index] = slot;
    return slot;
  }

  /** Stops the workers; requests in flight are rejected at once (the app is closing). */
  close(): void {
    this.closed = true;
    for (const [i, s] of this.slots.entries()) {
      if (!s) continue;
      this.slots[i] = null;
      const waiting = [...s.waiting.values()];
      s.waiting.clear();
      for (const p of waiting) p.reject(new Error('the media measurer was closed'));
      void s.worker.terminate();
    }
  }
}
