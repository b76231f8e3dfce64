/**
 * `image-caption-contrastive`: a dual encoder fine-tuned with the symmetric InfoNCE loss of CLIP
 * (Radford et al. 2021) — the image base (the image task's, or a base directory) with a projection
 * head, and a small text encoder over the export's vocabulary (a bag of words through a bias-free
 * dense layer, i.e. the mean of word embeddings whose gradient is a matMul, then a projection),
 * both into a 32-dimensional space compared by cosine similarity at temperature 0.1. Items whose
 * captions are the same text are positives of each other (the targets spread over them), so
 * repeated captions are not pushed apart as CLIP's one-hot targets would.
 *
 * Retrieval on validation and test: image→caption and caption→image recall@1 and @5 among the
 * split's items, a hit being any retrieved item whose caption is the query's caption text. The
 * baseline is chance, computed exactly: a random ranking of N items with m that match puts one in
 * the top k with probability 1 − C(N−m, k) / C(N, k).
 *
 * The saved model takes [image, bag of words] and gives [image embedding, caption embedding]
 * (unnormalised: compare them by cosine).
 */
import * as tf from '@tensorflow/tfjs';
import { batches, seeded, shuffled } from '../data.js';
import type { TfjsExport, TfjsItem } from '../export-reader.js';
import { PhaseOptimizer, weighted, type Schedulable } from '../schedule.js';
import { adoptBase, imageShape, imagesTensor, pretrainRotations, scratchBase } from './image-classification.js';
import { tokenizer } from './text-lm.js';
import type { TaskContext, TaskRun } from './types.js';

const DIM = 32;
const WORD_DIM = 64;
const TAU = 0.1;
const DEFAULT_WORDS = 2000;
const QUERY_CHUNK = 256;

const captionOf = (it: TfjsItem) => String(it.fields.caption ?? '').trim();

/** Exact chance of a hit in the top k for a query with m matches among n items. */
export function chanceRecall(n: number, m: number, k: number): number {
  if (m <= 0) return 0;
  let miss = 1;
  for (let i = 0; i < Math.min(k, n); i++) miss *= Math.max(0, n - m - i) / (n - i);
  return 1 - miss;
}

/** Recall@k of a similarity ranking, each direction, a hit being an item with the query's caption. */
export function retrievalRecall(sim: Float32Array, n: number, captions: readonly string[], ks: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const dir of ['i2t', 't2i'] as const) {
    for (const k of ks) {
      let hits = 0;
      for (let q = 0; q < n; q++) {
        const score = (j: number) => (dir === 'i2t' ? sim[q * n + j] : sim[j * n + q]);
        const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => score(b) - score(a) || a - b);
        if (order.slice(0, k).some((j) => captions[j] === captions[q])) hits++;
      }
      out[`${dir}RecallAt${k}`] = n ? hits / n : 0;
    }
  }
  for (const k of ks) out[`recallAt${k}`] = (out[`i2tRecallAt${k}`] + out[`t2iRecallAt${k}`]) / 2;
  return out;
}

function l2(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.sqrt(tf.sum(tf.square(x), 1, true)).add(1e-8)) as tf.Tensor2D;
}

export async function imageCaptionContrastive(exp: TfjsExport, ctx: TaskContext): Promise<TaskRun> {
  const shape = imageShape(exp);
  if (!exp.schema.fields.caption) throw new Error('image-caption-contrastive needs captions in the export (a caption field)');
  const { encode, words } = tokenizer(exp, ctx.vocabSize ?? DEFAULT_WORDS);
  const V = words.length;
  if (V < 8) throw new Error(`image-caption-contrastive needs a caption vocabulary; the export's has ${V} words`);
  const bags = (items: TfjsItem[]): tf.Tensor2D => {
    const buf = new Float32Array(items.length * V);
    items.forEach((it, i) => {
      const ids = encode(captionOf(it));
      for (const id of ids) buf[i * V + id] += 1 / ids.length;
    });
    return tf.tensor2d(buf, [items.length, V]);
  };

  const base = ctx.base === 'none' || ctx.base === 'pretrain' ? scratchBase(shape, ctx.seed) : adoptBase(ctx.baseModel!, shape);
  if (ctx.base === 'pretrain') await pretrainRotations(base, exp, shape, ctx);
  const init = (k: number) => tf.initializers.glorotUniform({ seed: ctx.seed + k });
  const imageOut = tf.layers.dense({ units: DIM, kernelInitializer: init(101), name: 'image_projection' }).apply(base.outputs[0]) as tf.SymbolicTensor;
  const textIn = tf.input({ shape: [V], name: 'caption_words' });
  let t = tf.layers.dense({ units: WORD_DIM, useBias: false, kernelInitializer: init(102), name: 'text_embedding' }).apply(textIn) as tf.SymbolicTensor;
  t = tf.layers.dense({ units: WORD_DIM, activation: 'relu', kernelInitializer: init(103), name: 'text_hidden' }).apply(t) as tf.SymbolicTensor;
  const textOut = tf.layers.dense({ units: DIM, kernelInitializer: init(104), name: 'text_projection' }).apply(t) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [base.inputs[0], textIn], outputs: [imageOut, textOut], name: 'image_caption_dual_encoder' });
  const phaseOptimizer = new PhaseOptimizer();
  const random = seeded(ctx.seed);

  /** Symmetric InfoNCE with targets spread over the batch's items of the same caption. */
  const loss = (ie: tf.Tensor2D, te: tf.Tensor2D, batch: TfjsItem[]): tf.Scalar => {
    const n = batch.length;
    const caps = batch.map(captionOf);
    const target = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      const same = caps.filter((c) => c === caps[i]).length;
      for (let j = 0; j < n; j++) if (caps[j] === caps[i]) target[i * n + j] = 1 / same;
    }
    const y = tf.tensor2d(target, [n, n]);
    const logits = tf.matMul(l2(ie), l2(te), false, true).div(TAU) as tf.Tensor2D;
    return tf.losses.softmaxCrossEntropy(y, logits).add(tf.losses.softmaxCrossEntropy(y, logits.transpose())).div(2) as tf.Scalar;
  };

  const retrieval = async (split: 'validation' | 'test') => {
    const items = [...exp.items(split)].filter((it) => captionOf(it));
    const n = items.length;
    const img: tf.Tensor2D[] = [];
    const txt: tf.Tensor2D[] = [];
    for (const b of batches(items, Math.max(ctx.batchSize, 64))) {
      const [ie, te] = tf.tidy(() => (model.predict([imagesTensor(b, shape), bags(b)]) as tf.Tensor2D[]).map(l2));
      img.push(ie);
      txt.push(te);
    }
    const I = tf.concat(img);
    const T = tf.concat(txt);
    tf.dispose([...img, ...txt]);
    const sim = new Float32Array(n * n);
    for (let q = 0; q < n; q += QUERY_CHUNK) {
      const rows = Math.min(QUERY_CHUNK, n - q);
      const s = tf.tidy(() => tf.matMul(I.slice([q, 0], [rows, DIM]), T, false, true));
      sim.set(await s.data(), q * n);
      s.dispose();
    }
    tf.dispose([I, T]);
    const captions = items.map(captionOf);
    return { n, captions, recall: retrievalRecall(sim, n, captions, [1, 5]) };
  };

  const schedulable: Schedulable = {
    model,
    watch: { name: 'recallAt1', higherIsBetter: true },
    baseLayers: () => weighted(base.layers),
    allLayers: () => weighted(model.layers),
    trainEpoch: async (lr) => {
      const optimizer = phaseOptimizer.at(lr);
      const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      let total = 0;
      let n = 0;
      for (const b of batches(shuffled(exp, 'train', random), Math.max(2, ctx.batchSize))) {
        const items = b.filter((it) => captionOf(it));
        if (items.length < 2) continue;
        const l = tf.tidy(() => {
          const xs = imagesTensor(items, shape);
          const ts = bags(items);
          return optimizer.minimize(() => {
            const [ie, te] = model.apply([xs, ts], { training: true }) as tf.Tensor2D[];
            return loss(ie, te, items);
          }, true, vars)!;
        });
        total += (await l.data())[0] * items.length;
        n += items.length;
        l.dispose();
      }
      return { metrics: { loss: total / Math.max(1, n) }, samples: n };
    },
    validate: async () => {
      const r = await retrieval('validation');
      return { recallAt1: r.recall.recallAt1, recallAt5: r.recall.recallAt5 };
    },
  };

  return {
    schedulable,
    test: async () => {
      const r = await retrieval('test');
      const chance = (k: number) => r.captions.reduce((a, c) => a + chanceRecall(r.n, r.captions.filter((x) => x === c).length, k), 0) / Math.max(1, r.n);
      return {
        metrics: { ...r.recall, items: r.n },
        baseline: { recallAt1: chance(1), recallAt5: chance(5), rule: 'chance: a random ranking of the test items' },
        extra: { embeddingDim: DIM, temperature: TAU, words: V },
      };
    },
    dispose: () => phaseOptimizer.dispose(),
  };
}
