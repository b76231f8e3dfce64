import type { Chain } from './chains.js';

/** What an augment job runs with (validated before the job is created; stored as its params). */
export interface AugmentParams {
  datasetId: number;
  branch: string;
  /** The ref sources are read at. */
  from: string;
  filter: Record<string, unknown> | null;
  recipe: Chain[];
  seed: number;
  /** A stored plan: its id, and which chains each of its sources gets. */
  plan: { id: number; sources: Array<{ key: string; chains: number[] }> } | null;
}

export interface FlaggedCopy {
  key: string;
  flags: string[];
  /** Flags the copy's ops are expected to cause (a darkened copy that is DARK). */
  intended: string[];
  /** The others: worth a look. */
  unexpected: string[];
}

/** Job.result of an augment job. */
export interface AugmentResult {
  branch: string;
  from: string;
  seed: number;
  plan: string | null;
  sources: number;
  /** Derived items written new, updated (a re-run with other values), or already identical. */
  created: number;
  updated: number;
  unchanged: number;
  /** Keys that hold an original item (never overwritten), and copies that could not be made. */
  refused: number;
  failed: number;
  /** Derived items whose quality came out flagged (own flags; duplicate flags depend on the ref). */
  flaggedCount: number;
  intendedCount: number;
  unexpectedCount: number;
  /** The first 100 flagged copies. */
  flagged: FlaggedCopy[];
  /** Wall time of making and writing the copies, and of scoring them afterwards. */
  seconds: { copies: number; scoring: number };
}

/** A stored plan as the API sees it. */
export interface AugmentPlanModel {
  id: number;
  datasetId: number;
  ref: string;
  versionId: number | null;
  axes: string[];
  minPerCell: number;
  maxNewItems: number;
  specVersion: number;
  recipe: Chain[];
  sources: Array<{ key: string; chain: number; fills: string[] }>;
  expected: { scoreBefore: number; score: number; missingBefore: number; missing: Array<{ values: string[]; count: number }>; newItems: number };
  unfillable: Array<{ values: string[]; count: number }>;
  notes: string[];
  createdAt: string;
  createdBy: string;
}
