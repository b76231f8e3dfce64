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
 */
import crypto from 'node:crypto';
import { UnionFind } from '../../lib/union-find.js';

export const SPLITS = ['train', 'validation', 'test'] as const;
export type Split = (typeof SPLITS)[number];

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

/** Groups of items: families merged with every shared groupBy value. */
export function groupItems(items: readonly SplitItem[]): SplitGroup[] {
  const uf = new UnionFind(items.length);
  const first = new Map<string, number>();
  const link = (k: string, i: number) => {
    const j = first.get(k);
    if (j === undefined) first.set(k, i);
    else uf.union(i, j);
  };
  items.forEach((it, i) => {
    link(`family\u0000${it.family}`, i);
    for (const g of it.groupValues) link(`group\u0000${g}`, i);
  });
  const byRoot = new Map<number, number[]>();
  items.forEach((_, i) => {
    const r = uf.find(i);
    let list = byRoot.get(r);
    if (!list) byRoot.set(r, (list = []));
    list.push(i);
  });
  const groups: SplitGroup[] = [];
  for (const members of byRoot.values()) {
    let id = items[members[0]].key;
    let birth = Infinity;
    let originals = 0;
    for (const i of members) {
      const it = items[i];
      if (it.key < id) id = it.key;
      birth = Math.min(birth, it.birth);
      if (!it.derived) originals++;
    }
    // A group of several classes counts for its most frequent one.
    const cls = majority(items, members);
    groups.push({ id, members, originals, cls, birth });
  }
  return groups;
}

function hashOrder(seed: number, id: string): string {
  return crypto.hash('sha256', `${seed}\u0000${id}`);
}

/** The most frequent class among some items' originals (ties: the smallest name). */
function majority(items: readonly SplitItem[], members: readonly number[]): string | null {
  const classes = new Map<string | null, number>();
  for (const i of members) if (!items[i].derived) classes.set(items[i].cls, (classes.get(items[i].cls) ?? 0) + 1);
  return [...classes.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))[0]?.[0] ?? null;
}

/** Assigns every group to a split (see the file comment). */
export function assignSplits(items: readonly SplitItem[], targets: SplitTargets): SplitResult {
  const groups = groupItems(items);
  const perClass = new Map<string, Record<Split, number>>();
  const countsOf = (cls: string | null) => {
    const k = cls ?? '';
    let c = perClass.get(k);
    if (!c) perClass.set(k, (c = { train: 0, validation: 0, test: 0 }));
    return c;
  };
  const splitOf: Array<Split | null> = new Array(items.length).fill(null);
  let droppedCopies = 0;
  const place = (members: readonly number[], s: Split) => {
    for (const i of members) {
      if (!items[i].derived) splitOf[i] = s;
      else if (s === 'train') splitOf[i] = 'train';
      else droppedCopies++;
    }
  };
  // Epoch by epoch: members born in an epoch of a group decided earlier follow their group (and
  // count for the class it was decided as); groups born in the epoch are then decided, in hash
  // order, on their members of that epoch. Nothing born later can change an earlier decision.
  const byEpoch = new Map<number, Array<{ g: SplitGroup; members: number[] }>>();
  for (const g of groups) {
    const parts = new Map<number, number[]>();
    for (const i of g.members) {
      const b = items[i].birth;
      let list = parts.get(b);
      if (!list) parts.set(b, (list = []));
      list.push(i);
    }
    for (const [b, members] of parts) {
      let list = byEpoch.get(b);
      if (!list) byEpoch.set(b, (list = []));
      list.push({ g, members });
    }
  }
  const decided = new Map<SplitGroup, { split: Split; cls: string | null }>();
  for (const epoch of [...byEpoch.keys()].sort((a, b) => a - b)) {
    const parts = byEpoch.get(epoch)!;
    for (const { g, members } of parts) {
      const d = decided.get(g);
      if (!d) continue;
      place(members, d.split);
      countsOf(d.cls)[d.split] += members.filter((i) => !items[i].derived).length;
    }
    const fresh = parts
      .filter(({ g }) => !decided.has(g))
      .map((p) => ({ ...p, h: hashOrder(targets.seed, p.g.id) }))
      .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
    for (const { g, members, h } of fresh) {
      const cls = majority(items, members);
      const n = members.filter((i) => !items[i].derived).length;
      const counts = countsOf(cls);
      const best = pick(counts, n, h, targets.shares);
      counts[best] += n;
      decided.set(g, { split: best, cls });
      place(members, best);
    }
  }
  return { splitOf, groups: groups.length, droppedCopies, perClass };
}

/**
 * Where a group of n originals goes, given its class's counts so far: the split furthest below its
 * share of the class once the group is added. A class's first group instead goes to a split drawn
 * by the group's hash in proportion to the shares, so that many one-group classes (every label
 * unique) still spread by the targets instead of all landing in train.
 */
function pick(counts: Record<Split, number>, n: number, h: string, shares: Readonly<Record<Split, number>>): Split {
  const total = counts.train + counts.validation + counts.test + n;
  const deficit = (s: Split) => (shares[s] === 0 ? -Infinity : shares[s] * total - counts[s]);
  let best: Split = 'train';
  for (const s of SPLITS) if (deficit(s) > deficit(best) + 1e-9) best = s;
  if (n === 0 || counts.train + counts.validation + counts.test > 0) return best;
  const positive = SPLITS.map((s) => Math.max(0, deficit(s)));
  const sum = positive.reduce((a, b) => a + b, 0);
  const u = (parseInt(h.slice(0, 12), 16) / 2 ** 48) * sum;
  let acc = 0;
  for (let i = 0; i < SPLITS.length; i++) {
    acc += positive[i];
    if (u < acc) return SPLITS[i];
  }
  return best;
}
