import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { datasets } from './datasets.js';

export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    state: text('state', { enum: ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] }).notNull(),
    datasetId: integer('dataset_id').references(() => datasets.id, { onDelete: 'cascade' }),
    /** JSON of the job's input. */
    params: text('params').notNull(),
    total: integer('total'),
    processed: integer('processed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** JSON result once finished. */
    result: text('result'),
    /** Why a FAILED job failed (a message safe to show). */
    error: text('error'),
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    /**
     * The process that runs the job (`host:pid`): a job whose process is gone is interrupted, and
     * is recovered by whichever process notices first (a server start, the next import).
     */
    owner: text('owner'),
    /** item_revisions.id when the job started: later revisions of a key it writes are someone else's. */
    revisionMark: integer('revision_mark'),
  },
  (t) => [index('jobs_state').on(t.state)],
);

export const jobErrors = sqliteTable(
  'job_errors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id').notNull().references(() => jobs.id, { onDelete: 'cascade' }),
    row: integer('row'),
    file: text('file'),
    code: text('code').notNull(),
    message: text('message').notNull(),
  },
  (t) => [index('job_errors_job').on(t.jobId, t.id)],
);

export type JobRow = typeof jobs.$inferSelect;
export type JobErrorRow = typeof jobErrors.$inferSelect;
