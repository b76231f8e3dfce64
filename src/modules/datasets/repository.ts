import { asc, count, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { datasets, type DatasetRow } from '../../db/schema/index.js';

export class DatasetsRepository {
  constructor(private readonly db: Db) {}

  insert(row: Omit<DatasetRow, 'id'>): number {
    return this.db.insert(datasets).values(row).returning({ id: datasets.id }).get().id;
  }

  policyVersion(id: number): number {
    return this.db.select({ v: datasets.policyVersion }).from(datasets).where(eq(datasets.id, id)).get()?.v ?? 1;
  }

  setPolicyVersion(id: number, version: number): void {
    this.db.update(datasets).set({ policyVersion: version }).where(eq(datasets.id, id)).run();
  }

  coverageSpecVersion(id: number): number {
    return this.db.select({ v: datasets.coverageSpecVersion }).from(datasets).where(eq(datasets.id, id)).get()?.v ?? 0;
  }

  setCoverageSpecVersion(id: number, version: number): void {
    this.db.update(datasets).set({ coverageSpecVersion: version }).where(eq(datasets.id, id)).run();
  }

  setRootLineage(id: number, lineageId: number): void {
    this.db.update(datasets).set({ rootLineageId: lineageId }).where(eq(datasets.id, id)).run();
  }

  byName(name: string): DatasetRow | undefined {
    return this.db.select().from(datasets).where(eq(datasets.name, name)).get();
  }

  byId(id: number): DatasetRow | undefined {
    return this.db.select().from(datasets).where(eq(datasets.id, id)).get();
  }

  byIds(ids: readonly number[]): DatasetRow[] {
    return this.db.select().from(datasets).where(inArray(datasets.id, [...ids])).all();
  }

  page(afterId: number, limit: number): DatasetRow[] {
    return this.db.select().from(datasets).where(gt(datasets.id, afterId)).orderBy(asc(datasets.id)).limit(limit).all();
  }

  count(): number {
    return this.db.select({ n: count() }).from(datasets).get()!.n;
  }

  /** Deletes a dataset and everything versioned under it (media blobs are shared and stay). */
  delete(id: number): void {
    const c = this.db.$client;
    c.prepare('DELETE FROM branch_changes WHERE branch_id IN (SELECT id FROM branches WHERE dataset_id = ?)').run(id);
    c.prepare('DELETE FROM tags WHERE dataset_id = ?').run(id);
    c.prepare('DELETE FROM branches WHERE dataset_id = ?').run(id);
    c.prepare('DELETE FROM lineage_entries WHERE lineage_id IN (SELECT id FROM lineages WHERE dataset_id = ?)').run(id);
    c.prepare('DELETE FROM versions WHERE dataset_id = ?').run(id);
    c.prepare('DELETE FROM lineages WHERE dataset_id = ?').run(id);
    c.prepare('DELETE FROM item_revisions WHERE dataset_id = ?').run(id);
    c.prepare('DELETE FROM job_errors WHERE job_id IN (SELECT id FROM jobs WHERE dataset_id = ?)').run(id);
    c.prepare('DELETE FROM jobs WHERE dataset_id = ?').run(id);
    c.prepare('DELETE FROM datasets WHERE id = ?').run(id);
  }
}
