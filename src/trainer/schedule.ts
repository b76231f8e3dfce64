/**
 * The fine-tuning recipe every task follows: a base and a task head; with a pre-trained base,
 * first the base frozen and only the head trained, then the top K weighted layers of the base
 * unfrozen at a tenth of the learning rate, each phase until the validation metric stops improving
 * (`patience` epochs without a better value) or the epochs run out — the head phase takes at most
 * `headEpochs` of them (default two thirds), so the unfrozen phase always runs. From scratch (`--base none`)
 * everything trains from the start, in one phase. The best epoch's weights are kept.
 */
import * as tf from '@tensorflow/tfjs';

export interface EpochRecord {
  epoch: number;
  phase: 'head' | 'finetune' | 'scratch';
  learningRate: number;
  trainableLayers: string[];
  train: Record<string, number>;
  validation: Record<string, number>;
  seconds: number;
  samples: number;
  /** Sum of |w| of each base layer's weights at the end of the epoch (with `trace`: the freezing test reads it). */
  baseChecksums?: Record<string, number>;
}

export interface Schedulable {
  /** The base's layers that carry weights, bottom to top. */
  baseLayers(): tf.layers.Layer[];
  /** Every layer with weights of the whole model (base and head). */
  allLayers(): tf.layers.Layer[];
  /** One pass over the train split at this learning rate (trainable flags already set). */
  trainEpoch(learningRate: number, epoch: number): Promise<{ metrics: Record<string, number>; samples: number }>;
  validate(): Promise<Record<string, number>>;
  /** The validation metric the schedule watches, and whether larger is better. */
  watch: { name: string; higherIsBetter: boolean };
  model: tf.LayersModel;
}

export interface ScheduleOptions {
  epochs: number;
  pretrained: boolean;
  unfreezeTop: number;
  patience: number;
  learningRate: number;
  /** Most epochs of the head phase (default: all but a third of `epochs`, so fine-tuning always gets some). */
  headEpochs?: number;
  trace?: boolean;
  onEpoch?: (r: EpochRecord) => void | Promise<void>;
}

function checksums(layers: tf.layers.Layer[]): Record<string, number> {
  return Object.fromEntries(layers.map((l) => [l.name, tf.tidy(() => l.getWeights().reduce((a, w) => a + (tf.sum(tf.abs(w)).dataSync()[0] as number), 0))]));
}

export async function runSchedule(s: Schedulable, o: ScheduleOptions): Promise<{ epochs: EpochRecord[]; best: { epoch: number; value: number } }> {
  const epochs: EpochRecord[] = [];
  let best = { epoch: -1, value: s.watch.higherIsBetter ? -Infinity : Infinity };
  // per layer: a model's getWeights() lists trainable weights first, so its order changes with the freezing
  let bestWeights: tf.Tensor[][] | null = null;
  const layers = s.model.layers;
  const snapshot = () => layers.map((l) => l.getWeights().map((w) => w.clone()));
  const restore = (ws: tf.Tensor[][]) => layers.forEach((l, i) => ws[i].length && l.setWeights(ws[i]));
  const release = (ws: tf.Tensor[][] | null) => ws?.flat().forEach((w) => w.dispose());
  const better = (v: number) => (s.watch.higherIsBetter ? v > best.value + 1e-9 : v < best.value - 1e-9);
  const phases: Array<{ phase: EpochRecord['phase']; lr: number; setup: () => void }> = o.pretrained
    ? [
        { phase: 'head', lr: o.learningRate, setup: () => s.baseLayers().forEach((l) => (l.trainable = false)) },
        {
          phase: 'finetune',
          lr: o.learningRate / 10,
          setup: () => {
            const base = s.baseLayers();
            base.forEach((l, i) => (l.trainable = i >= base.length - o.unfreezeTop));
          },
        },
      ]
    : [{ phase: 'scratch', lr: o.learningRate, setup: () => s.allLayers().forEach((l) => (l.trainable = true)) }];
  let epoch = 0;
  const headEpochs = o.headEpochs ?? Math.max(1, o.epochs - Math.max(1, Math.floor(o.epochs / 3)));
  for (const ph of phases) {
    ph.setup();
    let stale = 0;
    const end = ph.phase === 'head' ? Math.min(o.epochs, headEpochs) : o.epochs;
    while (epoch < end && stale < o.patience) {
      const t0 = performance.now();
      const tr = await s.trainEpoch(ph.lr, epoch);
      const val = await s.validate();
      const rec: EpochRecord = {
        epoch,
        phase: ph.phase,
        learningRate: ph.lr,
        trainableLayers: s.allLayers().filter((l) => l.trainable).map((l) => l.name),
        train: tr.metrics,
        validation: val,
        seconds: Math.round(performance.now() - t0) / 1000,
        samples: tr.samples,
        ...(o.trace ? { baseChecksums: checksums(s.baseLayers()) } : {}),
      };
      epochs.push(rec);
      const v = val[s.watch.name];
      if (better(v)) {
        best = { epoch, value: v };
        release(bestWeights);
        bestWeights = snapshot();
        stale = 0;
      } else stale++;
      await o.onEpoch?.(rec);
      epoch++;
    }
    // the head phase ends where it stopped improving: fine-tuning starts from its best weights
    if (bestWeights) restore(bestWeights);
  }
  if (bestWeights) restore(bestWeights);
  release(bestWeights);
  return { epochs, best };
}

/** Layers that carry weights (the ones freezing is about). */
export function weighted(layers: readonly tf.layers.Layer[]): tf.layers.Layer[] {
  return layers.filter((l) => l.getWeights().length > 0);
}

/** An Adam optimizer for the current learning rate (a new one when the schedule changes it). */
export class PhaseOptimizer {
  private opt: tf.Optimizer | null = null;
  private lr = -1;

  at(lr: number): tf.Optimizer {
    if (!this.opt || this.lr !== lr) {
      this.opt?.dispose();
      this.opt = tf.train.adam(lr);
      this.lr = lr;
    }
    return this.opt;
  }

  dispose(): void {
    this.opt?.dispose();
  }
}
