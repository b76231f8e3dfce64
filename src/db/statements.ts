import type Database from 'better-sqlite3';
import { Lru } from '../lib/lru.js';
import type { Db } from './connection.js';

/**
 * A per-connection cache of prepared statements for repositories whose SQL is built at run time
 * (layered reads) or sits on hot paths (bulk import), where drizzle's builder would add overhead.
 */
export class StatementCache {
  /** Filters give each query one of many shapes: keep the most recently used, not all of them. */
  static readonly MAX = 500;
  private readonly cache = new Lru<string, Database.Statement>(StatementCache.MAX);
  constructor(readonly client: Database.Database) {}
  static of(db: Db): StatementCache {
    return new StatementCache(db.$client);
  }
  get(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.client.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
}
