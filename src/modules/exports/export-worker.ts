/**
 * Worker thread of exports: the whole-ref computations that would otherwise hold the server's
 * event loop for a second or more at 100k items — the split assignment (union–find, sorting,
 * the epoch walk) and the fresh near-duplicate search over the written items' hashes.
 */
import { parentPort } from 'node:worker_threads';
import { leakPairs } from '../../media/leak-hashes.js';
import { assignSplits, type Split, type SplitItem, type SplitTargets } from './split.js';

export type ExportWorkRequest =
  | { id: number; kind: 'split'; items: SplitItem[]; targets: SplitTargets }
  | { id: number; kind: 'pairs'; sigs: Uint32Array[]; hashes: string[]; jaccard: number; radius: number };

export type ExportWorkResult =
  | { splitOf: Array<Split | null>; groups: number; droppedCopies: number; perClass: Array<[string, Record<Split, number>]> }
  | { pairs: Array<{ a: number; b: number }> };

const port = parentPort!;
port.on('message', (req: ExportWorkRequest) => {
  try {
    let result: ExportWorkResult;
    if (req.kind === 'split') {
      const r = assignSplits(req.items, req.targets);
      result = { splitOf: r.splitOf, groups: r.groups, droppedCopies: r.droppedCopies, perClass: [...r.perClass.entries()] };
    } else {
      result = { pairs: leakPairs(req, req) };
    }
    port.postMessage({ id: req.id, result });
  } catch (e) {
    port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) });
  }
});
