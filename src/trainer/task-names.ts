/** The trainer's task names (kept apart from train.ts so the CLI lists them without loading TensorFlow.js). */
export const TASK_NAMES = ['image-classification', 'audio-keywords', 'text-lm'] as const;
