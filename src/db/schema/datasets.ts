import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';

export const datasets = sqliteTable('datasets', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  modality: text('modality', { enum: ['TEXT_PAIR', 'IMAGE_CAPTION', 'AUDIO_TRANSCRIPT'] }).notNull(),
  description: text('description'),
  /** The lineage that `main` starts on (every other lineage descends from it). */
  rootLineageId: integer('root_lineage_id'),
  /** The quality policy in force (quality_policies.version); each change adds a policy row. */
  policyVersion: integer('policy_version').notNull().default(1),
  /** The coverage spec in force (coverage_specs.version); 0: the modality's defaults, never changed. */
  coverageSpecVersion: integer('coverage_spec_version').notNull().default(0),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
});

export type DatasetRow = typeof datasets.$inferSelect;
