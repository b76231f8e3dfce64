/**
 * Worker thread of exports: the work that would otherwise hold the server's event loop for a
 * second or more at 100k items — the split assignment (union–find, sorting, the epoch walk), the
 * MinHash signatures and audio fingerprints of the written items, and the near-duplicate search
 * over them. Stateless: every request carries what it needs (typed arrays are transferred).
 */
import { parentPort, type TransferListItem } from 'node:worker_threads';
import fs from 'node:fs';
import { encodeWav, monoAt } from '../../media/augment/audio.js';
import { analyzeAudioFile } from '../../media/quality/audio-file.js';
import { minhashPair } from '../../media/quality/text.js';
import { MINHASH_PERMUTATIONS } from '../../media/quality/types.js';
import { leakPairs } from '../../media/leak-hashes.js';
import { assignColumns, type ColumnsResult, type SplitColumns, type SplitTargets } from './split.js';

export type ExportWorkRequest =
  | { id: number; kind: 'warm' }
  | { id: number; kind: 'split'; columns: SplitColumns; targets: SplitTargets }
  | { id: number; kind: 'minhash'; pairs: Array<[string | null, string | null]> }
  | { id: number; kind: 'audioprints'; files: string[] }
  | { id: number; kind: 'mono'; file: string; rate: number; wav: boolean }
  | { id: number; kind: 'pairs'; sigs: Uint32Array; count: number; hashes: string[]; jaccard: number; radius: number };

export type ExportWorkResult = null | { samples: Float32Array; wav: Uint8Array | null } | ColumnsResult | { sigs: Uint32Array } | { hashes: string[] } | { pairs: Array<{ a: number; b: number }> };

async function handle(req: ExportWorkRequest): Promise<{ result: ExportWorkResult; transfer: TransferListItem[] }> {
  switch (req.kind) {
    case 'warm':
      return { result: null, transfer: [] };
    case 'mono': {
      const clip = await monoAt(fs.readFileSync(req.file), req.rate);
      const wav = req.wav ? new Uint8Array(encodeWav(clip)) : null;
      return { result: { samples: clip.samples, wav }, transfer: (wav ? [clip.samples.buffer, wav.buffer] : [clip.samples.buffer]) as ArrayBuffer[] };
    }
    case 'split': {
      const r = assignColumns(req.columns, req.targets.shares);
      return { result: r, transfer: [r.codes.buffer as ArrayBuffer] };
    }
    case 'minhash': {
      // pairs as the text analyser signs them (prompt and response apart)
      const sigs = new Uint32Array(req.pairs.length * MINHASH_PERMUTATIONS);
      req.pairs.forEach(([p, r], i) => sigs.set(minhashPair(p, r), i * MINHASH_PERMUTATIONS));
      return { result: { sigs }, transfer: [sigs.buffer as ArrayBuffer] };
    }
    case 'audioprints':
      // an unreadable file gets no print (it was written from a checked blob: it should not happen)
      return { result: { hashes: req.files.map((f) => { try { return analyzeAudioFile(f).fingerprint; } catch { return ''; } }) }, transfer: [] };
    case 'pairs':
      return { result: { pairs: leakPairs(req, req) }, transfer: [] };
  }
}

const port = parentPort!;
port.on('message', (req: ExportWorkRequest) => {
  handle(req).then(
    ({ result, transfer }) => port.postMessage({ id: req.id, result }, transfer),
    (e: unknown) => port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
