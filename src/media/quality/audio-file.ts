/**
 * analyzeAudio for a WAV on disk, streamed: the file is read through one reused buffer of about a
 * megabyte (never whole), so the memory of one analysis does not grow with the file's length (see
 * analyzeWav). Synchronous and CPU-bound: the server runs it in a worker thread
 * (src/modules/quality/media-measurer.ts), never on its event loop.
 */
import fs from 'node:fs';
import { fileSource } from '../audio.js';
import { analyzeWav, type AudioAnalysis } from './audio.js';

/** Measures the WAV at `filePath` (see analyzeWav); throws as analyzeAudio does. */
export function analyzeAudioFile(filePath: string): AudioAnalysis {
  const fd = fs.openSync(filePath, 'r');
  try {
    return analyzeWav(fileSource(fd));
  } finally {
    fs.closeSync(fd);
  }
}
