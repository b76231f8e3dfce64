/**
 * Export targets: the limits of the trainer an export is for (Whisper, a chat LLM, image
 * generation or classification), checked on every item **before** anything is written. An item
 * that breaks one is excluded and listed, or fails the export (EXPORT_CONSTRAINT_VIOLATED), as
 * `onViolation` says. A target may also say how media are written: Whisper's 16 kHz mono audio,
 * an `imageSize` for images (resized and centre-cropped); without one, media bytes are copied.
 *
 * Token counts are estimates (no tokenizer ships with Tuneset): the larger of characters ÷ 4
 * and words × 4/3, the rules of thumb OpenAI gives for English with its BPE tokenizers; both
 * Whisper's (GPT-2 BPE) and chat models' tokenizers land near them on English prose, and the
 * estimate errs high on punctuation-heavy text, which keeps a limit safe.
 */
import { BadUserInputError } from '../../errors.js';
import type { Modality } from '../datasets/index.js';

export const TARGET_PRESETS = ['whisper', 'llm-chat', 'image-generation', 'image-classification'] as const;
export type TargetPreset = (typeof TARGET_PRESETS)[number];

export interface ExportTarget {
  preset: TargetPreset;
  /** Audio written at this rate, mono (whisper: 16000). */
  sampleRate: number | null;
  maxSeconds: number | null;
  /** Estimated tokens: of a pair (llm-chat), of a transcript (whisper: 448, its decoder's context). */
  maxTokens: number | null;
  /** Smallest image side accepted. */
  minSide: number | null;
  /** Images written resized (shorter side) and centre-cropped to imageSize × imageSize. */
  imageSize: number | null;
  onViolation: 'EXCLUDE' | 'FAIL';
}

const PRESET_MODALITY: Record<TargetPreset, Modality> = {
  whisper: 'AUDIO_TRANSCRIPT',
  'llm-chat': 'TEXT_PAIR',
  'image-generation': 'IMAGE_CAPTION',
  'image-classification': 'IMAGE_CAPTION',
};

/** Defaults per preset; a setting given in the spec wins. */
const DEFAULTS: Record<TargetPreset, Omit<ExportTarget, 'preset' | 'onViolation'>> = {
  whisper: { sampleRate: 16_000, maxSeconds: 30, maxTokens: 448, minSide: null, imageSize: null },
  'llm-chat': { sampleRate: null, maxSeconds: null, maxTokens: 4096, minSide: null, imageSize: null },
  // SD 1.x trains at 512, SDXL at 1024 in aspect buckets: below 512 a picture is upscaled and blurs.
  'image-generation': { sampleRate: null, maxSeconds: null, maxTokens: null, minSide: 512, imageSize: null },
  'image-classification': { sampleRate: null, maxSeconds: null, maxTokens: null, minSide: 32, imageSize: 224 },
};

/** Which settings mean something for a preset (the others are refused, naming the setting). */
const SETTINGS: Record<TargetPreset, ReadonlyArray<keyof ExportTarget>> = {
  whisper: ['sampleRate', 'maxSeconds', 'maxTokens'],
  'llm-chat': ['maxTokens'],
  'image-generation': ['minSide', 'imageSize'],
  'image-classification': ['minSide', 'imageSize'],
};

const LIMITS: Record<'sampleRate' | 'maxSeconds' | 'maxTokens' | 'minSide' | 'imageSize', [number, number]> = {
  sampleRate: [8_000, 48_000],
  maxSeconds: [0.1, 3600],
  maxTokens: [1, 1_000_000],
  minSide: [1, 16_384],
  imageSize: [8, 4096],
};

export function checkTarget(raw: unknown, modality: Modality): ExportTarget | null {
  if (raw === undefined || raw === null) return null;
  const bad = (field: string, message: string): never => {
    throw new BadUserInputError(`Export spec target${field ? `.${field}` : ''}: ${message}`, { field: `spec.target${field ? `.${field}` : ''}` });
  };
  if (typeof raw !== 'object' || Array.isArray(raw)) bad('', 'must be an object {preset, …}');
  const t = raw as Record<string, unknown>;
  if (typeof t.preset !== 'string' || !(TARGET_PRESETS as readonly string[]).includes(t.preset)) bad('preset', `must be one of ${TARGET_PRESETS.join(', ')}`);
  const preset = t.preset as TargetPreset;
  if (PRESET_MODALITY[preset] !== modality) bad('preset', `${preset} is for ${PRESET_MODALITY[preset]} datasets, not ${modality}`);
  const out: ExportTarget = { preset, ...DEFAULTS[preset], onViolation: 'EXCLUDE' };
  for (const [k, v] of Object.entries(t)) {
    if (k === 'preset' || v === undefined || v === null) continue;
    if (k === 'onViolation') {
      if (v !== 'EXCLUDE' && v !== 'FAIL') bad(k, 'must be EXCLUDE or FAIL');
      out.onViolation = v as 'EXCLUDE' | 'FAIL';
      continue;
    }
    if (!(k in LIMITS)) bad(k, 'unknown setting (known: preset, sampleRate, maxSeconds, maxTokens, minSide, imageSize, onViolation)');
    const key = k as keyof typeof LIMITS;
    if (!SETTINGS[preset].includes(key)) bad(k, `does not apply to ${preset} (it takes ${SETTINGS[preset].join(', ')})`);
    const [lo, hi] = LIMITS[key];
    const whole = key !== 'maxSeconds';
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (whole && !Number.isInteger(v))) bad(k, `must be a ${whole ? 'whole ' : ''}number in ${lo}..${hi}`);
    out[key] = v as number;
  }
  return out;
}

/** Estimated tokens of a text (see the file comment). */
export function estimateTokens(text: string | null | undefined): number {
  if (!text) return 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return Math.ceil(Math.max(text.length / 4, (words * 4) / 3));
}

export interface TargetSubject {
  prompt: string | null;
  response: string | null;
  transcript: string | null;
  labels: readonly string[];
  media: { width: number | null; height: number | null; durationSeconds: number | null } | null;
}

/** Why an item breaks the target (null: it fits). */
export function targetViolation(t: ExportTarget, it: TargetSubject): string | null {
  switch (t.preset) {
    case 'llm-chat': {
      const n = estimateTokens(it.prompt) + estimateTokens(it.response);
      return t.maxTokens !== null && n > t.maxTokens ? `about ${n} tokens > maxTokens ${t.maxTokens}` : null;
    }
    case 'whisper': {
      const d = it.media?.durationSeconds ?? null;
      if (d === null) return 'no audio duration';
      if (t.maxSeconds !== null && d > t.maxSeconds) return `${d.toFixed(2)} s > maxSeconds ${t.maxSeconds}`;
      if (!it.transcript?.trim()) return 'no transcript';
      const n = estimateTokens(it.transcript);
      return t.maxTokens !== null && n > t.maxTokens ? `transcript about ${n} tokens > maxTokens ${t.maxTokens}` : null;
    }
    case 'image-generation':
    case 'image-classification': {
      const w = it.media?.width ?? null;
      const h = it.media?.height ?? null;
      if (w === null || h === null) return 'no image size';
      if (t.minSide !== null && Math.min(w, h) < t.minSide) return `shorter side ${Math.min(w, h)} px < minSide ${t.minSide}`;
      if (t.preset === 'image-classification' && it.labels.length === 0) return 'no label (classification needs one)';
      return null;
    }
  }
}

/**
 * SDXL's aspect buckets (width × height, about 1024² pixels each): an image-generation export
 * reports how many images fall in each, by the nearest aspect ratio.
 */
const BUCKETS: ReadonlyArray<[number, number]> = [
  [512, 2048], [576, 1792], [640, 1536], [704, 1408], [768, 1344], [832, 1216], [896, 1152], [960, 1088], [1024, 1024],
  [1088, 960], [1152, 896], [1216, 832], [1344, 768], [1408, 704], [1536, 640], [1792, 576], [2048, 512],
];

export function aspectBucket(width: number, height: number): string {
  const r = Math.log(width / height);
  let best = BUCKETS[0];
  for (const b of BUCKETS) if (Math.abs(Math.log(b[0] / b[1]) - r) < Math.abs(Math.log(best[0] / best[1]) - r)) best = b;
  return `${best[0]}x${best[1]}`;
}
