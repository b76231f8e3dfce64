import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { exports } from './exports.js';

/**
 * A training run launched through the API (`trainExport`): the trainer module run in a child
 * process on an export's folder. The run's folder holds the model, metrics.json and the curves;
 * the row keeps what Export.trainingRuns lists.
 */
export const trainingRuns = sqliteTable(
  'training_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    exportId: integer('export_id').notNull().references(() => exports.id, { onDelete: 'cascade' }),
    task: text('task').notNull(),
    /** The checked options (JSON). */
    options: text('options').notNull(),
    /** RUNNING | SUCCEEDED | FAILED | CANCELLED */
    state: text('state').notNull(),
    backend: text('backend'),
    /** metrics.json of a finished run. */
    metrics: text('metrics'),
    /** Absolute folder of the run. */
    out: text('out').notNull(),
    jobId: integer('job_id'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('training_runs_export').on(t.exportId, t.id)],
);

export type TrainingRunRow = typeof trainingRuns.$inferSelect;
