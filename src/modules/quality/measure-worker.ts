/**
 * Worker thread of the scoring job: measures text pairs (analyzeTextPair: language detection,
 * repetition, MinHash …), the CPU-heavy part of scoring a text dataset, so that the job's thread
 * only reads and writes SQL and keeps answering requests. Pure: no database here.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerReply } from '../../lib/worker-pool.js';
import { analyzeTextPair, loadLanguageDetector, type TextAnalysis } from '../../media/quality/text.js';

export interface MeasureRequest {
  id: number;
  pairs: Array<{ prompt: string | null; response: string | null }>;
}

export type MeasureReply = WorkerReply<TextAnalysis[]>;

const port = parentPort!;
port.on('message', (req: MeasureRequest) => {
  loadLanguageDetector()
    .then(() => {
      const results = req.pairs.map((p) => analyzeTextPair(p.prompt, p.response));
      port.postMessage({ id: req.id, result: results } satisfies MeasureReply);
    })
    .catch((e: unknown) => port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies MeasureReply));
});
