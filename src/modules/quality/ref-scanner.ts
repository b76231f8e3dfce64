import { WorkerPool } from '../../lib/worker-pool.js';
import type { RefScanReplyResult, RefScanRequest } from './ref-scan-worker.js';

const ENTRY = new URL('./ref-scan-worker.ts', import.meta.url);
const SHIM = new URL('./ref-scan-worker.mjs', import.meta.url);

/**
 * A scan makes short-lived garbage (a page of rows at a time) next to long-lived typed arrays
 * (the duplicate inputs): a small young generation is collected often and cheaply, instead of
 * growing to V8's default and staying resident (117k pairs: 255 → 224 MB peak RSS for an audit).
 */
const LIMITS = { maxYoungGenerationSizeMb: 8 };

/**
 * Runs ref scans (audits, duplicate analyses of big refs) in one worker thread, jobs one at a time
 * in order (the worker keeps its last analyses: an audit that follows an analysis needs no second
 * search). Started on first use, stopped when idle (Config.workerIdleMs), which frees what it kept. A failed
 * worker rejects its jobs (callers then scan on their own thread) and is started again by the next.
 */
export class RefScanner {
  private readonly pool: WorkerPool<Omit<RefScanRequest, 'id'>, RefScanReplyResult>;

  constructor(idleMs = 30_000) {
    this.pool = new WorkerPool({ size: 1, sticky: true, entry: ENTRY, shim: SHIM, idleMs, name: 'ref scan failed', resourceLimits: LIMITS });
  }

  scan(request: Omit<RefScanRequest, 'id'>): Promise<RefScanReplyResult> {
    return this.pool.request(request);
  }

  /** Stops the worker if idle (it keeps its analyses only while alive: kept ones are in the database). */
  release(): void {
    this.pool.trim();
  }

  close(): void {
    this.pool.close();
  }
}
