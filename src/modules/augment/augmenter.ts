import os from 'node:os';
import { WorkerPool } from '../../lib/worker-pool.js';
import type { AugmentWorkRequest, AugmentWorkResult } from './augment-worker.js';

const ENTRY = new URL('./augment-worker.ts', import.meta.url);
const SHIM = new URL('./augment-worker.mjs', import.meta.url);

/** Augmenting worker threads: one core is left to the server's thread (1 on a 2-core box, at most 2). */
export const AUGMENT_WORKERS = Math.max(1, Math.min(2, os.availableParallelism() - 1));

/**
 * Makes derived media in worker threads (augment-worker): the job's thread posts a file path and
 * the resolved ops, and gets the encoded bytes back. Workers start on first use and stop when idle.
 */
export class Augmenter {
  private readonly pool: WorkerPool<Omit<AugmentWorkRequest, 'id'>, AugmentWorkResult>;

  constructor(size = AUGMENT_WORKERS, idleMs?: number) {
    // A copy that runs out of memory fails that copy (the worker is replaced), never the server.
    this.pool = new WorkerPool({ size, entry: ENTRY, shim: SHIM, idleMs, name: 'augmentation failed', resourceLimits: { maxOldGenerationSizeMb: 1536 } });
  }

  run(req: Omit<AugmentWorkRequest, 'id'>): Promise<AugmentWorkResult> {
    return this.pool.request(req);
  }

  close(): void {
    this.pool.close();
  }
}
