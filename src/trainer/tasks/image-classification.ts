/**
 * `image-classification`: a convolutional base, global average pooling, a softmax head over the
 * export's label vocabulary. `--base pretrain` pre-trains the base on the train split's images
 * without their labels (rotation prediction: which of 0/90/180/270° an image was turned by, a
 * standard self-supervised task), so the freeze → head → unfreeze recipe runs offline; a base
 * directory is any LayersModel taking the export's [S, S, 3] images.
 */
import * as tf from '@tensorflow/tfjs';
import { batches, seeded, shuffled, where } from '../data.js';
import type { TfjsExport, TfjsItem } from '../export-reader.js';
import { PhaseOptimizer, weighted, type Schedulable } from '../schedule.js';
import type { TaskContext, TaskRun } from './types.js';

export function imageShape(exp: TfjsExport): [number, number, number] {
  const f = exp.schema.fields.image;
  if (exp.schema.modality !== 'IMAGE_CAPTION' || !f || f.dtype !== 'uint8' || f.shape.length !== 3) throw new Error('this task needs an image export (IMAGE_CAPTION, a uint8 [S, S, 3] image field)');
  return f.shape as [number, number, number];
}

export function imagesTensor(items: TfjsItem[], shape: [number, number, number]): tf.Tensor4D {
  const n = items.length;
  const size = shape[0] * shape[1] * shape[2];
  const buf = new Float32Array(n * size);
  items.forEach((it, i) => {
    const px = it.fields.image as Uint8Array;
    for (let j = 0; j < size; j++) buf[i * size + j] = px[j] / 255;
  });
  return tf.tensor4d(buf, [n, ...shape]);
}

/** A small convolutional base (three conv blocks, 64 features). */
export function scratchBase(shape: [number, number, number], seed: number): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  const input = tf.input({ shape });
  let x = tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1), name: 'base_conv1' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 2, name: 'base_pool1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2), name: 'base_conv2' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 2, name: 'base_pool2' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(3), name: 'base_conv3' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({ name: 'base_gap' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: 'base' });
}

/** A base directory's model, checked against the export's image shape; a 4-D output is pooled. */
export function adoptBase(m: tf.LayersModel, shape: [number, number, number]): tf.LayersModel {
  const inShape = m.inputs[0].shape;
  if (inShape.length !== 4 || inShape[1] !== shape[0] || inShape[2] !== shape[1] || inShape[3] !== shape[2]) {
    throw new Error(`the base model takes input ${JSON.stringify(inShape)}, the export's images are ${JSON.stringify([null, ...shape])} (export with target.imageSize ${inShape[1]})`);
  }
  if (m.outputs[0].shape.length === 2) return m;
  if (m.outputs[0].shape.length !== 4) throw new Error(`the base model's output ${JSON.stringify(m.outputs[0].shape)} is neither features [batch, n] nor a feature map`);
  const pooled = tf.layers.globalAveragePooling2d({ name: 'base_gap' }).apply(m.outputs[0]) as tf.SymbolicTensor;
  return tf.model({ inputs: m.inputs, outputs: pooled, name: 'base' });
}

function rot90(x: tf.Tensor3D, k: number): tf.Tensor3D {
  let y = x;
  for (let i = 0; i < k; i++) y = tf.reverse(tf.transpose(y, [1, 0, 2]), 1);
  return y;
}

/** Rotation prediction on the train images (labels unused). */
export async function pretrainRotations(base: tf.LayersModel, exp: TfjsExport, shape: [number, number, number], ctx: TaskContext): Promise<void> {
  const head = tf.layers.dense({ units: 4, activation: 'softmax', name: 'rotation_head' });
  const model = tf.model({ inputs: base.inputs, outputs: head.apply(base.outputs[0]) as tf.SymbolicTensor });
  const optimizer = tf.train.adam(1e-3);
  const random = seeded(ctx.seed ^ 0x5eed);
  for (let e = 0; e < ctx.pretrainEpochs; e++) {
    let loss = 0;
    let n = 0;
    for (const b of batches(shuffled(exp, 'train', random), ctx.batchSize)) {
      const ks = b.map(() => Math.floor(random() * 4));
      const l = tf.tidy(() => {
        const xs = tf.stack(tf.unstack(imagesTensor(b, shape)).map((x, i) => rot90(x as tf.Tensor3D, ks[i]))) as tf.Tensor4D;
        const ys = tf.oneHot(tf.tensor1d(ks, 'int32'), 4);
        return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor), true, model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val))!;
      });
      loss += (await l.data())[0] * b.length;
      n += b.length;
      l.dispose();
    }
    ctx.log(`pretrain ${e + 1}/${ctx.pretrainEpochs}: rotation loss ${(loss / Math.max(1, n)).toFixed(4)}`);
  }
  optimizer.dispose();
}

export async function imageClassification(exp: TfjsExport, ctx: TaskContext): Promise<TaskRun> {
  const shape = imageShape(exp);
  const classes = exp.schema.labels.length;
  if (classes < 2) throw new Error(`image-classification needs at least two labels; the export has ${classes}`);
  const labelled = (it: TfjsItem) => it.label >= 0;
  let base: tf.LayersModel;
  if (ctx.base === 'none' || ctx.base === 'pretrain') base = scratchBase(shape, ctx.seed);
  else base = adoptBase(ctx.baseModel!, shape);
  if (ctx.base === 'pretrain') await pretrainRotations(base, exp, shape, ctx);
  const head = tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.seed + 99 }), name: 'head' });
  const model = tf.model({ inputs: base.inputs, outputs: head.apply(base.outputs[0]) as tf.SymbolicTensor, name: 'image_classifier' });
  const phaseOptimizer = new PhaseOptimizer();
  const random = seeded(ctx.seed);

  const evaluate = async (split: 'validation' | 'test', confusion?: number[][]) => {
    let loss = 0;
    let correct = 0;
    let n = 0;
    for (const b of batches(where(exp.items(split), labelled), ctx.batchSize)) {
      const [l, pred] = tf.tidy(() => {
        const probs = model.predict(imagesTensor(b, shape)) as tf.Tensor2D;
        const ys = tf.oneHot(tf.tensor1d(b.map((x) => x.label), 'int32'), classes);
        return [tf.losses.softmaxCrossEntropy(ys, tf.log(tf.clipByValue(probs, 1e-7, 1))).mul(b.length), tf.argMax(probs, 1)];
      });
      loss += (await l.data())[0];
      const p = await pred.data();
      b.forEach((x, i) => {
        if (p[i] === x.label) correct++;
        if (confusion) confusion[x.label][p[i]]++;
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
      let loss = 0;
      let correct = 0;
      let n = 0;
      const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      for (const b of batches(where(shuffled(exp, 'train', random), labelled), ctx.batchSize)) {
        const [l, pred] = tf.tidy(() => {
          const xs = imagesTensor(b, shape);
          const ys = tf.oneHot(tf.tensor1d(b.map((x) => x.label), 'int32'), classes);
          let probs: tf.Tensor | null = null;
          const cost = optimizer.minimize(() => {
            const logits = model.apply(xs, { training: true }) as tf.Tensor;
            probs = tf.keep(logits);
            return tf.losses.softmaxCrossEntropy(ys, tf.log(tf.clipByValue(logits, 1e-7, 1)));
          }, true, vars)!;
          const argmax = tf.argMax(probs!, 1);
          (probs as unknown as tf.Tensor).dispose();
          return [cost.mul(b.length), argmax];
        });
        loss += (await l.data())[0];
        const p = await pred.data();
        b.forEach((x, i) => (correct += p[i] === x.label ? 1 : 0));
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
      const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
      const r = await evaluate('test', confusion);
      // the trivial baseline: always the train split's most frequent label
      const counts = new Array<number>(classes).fill(0);
      for (const it of exp.items('train')) if (it.label >= 0) counts[it.label]++;
      const majority = counts.indexOf(Math.max(...counts));
      let hits = 0;
      let total = 0;
      for (const it of exp.items('test')) {
        if (it.label < 0) continue;
        total++;
        if (it.label === majority) hits++;
      }
      return { metrics: { accuracy: r.accuracy, loss: r.loss, items: r.items }, baseline: { accuracy: total ? hits / total : 0, rule: `always "${exp.schema.labels[majority]}"` }, extra: { confusion: { labels: exp.schema.labels, matrix: confusion } } };
    },
    dispose: () => {
      phaseOptimizer.dispose();
    },
  };
}
