import type { BranchRow, TagRow, VersionRow } from '../../db/schema/index.js';

export type VersionModel = VersionRow;
export type BranchModel = BranchRow;
export type TagModel = TagRow;

/**
 * A layer of a ref's state, top (wins) to bottom: a branch's staging area, then the commits of
 * its lineage up to a seq, then the base lineage up to the seq it was branched at, and so on.
 */
export type Layer = { kind: 'staging'; branchId: number } | { kind: 'lineage'; lineageId: number; seq: number };

export type ResolvedRef =
  | { kind: 'branch'; ref: string; branch: BranchRow; layers: Layer[]; version: VersionRow | null }
  | { kind: 'version'; ref: string; version: VersionRow; layers: Layer[] };
