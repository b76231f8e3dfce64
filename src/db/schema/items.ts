import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { datasets } from './datasets.js';
import { media } from './media.js';

/** The labelling states of an item: the one list (the API's LabelStatus enum spells the same). */
export const LABEL_STATUSES = ['UNLABELED', 'LABELED', 'REVIEWED', 'REJECTED'] as const;
export type LabelStatus = (typeof LABEL_STATUSES)[number];

/**
 * Immutable item revisions. Every add, edit or removal (a tombstone, deleted = 1) writes one row;
 * versions and branches only point at revisions, so an old version's items never change.
 * The rows double as the item's change history (who, when, which fields, on which branch).
 */
export const itemRevisions = sqliteTable(
  'item_revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    datasetId: integer('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** ADDED | MODIFIED | REMOVED relative to the branch state it was written on. */
    op: text('op', { enum: ['ADDED', 'MODIFIED', 'REMOVED'] }).notNull(),
    deleted: integer('deleted', { mode: 'boolean' }).notNull().default(false),
    prompt: text('prompt'),
    response: text('response'),
    mediaSha256: text('media_sha256').references(() => media.sha256),
    caption: text('caption'),
    transcript: text('transcript'),
    /** JSON array of strings, sorted and de-duplicated. */
    labels: text('labels').notNull().default('[]'),
    /** JSON object with sorted keys (canonical form). */
    attributes: text('attributes').notNull().default('{}'),
    status: text('status', { enum: LABEL_STATUSES }).notNull().default('UNLABELED'),
    /** sha256 over the canonical content (key included); equal content => equal hash. */
    contentHash: text('content_hash').notNull(),
    prevRevisionId: integer('prev_revision_id'),
    /** JSON array of field names that differ from prevRevisionId. */
    changedFields: text('changed_fields').notNull().default('[]'),
    branchName: text('branch_name').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    /** The import job that wrote this revision (null for edits): an unfinished import is undone by it. */
    jobId: integer('job_id'),
    /** JSON lineage of an augmented item (source, chain, copy, resolved ops, seed); null for originals. */
    derivation: text('derivation'),
  },
  (t) => [index('item_revisions_history').on(t.datasetId, t.key, t.id)],
);

export type ItemRevisionRow = typeof itemRevisions.$inferSelect;
