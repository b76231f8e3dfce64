/**
 * Gap filling (planAugmentation): which sources, with which ops, would fill the under-filled cells
 * of a ref's coverage grid. Pure planning over a scan of the ref: no media is touched.
 *
 * For every missing cell, donors are originals in other cells that differ from it only on axes an
 * op can move: lighting (brightness, to the middle of the target band), scale (resize, downward
 * only), colour (grayscale, to the lowest band only), noise (add_noise at the target band's SNR,
 * noisier only), speaking rate and duration (time_stretch), pitch (pitch_shift), loudness (gain),
 * and the declared orientation (`flipped`: flip_horizontal, `rotated`: rotate). Declared
 * attributes such as background, accent or speaker, and text axes, cannot be reached by an op: such
 * cells are reported as unfillable. Donors from cells that differ on fewer axes come first, then
 * from the fullest cells. Each op's parameter is computed from the donor's own measurement and
 * rounded to a coarse grid, so donors needing about the same change share one chain (a plan has at
 * most MAX_PLAN_CHAINS chains); each donor gives one copy per cell it fills. A donor is used only
 * when its predicted measurements after the ops (`predict`: a darkened photo is less colourful
 * too) fall in the cell on every axis.
 */
import type { Metrics } from '../../media/quality/types.js';
import { bucketOf, CoverageCounter, gridScore, SEP, UNKNOWN, type AxisSpec, type CellCount, type CoverageSpec } from '../coverage/index.js';
import type { MeasuredItem } from '../quality/index.js';
import { resolveOp, type AugmentModality } from '../../media/augment/recipe.js';
import { yieldToLoop } from '../../lib/yield.js';
import { canonicalJson } from '../versions/index.js';
import type { Chain } from './chains.js';
import { measuredSnr, mixingSnr } from './snr.js';

export const MAX_PLAN_CHAINS = 256;
/** Donors remembered per occupied cell (bounded memory, whatever the ref's size). */
const DONORS_PER_CELL = 2000;
const MAX_DONORS = 200_000;

type Op = { op: string; params: Record<string, unknown> };

interface Donor {
  key: string;
  metrics: Metrics | null;
}

export interface PlannedSource {
  key: string;
  chain: number;
  fills: string[];
}

export interface Plan {
  recipe: Chain[];
  sources: PlannedSource[];
  expected: { scoreBefore: number; score: number; missingBefore: number; missing: CellCount[]; newItems: number };
  unfillable: CellCount[];
  notes: string[];
}

/** The value an op should aim at inside a bucket of a metric axis. */
function target(axis: AxisSpec & { source: 'metric' }, bucket: string): number | null {
  const i = axis.buckets.findIndex((b) => b.name === bucket);
  if (i < 0) return null;
  const lo = i > 0 ? axis.buckets[i - 1].below! : null;
  const hi = axis.buckets[i].below ?? null;
  const logScale = axis.metric === 'snrDb' || axis.metric === 'rmsDb';
  if (lo !== null && hi !== null) return (lo + hi) / 2;
  if (hi !== null) return logScale ? hi - 5 : hi * 0.75;
  if (lo !== null) return logScale ? lo + 5 : lo * 1.25;
  return null;
}

const num = (m: Metrics | null, k: string): number | null => {
  const v = m?.[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};
const roundLog = (x: number, step: number) => Number(Math.pow(step, Math.round(Math.log(x) / Math.log(step))).toPrecision(3));


/** Whether some op can move an item from bucket `from` to bucket `to` on this axis (ignoring the item's own values). */
function axisFillable(axis: AxisSpec, from: string, to: string): boolean {
  if (axis.source === 'attribute') return axis.attribute === 'orientation' && from === (axis.default ?? 'original') && (to === 'flipped' || to === 'rotated');
  const names = axis.buckets.map((b) => b.name);
  const [fi, ti] = [names.indexOf(from), names.indexOf(to)];
  if (fi < 0 || ti < 0) return false;
  switch (axis.metric) {
    case 'brightnessMean':
    case 'brightnessP50':
    case 'wordsPerSecond':
    case 'charsPerSecond':
    case 'durationSeconds':
    case 'pitchHz':
    case 'rmsDb':
      return true;
    case 'minSide':
    case 'width':
    case 'height':
    case 'snrDb':
      return ti < fi;
    case 'chromaP99':
    case 'colorfulness':
      return ti === 0;
    default:
      return false;
  }
}

/** The op that moves this donor into bucket `to` on the axis, or null when it cannot (out of the op's range). */
function move(axis: AxisSpec, to: string, m: Metrics | null): Op | null {
  if (axis.source === 'attribute') {
    if (to === 'flipped') return { op: 'flip_horizontal', params: {} };
    if (to === 'rotated') return { op: 'rotate', params: { degrees: 15, fill: 'black' } };
    return null;
  }
  const t = target(axis, to);
  if (t === null) return null;
  const v = num(m, axis.metric === 'minSide' ? 'width' : axis.metric);
  switch (axis.metric) {
    case 'brightnessMean':
    case 'brightnessP50': {
      const src = num(m, axis.metric);
      if (src === null || src < 1) return null;
      const f = roundLog(Math.min(240, t) / src, 1.1);
      return f >= 0.05 && f <= 4 ? { op: 'brightness', params: { factor: f } } : null;
    }
    case 'minSide':
    case 'width':
    case 'height': {
      const w = num(m, 'width');
      const h = num(m, 'height');
      if (w === null || h === null || v === null) return null;
      const side = axis.metric === 'minSide' ? Math.min(w, h) : axis.metric === 'width' ? w : h;
      if (t >= side) return null;
      const maxSide = Math.max(8, Math.round((Math.max(w, h) * t) / side / 32) * 32);
      return { op: 'resize', params: { maxSide } };
    }
    case 'chromaP99':
    case 'colorfulness':
      return { op: 'grayscale', params: {} };
    case 'snrDb': {
      const src = num(m, 'snrDb');
      if (src !== null && src < t + 3) return null;
      const mix = Math.round(mixingSnr(t));
      return mix >= -20 ? { op: 'add_noise', params: { snrDb: mix, colour: 'pink' } } : null;
    }
    case 'wordsPerSecond':
    case 'charsPerSecond':
    case 'durationSeconds': {
      const src = num(m, axis.metric);
      if (src === null || src <= 0) return null;
      const f = roundLog(axis.metric === 'durationSeconds' ? src / t : t / src, 1.05);
      return f >= 0.5 && f <= 2 ? { op: 'time_stretch', params: { factor: f } } : null;
    }
    case 'pitchHz': {
      const src = num(m, 'pitchHz');
      if (src === null || src <= 0) return null;
      const st = Math.round(24 * Math.log2(t / src)) / 2;
      return Math.abs(st) <= 12 ? { op: 'pitch_shift', params: { semitones: st } } : null;
    }
    case 'rmsDb': {
      const src = num(m, 'rmsDb');
      if (src === null) return null;
      const db = Math.round(t - src);
      return db >= -60 && db <= 30 ? { op: 'gain', params: { db } } : null;
    }
    default:
      return null;
  }
}

/**
 * What a donor's measurements become under ops, as far as the axes' metrics go: brightness scales
 * luma and chroma alike (a darkened photo is also less colourful: it may fall into grayscale),
 * resize the sides, grayscale zeroes chroma, add_noise sets the SNR, time_stretch the rate and
 * duration, pitch_shift the F0, gain the loudness.
 */
export function predict(m: Metrics | null, ops: readonly Op[]): Metrics {
  const out: Metrics = { ...(m ?? {}) };
  const scale = (k: string, f: number, max = Infinity) => {
    if (typeof out[k] === 'number') out[k] = Math.min(max, (out[k] as number) * f);
  };
  for (const o of ops) {
    const p = o.params as Record<string, number>;
    switch (o.op) {
      case 'brightness':
        for (const k of ['brightnessMean', 'brightnessP50']) scale(k, p.factor, 255);
        for (const k of ['chromaP99', 'colorfulness']) scale(k, p.factor);
        break;
      case 'resize': {
        const w = num(out, 'width');
        const h = num(out, 'height');
        if (w !== null && h !== null) {
          const f = Math.min(1, p.maxSide / Math.max(w, h));
          out.width = Math.round(w * f);
          out.height = Math.round(h * f);
        }
        break;
      }
      case 'grayscale':
        out.chromaP99 = 0;
        out.colorfulness = 0;
        break;
      case 'add_noise':
        out.snrDb = Math.min(num(out, 'snrDb') ?? Infinity, measuredSnr(p.snrDb));
        break;
      case 'time_stretch':
        scale('wordsPerSecond', p.factor);
        scale('charsPerSecond', p.factor);
        scale('durationSeconds', 1 / p.factor);
        break;
      case 'pitch_shift':
        scale('pitchHz', Math.pow(2, p.semitones / 12));
        break;
      case 'gain':
        if (typeof out.rmsDb === 'number') out.rmsDb += p.db;
        break;
    }
  }
  return out;
}

/** A source and the resolved ops of a copy of it, spelled one way. */
function copySignature(key: string, ops: ReadonlyArray<{ op: string; params: unknown }>): string {
  return key + SEP + canonicalJson(ops.map((o) => ({ op: o.op, params: o.params })));
}

/** Geometric ops first, then pixel and sample ops (a flip of a darkened copy equals a darkened flip, but resize is cheaper first). */
const ORDER = ['flip_horizontal', 'rotate', 'resize', 'grayscale', 'brightness', 'time_stretch', 'pitch_shift', 'gain', 'add_noise'];

/**
 * Collects a ref's items into the grid (the coverage as it is) and donors per cell, then plans.
 * `scan` feeds every item of the ref.
 */
export class GapPlanner {
  private readonly counter: CoverageCounter;
  private readonly specs: AxisSpec[];
  private readonly donors = new Map<string, Donor[]>();
  private readonly existing = new Set<string>();
  private donorCount = 0;

  constructor(
    private readonly kind: AugmentModality,
    spec: CoverageSpec,
    axes: readonly string[],
    private readonly minPerCell: number,
    private readonly maxNewItems: number,
  ) {
    this.counter = new CoverageCounter(spec, axes, false);
    this.specs = axes.map((a) => spec.axes[a]);
  }

  add(item: MeasuredItem): void {
    this.counter.add(item);
    if (item.derivation) {
      // A copy made with the same ops is not proposed again (it would be the same bytes).
      if (this.existing.size < MAX_DONORS) this.existing.add(copySignature(item.derivation.from.key, item.derivation.ops));
      return;
    }
    const values = this.specs.map((s) => bucketOf(s, item));
    if (values.includes(UNKNOWN)) return;
    const cell = values.join(SEP);
    let list = this.donors.get(cell);
    if (!list) this.donors.set(cell, (list = []));
    if (list.length < DONORS_PER_CELL && this.donorCount < MAX_DONORS) {
      list.push({ key: item.key, metrics: item.metrics });
      this.donorCount++;
    }
  }

  async plan(): Promise<Plan> {
    const before = this.counter.result(this.minPerCell);
    const axisBuckets = before.axes.map((a) => a.buckets.map((b) => b.name).filter((n) => n !== UNKNOWN));
    const counts = new Map(this.counter.gridCounts());
    const chains: Chain[] = [];
    const chainIndex = new Map<string, number>();
    const sources: PlannedSource[] = [];
    const notes: string[] = [];
    const unreachable: CellCount[] = [];
    let capped = false;
    const occupied = [...this.donors.entries()].map(([k, list]) => ({ values: k.split(SEP), list }));
    let n = 0;
    for (const cell of before.missing) {
      if (sources.length >= this.maxNewItems) break;
      // Planning a large grid is long: let requests in between cells.
      if (++n % 64 === 0) await yieldToLoop();
      let deficit = this.minPerCell - cell.count;
      const donorCells = occupied
        .filter((d) => d.values.some((v, i) => v !== cell.values[i]) && d.values.every((v, i) => v === cell.values[i] || axisFillable(this.specs[i], v, cell.values[i])))
        .map((d) => ({ ...d, diff: d.values.filter((v, i) => v !== cell.values[i]).length }))
        .sort((a, b) => a.diff - b.diff || b.list.length - a.list.length);
      if (donorCells.length === 0) {
        unreachable.push(cell);
        continue;
      }
      for (const d of donorCells) {
        for (const donor of d.list) {
          if (deficit <= 0 || sources.length >= this.maxNewItems) break;
          const ops: Op[] = [];
          let ok = true;
          d.values.forEach((v, i) => {
            if (!ok || v === cell.values[i]) return;
            const o = move(this.specs[i], cell.values[i], donor.metrics);
            if (o) ops.push(o);
            else ok = false;
          });
          if (!ok || ops.length === 0) continue;
          ops.sort((a, b) => ORDER.indexOf(a.op) - ORDER.indexOf(b.op));
          // The copy must land in the cell on every axis, side effects included.
          const after = { labels: [], attributes: {}, metrics: predict(donor.metrics, ops) };
          const lands = this.specs.every((spec, i) => {
            if (spec.source === 'attribute') return true;
            return bucketOf(spec, after) === cell.values[i];
          });
          if (!lands) continue;
          if (this.existing.has(copySignature(donor.key, ops.map((o) => resolveOp(o.op, o.params, this.kind, () => 0.5))))) continue;
          const sig = JSON.stringify(ops);
          let chain = chainIndex.get(sig);
          if (chain === undefined) {
            if (chains.length >= MAX_PLAN_CHAINS) {
              capped = true;
              continue;
            }
            chain = chains.length;
            chains.push({ ops, copies: 1 });
            chainIndex.set(sig, chain);
          }
          sources.push({ key: donor.key, chain, fills: cell.values });
          deficit--;
        }
        if (deficit <= 0) break;
      }
      const k = cell.values.join(SEP);
      counts.set(k, (counts.get(k) ?? 0) + (this.minPerCell - cell.count - Math.max(0, deficit)));
    }
    if (capped) notes.push(`the plan stops at ${MAX_PLAN_CHAINS} distinct chains; plan again after applying it`);
    if (sources.length >= this.maxNewItems) notes.push(`the plan stops at maxNewItems (${this.maxNewItems}) new items`);
    const after = gridScore(axisBuckets, counts, this.minPerCell);
    sources.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.chain - b.chain));
    return {
      recipe: chains,
      sources,
      expected: { scoreBefore: before.score, score: after.score, missingBefore: before.missing.length, missing: after.missing, newItems: sources.length },
      unfillable: unreachable,
      notes: [...notes, ...before.notes],
    };
  }
}
