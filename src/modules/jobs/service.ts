import os from 'node:os';
import { tx, type Db } from '../../db/connection.js';
import type { JobErrorRow, JobRow } from '../../db/schema/index.js';
import { AppError, NotFoundError, type JobErrorCode } from '../../errors.js';
import { expectId, nowIso } from '../../ids.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { JobsRepository } from './repository.js';

/** At most this many error rows are stored per job (the failed count keeps counting). */
export const MAX_STORED_ERRORS = 10_000;
const PROGRESS_EVERY_MS = 250;

export interface JobErrorInput {
  row: number | null;
  file: string | null;
  code: JobErrorCode;
  message: string;
}

/** What a running job's handler sees. */
export interface JobContext {
  readonly jobId: number;
  setTotal(total: number | null): void;
  /** Counts rows done (and failed among them); progress is flushed to the DB every 250 ms. */
  advance(processed: number, failed?: number): void;
  error(e: JobErrorInput): void;
  readonly cancelled: boolean;
  flush(): void;
}

export type JobHandler = (ctx: JobContext) => Promise<unknown>;

/** Undoes what an interrupted job of a kind left half done (an import's staged rows). */
export type RecoveryHandler = (job: JobRow) => void;

/** This process, as recorded in jobs.owner. */
const OWNER = `${os.hostname()}:${process.pid}`;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

class CancelledError extends Error {}

/**
 * Background jobs, run in-process one at a time (writes to one SQLite file serialise anyway),
 * with progress, per-row errors and cancellation persisted so any replica can answer job(id).
 */
export class JobsService {
  private queue: Array<{ id: number; handler: JobHandler; done: (r: JobRow) => void }> = [];
  private running = false;
  private stopped = false;
  /** Jobs this instance has queued or is running (alive whatever the database says). */
  private readonly mine = new Set<number>();
  private readonly recovery = new Map<string, RecoveryHandler>();

  constructor(
    private readonly db: Db,
    private readonly repo: JobsRepository,
  ) {}

  /** Registers how to clean up after an interrupted job of `kind` (called once per such job). */
  onInterrupted(kind: string, handler: RecoveryHandler): void {
    this.recovery.set(kind, handler);
  }

  /**
   * Jobs whose process is gone cannot resume: they are marked FAILED (INTERRUPTED) and their
   * kind's recovery handler undoes what they left half done. A job of a live process on this host
   * (a CLI import next to the server) is left alone. `otherHosts: 'dead'` (a server starting on its
   * own data folder) also takes jobs recorded by another host name, such as a previous container.
   */
  recoverInterrupted(opts: { otherHosts?: 'dead' | 'alive' } = {}): number {
    const message = 'Interrupted: the process running this job stopped before it finished';
    const [host] = OWNER.split(':');
    const dead = this.repo.unfinished().filter((j) => {
      if (this.mine.has(j.id)) return false;
      if (!j.owner) return true;
      const i = j.owner.lastIndexOf(':');
      const [h, pid] = [j.owner.slice(0, i), Number(j.owner.slice(i + 1))];
      if (h !== host) return opts.otherHosts === 'dead';
      // Our own pid but not one of our jobs: a previous process that had the same pid.
      return pid === process.pid || !processAlive(pid);
    });
    const failed = tx(this.db, () => {
      const rows = this.repo.failUnfinished(dead.map((j) => j.id), message, nowIso());
      // As for any failed job, say why in job(id){errors}: the Job type has no other place for it.
      this.repo.insertErrors(rows.map((j) => ({ jobId: j.id, row: null, file: null, code: 'INTERRUPTED', message })));
      return rows;
    });
    for (const job of failed) this.recovery.get(job.kind)?.(job);
    return failed.length;
  }

  /** Records where a job's own writes begin (see jobs.revision_mark). */
  setRevisionMark(jobId: number, mark: number): void {
    this.repo.update(jobId, { revisionMark: mark });
  }

  create(actor: Actor, kind: string, datasetId: number | null, params: unknown): JobRow {
    return this.repo.insert({
      kind,
      state: 'QUEUED',
      datasetId,
      params: JSON.stringify(params),
      total: null,
      processed: 0,
      failed: 0,
      result: null,
      error: null,
      cancelRequested: false,
      createdBy: actor.name,
      createdAt: nowIso(),
      startedAt: null,
      finishedAt: null,
      owner: OWNER,
      revisionMark: null,
    });
  }

  /** Queues a handler for a created job; the promise settles with the finished row. */
  enqueue(job: JobRow, handler: JobHandler): Promise<JobRow> {
    this.mine.add(job.id);
    return new Promise((resolve) => {
      this.queue.push({ id: job.id, handler, done: resolve });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length && !this.stopped) {
        const next = this.queue.shift()!;
        try {
          const row = await this.runOne(next.id, next.handler);
          this.mine.delete(next.id);
          next.done(row);
        } catch (e) {
          // Recording the job's end failed: the app is closing (its database is closed) while a
          // job still ran. Startup recovery marks such jobs INTERRUPTED; nothing else to do here.
          if (!this.stopped) throw e;
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async runOne(id: number, handler: JobHandler): Promise<JobRow> {
    const initial = this.repo.get(id);
    if (!initial || initial.state !== 'QUEUED') return initial!;
    this.repo.update(id, { state: 'RUNNING', startedAt: nowIso() });
    let total: number | null = null;
    let processed = 0;
    let failed = 0;
    let stored = 0;
    let lastFlush = 0;
    let pendingErrors: Array<Omit<JobErrorRow, 'id'>> = [];
    let cancelled = false;
    const flush = () => {
      this.repo.insertErrors(pendingErrors);
      pendingErrors = [];
      this.repo.update(id, { total, processed, failed });
      cancelled = cancelled || (this.repo.get(id)?.cancelRequested ?? false);
      lastFlush = Date.now();
    };
    const ctx: JobContext = {
      jobId: id,
      setTotal: (t) => {
        total = t;
        flush();
      },
      advance: (p, f = 0) => {
        processed += p;
        failed += f;
        if (Date.now() - lastFlush >= PROGRESS_EVERY_MS) flush();
        if (cancelled) throw new CancelledError();
      },
      error: (e) => {
        if (stored++ < MAX_STORED_ERRORS) {
          pendingErrors.push({ jobId: id, row: e.row, file: e.file, code: e.code, message: e.message.slice(0, 2000) });
        }
      },
      get cancelled() {
        return cancelled;
      },
      flush,
    };
    try {
      const result = await handler(ctx);
      flush();
      this.repo.update(id, { state: 'SUCCEEDED', result: JSON.stringify(result ?? null), finishedAt: nowIso() });
    } catch (e) {
      flush();
      if (e instanceof CancelledError || cancelled) {
        this.repo.update(id, { state: 'CANCELLED', finishedAt: nowIso() });
      } else {
        const message = e instanceof AppError ? e.message : 'The job failed unexpectedly; see the server log';
        // The GraphQL Job type has no field for the failure itself: record it as a job error (no
        // row, no file) so that job(id){errors} says why the job failed.
        this.repo.insertErrors([{ jobId: id, row: null, file: null, code: e instanceof AppError ? e.code : 'INTERNAL_SERVER_ERROR', message }]);
        this.repo.update(id, { state: 'FAILED', error: message, finishedAt: nowIso() });
        if (!(e instanceof AppError)) console.error(`job ${id} failed`, e);
      }
    }
    return this.repo.get(id)!;
  }

  get(actor: Actor, gid: string): JobRow | null {
    requireRole(actor, 'viewer');
    return this.repo.get(expectId('Job', gid)) ?? null;
  }

  byId(id: number): JobRow | undefined {
    return this.repo.get(id);
  }

  errors(jobId: number, limit: number): JobErrorRow[] {
    return this.repo.errors(jobId, limit);
  }

  cancel(actor: Actor, gid: string): JobRow {
    requireRole(actor, 'curator');
    const id = expectId('Job', gid, 'job');
    const job = this.repo.get(id);
    if (!job) throw new NotFoundError('Job', gid);
    if (job.state === 'QUEUED') {
      this.repo.update(id, { state: 'CANCELLED', cancelRequested: true, finishedAt: nowIso() });
      const i = this.queue.findIndex((q) => q.id === id);
      if (i >= 0) this.queue.splice(i, 1)[0].done(this.repo.get(id)!);
      this.mine.delete(id);
    } else if (job.state === 'RUNNING') {
      this.repo.update(id, { cancelRequested: true });
    }
    return this.repo.get(id)!;
  }

  stop(): void {
    this.stopped = true;
  }
}
