import { sqliteTable, integer, text, real, blob, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { datasets } from './datasets.js';
import { itemRevisions } from './items.js';
import { media } from './media.js';

/**
 * The quality policy of a dataset, one row per change (version 1 is written with the dataset).
 * `policy` is the whole effective policy as JSON, so scores stay reproducible when code defaults change.
 */
export const qualityPolicies = sqliteTable(
  'quality_policies',
  {
    datasetId: integer('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    policy: text('policy').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version] })],
);

/** Policy-independent measurements of one blob (computed once per distinct media). */
export const mediaAnalysis = sqliteTable('media_analysis', {
  sha256: text('sha256').primaryKey().references(() => media.sha256),
  /** Version of the analyser that produced the row (a newer analyser re-analyses). */
  analyzer: integer('analyzer').notNull(),
  /** JSON object of raw measurements; `{"analysisError": ...}` when the analyser failed. */
  metrics: text('metrics').notNull(),
  /** Same pixels / same samples: equal keys are exact duplicates. */
  exactKey: text('exact_key'),
  /** 64-bit perceptual hash (images) or fingerprint (audio), 16 hex characters. */
  hash64: text('hash64'),
  createdAt: text('created_at').notNull(),
});

/** Policy-independent measurements of one item revision (media metrics merged with its text's). */
export const itemQuality = sqliteTable(
  'item_quality',
  {
    revisionId: integer('revision_id').primaryKey().references(() => itemRevisions.id, { onDelete: 'cascade' }),
    datasetId: integer('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
    metrics: text('metrics').notNull(),
    exactKey: text('exact_key'),
    /** Near-duplicate signature: 8 bytes (image pHash / audio fingerprint) or a 64×u32 MinHash. */
    nearSig: blob('near_sig', { mode: 'buffer' }),
    /** Normalised caption hash (image datasets): same caption on different images. */
    captionKey: text('caption_key'),
  },
  (t) => [index('item_quality_dataset').on(t.datasetId, t.revisionId)],
);

/** Flags and score of a revision under one policy version (re-scoring adds rows, never edits). */
export const itemScores = sqliteTable(
  'item_scores',
  {
    revisionId: integer('revision_id').notNull().references(() => itemQuality.revisionId, { onDelete: 'cascade' }),
    policyVersion: integer('policy_version').notNull(),
    score: real('score').notNull(),
    /** JSON array of the item's own flags (duplicate flags depend on the ref and are computed per read). */
    flags: text('flags').notNull(),
  },
  (t) => [primaryKey({ columns: [t.revisionId, t.policyVersion] })],
);

/**
 * A ref state's duplicate analysis, packed (duplicates-pack.ts, v8-serialised), kept for states
 * that cannot change: a commit read at one policy with one set of measurements (the state key
 * says all three). A fresh process (a CLI export, a restarted server) reads it back instead of
 * scanning the ref again.
 */
export const duplicateAnalyses = sqliteTable(
  'duplicate_analyses',
  {
    stateKey: text('state_key').primaryKey(),
    datasetId: integer('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
    packed: blob('packed', { mode: 'buffer' }).notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('duplicate_analyses_dataset').on(t.datasetId, t.createdAt)],
);

export type QualityPolicyRow = typeof qualityPolicies.$inferSelect;
export type MediaAnalysisRow = typeof mediaAnalysis.$inferSelect;
