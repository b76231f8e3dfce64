import type { Db } from '../../db/connection.js';
import { StatementCache } from '../../db/statements.js';
import type { CoverageSpecRow } from '../../db/schema/index.js';

/** SQL of coverage specs (one row per change of a dataset's spec). */
export class CoverageRepository {
  private readonly st: StatementCache;
  constructor(db: Db) {
    this.st = StatementCache.of(db);
  }

  insert(row: CoverageSpecRow): void {
    this.st
      .get('INSERT INTO coverage_specs (dataset_id, version, spec, created_at, created_by) VALUES (@datasetId, @version, @spec, @createdAt, @createdBy)')
      .run(row);
  }

  get(datasetId: number, version: number): CoverageSpecRow | undefined {
    return this.st
      .get('SELECT dataset_id AS datasetId, version, spec, created_at AS createdAt, created_by AS createdBy FROM coverage_specs WHERE dataset_id = ? AND version = ?')
      .get(datasetId, version) as CoverageSpecRow | undefined;
  }

  list(datasetId: number): CoverageSpecRow[] {
    return this.st
      .get('SELECT dataset_id AS datasetId, version, spec, created_at AS createdAt, created_by AS createdBy FROM coverage_specs WHERE dataset_id = ? ORDER BY version DESC')
      .all(datasetId) as CoverageSpecRow[];
  }
}
