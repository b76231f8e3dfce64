import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { datasets } from './datasets.js';

/**
 * An export: a version's items filtered, split and written in some formats under the export root.
 * The folder holds the data, `manifest.json` and `report.json`; the row keeps what the API lists.
 */
export const exports = sqliteTable(
  'exports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    datasetId: integer('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
    /** The commit exported (a branch ref is resolved to its head commit). */
    versionId: integer('version_id').notNull(),
    name: text('name'),
    /** The normalised spec (JSON). */
    spec: text('spec').notNull(),
    /** JSON array of ExportFormat names. */
    formats: text('formats').notNull(),
    /** RUNNING | SUCCEEDED | FAILED | CANCELLED */
    state: text('state').notNull(),
    /** JSON {train, validation, test} counts, once written. */
    splits: text('splits'),
    /** sha256 of manifest.json. */
    fingerprint: text('fingerprint'),
    /** Relative to the export root. */
    path: text('path').notNull(),
    jobId: integer('job_id'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('exports_dataset').on(t.datasetId, t.id)],
);

export type ExportRow = typeof exports.$inferSelect;
