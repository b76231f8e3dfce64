import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenDbOptions {
  /** Called with every SQL statement executed (tests count statements with it). */
  onStatement?: (sql: string) => void;
  /** Apply the drizzle/ migrations (default true). */
  migrate?: boolean;
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/**
 * Opens the SQLite database with the pragmas the store relies on: WAL (readers never block the
 * writer and a commit is atomic for readers), foreign keys, a busy timeout so that the CLI and the
 * server can write to one file, and synchronous=FULL so an acknowledged commit survives a crash.
 */
export function openDb(file: string, opts: OpenDbOptions = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const client = new Database(file, opts.onStatement ? { verbose: (s) => opts.onStatement!(String(s)) } : {});
  client.pragma('journal_mode = WAL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 10000');
  client.pragma('synchronous = FULL');
  client.pragma('cache_size = -16384');
  client.pragma('temp_store = MEMORY');
  const db = drizzle(client, { schema }) as Db;
  if (opts.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}

/** Runs fn inside a BEGIN IMMEDIATE transaction. fn must be synchronous (no await inside). */
export function tx<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/**
 * Runs fn (synchronous, so nothing else can use the connection meanwhile) with
 * synchronous=NORMAL: its commit reaches the WAL without an fsync of its own, and the next FULL
 * commit on this connection makes it durable along with everything before it. For bulk writers
 * that acknowledge their work only after such a later commit (an import job's final state).
 * A crash of the process (kill -9) loses nothing either way; only a power cut could.
 */
export function withDeferredSync<T>(db: Db, fn: () => T): T {
  db.$client.pragma('synchronous = NORMAL');
  try {
    return fn();
  } finally {
    db.$client.pragma('synchronous = FULL');
  }
}
