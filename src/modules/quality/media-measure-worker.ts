/**
 * Worker thread of media scoring: measures audio blobs (analyzeAudioFile: decoding, framing,
 * hashing; ~1 s per 25 M samples, and the file streamed through a bounded buffer), so that the
 * server's thread only waits for the result. Loads the audio analyser and nothing else (no
 * database, no sharp, no GraphQL server): requests are file paths, replies small JSON.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeAudioFile } from '../../media/quality/audio-file.js';
import type { Metrics } from '../../media/quality/types.js';

export interface MediaMeasureRequest {
  id: number;
  kind: 'audio';
  file: string;
}

/** What scorer.ts stores for a blob (its MediaMeasurement). */
export interface MediaMeasureResult {
  metrics: Metrics;
  exactKey: string | null;
  hash64: string | null;
}

/** `error`: the analyser refused the file (its message); the caller records it as analysisError. */
export type MediaMeasureReply = { id: number; result: MediaMeasureResult } | { id: number; error: string };

const port = parentPort!;
port.on('message', (req: MediaMeasureRequest) => {
  let reply: MediaMeasureReply;
  try {
    const a = analyzeAudioFile(req.file);
    reply = { id: req.id, result: { metrics: a.metrics, exactKey: a.sampleHash, hash64: a.fingerprint } };
  } catch (e) {
    reply = { id: req.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
