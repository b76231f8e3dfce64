/** SQL for the `media` table. Nothing else in the media module talks to the database. */
import { eq, sql } from 'drizzle-orm';
import { tx, type Db } from '../../db/connection.js';
import { media, type MediaRow } from '../../db/schema/media.js';

export type NewMediaRow = typeof media.$inferInsert;

export class MediaRepository {
  constructor(private readonly db: Db) {}

  get(sha256: string): MediaRow | null {
    return this.db.select().from(media).where(eq(media.sha256, sha256)).get() ?? null;
  }

  /**
   * The rows for `shas`, in no particular order, missing ones left out. ONE statement whatever the
   * number of keys (it backs a DataLoader): the keys travel as a single JSON array parameter, so
   * SQLite's bound-variable limit never applies.
   */
  getMany(shas: readonly string[]): MediaRow[] {
    if (shas.length === 0) return [];
    return this.db
      .select()
      .from(media)
      .where(sql`${media.sha256} IN (SELECT value FROM json_each(${JSON.stringify(shas)}))`)
      .all();
  }

  /**
   * Inserts `row` unless a row with its sha256 exists already. Returns the stored row (the new one,
   * or the one that was there) and whether this call created it.
   */
  insertIfAbsent(row: NewMediaRow): { row: MediaRow; created: boolean } {
    return tx(this.db, () => {
      const result = this.db.insert(media).values(row).onConflictDoNothing({ target: media.sha256 }).run();
      const stored = this.get(row.sha256);
      if (!stored) throw new Error(`media row ${row.sha256} vanished during insert`);
      return { row: stored, created: result.changes > 0 };
    });
  }
}
