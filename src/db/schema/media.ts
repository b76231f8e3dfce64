import { sqliteTable, integer, text, real } from 'drizzle-orm/sqlite-core';

/** One row per distinct blob (content addressed): the bytes live in the blob store under sha256. */
export const media = sqliteTable('media', {
  sha256: text('sha256').primaryKey(),
  kind: text('kind', { enum: ['image', 'audio'] }).notNull(),
  mimeType: text('mime_type').notNull(),
  byteSize: integer('byte_size').notNull(),
  width: integer('width'),
  height: integer('height'),
  sampleRate: integer('sample_rate'),
  channels: integer('channels'),
  bitsPerSample: integer('bits_per_sample'),
  durationSeconds: real('duration_seconds'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
});

export type MediaRow = typeof media.$inferSelect;
