/**
 * A training run: an export folder in, a fine-tuned model out. Resolves the backend, checks the
 * export and the task (and the base model's input) before any training, builds the task, runs the
 * fine-tuning schedule with a checkpoint each epoch, and writes model/, metrics.json and
 * training-curves.png into `out`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, resolveBackend, type BackendChoice } from './backend.js';
import { curvesPng } from './curves.js';
import { TfjsExport } from './export-reader.js';
import { loadModel, saveModel } from './model-io.js';
import { runSchedule, type EpochRecord } from './schedule.js';
import { audioKeywords } from './tasks/audio-keywords.js';
import { imageCaptionContrastive } from './tasks/image-caption-contrastive.js';
import { imageClassification } from './tasks/image-classification.js';
import { textLm } from './tasks/text-lm.js';
import type { TaskContext, TaskRun } from './tasks/types.js';
import type { TASK_NAMES } from './task-names.js';

export const TASKS = {
  'image-classification': { modality: 'IMAGE_CAPTION', build: imageClassification, metric: 'accuracy', kernels: ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad'] },
  'image-caption-contrastive': { modality: 'IMAGE_CAPTION', build: imageCaptionContrastive, metric: 'recallAt1', kernels: ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad'] },
  'audio-keywords': { modality: 'AUDIO_TRANSCRIPT', build: audioKeywords, metric: 'accuracy', kernels: [] as string[] },
  'text-lm': { modality: 'TEXT_PAIR', build: textLm, metric: 'perplexity', kernels: [] as string[] },
} as const;
export type TaskName = keyof typeof TASKS;
// the CLI lists TASK_NAMES without loading TensorFlow.js: the two must name the same tasks
const sameTasks: Record<(typeof TASK_NAMES)[number], unknown> & Record<TaskName, unknown> = TASKS satisfies Record<(typeof TASK_NAMES)[number], unknown>;
void sameTasks;

export interface TrainOptions {
  /** An export folder (holding manifest.json and tfjs/). */
  exportDir: string;
  task: string;
  out: string;
  epochs?: number;
  backend?: BackendChoice;
  /** 'pretrain' (default), 'none', or a LayersModel directory. */
  base?: string;
  seed?: number;
  batchSize?: number;
  /** Weighted layers of the base unfrozen in the second phase (default 2). */
  unfreezeTop?: number;
  patience?: number;
  learningRate?: number;
  /** Most epochs with the base frozen (default: two thirds of epochs). */
  headEpochs?: number;
  pretrainEpochs?: number;
  /** text-lm: words predicted (default 2000 of the export's vocabulary). */
  vocabSize?: number;
  /** Per-epoch weight checksums of the base in metrics.json (the freezing test reads them). */
  trace?: boolean;
  log?: (line: string) => void;
}

export interface TrainResult {
  out: string;
  backend: string;
  metrics: Record<string, unknown>;
}

export class TrainError extends Error {}

function checkTask(name: string, exp: TfjsExport): TaskName {
  if (!(name in TASKS)) throw new TrainError(`unknown task "${name}" (tasks: ${Object.keys(TASKS).join(', ')})`);
  const t = TASKS[name as TaskName];
  if (exp.schema.modality !== t.modality) throw new TrainError(`task ${name} needs a ${t.modality} export; ${exp.dir} holds ${exp.schema.modality}`);
  if (!exp.count('train')) throw new TrainError(`${exp.dir}: the train split is empty`);
  if (!exp.count('validation')) throw new TrainError(`${exp.dir}: the validation split is empty (early stopping needs it)`);
  return name as TaskName;
}

export async function train(o: TrainOptions): Promise<TrainResult> {
  const log = o.log ?? ((l: string) => console.log(l));
  const manifestFile = path.join(o.exportDir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new TrainError(`${o.exportDir} is not an export folder (no manifest.json)`);
  let exp: TfjsExport;
  try {
    exp = new TfjsExport(o.exportDir);
  } catch (e) {
    throw new TrainError(e instanceof Error ? e.message : String(e));
  }
  const task = checkTask(o.task, exp);
  const baseChoice = o.base ?? 'pretrain';
  let baseModel: tf.LayersModel | null = null;
  const backend = await resolveBackend(o.backend ?? 'auto', TASKS[task].kernels);
  log(describeBackend(backend));
  if (baseChoice !== 'none' && baseChoice !== 'pretrain') {
    try {
      baseModel = await loadModel(baseChoice);
    } catch (e) {
      throw new TrainError(`--base ${baseChoice}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const ctx: TaskContext = { seed: o.seed ?? 0, batchSize: o.batchSize ?? 32, base: baseChoice, baseModel, pretrainEpochs: o.pretrainEpochs ?? 3, vocabSize: o.vocabSize, log };
  let run: TaskRun;
  try {
    run = await TASKS[task].build(exp, ctx);
  } catch (e) {
    throw new TrainError(e instanceof Error ? e.message : String(e));
  }
  fs.mkdirSync(o.out, { recursive: true });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const t0 = performance.now();
  try {
    const s = run.schedulable;
    const { epochs, best } = await runSchedule(s, {
      epochs: o.epochs ?? 20,
      pretrained: baseChoice !== 'none',
      unfreezeTop: o.unfreezeTop ?? 2,
      patience: o.patience ?? 3,
      learningRate: o.learningRate ?? 1e-3,
      headEpochs: o.headEpochs,
      trace: o.trace,
      onEpoch: async (r: EpochRecord) => {
        const fmt = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ');
        log(`epoch ${r.epoch + 1} (${r.phase}, lr ${r.learningRate}): train ${fmt(r.train)}; validation ${fmt(r.validation)}; ${(r.samples / r.seconds).toFixed(0)} samples/s`);
        // a checkpoint each epoch (the files are replaced by rename: an interrupted run leaves the last whole one)
        await saveModel(s.model, path.join(o.out, 'checkpoint'));
      },
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    const samples = epochs.reduce((a, e) => a + e.samples, 0);
    const final = await run.test();
    await saveModel(s.model, path.join(o.out, 'model'));
    const metrics = {
      task,
      backend: backend.name,
      backendSkipped: backend.skipped,
      export: path.resolve(o.exportDir),
      exportManifestSha256: crypto.createHash('sha256').update(fs.readFileSync(manifestFile)).digest('hex'),
      base: baseChoice,
      seed: ctx.seed,
      epochs,
      best,
      final: { test: final.metrics, ...(final.extra ?? {}) },
      baseline: final.baseline,
      samplesPerSecond: Math.round((samples / trainSeconds) * 10) / 10,
      trainSeconds: Math.round(trainSeconds * 10) / 10,
      peakRssMb: Math.round(Math.max(peakRss, process.memoryUsage().rss) / 1e6),
    };
    fs.writeFileSync(path.join(o.out, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
    fs.writeFileSync(path.join(o.out, 'training-curves.png'), await curvesPng(epochs, TASKS[task].metric, `${task} on ${path.basename(path.resolve(o.exportDir))}`));
    log(`test ${TASKS[task].metric}: ${final.metrics[TASKS[task].metric].toFixed(4)} (baseline ${String(final.baseline[TASKS[task].metric])}); model in ${path.join(o.out, 'model')}`);
    return { out: o.out, backend: backend.name, metrics };
  } finally {
    clearInterval(sampler);
    run.dispose();
  }
}
