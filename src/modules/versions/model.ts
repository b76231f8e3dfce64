import type { BranchRow, ItemRevisionRow, TagRow, VersionRow } from '../../db/schema/index.js';

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

type R = ItemRevisionRow;

/**
 * A revision row as the raw layered-read SQL returns it: drizzle's ItemRevisionRow under its SQL
 * column names (snake_case, JSON columns still text, booleans as 0/1). Hot reads of 100k rows
 * skip a per-row mapping step, so the row keeps the names the statement returns.
 */
export interface RevisionRow {
  id: R['id'];
  dataset_id: R['datasetId'];
  key: R['key'];
  op: R['op'];
  deleted: number;
  prompt: R['prompt'];
  response: R['response'];
  media_sha256: R['mediaSha256'];
  caption: R['caption'];
  transcript: R['transcript'];
  labels: R['labels'];
  attributes: R['attributes'];
  status: R['status'];
  content_hash: R['contentHash'];
  prev_revision_id: R['prevRevisionId'];
  changed_fields: R['changedFields'];
  branch_name: R['branchName'];
  created_at: R['createdAt'];
  created_by: R['createdBy'];
  /** JSON of the item's Derivation (augmented items), else null. */
  derivation: R['derivation'];
}

/** A revision to write; `job_id` names the import job writing it (its undo needs it). */
export type NewRevision = Omit<RevisionRow, 'id'> & { job_id?: R['jobId'] };

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
  /** true: only derived (augmented) items; false: only originals. */
  derived?: boolean;
  /** Only items derived from this source key. */
  derivedFrom?: string;
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
