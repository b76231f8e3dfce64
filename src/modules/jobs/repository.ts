import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { jobErrors, jobs, type JobErrorRow, type JobRow } from '../../db/schema/index.js';

export class JobsRepository {
  constructor(private readonly db: Db) {}

  insert(row: Omit<JobRow, 'id'>): JobRow {
    return this.db.insert(jobs).values(row).returning().get();
  }

  get(id: number): JobRow | undefined {
    return this.db.select().from(jobs).where(eq(jobs.id, id)).get();
  }

  update(id: number, patch: Partial<Omit<JobRow, 'id'>>): void {
    this.db.update(jobs).set(patch).where(eq(jobs.id, id)).run();
  }

  unfinished(): JobRow[] {
    return this.db.select().from(jobs).where(inArray(jobs.state, ['QUEUED', 'RUNNING'])).orderBy(asc(jobs.id)).all();
  }

  /** Marks the given jobs FAILED if they are still unfinished; returns those it marked. */
  failUnfinished(ids: readonly number[], message: string, at: string): JobRow[] {
    if (ids.length === 0) return [];
    return this.db
      .update(jobs)
      .set({ state: 'FAILED', error: message, finishedAt: at })
      .where(and(inArray(jobs.state, ['QUEUED', 'RUNNING']), inArray(jobs.id, [...ids])))
      .returning()
      .all();
  }

  insertErrors(rows: ReadonlyArray<Omit<JobErrorRow, 'id'>>): void {
    if (rows.length) this.db.insert(jobErrors).values([...rows]).run();
  }

  errors(jobId: number, limit: number): JobErrorRow[] {
    return this.db.select().from(jobErrors).where(and(eq(jobErrors.jobId, jobId))).orderBy(asc(jobErrors.id)).limit(limit).all();
  }
}
