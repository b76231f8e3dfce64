import { sqliteTable, integer, text, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { datasets } from './datasets.js';

/**
 * A dataset's coverage spec, one row per change (setCoverageSpec). `spec` is the whole effective
 * spec as JSON, so a version's coverage stays what it was when code defaults change. Version 0 is
 * never stored: it means the modality's defaults.
 */
export const coverageSpecs = sqliteTable(
  'coverage_specs',
  {
    datasetId: integer('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    spec: text('spec').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version] })],
);

/**
 * A stored augmentation plan (planAugmentation): the recipe proposed to fill a ref's coverage gaps,
 * which sources each chain is applied to, and the coverage expected afterwards. Immutable.
 */
export const augmentPlans = sqliteTable(
  'augment_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    datasetId: integer('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
    /** The ref planned at, and the version it resolved to (sources are read there). */
    ref: text('ref').notNull(),
    versionId: integer('version_id'),
    /** JSON: {axes, minPerCell, maxNewItems, specVersion} */
    request: text('request').notNull(),
    /** JSON array of chains ({ops, copies}) */
    recipe: text('recipe').notNull(),
    /** JSON array of {key, chain, fills: [cell values]} */
    sources: text('sources').notNull(),
    /** JSON: the coverage expected after the plan is applied (score, missing) */
    expected: text('expected').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('augment_plans_dataset').on(t.datasetId, t.id)],
);

export type CoverageSpecRow = typeof coverageSpecs.$inferSelect;
export type AugmentPlanRow = typeof augmentPlans.$inferSelect;
