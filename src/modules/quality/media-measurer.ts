import os from 'node:os';
import { WorkerPool } from '../../lib/worker-pool.js';
import type { MediaMeasureRequest, MediaMeasureResult } from './media-measure-worker.js';

const ENTRY = new URL('./media-measure-worker.ts', import.meta.url);
const SHIM = new URL('./media-measure-worker.mjs', import.meta.url);

/** Audio-measuring worker threads: one core is left to the server's thread (1 on a 2-core box, at most 2). */
export const MEDIA_WORKERS = Math.max(1, Math.min(2, os.availableParallelism() - 1));

/**
 * Measures audio blobs in worker threads (media-measure-worker), so that no analysis, whatever the
 * file's length, runs on the server's event loop: the main thread posts a file path and waits.
 * Workers start on first use and stop when idle (Config.workerIdleMs, lib/worker-pool.ts); a failed worker
 * rejects its own requests, which callers record as analysisError. Images are not measured here:
 * sharp decodes and resizes on libuv's thread pool already, and the JavaScript part of
 * analyzeImage works on at most 512 × 512 pixels (~3 ms).
 */
export class MediaMeasurer {
  private readonly pool: WorkerPool<Omit<MediaMeasureRequest, 'id'>, MediaMeasureResult>;

  constructor(
    size: number,
    /** The worker entry (tests give one that fails). */
    workerUrl: URL = ENTRY,
    idleMs?: number,
  ) {
    this.pool = new WorkerPool({ size, entry: workerUrl, shim: SHIM, idleMs, name: 'media measuring failed' });
  }

  /** Measures the WAV at `file`; rejects with the analyser's message (or the worker's failure). */
  measureAudio(file: string): Promise<MediaMeasureResult> {
    return this.pool.request({ kind: 'audio', file });
  }

  /** Requests in flight (all workers). */
  get pending(): number {
    return this.pool.pending;
  }

  /** Stops the workers; requests in flight are rejected at once (the app is closing). */
  close(): void {
    this.pool.close();
  }
}
