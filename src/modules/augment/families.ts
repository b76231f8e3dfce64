/**
 * Families: an item, everything derived from it (transitively) and its exact- and near-duplicate
 * clusters, merged by union–find over both. A family's id is its smallest member key, so it is
 * stable at a ref and the same at any ref where the family has the same members. The export's
 * leakage guard keeps a family on one side of a split.
 *
 * A derived copy whose source is no longer at the ref still joins its siblings: the source key
 * is a member of the union–find (not of the family it reports).
 */
import type { DatasetRow } from '../../db/schema/index.js';
import { UnionFind } from '../../lib/union-find.js';
import { yieldToLoop } from '../../lib/yield.js';
import type { QualityService } from '../quality/index.js';
import type { ResolvedRef, VersionsService } from '../versions/index.js';

/** Keys read per page of the lineage scan (keys and sources only: cheap rows). */
const LINEAGE_PAGE = 5000;

export interface FamilyModel {
  id: string;
  size: number;
  derivedCount: number;
  keys: string[];
}

/**
 * Most items of most datasets are alone in their family, so the index keeps those as a sorted key
 * list (a few bytes each) and only the families of two or more as objects and map entries: at 117k
 * WordNet pairs it was ~200 bytes an item when every singleton had its own.
 */
export interface FamilyIndex {
  /** Family id of each key at the ref that shares its family (a key absent here is its own family). */
  familyOf: ReadonlyMap<string, string>;
  /** Families of two or more members, by id. */
  families: FamilyModel[];
  /** Keys alone in their family, sorted, and whether each is a derived copy (its source not at the ref). */
  singletons: string[];
  singletonDerived: Uint8Array;
}

/** Families with at least `min` members, in id order: the listed families merged with the singletons when min ≤ 1. */
export function familiesFrom(index: FamilyIndex, min: number, afterId: string, limit: number): { nodes: FamilyModel[]; hasNextPage: boolean; total: number } {
  const multi = index.families.filter((f) => f.size >= min);
  const lower = <T>(xs: readonly T[], id: (x: T) => string) => {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (id(xs[mid]) <= afterId) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let a = afterId ? lower(multi, (f) => f.id) : 0;
  if (min > 1) return { nodes: multi.slice(a, a + limit), hasNextPage: a + limit < multi.length, total: multi.length };
  const keys = index.singletons;
  let b = afterId ? lower(keys, (k) => k) : 0;
  const nodes: FamilyModel[] = [];
  while (nodes.length < limit && (a < multi.length || b < keys.length)) {
    if (b >= keys.length || (a < multi.length && multi[a].id < keys[b])) nodes.push(multi[a++]);
    else {
      nodes.push({ id: keys[b], size: 1, derivedCount: index.singletonDerived[b], keys: [keys[b]] });
      b++;
    }
  }
  return { nodes, hasNextPage: a < multi.length || b < keys.length, total: multi.length + keys.length };
}

/** Union–find over keys (each key gets an index on first sight). */
class KeyUnion extends UnionFind {
  private readonly index = new Map<string, number>();
  readonly names: string[] = [];

  id(key: string): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.add();
      this.names.push(key);
      this.index.set(key, i);
    }
    return i;
  }
}

/** Builds the family index of a ref (one scan of its items and its duplicate clusters). */
export async function buildFamilies(dataset: DatasetRow, resolved: ResolvedRef, versions: VersionsService, quality: QualityService): Promise<FamilyIndex> {
  const uf = new KeyUnion();
  const present = new Set<number>();
  const derived = new Set<number>();
  for (let after = ''; ; ) {
    const page = versions.lineagePage(resolved, after, LINEAGE_PAGE);
    for (const item of page) {
      const i = uf.id(item.key);
      present.add(i);
      if (item.from !== null) {
        derived.add(i);
        uf.union(i, uf.id(item.from));
      }
    }
    if (page.length < LINEAGE_PAGE) break;
    after = page[page.length - 1].key;
    await yieldToLoop();
  }
  for (const keys of await quality.duplicateGroups(dataset, resolved)) {
    const first = uf.id(keys[0]);
    for (const k of keys.slice(1)) uf.union(first, uf.id(k));
  }
  const members = new Map<number, number[]>();
  for (const i of present) {
    const r = uf.find(i);
    let list = members.get(r);
    if (!list) members.set(r, (list = []));
    list.push(i);
  }
  const familyOf = new Map<string, string>();
  const families: FamilyModel[] = [];
  const singles: number[] = [];
  for (const list of members.values()) {
    if (list.length === 1) {
      singles.push(list[0]);
      continue;
    }
    const keys = list.map((i) => uf.names[i]).sort();
    const id = keys[0];
    for (const k of keys) familyOf.set(k, id);
    families.push({ id, size: keys.length, derivedCount: list.filter((i) => derived.has(i)).length, keys });
  }
  families.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  singles.sort((a, b) => (uf.names[a] < uf.names[b] ? -1 : 1));
  return { familyOf, families, singletons: singles.map((i) => uf.names[i]), singletonDerived: Uint8Array.from(singles, (i) => (derived.has(i) ? 1 : 0)) };
}
