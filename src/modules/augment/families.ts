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
export async function buildFamilies(dataset: DatasetRow, resolved: ResolvedRef, coverage: CoverageService, quality: QualityService): Promise<FamilyIndex> {
  const uf = new KeyUnion();
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
