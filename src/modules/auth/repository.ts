import { asc, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { apiTokens, settings, type ApiTokenRow } from '../../db/schema/index.js';

export class AuthRepository {
  constructor(private readonly db: Db) {}

  insertToken(row: Omit<ApiTokenRow, 'id'>): ApiTokenRow {
    return this.db.insert(apiTokens).values(row).returning().get();
  }

  byHash(tokenHash: string): ApiTokenRow | undefined {
    return this.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).get();
  }

  byId(id: number): ApiTokenRow | undefined {
    return this.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
  }

  list(): ApiTokenRow[] {
    return this.db.select().from(apiTokens).orderBy(asc(apiTokens.id)).all();
  }

  activeCount(): number {
    return this.db.select({ n: count() }).from(apiTokens).where(isNull(apiTokens.revokedAt)).get()!.n;
  }

  anyToken(): boolean {
    return this.db.select({ n: count() }).from(apiTokens).get()!.n > 0;
  }

  touch(id: number, at: string): void {
    this.db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run();
  }

  revoke(id: number, at: string): ApiTokenRow | undefined {
    return this.db.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, id)).returning().get();
  }

  getSetting(key: string): string | undefined {
    return this.db.select().from(settings).where(eq(settings.key, key)).get()?.value;
  }

  /** Inserts the value unless the key exists; returns the stored value either way. */
  ensureSetting(key: string, value: string): string {
    this.db.insert(settings).values({ key, value }).onConflictDoNothing().run();
    return this.getSetting(key)!;
  }
}
