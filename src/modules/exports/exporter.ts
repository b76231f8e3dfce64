import { WorkerPool } from '../../lib/worker-pool.js';
import type { ExportWorkRequest, ExportWorkResult } from './export-worker.js';
import type { Split, SplitItem, SplitResult, SplitTargets } from './split.js';

const ENTRY = new URL('./export-worker.ts', import.meta.url);
const SHIM = new URL('./export-worker.mjs', import.meta.url);

type Req = ExportWorkRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The export's whole-ref computations in a worker thread (export-worker.ts), one at a time. */
export class ExportComputer {
  private readonly pool: WorkerPool<Req, ExportWorkResult>;

  constructor(idleMs?: number) {
    this.pool = new WorkerPool({ size: 1, entry: ENTRY, shim: SHIM, idleMs, name: 'export computation failed' });
  }

  async split(items: SplitItem[], targets: SplitTargets): Promise<SplitResult> {
    const r = (await this.pool.request({ kind: 'split', items, targets })) as { splitOf: Array<Split | null>; groups: number; droppedCopies: number; perClass: Array<[string, Record<Split, number>]> };
    return { splitOf: r.splitOf, groups: r.groups, droppedCopies: r.droppedCopies, perClass: new Map(r.perClass) };
  }

  /** Near-duplicate pairs among collected MinHash signatures or 64-bit hex hashes (leakPairs). */
  async pairs(sigs: Uint32Array[], hashes: string[], opts: { jaccard: number; radius: number }): Promise<Array<{ a: number; b: number }>> {
    if (!sigs.length && !hashes.length) return [];
    return ((await this.pool.request({ kind: 'pairs', sigs, hashes, ...opts })) as { pairs: Array<{ a: number; b: number }> }).pairs;
  }

  close(): void {
    this.pool.close();
  }
}
