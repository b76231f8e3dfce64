/**
 * Leakage-free, stratified, stable train/validation/test assignment (issue 10). Pure: no
 * database, no files.
 *
 * The unit of assignment is a **group**: a family (an item, its augmented copies and its duplicate
 * clusters) merged, by union–find, with every item sharing a declared `groupBy` value (one speaker's
 * recordings). A group goes whole to one split, so groups never cross splits by construction.
 * Augmented copies go to train only: a copy whose group lands in validation or test is dropped
 * (and counted); validation and test hold originals.
 *
 * Each group is processed in a fixed order and put in the split whose share of its class is
 * furthest below target — a running deficit, so every class's counts stay within one group of
 * their targets at every step (where group sizes allow: one group larger than a split's target
 * overshoots by itself). The order is (birth, hash): `birth` is the commit epoch the group first
 * appeared in (supplied by the caller: the number of commits before its oldest item's first
 * revision), the hash is SHA-256 of the seed and the group id. So the order, and hence the
 * assignment, never depends on row order; and items appended later are born later, are
 * processed after every existing group, and cannot move any of them: the decisions before them
 * are the same decisions. (A new item that joins an existing group — a near duplicate of it —
 * changes that group's size, and groups after it may then move: the report says when a group
 * grew.)
 *
 * The export works on SplitColumns (typed arrays, items in key order, strings interned to
 * numbers), so that 100k items cost a few MB and cross to the worker thread without copying;
 * assignSplits / groupItems take plain SplitItem objects (tests, small callers) and convert.
 */
import crypto from 'node:crypto';
import { UnionFind } from '../../lib/union-find.js';

export const SPLITS = ['train', 'validation', 'test'] as const;
export type Split = (typeof SPLITS)[number];

/** Split codes in SplitColumns results: the index into SPLITS, or NONE (excluded, or a dropped copy). */
export const NONE = 255;

export interface SplitItem {
  key: string;
  /** The item's family id (Item.family). */
  family: string;
  /** Values of the declared groupBy fields, spelled `field=value` (absent fields left out). */
  groupValues: readonly string[];
  derived: boolean;
  /** The stratify field's value (null when not stratifying or absent: one class of its own). */
  cls: string | null;
  /** Commit epoch the item first appeared in (smaller is older). */
  birth: number;
}

/**
 * The split's input as columns: item i of n, **in key order** (so a group's smallest key is its
 * smallest index). Families and groupBy values are numbers (any numbering); classes index
 * `classNames` (-1: none).
 */
export interface SplitColumns<B extends ArrayBufferLike = ArrayBufferLike> {
  n: number;
  /** Family number of each item (any integers, negative ones too: equal numbers, one family). */
  family: Int32Array<B>;
  /** groupBy value numbers of item i: values[valueStart[i] .. valueStart[i + 1]). */
  valueStart: Int32Array<B>;
  values: Int32Array<B>;
  derived: Uint8Array<B>;
  cls: Int32Array<B>;
  classNames: string[];
  birth: Int32Array<B>;
  /** orderHash(seed, key) of each item. */
  hash: Float64Array<B>;
}

export interface SplitTargets {
  /** Shares of originals per split (summing to 1) … */
  shares: Readonly<Record<Split, number>>;
  seed: number;
}

export interface SplitGroup {
  id: string;
  /** Index into the items of every member. */
  members: number[];
  originals: number;
  cls: string | null;
  birth: number;
}

export interface SplitResult {
  /** Split of each item (null: a copy dropped because its group is not in train). */
  splitOf: Array<Split | null>;
  groups: number;
  droppedCopies: number;
  /** Originals per class and split (the report prints the achieved shares). */
  perClass: Map<string, Record<Split, number>>;
}

export interface ColumnsResult {
  /** Split code of each item (SPLITS index, or NONE). */
  codes: Uint8Array;
  groups: number;
  droppedCopies: number;
  perClass: Array<[string, [number, number, number]]>;
}

/** The first 48 bits of SHA-256(seed, key), in [0, 2^48): the order groups are decided in. */
export function orderHash(seed: number, key: string): number {
  return parseInt(crypto.hash('sha256', `${seed}\u0000${key}`).slice(0, 12), 16);
}

/** Groups as compressed rows: group g's members (ascending) are members[start[g] .. start[g + 1]). */
interface Grouping {
  groupOf: Int32Array;
  start: Int32Array;
  members: Int32Array;
  count: number;
}

/** Families merged with every shared groupBy value, by union–find; a group's number follows its smallest index. */
function groupColumns(c: SplitColumns): Grouping {
  const uf = new UnionFind(c.n);
  const firstOf = new Map<number, number>();
  const link = (k: number, i: number) => {
    const j = firstOf.get(k);
    if (j === undefined) firstOf.set(k, i);
    else uf.union(i, j);
  };
  // families and values in one map: families as 2k, values as 2k + 1
  for (let i = 0; i < c.n; i++) {
    link(2 * c.family[i], i);
    for (let v = c.valueStart[i]; v < c.valueStart[i + 1]; v++) link(2 * c.values[v] + 1, i);
  }
  const groupOf = new Int32Array(c.n);
  const numberOfRoot = new Int32Array(c.n).fill(-1);
  let count = 0;
  // roots are the smallest index of their set, so groups are numbered by their smallest member
  for (let i = 0; i < c.n; i++) {
    const r = uf.find(i);
    if (numberOfRoot[r] < 0) numberOfRoot[r] = count++;
    groupOf[i] = numberOfRoot[r];
  }
  const start = new Int32Array(count + 1);
  for (let i = 0; i < c.n; i++) start[groupOf[i] + 1]++;
  for (let g = 0; g < count; g++) start[g + 1] += start[g];
  const fill = start.slice(0, count);
  const members = new Int32Array(c.n);
  for (let i = 0; i < c.n; i++) members[fill[groupOf[i]]++] = i;
  return { groupOf, start, members, count };
}

/** The most frequent class among some items' originals (ties: the smallest name; -1 when none). */
function majority(c: SplitColumns, members: ArrayLike<number>, from = 0, to = members.length): number {
  const counts = new Map<number, number>();
  for (let m = from; m < to; m++) {
    const i = members[m];
    if (!c.derived[i]) counts.set(c.cls[i], (counts.get(c.cls[i]) ?? 0) + 1);
  }
  let best = -1;
  let bestN = 0;
  const name = (k: number) => (k < 0 ? 'null' : c.classNames[k]);
  for (const [k, v] of counts) if (v > bestN || (v === bestN && name(k).localeCompare(name(best)) < 0)) [best, bestN] = [k, v];
  return best;
}

/** Assigns every group to a split (see the file comment). */
export function assignColumns(c: SplitColumns, shares: Readonly<Record<Split, number>>): ColumnsResult {
  const { groupOf, start, members, count } = groupColumns(c);
  // a group's members are ascending: its first is its smallest key, whose hash is the group's
  const first = (g: number) => members[start[g]];
  // Parts: the members of one group born in one epoch; ordered by (epoch, group, index).
  const order = new Int32Array(c.n);
  for (let i = 0; i < c.n; i++) order[i] = i;
  order.sort((a, b) => c.birth[a] - c.birth[b] || groupOf[a] - groupOf[b] || a - b);
  const perClass = new Map<number, [number, number, number]>();
  const countsOf = (k: number) => {
    let x = perClass.get(k);
    if (!x) perClass.set(k, (x = [0, 0, 0]));
    return x;
  };
  const codes = new Uint8Array(c.n).fill(NONE);
  const decidedSplit = new Int8Array(count).fill(-1);
  const decidedCls = new Int32Array(count);
  let droppedCopies = 0;
  const originalsIn = (from: number, to: number) => {
    let n = 0;
    for (let m = from; m < to; m++) if (!c.derived[order[m]]) n++;
    return n;
  };
  const place = (from: number, to: number, s: number) => {
    for (let m = from; m < to; m++) {
      const i = order[m];
      if (!c.derived[i] || s === 0) codes[i] = s;
      else droppedCopies++;
    }
  };
  // Epoch by epoch: members born in an epoch of a group decided earlier follow their group (and
  // count for the class it was decided as); groups born in the epoch are then decided, in hash
  // order, on their members of that epoch. Nothing born later can change an earlier decision.
  for (let e = 0; e < c.n; ) {
    let eEnd = e;
    while (eEnd < c.n && c.birth[order[eEnd]] === c.birth[order[e]]) eEnd++;
    const fresh: Array<{ g: number; from: number; to: number }> = [];
    for (let p = e; p < eEnd; ) {
      const g = groupOf[order[p]];
      let q = p;
      while (q < eEnd && groupOf[order[q]] === g) q++;
      if (decidedSplit[g] >= 0) {
        place(p, q, decidedSplit[g]);
        countsOf(decidedCls[g])[decidedSplit[g]] += originalsIn(p, q);
      } else fresh.push({ g, from: p, to: q });
      p = q;
    }
    fresh.sort((a, b) => c.hash[first(a.g)] - c.hash[first(b.g)] || first(a.g) - first(b.g));
    for (const { g, from, to } of fresh) {
      const cls = majority(c, order, from, to);
      const n = originalsIn(from, to);
      const counts = countsOf(cls);
      const best = pick(counts, n, c.hash[first(g)], shares);
      counts[best] += n;
      decidedSplit[g] = best;
      decidedCls[g] = cls;
      place(from, to, best);
    }
    e = eEnd;
  }
  return {
    codes,
    groups: count,
    droppedCopies,
    perClass: [...perClass.entries()].map(([k, v]) => [k < 0 ? '' : c.classNames[k], v] as [string, [number, number, number]]).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
  };
}

/**
 * Where a group of n originals goes, given its class's counts so far: the split furthest below its
 * share of the class once the group is added. A class's first group instead goes to a split drawn
 * by the group's hash in proportion to the shares, so that many one-group classes (every label
 * unique) still spread by the targets instead of all landing in train.
 */
function pick(counts: readonly number[], n: number, hash: number, shares: Readonly<Record<Split, number>>): number {
  const done = counts[0] + counts[1] + counts[2];
  const total = done + n;
  const deficit = (s: number) => (shares[SPLITS[s]] === 0 ? -Infinity : shares[SPLITS[s]] * total - counts[s]);
  let best = 0;
  for (let s = 1; s < 3; s++) if (deficit(s) > deficit(best) + 1e-9) best = s;
  if (n === 0 || done > 0) return best;
  const positive = [0, 1, 2].map((s) => Math.max(0, deficit(s)));
  const sum = positive[0] + positive[1] + positive[2];
  const u = (hash / 2 ** 48) * sum;
  let acc = 0;
  for (let s = 0; s < 3; s++) {
    acc += positive[s];
    if (u < acc) return s;
  }
  return best;
}

/** Interns strings as numbers 0, 1, … in order of first sight. */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.names.push(s) - 1;
      this.ids.set(s, i);
    }
    return i;
  }
}

/** SplitColumns of plain items (sorted by key first), and the permutation back to the caller's order. */
function toColumns(items: readonly SplitItem[], seed: number): { c: SplitColumns; byKey: Int32Array } {
  const n = items.length;
  const byKey = Int32Array.from(items.keys()).sort((a, b) => (items[a].key < items[b].key ? -1 : items[a].key > items[b].key ? 1 : 0));
  const families = new Interner();
  const values = new Interner();
  const classes = new Interner();
  const c: SplitColumns = {
    n,
    family: new Int32Array(n),
    valueStart: new Int32Array(n + 1),
    values: new Int32Array(items.reduce((a, it) => a + it.groupValues.length, 0)),
    derived: new Uint8Array(n),
    cls: new Int32Array(n),
    classNames: classes.names,
    birth: new Int32Array(n),
    hash: new Float64Array(n),
  };
  let v = 0;
  byKey.forEach((src, i) => {
    const it = items[src];
    c.family[i] = families.id(it.family);
    for (const g of it.groupValues) c.values[v++] = values.id(g);
    c.valueStart[i + 1] = v;
    c.derived[i] = it.derived ? 1 : 0;
    c.cls[i] = it.cls === null ? -1 : classes.id(it.cls);
    c.birth[i] = it.birth;
    c.hash[i] = orderHash(seed, it.key);
  });
  return { c, byKey };
}

/** Groups of plain items: families merged with every shared groupBy value (indexes into `items`). */
export function groupItems(items: readonly SplitItem[]): SplitGroup[] {
  const { c, byKey } = toColumns(items, 0);
  const g = groupColumns(c);
  const groups: SplitGroup[] = [];
  for (let k = 0; k < g.count; k++) {
    const local = g.members.subarray(g.start[k], g.start[k + 1]);
    const cls = majority(c, local);
    let birth = Infinity;
    let originals = 0;
    for (const i of local) {
      birth = Math.min(birth, c.birth[i]);
      if (!c.derived[i]) originals++;
    }
    groups.push({ id: items[byKey[local[0]]].key, members: [...local].map((i) => byKey[i]), originals, cls: cls < 0 ? null : c.classNames[cls], birth });
  }
  return groups;
}

/** Assigns plain items to splits (assignColumns on their columns; results in the caller's order). */
export function assignSplits(items: readonly SplitItem[], targets: SplitTargets): SplitResult {
  const { c, byKey } = toColumns(items, targets.seed);
  const r = assignColumns(c, targets.shares);
  const splitOf: Array<Split | null> = new Array(items.length).fill(null);
  byKey.forEach((src, i) => {
    if (r.codes[i] !== NONE) splitOf[src] = SPLITS[r.codes[i]];
  });
  return { splitOf, groups: r.groups, droppedCopies: r.droppedCopies, perClass: new Map(r.perClass.map(([k, v]) => [k, { train: v[0], validation: v[1], test: v[2] }])) };
}
