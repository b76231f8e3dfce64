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
import type { CoverageService } from '../coverage/index.js';
import type { QualityService } from '../quality/index.js';
import type { ResolvedRef } from '../versions/index.js';

export interface FamilyModel {
  id: string;
  size: number;
  derivedCount: number;
  keys: string[];
}

export interface FamilyIndex {
  /** Family id of each key at the ref. */
  familyOf: ReadonlyMap<string, string>;
  /** Families by id. */
  families: FamilyModel[];
}

class UnionFind {
  private readonly parent: number[] = [];
  private readonly index = new Map<string, number>();
  readonly names: string[] = [];

  id(key: string): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.parent.length;
      this.parent.push(i);
      this.names.push(key);
      this.index.set(key, i);
    }
    return i;
  }

  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }

  union(a: number, b: number): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Builds the family index of a ref (one scan of its items and its duplicate clusters). */
export async function buildFamilies(dataset: DatasetRow, resolved: ResolvedRef, coverage: CoverageService, quality: QualityService): Promise<FamilyIndex> {
  const uf = new UnionFind();
  const present = new Set<number>();
  const derived = new Set<number>();
  await coverage.scan(resolved, (item) => {
    const i = uf.id(item.key);
    present.add(i);
    if (item.derivation) {
      derived.add(i);
      uf.union(i, uf.id(item.derivation.from.key));
    }
  });
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
  for (const list of members.values()) {
    const keys = list.map((i) => uf.names[i]).sort();
    const id = keys[0];
    for (const k of keys) familyOf.set(k, id);
    families.push({ id, size: keys.length, derivedCount: list.filter((i) => derived.has(i)).length, keys });
  }
  families.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { familyOf, families };
}
