import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Config } from '../../config.js';
import { tx, withDeferredSync, type Db } from '../../db/connection.js';
import type { DatasetRow, JobRow, MediaRow } from '../../db/schema/index.js';
import { AppError, BadUserInputError, ConflictError, echo, InvalidPathError, NotFoundError, type JobErrorCode } from '../../errors.js';
import { nowIso, toGlobalId } from '../../ids.js';
import { isInside } from '../../lib/paths.js';
import { StringDigestSet } from '../../lib/u64-set.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { DatasetsService } from '../datasets/index.js';
import type { Modality } from '../datasets/index.js';
import type { ItemsService } from '../items/index.js';
import { buildContent, mediaKind } from '../items/index.js';
import type { ItemChangeRequest, ItemWriter } from '../versions/index.js';
import type { JobContext, JobsService } from '../jobs/index.js';
import type { MediaService } from '../media/index.js';
import type { StagedBlob } from '../../storage/blob-store.js';
import type { VersionsService } from '../versions/index.js';
import { countImportRows, IMPORT_FORMATS, type ImportFormat } from './formats.js';
import type { PreparedRow } from './prepare.js';
import { preparedBatches } from './worker-source.js';

/** Text rows written per transaction (bigger batches rewrite fewer index pages per row). */
const BATCH = 2000;
/** Media rows per batch: smaller, so that progress moves and blobs are synced in useful groups. */
const MEDIA_BATCH = 500;
/** Media files probed at once (sharp's pool is 1 thread here: keep several in flight). */
export const MEDIA_CONCURRENCY = 8;

const FORMAT_MODALITY: Record<ImportFormat, Modality> = {
  JSONL: 'TEXT_PAIR',
  HF_IMAGEFOLDER: 'IMAGE_CAPTION',
  HF_AUDIOFOLDER: 'AUDIO_TRANSCRIPT',
  NEMO_MANIFEST: 'AUDIO_TRANSCRIPT',
};

export interface ImportParams {
  datasetId: number;
  branch: string;
  /** As given by the client (relative to the import root). */
  path: string;
  format: ImportFormat;
  commitMessage: string | null;
  /** Queue a scoring job for the imported items when the import ends (default true). */
  score?: boolean;
}

export interface ImportResult {
  added: number;
  modified: number;
  unchanged: number;
  failed: number;
  /** The commit made at the end (commitMessage given): its global id and hash. */
  version: { id: string; hash: string } | null;
  /** The job that measures and scores the imported items (queued after this one). */
  scoreJob: string | null;
}

export interface ImportDeps {
  db: Db;
  config: Config;
  datasets: DatasetsService;
  versions: VersionsService;
  items: ItemsService;
  writer: ItemWriter;
  media: MediaService;
  jobs: JobsService;
}

/**
 * Bulk import as a job: rows stream from the file (never all in memory) and are prepared — keyed,
 * validated, hashed — in batches (in a worker thread for big JSONL files); media files are stored
 * with several in flight; each batch is written in one transaction. A bad row or file is recorded
 * in the job's errors and skipped; the good ones land.
 */
export class ImportService {
  constructor(private readonly d: ImportDeps) {
    d.jobs.onInterrupted('import', (job) => this.undo(job));
  }

  /** Resolves a client path inside the import root (INVALID_PATH outside, NOT_FOUND if absent). */
  resolvePath(p: string): string {
    if (typeof p !== 'string' || p.length === 0 || p.includes('\0')) throw new InvalidPathError('path must be a non-empty path');
    const root = path.resolve(this.d.config.importRoot);
    const abs = path.resolve(root, p);
    if (!isInside(root, abs)) throw new InvalidPathError(`"${p}" lies outside the import root`, { path: p });
    if (!fs.existsSync(abs)) throw new NotFoundError('Import path', p);
    const real = fs.realpathSync(abs);
    const realRoot = fs.realpathSync(root);
    if (!isInside(realRoot, real)) throw new InvalidPathError(`"${p}" resolves outside the import root`, { path: p });
    return real;
  }

  /** Validates and creates the job (QUEUED). */
  prepare(
    actor: Actor,
    input: { dataset: string; branch?: string | null; path: string; format: string; commitMessage?: string | null; score?: boolean },
  ): {
    job: JobRow;
    params: ImportParams;
  } {
    requireRole(actor, 'curator');
    const dataset = this.d.datasets.require(actor, input.dataset);
    // An import killed with its process (a CLI run next to the server) is undone first, so that
    // its retry finds the branch as that import found it.
    this.d.jobs.recoverInterrupted();
    if (!(IMPORT_FORMATS as readonly string[]).includes(input.format)) throw new BadUserInputError(`Unknown format ${input.format}`, { field: 'format' });
    const format = input.format as ImportFormat;
    if (FORMAT_MODALITY[format] !== dataset.modality) {
      throw new BadUserInputError(`${format} imports ${FORMAT_MODALITY[format]} items; dataset "${dataset.name}" is ${dataset.modality}`, {
        field: 'format',
      });
    }
    const branch = input.branch ?? 'main';
    const target = this.d.versions.writableBranch(dataset, branch);
    if (input.commitMessage) {
      // The final commit takes the branch's whole staging area: it must hold only the import.
      const pending = this.d.versions.uncommittedChanges(target.id);
      if (pending > 0) {
        throw new ConflictError(
          `Branch "${branch}" has ${pending} uncommitted changes; commit or discard them first, or import without commitMessage`,
          { uncommittedChanges: pending },
        );
      }
    }
    this.resolvePath(input.path);
    const params: ImportParams = {
      datasetId: dataset.id,
      branch,
      path: input.path,
      format,
      commitMessage: input.commitMessage ?? null,
      score: input.score ?? true,
    };
    return { job: this.d.jobs.create(actor, 'import', dataset.id, params), params };
  }

  /**
   * Runs the import. One that does not finish — an unexpected error, a cancel, a crash (undone at
   * the next start, see undo) — leaves the branch as it found it: the rows it staged are taken back.
   */
  async run(actor: Actor, params: ImportParams, ctx: JobContext): Promise<ImportResult> {
    const dataset = this.d.datasets.byId(params.datasetId);
    if (!dataset) throw new NotFoundError('Dataset', String(params.datasetId));
    // Revisions above the mark are this job's or written by others after it started.
    const mark = this.d.writer.revisionMark();
    this.d.jobs.setRevisionMark(ctx.jobId, mark);
    try {
      return await this.runFrom(actor, dataset, params, ctx, mark);
    } catch (e) {
      try {
        this.undoWrites(dataset, params.branch, ctx.jobId, mark);
      } catch {
        // The app is closing (its database is gone): the next start finds the job unfinished
        // and undoes it then.
      }
      throw e;
    }
  }

  /** Recovery of an import interrupted with its process: its staged rows are taken back. */
  private undo(job: JobRow): void {
    if (job.revisionMark === null) return;
    const params = JSON.parse(job.params) as ImportParams;
    const dataset = this.d.datasets.byId(params.datasetId);
    if (dataset) this.undoWrites(dataset, params.branch, job.id, job.revisionMark);
  }

  private undoWrites(dataset: DatasetRow, branchName: string, jobId: number, mark: number): number {
    return this.d.versions.undoJobWrites(dataset, branchName, jobId, mark);
  }


  private async runFrom(actor: Actor, dataset: DatasetRow, params: ImportParams, ctx: JobContext, mark: number): Promise<ImportResult> {
    const abs = this.resolvePath(params.path);
    // The row count (for progress) is taken alongside the import, not before it.
    const counting = countImportRows(params.format, abs).then(
      (n) => ctx.setTotal(n),
      () => undefined,
    );
    const result: ImportResult = { added: 0, modified: 0, unchanged: 0, failed: 0, version: null, scoreJob: null };
    // Every key of the import so far (DUPLICATE_KEY for a repeat), as 128-bit digests: a million
    // keys cost ~30 MB instead of ~100 MB of strings.
    const seen = new StringDigestSet();
    const batches = preparedBatches({
      format: params.format,
      absPath: abs,
      root: this.d.config.importRoot,
      modality: dataset.modality,
      batchSize: dataset.modality === 'TEXT_PAIR' ? BATCH : MEDIA_BATCH,
    });
    for await (const batch of batches) {
      for (const e of batch.errors) {
        ctx.error(e);
        result.failed++;
      }
      ctx.advance(batch.errors.length, batch.errors.length);
      await this.write(actor, dataset, params, batch.rows, seen, result, ctx, mark);
    }
    await counting;
    ctx.flush();
    if (params.commitMessage && result.added + result.modified > 0) {
      const v = this.d.versions.commit(actor, dataset, params.branch, params.commitMessage, false);
      result.version = { id: toGlobalId('Version', v.id), hash: v.hash };
    }
    return result;
  }

  /** Stores a batch: media blobs first (several in flight), then one transaction for its rows. */
  private async write(
    actor: Actor,
    dataset: DatasetRow,
    params: ImportParams,
    rows: PreparedRow[],
    seen: StringDigestSet,
    result: ImportResult,
    ctx: JobContext,
    mark: number,
  ): Promise<void> {
    let failed = 0;
    const rowError = (r: PreparedRow, code: JobErrorCode, message: string) => {
      ctx.error({ row: r.row, file: r.file, code, message });
      result.failed++;
      failed++;
    };
    // 1. media (hashing, copying, decoding), MEDIA_CONCURRENCY files in flight
    const mediaSha = new Map<PreparedRow, string>();
    const mediaRows = new Map<string, MediaRow>();
    const staged: StagedBlob[] = [];
    const wanted = mediaKind(dataset.modality);
    const limit = pLimit(MEDIA_CONCURRENCY);
    await Promise.all(
      rows.map((r) =>
        limit(async () => {
          if (!r.mediaPath) return;
          try {
            const { row: m, staged: blob } = await this.d.media.prepareFile(r.mediaPath, actor);
            staged.push(blob);
            if (wanted && m.kind !== wanted) {
              // A file of the other kind (a WAV in an imagefolder): this row's problem, not the batch's.
              rowError(r, 'UNSUPPORTED_MEDIA', `${r.file} is ${m.kind}; a ${dataset.modality} dataset needs ${wanted}`);
              return;
            }
            if (r.declaredDurationSeconds !== null && m.durationSeconds !== null) {
              const diff = Math.abs(m.durationSeconds - r.declaredDurationSeconds);
              if (diff > Math.max(0.1, 0.02 * m.durationSeconds)) {
                rowError(r, 'DURATION_MISMATCH', `The manifest says ${r.declaredDurationSeconds} s; the file lasts ${m.durationSeconds.toFixed(3)} s`);
                return;
              }
            }
            mediaSha.set(r, m.sha256);
            mediaRows.set(m.sha256, m);
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            rowError(r, e.code, e.message);
          }
        }),
      ),
    );
    // Blobs durable before any row points at them (one grouped fsync pass for the batch).
    await this.d.media.commitPrepared(staged);
    // 2. contents (text rows come built and hashed from the worker)
    const changes: ItemChangeRequest[] = [];
    const byKey = new Map<string, PreparedRow>();
    for (const r of rows) {
      if (r.mediaPath && !mediaSha.has(r)) continue;
      try {
        const content = r.content ?? buildContent(dataset.modality, { ...r.fields, mediaSha256: mediaSha.get(r) ?? null }, null);
        if (seen.has(r.key)) {
          rowError(r, 'DUPLICATE_KEY', `Key "${r.key}" already appeared earlier in this import`);
          continue;
        }
        seen.add(r.key);
        byKey.set(r.key, r);
        changes.push({ key: r.key, content, contentHash: r.contentHash ?? undefined });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        rowError(r, e.code, e.message);
      }
    }
    // 3. one transaction for the batch: its media rows (blobs are durable already), then items
    // Not fsynced per batch: the job's final state is written with a FULL commit, which makes
    // every batch durable before the import is reported done.
    const applied = withDeferredSync(this.d.db, () => tx(this.d.db, () => {
      this.d.media.insertPrepared([...mediaRows.values()]);
      if (mediaRows.size) this.d.items.checkMedia(dataset, changes.map((c) => ({ content: c.content!, field: 'media' })));
      const branch = this.d.versions.writableBranch(dataset, params.branch);
      const live = this.d.writer.live(
        branch,
        changes.map((c) => c.key),
      );
      const existed = new Set<string>();
      for (const r of live.values()) if (!r.deleted) existed.add(r.key);
      // A key changed on the branch since the import started (an edit acknowledged meanwhile) is
      // not overwritten: the row is a conflict. (Each key is written once per import, so any
      // revision above the mark is someone else's.)
      const clear = changes.filter((c) => {
        const cur = live.get(c.key);
        if (!cur || cur.id <= mark) return true;
        const r = byKey.get(c.key)!;
        rowError(r, 'CONFLICT', `Key "${echo(c.key)}" was changed on branch "${branch.name}" by ${cur.created_by} after this import started; the row was not applied`);
        return false;
      });
      return this.d.writer
        .apply(dataset.id, branch, clear, actor, nowIso(), live, ctx.jobId)
        .map((a) => ({ written: a.written, existed: existed.has(a.key) }));
    }));
    for (const a of applied) {
      if (!a.written) result.unchanged++;
      else if (a.existed) result.modified++;
      else result.added++;
    }
    ctx.advance(rows.length, failed);
  }
}
