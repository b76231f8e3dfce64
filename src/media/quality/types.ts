/**
 * Shared vocabulary of the quality analysers (pure functions, no DB). The flag names are a fixed
 * public contract (schema/quality.graphql mirrors them).
 */
export const IMAGE_FLAGS = [
  'BLURRY', 'DARK', 'OVEREXPOSED', 'LOW_INFORMATION', 'LOW_RESOLUTION', 'ODD_ASPECT_RATIO', 'GRAYSCALE',
  'CAPTION_EMPTY', 'CAPTION_TOO_SHORT', 'DUPLICATE_CAPTION',
] as const;
export const AUDIO_FLAGS = [
  'CLIPPING', 'LOW_SNR', 'MOSTLY_SILENCE', 'TOO_SHORT', 'TOO_LONG', 'LOW_SAMPLE_RATE', 'TRANSCRIPT_EMPTY',
  'SPEECH_RATE_IMPLAUSIBLE',
] as const;
export const TEXT_FLAGS = [
  'PROMPT_EMPTY', 'RESPONSE_EMPTY', 'RESPONSE_TOO_SHORT', 'RESPONSE_TOO_LONG', 'ECHOES_PROMPT', 'REPETITIVE',
  'LOW_ALPHA_RATIO', 'NON_TARGET_LANGUAGE',
] as const;
/** Flags that depend on the other items of a ref, not on the item alone. */
export const DUPLICATE_FLAGS = ['EXACT_DUPLICATE', 'NEAR_DUPLICATE'] as const;

export type ImageFlag = (typeof IMAGE_FLAGS)[number];
export type AudioFlag = (typeof AUDIO_FLAGS)[number];
export type TextFlag = (typeof TEXT_FLAGS)[number];
export type DuplicateFlag = (typeof DUPLICATE_FLAGS)[number];
export type QualityFlag = ImageFlag | AudioFlag | TextFlag | DuplicateFlag;

/** Metrics are plain JSON (numbers, strings, booleans, null): they are stored and shown to users. */
export type Metrics = Record<string, number | string | boolean | null>;

/** Number of permutations of a MinHash signature (Uint32Array of this length). */
export const MINHASH_PERMUTATIONS = 64;
