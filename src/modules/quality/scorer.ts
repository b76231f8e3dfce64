import { audioFlags, transcriptMetrics } from '../../media/quality/audio.js';
import { analyzeImage, imageFlags } from '../../media/quality/image.js';
import { analyzeCaption, analyzeTextPair, captionFlags, loadLanguageDetector, textPairFlags, type TextAnalysis } from '../../media/quality/text.js';
import type { Metrics, QualityFlag } from '../../media/quality/types.js';
import type { Modality } from '../items/index.js';
import type { MediaMeasurer } from './media-measurer.js';
import { scoreOf, type QualityPolicy } from './policy.js';

/**
 * Bumped, per kind of media, when an analyser's measurements change meaning: media analysed by an
 * older version are analysed again, and at startup the items measured from them are sent back to
 * scoring (QualityScoring.recover). Image 2: the blur, clipping and backdrop measures of issue 15;
 * audio 2: the voice's F0 (pitchHz, for the coverage pitch axis of issue 9).
 */
export const ANALYZER_VERSIONS = Object.freeze({ image: 2, audio: 2 });

/** The media analyser version that applies to a dataset's items (null: text, no media). */
export function analyzerVersionFor(modality: Modality): number | null {
  if (modality === 'IMAGE_CAPTION') return ANALYZER_VERSIONS.image;
  if (modality === 'AUDIO_TRANSCRIPT') return ANALYZER_VERSIONS.audio;
  return null;
}

export interface MediaMeasurement {
  metrics: Metrics;
  /** Same pixels / same samples. */
  exactKey: string | null;
  /** 64-bit perceptual hash / fingerprint as 16 hex characters. */
  hash64: string | null;
}

/**
 * Measures one stored blob without holding the event loop: an image through sharp (decoded and
 * shrunk on libuv's threads, then ≤ 512 × 512 pixels of JavaScript), audio in `media`'s worker
 * threads (streamed, bounded memory). Never throws: a failure, the worker's included, is recorded
 * as `analysisError`.
 */
export async function measureMedia(kind: 'image' | 'audio', filePath: string, maxPixels: number, media: MediaMeasurer): Promise<MediaMeasurement> {
  try {
    if (kind === 'image') {
      const a = await analyzeImage(filePath, { maxPixels });
      return { metrics: a.metrics, exactKey: a.pixelHash, hash64: a.phash };
    }
    return await media.measureAudio(filePath);
  } catch (e) {
    return { metrics: { analysisError: e instanceof Error ? e.message.slice(0, 500) : String(e) }, exactKey: null, hash64: null };
  }
}

/** Loads what measureItem needs once per process (the language detector's database). */
export function prepareMeasuring(): Promise<void> {
  return loadLanguageDetector();
}

export interface ItemMeasurement {
  metrics: Metrics;
  exactKey: string | null;
  nearSig: Buffer | null;
  captionKey: string | null;
}

export interface RevisionText {
  prompt: string | null;
  response: string | null;
  caption: string | null;
  transcript: string | null;
  media_sha256: string | null;
}

/** The measurements of one revision: its media's (already measured) merged with its text's. Call prepareMeasuring() first. */
export function measureItem(modality: Modality, rev: RevisionText, media: MediaMeasurement | null, text?: TextAnalysis): ItemMeasurement {
  if (modality === 'TEXT_PAIR') {
    // `text`: the pair measured already (in the scoring job's worker thread).
    const a = text ?? analyzeTextPair(rev.prompt, rev.response);
    return { metrics: a.metrics, exactKey: a.exactKey, nearSig: Buffer.from(a.minhash.buffer, a.minhash.byteOffset, a.minhash.byteLength), captionKey: null };
  }
  const m = media ?? { metrics: { analysisError: 'media missing' }, exactKey: null, hash64: null };
  // Bytes equal => pixels/samples equal: fall back to the blob hash when the analyser failed.
  const exactKey = m.exactKey ?? (rev.media_sha256 ? `sha256:${rev.media_sha256}` : null);
  const nearSig = m.hash64 ? Buffer.from(m.hash64, 'hex') : null;
  if (modality === 'IMAGE_CAPTION') {
    const c = analyzeCaption(rev.caption);
    return { metrics: { ...m.metrics, ...c.metrics }, exactKey, nearSig, captionKey: c.exactKey };
  }
  return { metrics: { ...m.metrics, ...transcriptMetrics(rev.transcript, m.metrics) }, exactKey, nearSig, captionKey: null };
}

/** The item's own flags (not the duplicate flags, which depend on the ref) under a policy. */
export function ownFlags(modality: Modality, metrics: Metrics, policy: QualityPolicy): QualityFlag[] {
  if (modality === 'TEXT_PAIR') return textPairFlags(metrics, policy.text, policy.targetLanguage);
  if (modality === 'IMAGE_CAPTION') {
    const media = 'analysisError' in metrics ? [] : imageFlags(metrics, policy.image);
    return [...media, ...captionFlags(metrics, policy.text)];
  }
  if ('analysisError' in metrics) return metrics.transcriptChars === 0 ? ['TRANSCRIPT_EMPTY'] : [];
  return audioFlags(metrics, policy.audio);
}

export function scoreItem(modality: Modality, metrics: Metrics, policy: QualityPolicy): { flags: QualityFlag[]; score: number } {
  const flags = ownFlags(modality, metrics, policy);
  // A blob the analysers could not read is not good data, whatever its flags say.
  const score = 'analysisError' in metrics ? 0 : scoreOf(flags, policy);
  return { flags, score };
}
