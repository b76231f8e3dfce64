/**
 * Coverage of a set of items on a spec's axes (issue 9): each item falls in exactly one bucket per
 * axis (or `unknown`); the counts per bucket, per cell of every pair of axes (a heat map), and of
 * the full grid of the requested axes give the score and the missing cells, overall and per label.
 *
 * Memory is bounded by the grid, not the items: items stream through `add`, and only counts per
 * occupied cell are kept (an attribute axis names at most MAX_ATTRIBUTE_VALUES values; beyond
 * them items fall in `other`). The grid asked for may hold at most MAX_GRID_CELLS cells.
 *
 * Score = occupied-enough cells ÷ cells of the grid: every cell of the grid weighs the same (a
 * combination of conditions the model may meet), `unknown` cells are left out of the grid (an
 * item with no measurement is no evidence of a condition), and a cell counts when it holds at
 * least `minPerCell` items.
 */
import { BadUserInputError } from '../../errors.js';
import type { Metrics } from '../../media/quality/types.js';
import { CATEGORICAL_METRICS, MAX_ATTRIBUTE_VALUES, type AxisSpec, type CoverageSpec } from './spec.js';

export const UNKNOWN = 'unknown';
export const OTHER = 'other';
/** The largest grid a coverage may be asked for (product of the requested axes' bucket counts). */
export const MAX_GRID_CELLS = 20_000;
/** Labels reported per label at most (the rest are counted in the note). */
export const MAX_LABELS = 200;

export interface CoverageItem {
  labels: readonly string[];
  attributes: Readonly<Record<string, unknown>>;
  metrics: Metrics | null;
}

export interface BucketCount {
  name: string;
  count: number;
  share: number;
}
export interface AxisCoverage {
  name: string;
  source: 'metric' | 'attribute';
  buckets: BucketCount[];
}
export interface CellCount {
  values: string[];
  count: number;
}
export interface PairCoverage {
  axes: [string, string];
  cells: CellCount[];
}
export interface LabelCoverage {
  label: string;
  score: number;
  /** The emptiest under-filled cells (at most MAX_LABEL_MISSING). */
  missing: CellCount[];
  missingCount: number;
}

/** Under-filled cells listed per label at most (all are counted). */
export const MAX_LABEL_MISSING = 100;
export interface Coverage {
  items: number;
  axes: AxisCoverage[];
  pairs: PairCoverage[];
  score: number;
  /** Cells of the grid with fewer than minPerCell items, emptiest first. */
  missing: CellCount[];
  perLabel: LabelCoverage[] | null;
  notes: string[];
}

function metricValue(metrics: Metrics | null, key: string): number | string | null {
  if (!metrics) return null;
  if (key === 'minSide') {
    const w = metrics.width;
    const h = metrics.height;
    return typeof w === 'number' && typeof h === 'number' ? Math.min(w, h) : null;
  }
  const v = metrics[key];
  return typeof v === 'number' || typeof v === 'string' ? v : null;
}

/** The bucket of one item on one axis. */
export function bucketOf(axis: AxisSpec, item: CoverageItem): string {
  if (axis.source === 'metric') {
    const v = metricValue(item.metrics, axis.metric);
    if (v === null) return UNKNOWN;
    if (CATEGORICAL_METRICS.has(axis.metric)) return typeof v === 'string' && v ? v : UNKNOWN;
    if (typeof v !== 'number' || !Number.isFinite(v)) return UNKNOWN;
    for (const b of axis.buckets) if (b.below === undefined || v < b.below) return b.name;
    return UNKNOWN;
  }
  const raw = item.attributes[axis.attribute];
  const v = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : null;
  if (v === null || v === '') return axis.default ?? UNKNOWN;
  if (axis.values && !axis.values.includes(v)) return OTHER;
  return v;
}

/** The buckets an axis is known to have before any item is seen (metric edges, declared values). */
function declaredBuckets(axis: AxisSpec): string[] | null {
  if (axis.source === 'metric') return CATEGORICAL_METRICS.has(axis.metric) ? null : axis.buckets.map((b) => b.name);
  if (axis.values) return [...axis.values, ...(axis.default && !axis.values.includes(axis.default) ? [axis.default] : [])];
  return null;
}

/** Joins a cell's bucket values into a map key. */
export const SEP = '\u0000';

/** Streams items into counts; `result` builds the coverage. */
export class CoverageCounter {
  private readonly specs: AxisSpec[];
  private readonly perAxis: Array<Map<string, number>>;
  private readonly pairCounts: Array<Map<string, number>>;
  private readonly grid = new Map<string, number>();
  private readonly labelGrids = new Map<string, Map<string, number>>();
  /** Distinct values seen per attribute axis, to cap them. */
  private readonly seenValues: Array<Set<string>>;
  private overflowLabels = 0;
  private overflowValues = new Set<string>();
  private n = 0;

  constructor(
    spec: CoverageSpec,
    private readonly axes: readonly string[],
    private readonly byLabel: boolean,
    /** Count buckets per axis only (no pairs, no grid): a first pass that picks the axes. */
    private readonly axesOnly = false,
  ) {
    this.specs = axes.map((a) => spec.axes[a]);
    this.perAxis = axes.map(() => new Map());
    this.seenValues = axes.map(() => new Set());
    const pairs = (axes.length * (axes.length - 1)) / 2;
    this.pairCounts = Array.from({ length: pairs }, () => new Map());
  }

  add(item: CoverageItem): void {
    this.n++;
    const values = this.specs.map((s, i) => {
      let b = bucketOf(s, item);
      if (s.source === 'attribute' && !s.values && b !== UNKNOWN) {
        const seen = this.seenValues[i];
        if (!seen.has(b)) {
          if (seen.size >= MAX_ATTRIBUTE_VALUES) {
            this.overflowValues.add(this.axes[i]);
            b = OTHER;
          } else {
            seen.add(b);
            if (!this.axesOnly) this.checkGridSize();
          }
        }
      }
      return b;
    });
    values.forEach((v, i) => bump(this.perAxis[i], v));
    if (this.axesOnly) return;
    let p = 0;
    for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) bump(this.pairCounts[p++], values[i] + SEP + values[j]);
    if (values.includes(UNKNOWN)) return;
    const cell = values.join(SEP);
    bump(this.grid, cell);
    if (this.byLabel) {
      for (const label of new Set(item.labels)) {
        let g = this.labelGrids.get(label);
        if (!g) {
          if (this.labelGrids.size >= MAX_LABELS) {
            this.overflowLabels++;
            continue;
          }
          g = new Map();
          this.labelGrids.set(label, g);
        }
        bump(g, cell);
      }
    }
  }

  /** The bucket names of each axis so far (declared edges and values, then values seen). */
  private axisBuckets(): string[][] {
    return this.specs.map((s, i) => {
      const declared = declaredBuckets(s);
      const seen = [...this.perAxis[i].keys()].filter((b) => b !== UNKNOWN);
      return declared ? [...declared, ...seen.filter((b) => !declared.includes(b))] : seen.sort();
    });
  }

  /** Refuses a grid over MAX_GRID_CELLS as soon as the values seen make it one (not after the whole scan). */
  private checkGridSize(): void {
    const cells = this.specs.reduce((acc, s, i) => acc * Math.max(1, declaredBuckets(s)?.length ?? this.seenValues[i].size), 1);
    if (cells > MAX_GRID_CELLS) {
      throw new BadUserInputError(`The grid of ${this.axes.join(' × ')} has over ${MAX_GRID_CELLS} cells: ask for fewer axes`, { field: 'axes', cells });
    }
  }

  /** Distinct known buckets of each axis (after an axesOnly pass). */
  bucketCounts(): number[] {
    return this.axisBuckets().map((b) => b.length);
  }

  /** Items per cell of the full grid (values joined by SEP; cells with an unknown value left out). */
  gridCounts(): ReadonlyMap<string, number> {
    return this.grid;
  }

  /** The coverage of everything added. */
  result(minPerCell: number): Coverage {
    const notes: string[] = [];
    const axisBuckets = this.specs.map((s, i) => {
      const declared = declaredBuckets(s);
      const seen = [...this.perAxis[i].keys()].filter((b) => b !== UNKNOWN);
      return declared ? [...declared, ...seen.filter((b) => !declared.includes(b))] : seen.sort();
    });
    const cells = axisBuckets.reduce((acc, b) => acc * Math.max(1, b.length), 1);
    if (cells > MAX_GRID_CELLS) {
      throw new BadUserInputError(`The grid of ${this.axes.join(' × ')} has ${cells} cells, over ${MAX_GRID_CELLS}: ask for fewer axes`, { field: 'axes', cells });
    }
    const axes: AxisCoverage[] = this.specs.map((s, i) => {
      const counts = this.perAxis[i];
      const names = [...axisBuckets[i], ...(counts.has(UNKNOWN) ? [UNKNOWN] : [])];
      return { name: this.axes[i], source: s.source, buckets: names.map((name) => ({ name, count: counts.get(name) ?? 0, share: this.n ? Math.round(((counts.get(name) ?? 0) / this.n) * 1e4) / 1e4 : 0 })) };
    });
    const pairs: PairCoverage[] = [];
    let p = 0;
    for (let i = 0; i < this.axes.length; i++) {
      for (let j = i + 1; j < this.axes.length; j++) {
        const counts = this.pairCounts[p++];
        const rows = axes[i].buckets.map((b) => b.name);
        const cols = axes[j].buckets.map((b) => b.name);
        const cellsIJ: CellCount[] = [];
        for (const a of rows) for (const b of cols) cellsIJ.push({ values: [a, b], count: counts.get(a + SEP + b) ?? 0 });
        pairs.push({ axes: [this.axes[i], this.axes[j]], cells: cellsIJ });
      }
    }
    const { score, missing } = gridScore(axisBuckets, this.grid, minPerCell, Infinity);
    let perLabel: LabelCoverage[] | null = null;
    if (this.byLabel) {
      perLabel = [...this.labelGrids.entries()]
        .map(([label, g]) => {
          const r = gridScore(axisBuckets, g, minPerCell, MAX_LABEL_MISSING);
          return { label, score: r.score, missing: r.missing, missingCount: r.missingCount };
        })
        .sort((a, b) => a.score - b.score || (a.label < b.label ? -1 : 1));
      if (this.overflowLabels > 0) notes.push(`only the first ${MAX_LABELS} labels are reported per label`);
    }
    for (const a of this.overflowValues) notes.push(`axis ${a}: values after the first ${MAX_ATTRIBUTE_VALUES} are counted as "${OTHER}"`);
    const unknown = axes.filter((a) => a.buckets.some((b) => b.name === UNKNOWN && b.count > 0)).map((a) => a.name);
    if (unknown.length) notes.push(`items in "${UNKNOWN}" on ${unknown.join(', ')} are left out of the grid and the score`);
    return { items: this.n, axes, pairs, score, missing, perLabel, notes };
  }
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/**
 * Score and under-filled cells (emptiest first, then in grid order) of a grid of counts; at most
 * `maxListed` cells are listed (all are counted), without an object per cell of the grid.
 */
export function gridScore(
  axisBuckets: string[][],
  counts: ReadonlyMap<string, number>,
  minPerCell: number,
  maxListed = Infinity,
): { score: number; missing: CellCount[]; missingCount: number } {
  if (axisBuckets.some((b) => b.length === 0)) return { score: 0, missing: [], missingCount: 0 };
  const total = axisBuckets.reduce((n, b) => n * b.length, 1);
  // Under-filled cells as (grid index, count), sorted by count then index.
  const under: number[] = [];
  const idx = new Array<number>(axisBuckets.length).fill(0);
  let full = 0;
  for (let c = 0; c < total; c++) {
    const count = counts.get(idx.map((k, a) => axisBuckets[a][k]).join(SEP)) ?? 0;
    if (count >= minPerCell) full++;
    else under.push(count * total + c);
    for (let a = axisBuckets.length - 1; a >= 0; a--) {
      if (++idx[a] < axisBuckets[a].length) break;
      idx[a] = 0;
    }
  }
  under.sort((x, y) => x - y);
  const missing = under.slice(0, Math.min(under.length, maxListed)).map((v) => {
    let c = v % total;
    const values = new Array<string>(axisBuckets.length);
    for (let a = axisBuckets.length - 1; a >= 0; a--) {
      values[a] = axisBuckets[a][c % axisBuckets[a].length];
      c = Math.floor(c / axisBuckets[a].length);
    }
    return { values, count: Math.floor(v / total) };
  });
  return { score: total ? Math.round((full / total) * 1e4) / 1e4 : 0, missing, missingCount: under.length };
}
