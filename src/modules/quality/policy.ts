import { BadUserInputError } from '../../errors.js';
import { DEFAULT_AUDIO_POLICY, type AudioPolicy } from '../../media/quality/audio.js';
import { DEFAULT_IMAGE_POLICY, type ImagePolicy } from '../../media/quality/image.js';
import { DEFAULT_TEXT_POLICY, type TextPolicy } from '../../media/quality/text.js';
import { AUDIO_FLAGS, DUPLICATE_FLAGS, IMAGE_FLAGS, TEXT_FLAGS, type QualityFlag } from '../../media/quality/types.js';

/**
 * A dataset's quality policy: every threshold behind a flag, the weight of each flag in the
 * score, the target language and task. Stored whole per version (quality_policies), so that a
 * score always says which policy produced it. See docs/quality.md.
 */
export interface QualityPolicy {
  /** BCP-47 tag of the language the text should be in (NON_TARGET_LANGUAGE). */
  targetLanguage: string;
  /** Task-catalogue key the readiness verdict is judged against, or null. */
  targetTask: string | null;
  /** Items scoring below this do not count towards readiness. */
  minUsableScore: number;
  /** score = product over the item's own flags of (1 - weight); 0 = informational. */
  weights: Record<QualityFlag, number>;
  image: ImagePolicy;
  audio: AudioPolicy;
  text: TextPolicy;
}

export const ALL_FLAGS: readonly QualityFlag[] = [...IMAGE_FLAGS, ...AUDIO_FLAGS, ...TEXT_FLAGS, ...DUPLICATE_FLAGS];

const DEFAULT_WEIGHTS: Record<QualityFlag, number> = {
  BLURRY: 0.5,
  DARK: 0.4,
  OVEREXPOSED: 0.4,
  LOW_INFORMATION: 0.5,
  LOW_RESOLUTION: 0.5,
  ODD_ASPECT_RATIO: 0.2,
  GRAYSCALE: 0,
  CAPTION_EMPTY: 1,
  CAPTION_TOO_SHORT: 0.3,
  // Duplicate flags depend on the other items of a ref: they are reported, not scored.
  DUPLICATE_CAPTION: 0,
  EXACT_DUPLICATE: 0,
  NEAR_DUPLICATE: 0,
  CLIPPING: 0.4,
  LOW_SNR: 0.5,
  MOSTLY_SILENCE: 0.4,
  TOO_SHORT: 0.5,
  TOO_LONG: 0.3,
  LOW_SAMPLE_RATE: 0.3,
  TRANSCRIPT_EMPTY: 1,
  SPEECH_RATE_IMPLAUSIBLE: 0.6,
  PROMPT_EMPTY: 1,
  RESPONSE_EMPTY: 1,
  RESPONSE_TOO_SHORT: 0.4,
  RESPONSE_TOO_LONG: 0.3,
  ECHOES_PROMPT: 0.6,
  REPETITIVE: 0.5,
  LOW_ALPHA_RATIO: 0.5,
  NON_TARGET_LANGUAGE: 0.6,
};

export function defaultPolicy(overrides: { targetLanguage?: string | null; targetTask?: string | null } = {}): QualityPolicy {
  return {
    targetLanguage: overrides.targetLanguage ?? 'en',
    targetTask: overrides.targetTask ?? null,
    minUsableScore: 0.5,
    weights: { ...DEFAULT_WEIGHTS },
    image: { ...DEFAULT_IMAGE_POLICY },
    audio: { ...DEFAULT_AUDIO_POLICY },
    text: { ...DEFAULT_TEXT_POLICY },
  };
}

const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

export function checkLanguage(tag: string, field: string): string {
  if (!BCP47.test(tag)) throw new BadUserInputError(`"${tag}" is not a BCP-47 language tag (e.g. "en", "en-GB", "de")`, { field });
  return tag;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Applies a partial policy (a JSON patch of the same shape) to `base`. Unknown keys and values of
 * the wrong type are refused with the path of the offending key, so a typo never silently does
 * nothing. Numbers must be finite; weights and fractions are checked for their ranges.
 */
export function mergePolicy(base: QualityPolicy, patch: unknown, checkTask: (key: string) => boolean): QualityPolicy {
  if (!isPlainObject(patch)) throw new BadUserInputError('policy must be a JSON object', { field: 'policy' });
  const merge = (target: Record<string, unknown>, p: Record<string, unknown>, at: string): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...target };
    for (const [k, v] of Object.entries(p)) {
      const where = at ? `${at}.${k}` : k;
      if (!Object.prototype.hasOwnProperty.call(target, k)) {
        throw new BadUserInputError(`Unknown policy setting "${where}"`, { field: `policy.${where}` });
      }
      const cur = target[k];
      if (isPlainObject(cur)) {
        if (!isPlainObject(v)) throw new BadUserInputError(`Policy setting "${where}" must be an object`, { field: `policy.${where}` });
        out[k] = merge(cur, v, where);
      } else if (typeof cur === 'number') {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new BadUserInputError(`Policy setting "${where}" must be a finite number`, { field: `policy.${where}` });
        }
        out[k] = v;
      } else if (k === 'targetTask') {
        if (v !== null && typeof v !== 'string') throw new BadUserInputError('targetTask must be a task key or null', { field: 'policy.targetTask' });
        out[k] = v;
      } else if (typeof cur === 'string' || cur === null) {
        if (typeof v !== 'string') throw new BadUserInputError(`Policy setting "${where}" must be a string`, { field: `policy.${where}` });
        out[k] = v;
      } else if (typeof cur === 'boolean') {
        if (typeof v !== 'boolean') throw new BadUserInputError(`Policy setting "${where}" must be a boolean`, { field: `policy.${where}` });
        out[k] = v;
      } else {
        throw new BadUserInputError(`Policy setting "${where}" cannot be changed`, { field: `policy.${where}` });
      }
    }
    return out;
  };
  const merged = merge(base as unknown as Record<string, unknown>, patch, '') as unknown as QualityPolicy;
  checkLanguage(merged.targetLanguage, 'policy.targetLanguage');
  if (merged.targetTask !== null && !checkTask(merged.targetTask)) {
    throw new BadUserInputError(`Unknown target task "${merged.targetTask}" (see the task catalogue)`, { field: 'policy.targetTask' });
  }
  for (const [flag, w] of Object.entries(merged.weights)) {
    if (w < 0 || w > 1) throw new BadUserInputError(`Weight of ${flag} must lie in 0..1`, { field: `policy.weights.${flag}` });
  }
  if (merged.minUsableScore < 0 || merged.minUsableScore > 1) {
    throw new BadUserInputError('minUsableScore must lie in 0..1', { field: 'policy.minUsableScore' });
  }
  for (const section of ['image', 'audio', 'text'] as const) {
    for (const [k, v] of Object.entries(merged[section] as unknown as Record<string, number>)) checkRange(`${section}.${k}`, v);
  }
  for (const [lo, hi] of ORDERED) {
    const get = (path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], merged) as number;
    if (get(lo) > get(hi)) throw new BadUserInputError(`${lo} (${get(lo)}) must not exceed ${hi} (${get(hi)})`, { field: `policy.${lo}` });
  }
  return merged;
}

/** Settings whose first must not exceed the second. */
const ORDERED: ReadonlyArray<readonly [string, string]> = [
  ['audio.minDurationSeconds', 'audio.maxDurationSeconds'],
  ['audio.minCharsPerSecond', 'audio.maxCharsPerSecond'],
  ['audio.minWordsPerSecond', 'audio.maxWordsPerSecond'],
  ['text.minResponseChars', 'text.maxResponseChars'],
];

/**
 * The range a threshold may take, from its name (the analysers name them consistently). A radius
 * is a whole number of bits and at most 16: beyond it unrelated hashes match (the closest
 * unrelated pairs measured are 14 apart) and the search degenerates towards a pairwise scan; a
 * Jaccard threshold under 0.5 would do the same for text.
 */
function rangeOf(path: string): { min: number; max: number; integer: boolean } {
  const key = path.split('.').pop()!;
  if (key === 'nearDuplicateJaccard') return { min: 0.5, max: 1, integer: false };
  if (key.endsWith('Radius')) return { min: 0, max: 16, integer: true };
  if (/(Fraction|Ratio|Share|Threshold)$/.test(key)) return { min: 0, max: 1, integer: false };
  if (key.endsWith('Db')) return { min: -200, max: 200, integer: false };
  if (key.endsWith('Entropy')) return { min: 0, max: 8, integer: false };
  if (/(P\d\d|Chroma|Std|Mean)$/.test(key)) return { min: 0, max: 255, integer: false };
  if (key.endsWith('Loss')) return { min: 0, max: 1, integer: false };
  if (/(Words|Chars|Side|SampleRate)$/.test(key)) return { min: 0, max: 1e9, integer: true };
  return { min: 0, max: 1e9, integer: false };
}

function checkRange(path: string, v: number): void {
  const r = rangeOf(path);
  if (v < r.min || v > r.max || (r.integer && !Number.isInteger(v))) {
    throw new BadUserInputError(`Policy setting "${path}" must be ${r.integer ? 'a whole number' : 'a number'} in ${r.min}..${r.max}, got ${v}`, {
      field: `policy.${path}`,
    });
  }
}

/** Completes a stored policy with settings added to the code since it was written (older rows). */
export function completePolicy(stored: unknown): QualityPolicy {
  const base = defaultPolicy() as unknown as Record<string, unknown>;
  const fill = (def: Record<string, unknown>, got: unknown): Record<string, unknown> => {
    if (!isPlainObject(got)) return def;
    const out: Record<string, unknown> = { ...def };
    for (const k of Object.keys(def)) {
      if (!(k in got)) continue;
      out[k] = isPlainObject(def[k]) ? fill(def[k] as Record<string, unknown>, got[k]) : got[k];
    }
    return out;
  };
  return fill(base, stored) as unknown as QualityPolicy;
}

/** The score of an item from its own flags: product of (1 - weight), in 0..1. */
export function scoreOf(flags: readonly QualityFlag[], policy: QualityPolicy): number {
  let s = 1;
  for (const f of flags) s *= 1 - (policy.weights[f] ?? 0);
  return Math.round(Math.max(0, Math.min(1, s)) * 1e4) / 1e4;
}
