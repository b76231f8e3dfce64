import { sqliteTable, integer, text, blob, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { datasets } from './datasets.js';
import { itemRevisions } from './items.js';

/**
 * A lineage is the linear run of commits made on one branch. A branch created from version
 * (L, s) gets a new lineage whose base is (L, s): nothing is copied. See docs/versioning.md.
 */
export const lineages = sqliteTable('lineages', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  datasetId: integer('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
  baseLineageId: integer('base_lineage_id'),
  baseSeq: integer('base_seq'),
});

export const versions = sqliteTable(
  'versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    datasetId: integer('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
    lineageId: integer('lineage_id').notNull().references(() => lineages.id),
    seq: integer('seq').notNull(),
    parentId: integer('parent_id'),
    /** Number of versions from the first commit to this one (1 for a root commit). */
    depth: integer('depth').notNull(),
    hash: text('hash').notNull(),
    /** LtHash16 state (2048 bytes): a homomorphic digest of the item set, updated in O(changes). */
    digest: blob('digest', { mode: 'buffer' }).notNull(),
    message: text('message').notNull(),
    author: text('author').notNull(),
    createdAt: text('created_at').notNull(),
    itemCount: integer('item_count').notNull(),
    changeCount: integer('change_count').notNull(),
    /** The dataset's quality policy version when this was committed: reads of it use those scores. */
    policyVersion: integer('policy_version').notNull().default(1),
    /** The dataset's coverage spec version when this was committed (0: the defaults). */
    coverageSpecVersion: integer('coverage_spec_version').notNull().default(0),
  },
  (t) => [uniqueIndex('versions_lineage_seq').on(t.lineageId, t.seq), index('versions_dataset_hash').on(t.datasetId, t.hash)],
);

/**
 * Per-commit change sets with validity intervals: revision `revisionId` is the state of `key` in
 * lineage `lineageId` for seq in [fromSeq, toSeq) (toSeq null = still current).
 */
export const lineageEntries = sqliteTable(
  'lineage_entries',
  {
    lineageId: integer('lineage_id').notNull().references(() => lineages.id),
    key: text('key').notNull(),
    fromSeq: integer('from_seq').notNull(),
    toSeq: integer('to_seq'),
    revisionId: integer('revision_id').notNull().references(() => itemRevisions.id),
  },
  (t) => [primaryKey({ columns: [t.lineageId, t.key, t.fromSeq] }), index('lineage_entries_changes').on(t.lineageId, t.fromSeq)],
);

export const branches = sqliteTable(
  'branches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    datasetId: integer('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    lineageId: integer('lineage_id').notNull().references(() => lineages.id),
    /** Seq of the head commit within the lineage (the base seq before the first commit on it). */
    headSeq: integer('head_seq').notNull(),
    headVersionId: integer('head_version_id'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [uniqueIndex('branches_dataset_name').on(t.datasetId, t.name)],
);

/** The staging area: uncommitted changes of a branch, one row per key (latest revision wins). */
export const branchChanges = sqliteTable(
  'branch_changes',
  {
    branchId: integer('branch_id').notNull().references(() => branches.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    revisionId: integer('revision_id').notNull().references(() => itemRevisions.id),
    /** +1 adds an item relative to the head commit, -1 removes one, 0 modifies one. */
    countDelta: integer('count_delta').notNull(),
  },
  (t) => [primaryKey({ columns: [t.branchId, t.key] })],
);

export const tags = sqliteTable(
  'tags',
  {
    datasetId: integer('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    versionId: integer('version_id').notNull().references(() => versions.id),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.name] }), index('tags_version').on(t.versionId)],
);

export type LineageRow = typeof lineages.$inferSelect;
export type VersionRow = typeof versions.$inferSelect;
export type BranchRow = typeof branches.$inferSelect;
export type TagRow = typeof tags.$inferSelect;
