import type { Db } from '../../db/connection.js';
import { StatementCache } from '../../db/statements.js';
import type { AugmentPlanRow } from '../../db/schema/index.js';

const COLS =
  'id, dataset_id AS datasetId, ref, version_id AS versionId, request, recipe, sources, expected, created_at AS createdAt, created_by AS createdBy';

/** SQL of stored augmentation plans. */
export class AugmentRepository {
  private readonly st: StatementCache;
  constructor(db: Db) {
    this.st = StatementCache.of(db);
  }

  insertPlan(row: Omit<AugmentPlanRow, 'id'>): number {
    return Number(
      this.st
        .get(
          `INSERT INTO augment_plans (dataset_id, ref, version_id, request, recipe, sources, expected, created_at, created_by)
           VALUES (@datasetId, @ref, @versionId, @request, @recipe, @sources, @expected, @createdAt, @createdBy)`,
        )
        .run(row).lastInsertRowid,
    );
  }

  plan(id: number): AugmentPlanRow | undefined {
    return this.st.get(`SELECT ${COLS} FROM augment_plans WHERE id = ?`).get(id) as AugmentPlanRow | undefined;
  }

  plans(datasetId: number, limit: number): AugmentPlanRow[] {
    return this.st.get(`SELECT ${COLS} FROM augment_plans WHERE dataset_id = ? ORDER BY id DESC LIMIT ?`).all(datasetId, limit) as AugmentPlanRow[];
  }
}
