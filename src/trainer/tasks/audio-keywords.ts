/**
 * `audio-keywords`: keyword / command classification on log-mel spectrograms, with transfer
 * learning as TensorFlow.js speech-commands does it (a base producing an embedding, a softmax head
 * trained over it). The base is the fully connected keyword model of Zhang et al. ("Hello Edge",
 * 2017: 40 ms frames every 20 ms, 40 mels, stacked, dense layers) rather than a convolutional one:
 * wasm has no convolution gradients and tfjs' plain-JavaScript cpu backend needs ~0.1 s an item
 * for one small convolution layer's backward pass on a 2 s spectrogram (measured), while dense
 * layers train on wasm at hundreds of clips a second. Classes are the export's labels when its items carry at least
 * two; otherwise the transcripts, normalised (case, punctuation, spacing), that occur at least
 * twice in the train split (a keyword needs examples). Clips are cut to a fixed length at their
 * loudest window: the train split's 90th-percentile duration, between 0.5 and 2 s.
 * `--base pretrain` pre-trains the base on the train clips without their classes: which of four
 * flips (none, time, frequency, both) a spectrogram was given, the audio analogue of the image
 * task's rotation prediction.
 */
import * as tf from '@tensorflow/tfjs';
import { batches, seeded, shuffled, where } from '../data.js';
import type { TfjsExport, TfjsItem } from '../export-reader.js';
import { LogMel } from '../log-mel.js';
import { PhaseOptimizer, weighted, type Schedulable } from '../schedule.js';
import type { TaskContext, TaskRun } from './types.js';

const MELS = 40;
/** 40 ms frames every 20 ms at 16 kHz. */
const FRAME = 640;
const HOP = 320;
const HIDDEN = 128;
/** Frames averaged into this many segments: the dense model sees ~1k inputs, not ~4k (small datasets overfit those). */
const SEGMENTS = 24;
const MIN_SECONDS = 0.5;
const MAX_SECONDS = 2;

/** A transcript as a keyword: lower case, letters, digits and single spaces. */
export function keywordOf(transcript: string): string {
  return transcript.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

interface Classes {
  names: string[];
  /** The class of an item, -1 when it has none. */
  of: (it: TfjsItem) => number;
  source: 'labels' | 'transcripts';
}

function classesOf(exp: TfjsExport): Classes {
  const counts = new Map<number, number>();
  for (const it of exp.items('train')) if (it.label >= 0) counts.set(it.label, (counts.get(it.label) ?? 0) + 1);
  if (exp.schema.labels.length >= 2 && counts.size >= 2) return { names: exp.schema.labels, of: (it) => it.label, source: 'labels' };
  const words = new Map<string, number>();
  for (const it of exp.items('train')) {
    const k = keywordOf(String(it.fields.transcript ?? ''));
    if (k) words.set(k, (words.get(k) ?? 0) + 1);
  }
  const names = [...words].filter(([, n]) => n >= 2).map(([k]) => k).sort();
  if (names.length < 2) {
    throw new Error(`audio-keywords needs at least two classes: labels on the items, or transcripts repeated in the train split (it has ${names.length} repeated: ${names.join(', ') || 'none'})`);
  }
  const index = new Map(names.map((k, i) => [k, i]));
  return { names, of: (it) => index.get(keywordOf(String(it.fields.transcript ?? ''))) ?? -1, source: 'transcripts' };
}

/** The clip length: the train split's 90th-percentile duration within [MIN_SECONDS, MAX_SECONDS]. */
function clipLength(exp: TfjsExport, rate: number): number {
  const lengths: number[] = [];
  for (const it of exp.items('train')) lengths.push((it.fields.audio as Float32Array).length);
  lengths.sort((a, b) => a - b);
  const p90 = lengths[Math.min(lengths.length - 1, Math.floor(lengths.length * 0.9))] ?? rate;
  return Math.round(Math.min(MAX_SECONDS * rate, Math.max(MIN_SECONDS * rate, p90)));
}

/** Averages [frames × mels] into [segments × mels] (segment s: frames ⌊s·F/S⌋ … ⌊(s+1)·F/S⌋ − 1). */
export function poolFrames(x: Float32Array, frames: number, mels: number, segments: number, out: Float32Array, offset: number): void {
  for (let s = 0; s < segments; s++) {
    const a = Math.floor((s * frames) / segments);
    const b = Math.max(a + 1, Math.floor(((s + 1) * frames) / segments));
    for (let m = 0; m < mels; m++) {
      let sum = 0;
      for (let t = a; t < b; t++) sum += x[t * mels + m];
      out[offset + s * mels + m] = sum / (b - a);
    }
  }
}

/** Two dense layers over the stacked segments. */
function scratchBase(shape: [number, number], seed: number): tf.LayersModel {
  const init = (k: number) => tf.initializers.heNormal({ seed: seed + k });
  const input = tf.input({ shape });
  let x = tf.layers.flatten({ name: 'base_flatten' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: HIDDEN, activation: 'relu', kernelInitializer: init(1), name: 'base_dense1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: HIDDEN, activation: 'relu', kernelInitializer: init(2), name: 'base_dense2' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: 'base' });
}

function adoptBase(m: tf.LayersModel, shape: [number, number]): tf.LayersModel {
  const s = m.inputs[0].shape;
  if (s.length !== 3 || s[1] !== shape[0] || s[2] !== shape[1]) {
    throw new Error(`the base model takes input ${JSON.stringify(s)}, this export's spectrograms are ${JSON.stringify([null, ...shape])} (frames × ${MELS} mels)`);
  }
  if (m.outputs[0].shape.length !== 2) throw new Error(`the base model's output ${JSON.stringify(m.outputs[0].shape)} is not an embedding [batch, n]`);
  return m;
}

export async function audioKeywords(exp: TfjsExport, ctx: TaskContext): Promise<TaskRun> {
  const f = exp.schema.fields.audio;
  if (exp.schema.modality !== 'AUDIO_TRANSCRIPT' || !f || f.dtype !== 'float32') throw new Error('audio-keywords needs an audio export (AUDIO_TRANSCRIPT, a float32 audio field)');
  const rate = f.sampleRate ?? 16_000;
  const classes = classesOf(exp);
  const k = classes.names.length;
  const mel = new LogMel({ sampleRate: rate, length: clipLength(exp, rate), mels: MELS, frame: FRAME, hop: HOP });
  const segments = Math.min(SEGMENTS, mel.frames);
  const shape: [number, number] = [segments, MELS];
  ctx.log(`audio-keywords: ${k} classes from ${classes.source}; clips of ${(mel.o.length / rate).toFixed(2)} s → ${mel.frames} × ${MELS} log-mel, averaged into ${segments} segments`);
  const frames = new Float32Array(mel.frames * MELS);
  const features = (items: TfjsItem[]): tf.Tensor3D => {
    const buf = new Float32Array(items.length * segments * MELS);
    items.forEach((it, i) => {
      mel.compute(it.fields.audio as Float32Array, frames);
      poolFrames(frames, mel.frames, MELS, segments, buf, i * segments * MELS);
    });
    return tf.tensor3d(buf, [items.length, ...shape]);
  };
  const labelled = (it: TfjsItem) => classes.of(it) >= 0;

  const base = ctx.base === 'none' || ctx.base === 'pretrain' ? scratchBase(shape, ctx.seed) : adoptBase(ctx.baseModel!, shape);
  if (ctx.base === 'pretrain') await pretrainFlips(base, exp, features, ctx);
  const head = tf.layers.dense({ units: k, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.seed + 99 }), name: 'head' });
  const model = tf.model({ inputs: base.inputs, outputs: head.apply(base.outputs[0]) as tf.SymbolicTensor, name: 'keyword_classifier' });
  const phaseOptimizer = new PhaseOptimizer();
  const random = seeded(ctx.seed);
  const onehot = (b: TfjsItem[]) => tf.oneHot(tf.tensor1d(b.map(classes.of), 'int32'), k);

  const evaluate = async (split: 'validation' | 'test', confusion?: number[][]) => {
    let loss = 0;
    let correct = 0;
    let n = 0;
    for (const b of batches(where(exp.items(split), labelled), ctx.batchSize)) {
      const [l, pred] = tf.tidy(() => {
        const probs = model.predict(features(b)) as tf.Tensor2D;
        return [tf.losses.softmaxCrossEntropy(onehot(b), tf.log(tf.clipByValue(probs, 1e-7, 1))).mul(b.length), tf.argMax(probs, 1)];
      });
      loss += (await l.data())[0];
      const p = await pred.data();
      b.forEach((x, i) => {
        const y = classes.of(x);
        if (p[i] === y) correct++;
        if (confusion) confusion[y][p[i]]++;
      });
      n += b.length;
      tf.dispose([l, pred]);
    }
    return { loss: loss / Math.max(1, n), accuracy: correct / Math.max(1, n), items: n };
  };

  const schedulable: Schedulable = {
    model,
    watch: { name: 'accuracy', higherIsBetter: true },
    baseLayers: () => weighted(base.layers),
    allLayers: () => weighted(model.layers),
    trainEpoch: async (lr) => {
      const optimizer = phaseOptimizer.at(lr);
      const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      let loss = 0;
      let correct = 0;
      let n = 0;
      for (const b of batches(where(shuffled(exp, 'train', random), labelled), ctx.batchSize)) {
        const [l, pred] = tf.tidy(() => {
          const xs = features(b);
          const ys = onehot(b);
          let probs: tf.Tensor | null = null;
          const cost = optimizer.minimize(() => {
            const out = model.apply(xs, { training: true }) as tf.Tensor;
            probs = tf.keep(out);
            return tf.losses.softmaxCrossEntropy(ys, tf.log(tf.clipByValue(out, 1e-7, 1)));
          }, true, vars)!;
          const argmax = tf.argMax(probs!, 1);
          (probs as unknown as tf.Tensor).dispose();
          return [cost.mul(b.length), argmax];
        });
        loss += (await l.data())[0];
        const p = await pred.data();
        b.forEach((x, i) => (correct += p[i] === classes.of(x) ? 1 : 0));
        n += b.length;
        tf.dispose([l, pred]);
      }
      return { metrics: { loss: loss / Math.max(1, n), accuracy: correct / Math.max(1, n) }, samples: n };
    },
    validate: async () => {
      const r = await evaluate('validation');
      return { loss: r.loss, accuracy: r.accuracy };
    },
  };

  return {
    schedulable,
    test: async () => {
      const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
      const r = await evaluate('test', confusion);
      const counts = new Array<number>(k).fill(0);
      for (const it of exp.items('train')) if (labelled(it)) counts[classes.of(it)]++;
      const majority = counts.indexOf(Math.max(...counts));
      let hits = 0;
      let total = 0;
      for (const it of where(exp.items('test'), labelled)) {
        total++;
        if (classes.of(it) === majority) hits++;
      }
      return {
        metrics: { accuracy: r.accuracy, loss: r.loss, items: r.items },
        baseline: { accuracy: total ? hits / total : 0, rule: `always "${classes.names[majority]}"` },
        extra: { classes: { source: classes.source, names: classes.names }, clipSeconds: mel.o.length / rate, confusion: { labels: classes.names, matrix: confusion } },
      };
    },
    dispose: () => phaseOptimizer.dispose(),
  };
}

/** Flip prediction on the train clips (classes unused): none, time-reversed, frequency-flipped, both. */
async function pretrainFlips(base: tf.LayersModel, exp: TfjsExport, features: (b: TfjsItem[]) => tf.Tensor3D, ctx: TaskContext): Promise<void> {
  const head = tf.layers.dense({ units: 4, activation: 'softmax', name: 'flip_head' });
  const model = tf.model({ inputs: base.inputs, outputs: head.apply(base.outputs[0]) as tf.SymbolicTensor });
  const optimizer = tf.train.adam(1e-3);
  const random = seeded(ctx.seed ^ 0x5eed);
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  for (let e = 0; e < ctx.pretrainEpochs; e++) {
    let loss = 0;
    let n = 0;
    for (const b of batches(shuffled(exp, 'train', random), ctx.batchSize)) {
      const ks = b.map(() => Math.floor(random() * 4));
      const l = tf.tidy(() => {
        const xs = tf.stack(
          tf.unstack(features(b)).map((x, i) => {
            let y = x as tf.Tensor2D;
            if (ks[i] & 1) y = tf.reverse(y, 0);
            if (ks[i] & 2) y = tf.reverse(y, 1);
            return y;
          }),
        ) as tf.Tensor3D;
        const ys = tf.oneHot(tf.tensor1d(ks, 'int32'), 4);
        return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor), true, vars)!;
      });
      loss += (await l.data())[0] * b.length;
      n += b.length;
      l.dispose();
    }
    ctx.log(`pretrain ${e + 1}/${ctx.pretrainEpochs}: flip loss ${(loss / Math.max(1, n)).toFixed(4)}`);
  }
  optimizer.dispose();
}
