import type * as tf from '@tensorflow/tfjs';
import type { Schedulable } from '../schedule.js';

export interface TaskContext {
  seed: number;
  batchSize: number;
  /** 'none', 'pretrain', or a base model directory (then loaded into baseModel). */
  base: 'none' | 'pretrain' | string;
  baseModel: tf.LayersModel | null;
  pretrainEpochs: number;
  /** text-lm: words predicted (the export vocabulary's most frequent). */
  vocabSize?: number;
  log: (line: string) => void;
}

export interface TaskRun {
  schedulable: Schedulable;
  /** Final metrics on the test split, beside the trivial baseline's value of the same metrics. */
  test(): Promise<{ metrics: Record<string, number>; baseline: Record<string, number | string>; extra?: Record<string, unknown> }>;
  dispose(): void;
}
