/**
 * `text-lm`: next-token language-model fine-tuning of a small decoder on `prompt → response`: a
 * windowed neural language model (Bengio et al. 2003: the embeddings of the previous CONTEXT
 * tokens, concatenated, a hidden layer, a softmax over the vocabulary), which decodes left to
 * right like any decoder. Not an LSTM: TensorFlow.js's plain-JavaScript backend took 23 s for one
 * LSTM training step of 32 sequences here, this model well under one. A sequence is [BOS] prompt
 * [EOS] response [EOS]; the loss counts the response's tokens (and its closing [EOS]) only.
 * `--base pretrain` first trains the embedding and hidden layer as a plain language model on every
 * token of the train split (prompts included); then the schedule freezes them, trains the output
 * layer, unfreezes the top.
 * Reports validation perplexity, the unigram model's perplexity on the same test responses as the
 * baseline, and greedy responses to three fixed test prompts.
 */
import * as tf from '@tensorflow/tfjs';
import { batches, seeded, shuffled } from '../data.js';
import type { TfjsExport, TfjsItem } from '../export-reader.js';
import { PhaseOptimizer, weighted, type Schedulable } from '../schedule.js';
import type { TaskContext, TaskRun } from './types.js';

const MAX_LEN = 48;
/** Previous tokens the model sees. */
const CONTEXT = 6;
/** Words the model predicts by default (the vocabulary's most frequent; the rest are [UNK]). */
export const DEFAULT_VOCAB = 2000;
const PAD = 0;
const UNK = 1;
const BOS = 2;
const EOS = 3;

interface Encoded {
  ids: Int32Array;
  /** Index of the first response token (targets from here on count). */
  responseStart: number;
}

export function tokenizer(exp: TfjsExport, size = DEFAULT_VOCAB): { encode: (s: string) => number[]; words: string[] } {
  const words = exp.vocab().slice(0, size);
  const id = new Map(words.map((w, i) => [w, i]));
  const pattern = new RegExp(exp.schema.vocab.tokenPattern, 'gu');
  return { words, encode: (s) => [...s.toLowerCase().matchAll(pattern)].map((m) => id.get(m[0]) ?? UNK) };
}

function encodePair(enc: (s: string) => number[], prompt: string, response: string): Encoded {
  const p = enc(prompt).slice(0, MAX_LEN / 2);
  const r = enc(response);
  const seq = [BOS, ...p, EOS, ...r, EOS].slice(0, MAX_LEN + 1);
  const ids = new Int32Array(MAX_LEN + 1);
  ids.set(seq);
  return { ids, responseStart: p.length + 2 };
}

export async function textLm(exp: TfjsExport, ctx: TaskContext): Promise<TaskRun> {
  if (exp.schema.modality !== 'TEXT_PAIR') throw new Error('text-lm needs a TEXT_PAIR export');
  const { encode, words } = tokenizer(exp, ctx.vocabSize ?? DEFAULT_VOCAB);
  const V = words.length;
  const pairOf = (it: TfjsItem) => encodePair(encode, it.fields.prompt as string, it.fields.response as string);

  let base: tf.LayersModel;
  if (ctx.base === 'none' || ctx.base === 'pretrain') {
    // one-hot tokens through a bias-free dense layer: an embedding whose gradient is a matMul (the
    // wasm backend has none for an Embedding layer's gather)
    const input = tf.input({ shape: [CONTEXT, V] });
    let x = tf.layers.dense({ units: 64, useBias: false, kernelInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: ctx.seed + 1 }), name: 'base_embedding' }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.flatten({ name: 'base_flatten' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.seed + 2 }), name: 'base_hidden' }).apply(x) as tf.SymbolicTensor;
    base = tf.model({ inputs: input, outputs: x, name: 'base' });
  } else {
    base = ctx.baseModel!;
    const s = base.inputs[0].shape;
    if (s.length !== 3 || s[1] !== CONTEXT || s[2] !== V || base.outputs[0].shape.length !== 2) throw new Error(`a text-lm base takes the previous ${CONTEXT} tokens one-hot [batch, ${CONTEXT}, ${V}] and gives features [batch, n]; this one takes ${JSON.stringify(s)} and gives ${JSON.stringify(base.outputs[0].shape)}`);
  }
  const head = tf.layers.dense({ units: V, kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.seed + 4 }), name: 'head' });
  const model = tf.model({ inputs: base.inputs, outputs: head.apply(base.outputs[0]) as tf.SymbolicTensor, name: 'text_lm' });

  const oneHot = (ids: Int32Array, n: number) => tf.tidy(() => tf.oneHot(tf.tensor1d(ids, 'int32'), V).toFloat().reshape([n, CONTEXT, V]));
  /** The (context window → next token) rows of a batch: the response's targets, or (`all`) every real one. */
  const tensors = (b: TfjsItem[], all: boolean) => {
    const ctxIds: number[] = [];
    const y: number[] = [];
    for (const it of b) {
      const e = pairOf(it);
      for (let t = 1; t <= MAX_LEN && e.ids[t] !== PAD; t++) {
        if (!all && t < e.responseStart) continue;
        for (let k = CONTEXT; k >= 1; k--) ctxIds.push(t - k >= 0 ? e.ids[t - k] : PAD);
        y.push(e.ids[t]);
      }
    }
    const n = y.length;
    return { x: oneHot(Int32Array.from(ctxIds), n), y: tf.tensor1d(Int32Array.from(y), 'int32'), n };
  };
  /** Summed cross-entropy over the weighted positions, and their count. */
  const lossOf = (logits: tf.Tensor, y: tf.Tensor1D) => tf.losses.softmaxCrossEntropy(tf.oneHot(y, V), logits, undefined, undefined, tf.Reduction.SUM);
  const vars = () => model.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
  const random = seeded(ctx.seed);

  const epoch = async (optimizer: tf.Optimizer, all: boolean) => {
    let sum = 0;
    let count = 0;
    let n = 0;
    const vs = vars();
    for (const b of batches(shuffled(exp, 'train', random), ctx.batchSize)) {
      const { x, y, n: tokens } = tensors(b, all);
      if (tokens > 0) {
        const cost = optimizer.minimize(() => tf.div(lossOf(model.apply(x, { training: true }) as tf.Tensor, y), tokens) as tf.Scalar, true, vs)!;
        sum += (await cost.data())[0] * tokens;
        count += tokens;
        cost.dispose();
      }
      tf.dispose([x, y]);
      n += b.length;
    }
    return { loss: sum / Math.max(1, count), samples: n };
  };
  const evaluate = async (split: 'validation' | 'test') => {
    let sum = 0;
    let count = 0;
    for (const b of batches(exp.items(split), ctx.batchSize)) {
      const { x, y, n: tokens } = tensors(b, false);
      if (tokens > 0) {
        const l = tf.tidy(() => lossOf(model.predict(x) as tf.Tensor, y));
        sum += (await l.data())[0];
        count += tokens;
        l.dispose();
      }
      tf.dispose([x, y]);
    }
    const loss = sum / Math.max(1, count);
    return { loss, perplexity: Math.exp(loss) };
  };

  if (ctx.base === 'pretrain') {
    const opt = tf.train.adam(2e-3);
    for (let e = 0; e < ctx.pretrainEpochs; e++) {
      const r = await epoch(opt, true);
      ctx.log(`pretrain ${e + 1}/${ctx.pretrainEpochs}: language-model loss ${r.loss.toFixed(4)} (perplexity ${Math.exp(r.loss).toFixed(1)})`);
    }
    opt.dispose();
  }

  const phaseOptimizer = new PhaseOptimizer();
  const schedulable: Schedulable = {
    model,
    watch: { name: 'perplexity', higherIsBetter: false },
    baseLayers: () => weighted(base.layers),
    allLayers: () => weighted(model.layers),
    trainEpoch: async (lr) => {
      const optimizer = phaseOptimizer.at(lr);
      const r = await epoch(optimizer, false);
      return { metrics: { loss: r.loss, perplexity: Math.exp(r.loss) }, samples: r.samples };
    },
    validate: () => evaluate('validation'),
  };

  /** Greedy decoding of a response to a prompt. */
  const respond = (prompt: string) =>
    tf.tidy(() => {
      const p = encode(prompt).slice(0, MAX_LEN / 2);
      const seq = [BOS, ...p, EOS];
      const out: number[] = [];
      while (seq.length < MAX_LEN && out.length < 24) {
        const window = Int32Array.from({ length: CONTEXT }, (_, k) => seq[seq.length - CONTEXT + k] ?? PAD);
        const logits = model.predict(oneHot(window, 1)) as tf.Tensor;
        const next = tf.argMax(logits.reshape([V])).dataSync()[0];
        if (next === EOS) break;
        out.push(next);
        seq.push(next);
      }
      return out.map((i) => words[i]).join(' ');
    });

  return {
    schedulable,
    test: async () => {
      const r = await evaluate('test');
      // the unigram baseline: train response-token frequencies (add-one), on the same test targets
      const counts = new Float64Array(V);
      let total = 0;
      const targets = (it: TfjsItem, f: (id: number) => void) => {
        const e = pairOf(it);
        for (let t = e.responseStart; t <= MAX_LEN && (e.ids[t] !== PAD || t === e.responseStart); t++) if (e.ids[t] !== PAD) f(e.ids[t]);
      };
      for (const it of exp.items('train')) targets(it, (id) => (counts[id]++, total++));
      let nll = 0;
      let n = 0;
      for (const it of exp.items('test')) targets(it, (id) => ((nll -= Math.log((counts[id] + 1) / (total + V))), n++));
      const prompts: string[] = [];
      for (const it of exp.items('test')) if (prompts.push(it.fields.prompt as string) >= 3) break;
      return {
        metrics: { perplexity: r.perplexity, loss: r.loss },
        baseline: { perplexity: Math.exp(nll / Math.max(1, n)), rule: 'unigram model of the train responses (add-one)' },
        extra: { samples: prompts.map((p) => ({ prompt: p, response: respond(p) })), vocabulary: V },
      };
    },
    dispose: () => phaseOptimizer.dispose(),
  };
}
