import type { Db } from '../../db/connection.js';
import { StatementCache } from '../../db/statements.js';
import type { TrainingRunRow } from '../../db/schema/index.js';

const COLS = 'id, export_id AS exportId, task, options, state, backend, metrics, out, job_id AS jobId, created_at AS createdAt, created_by AS createdBy';

/** SQL of training runs. */
export class TrainingRepository {
  private readonly st: StatementCache;
  constructor(db: Db) {
    this.st = StatementCache.of(db);
  }

  insert(row: Omit<TrainingRunRow, 'id'>): TrainingRunRow {
    const id = Number(
      this.st
        .get(
          `INSERT INTO training_runs (export_id, task, options, state, backend, metrics, out, job_id, created_at, created_by)
           VALUES (@exportId, @task, @options, @state, @backend, @metrics, @out, @jobId, @createdAt, @createdBy)`,
        )
        .run(row).lastInsertRowid,
    );
    return { id, ...row };
  }

  setOut(id: number, out: string): void {
    this.st.get('UPDATE training_runs SET out = ? WHERE id = ?').run(out, id);
  }

  setBackend(id: number, backend: string): void {
    this.st.get('UPDATE training_runs SET backend = ? WHERE id = ?').run(backend, id);
  }

  finish(id: number, state: string, metrics: string | null): void {
    this.st.get('UPDATE training_runs SET state = ?, metrics = ? WHERE id = ?').run(state, metrics, id);
  }

  get(id: number): TrainingRunRow | undefined {
    return this.st.get(`SELECT ${COLS} FROM training_runs WHERE id = ?`).get(id) as TrainingRunRow | undefined;
  }

  byJob(jobId: number): TrainingRunRow | undefined {
    return this.st.get(`SELECT ${COLS} FROM training_runs WHERE job_id = ?`).get(jobId) as TrainingRunRow | undefined;
  }

  byExport(exportId: number): TrainingRunRow[] {
    return this.st.get(`SELECT ${COLS} FROM training_runs WHERE export_id = ? ORDER BY id DESC`).all(exportId) as TrainingRunRow[];
  }
}
