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

/** A revision row as stored (JSON columns still as text). */
export interface RevisionRow {
  id: number;
  dataset_id: number;
  key: string;
  op: 'ADDED' | 'MODIFIED' | 'REMOVED';
  deleted: number;
  prompt: string | null;
  response: string | null;
  media_sha256: string | null;
  caption: string | null;
  transcript: string | null;
  labels: string;
  attributes: string;
  status: 'UNLABELED' | 'LABELED' | 'REVIEWED' | 'REJECTED';
  content_hash: string;
  prev_revision_id: number | null;
  changed_fields: string;
  branch_name: string;
  created_at: string;
  created_by: string;
}

/** A revision to write; `job_id` names the import job writing it (its undo needs it). */
export type NewRevision = Omit<RevisionRow, 'id'> & { job_id?: number | null };

export interface StagingRow {
  key: string;
  revision_id: number;
  deleted: number;
  content_hash: string;
}

/** Filter conditions on the winning revision, already validated by the service. */
export interface RevisionFilter {
  status?: readonly string[];
  labels?: readonly string[];
  /** [json path, canonical JSON of the wanted value] */
  attributes?: ReadonlyArray<readonly [string, string]>;
  keyPrefix?: string;
  /**
   * Conditions another module supplies as SQL (quality: score ranges and flags). They may name the
   * winning revision as `r` and its key as `X.key`.
   */
  extra?: readonly SqlCondition[];
}

export type SqlParam = string | number | null;

/** A boolean SQL expression and its positional parameters. */
export interface SqlCondition {
  sql: string;
  params: SqlParam[];
}
