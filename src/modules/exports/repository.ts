import type { Db } from '../../db/connection.js';
import { StatementCache } from '../../db/statements.js';
import type { ExportRow } from '../../db/schema/index.js';

const COLS =
  'id, dataset_id AS datasetId, version_id AS versionId, name, spec, formats, state, splits, fingerprint, path, job_id AS jobId, created_at AS createdAt, created_by AS createdBy';

/** SQL of exports. */
export class ExportsRepository {
  private readonly st: StatementCache;
  constructor(db: Db) {
    this.st = StatementCache.of(db);
  }

  insert(row: Omit<ExportRow, 'id'>): ExportRow {
    const id = Number(
      this.st
        .get(
          `INSERT INTO exports (dataset_id, version_id, name, spec, formats, state, splits, fingerprint, path, job_id, created_at, created_by)
           VALUES (@datasetId, @versionId, @name, @spec, @formats, @state, @splits, @fingerprint, @path, @jobId, @createdAt, @createdBy)`,
        )
        .run(row).lastInsertRowid,
    );
    return { id, ...row };
  }

  setPath(id: number, path: string): void {
    this.st.get('UPDATE exports SET path = ? WHERE id = ?').run(path, id);
  }

  finish(id: number, state: string, splits: unknown, fingerprint: string | null): void {
    this.st.get('UPDATE exports SET state = ?, splits = ?, fingerprint = ? WHERE id = ?').run(state, splits ? JSON.stringify(splits) : null, fingerprint, id);
  }

  get(id: number): ExportRow | undefined {
    return this.st.get(`SELECT ${COLS} FROM exports WHERE id = ?`).get(id) as ExportRow | undefined;
  }

  byJob(jobId: number): ExportRow | undefined {
    return this.st.get(`SELECT ${COLS} FROM exports WHERE job_id = ?`).get(jobId) as ExportRow | undefined;
  }

  list(datasetId: number, beforeId: number, limit: number): ExportRow[] {
    return this.st.get(`SELECT ${COLS} FROM exports WHERE dataset_id = ? AND id < ? ORDER BY id DESC LIMIT ?`).all(datasetId, beforeId, limit) as ExportRow[];
  }

  count(datasetId: number): number {
    return (this.st.get('SELECT COUNT(*) AS n FROM exports WHERE dataset_id = ?').get(datasetId) as { n: number }).n;
  }
}
