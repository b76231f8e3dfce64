import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';

export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  role: text('role', { enum: ['viewer', 'labeller', 'curator', 'admin'] }).notNull(),
  /** sha256 of the token; the token itself is shown once and never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  /** First characters of the token, to recognise it in listings. */
  prefix: text('prefix').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
});

/** Server-wide settings such as the secret that signs media URLs. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export type ApiTokenRow = typeof apiTokens.$inferSelect;
