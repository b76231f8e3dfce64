import { WorkerPool } from '../../lib/worker-pool.js';
import type { TextAnalysis } from '../../media/quality/text.js';
import type { MeasureRequest } from './measure-worker.js';

const ENTRY = new URL('./measure-worker.ts', import.meta.url);
const SHIM = new URL('./measure-worker.mjs', import.meta.url);

/**
 * A worker's live heap is the language database (~40 MB) and one chunk. Without a cap V8 sizes the
 * heap from the machine's memory and lets garbage pile up: two workers grew by ~300 MB over a
 * 117k-pair job. With it, the same job runs in the same time.
 */
const LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

/**
 * Measures text pairs in worker threads (started on first use, ~0.3 s each: the language
 * database; stopped when idle, Config.workerIdleMs), chunks handed to an idle worker. Callers keep a chunk or two
 * in flight ahead of their writes, so that measuring and writing overlap. Each worker holds its
 * own language detector (~60 MB, see language-db.ts).
 */
export class TextMeasurer {
  private readonly pool: WorkerPool<Omit<MeasureRequest, 'id'>, TextAnalysis[]>;

  constructor(size: number, idleMs?: number) {
    this.pool = new WorkerPool({ size, entry: ENTRY, shim: SHIM, idleMs, name: 'text measuring failed', resourceLimits: LIMITS });
  }

  measure(pairs: MeasureRequest['pairs']): Promise<TextAnalysis[]> {
    return this.pool.request({ pairs });
  }

  close(): void {
    this.pool.close();
  }
}
