/** The trainer's task names (kept apart from train.ts so the CLI lists them without loading TensorFlow.js). */
export const TASK_NAMES = ['image-classification', 'image-caption-contrastive', 'audio-keywords', 'text-lm'] as const;
