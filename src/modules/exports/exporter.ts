import { WorkerPool } from '../../lib/worker-pool.js';
import type { ExportWorkRequest, ExportWorkResult } from './export-worker.js';
import type { ColumnsResult, SplitColumns, SplitTargets } from './split.js';

const ENTRY = new URL('./export-worker.ts', import.meta.url);
const SHIM = new URL('./export-worker.mjs', import.meta.url);

type Req = ExportWorkRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The export's heavy computations in a worker thread (export-worker.ts). */
export class ExportComputer {
  private readonly pool: WorkerPool<Req, ExportWorkResult>;

  constructor(idleMs?: number) {
    // A small young generation: the workers churn through page-sized batches of text (garbage
    // once hashed); at V8's default size it piles up (a 117k export: ~100 MB a worker).
    this.pool = new WorkerPool({ size: 2, entry: ENTRY, shim: SHIM, idleMs, name: 'export computation failed', resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  }

  /** Starts both workers (their code loads while the job reads its first pass). */
  warmUp(): void {
    for (let i = 0; i < 2; i++) this.pool.request({ kind: 'warm' }).catch(() => undefined);
  }

  /** The split of compact columns; their buffers are handed to the worker (unusable here after). */
  async split(columns: SplitColumns, targets: SplitTargets): Promise<ColumnsResult> {
    const transfer = [columns.family, columns.valueStart, columns.values, columns.derived, columns.cls, columns.birth, columns.hash].map((a) => a.buffer as ArrayBuffer);
    return (await this.pool.request({ kind: 'split', columns, targets }, transfer)) as ColumnsResult;
  }

  /** MinHash signatures of prompt / response pairs, back to back, as the text analyser makes them. */
  async minhashPairs(pairs: Array<[string | null, string | null]>): Promise<Uint32Array> {
    return ((await this.pool.request({ kind: 'minhash', pairs })) as { sigs: Uint32Array }).sigs;
  }

  /** 64-bit fingerprints (hex) of WAV files, as the audio analyser makes them ('' when unreadable). */
  async audioprints(files: string[]): Promise<string[]> {
    return ((await this.pool.request({ kind: 'audioprints', files })) as { hashes: string[] }).hashes;
  }

  /** Near-duplicate pairs among `count` MinHash signatures or among 64-bit hex hashes (leakPairs). */
  async pairs(sigs: Uint32Array, count: number, hashes: string[], opts: { jaccard: number; radius: number }): Promise<Array<{ a: number; b: number }>> {
    if (!count && !hashes.length) return [];
    return ((await this.pool.request({ kind: 'pairs', sigs, count, hashes, ...opts }, sigs.byteLength ? [sigs.buffer as ArrayBuffer] : [])) as { pairs: Array<{ a: number; b: number }> }).pairs;
  }

  /** A WAV as mono float32 at `rate`, and (with `wav`) as a 16-bit PCM WAV of it. */
  async mono(file: string, rate: number, wav: boolean): Promise<{ samples: Float32Array; wav: Uint8Array | null }> {
    return (await this.pool.request({ kind: 'mono', file, rate, wav })) as { samples: Float32Array; wav: Uint8Array | null };
  }

  close(): void {
    this.pool.close();
  }
}
