import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { DatasetRow, ExportRow, JobRow } from '../../db/schema/index.js';
import { BadUserInputError, ConflictError, InvalidPathError } from '../../errors.js';
import { decodeIdCursor, idCursor, nowIso, pageSize } from '../../ids.js';
import { tx } from '../../db/connection.js';
import type { Page } from '../../lib/page.js';
import { isInside } from '../../lib/paths.js';
import { AUDIO_FLAGS, DUPLICATE_FLAGS, IMAGE_FLAGS, TEXT_FLAGS } from '../../media/quality/types.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { JobContext } from '../jobs/index.js';
import { canonicalJson } from '../versions/index.js';
import { checkExportSpec, checkFormats } from './spec.js';
import { ExportComputer } from './exporter.js';
import { ExportRun } from './run.js';
import type { CreateExportInput, ExportDeps, ExportParams } from './types.js';

export type { ExportDeps, ExportParams, CreateExportInput } from './types.js';

const TMP_PREFIX = '.tmp-export-';

const FLAGS: Record<DatasetRow['modality'], readonly string[]> = {
  TEXT_PAIR: [...TEXT_FLAGS, ...DUPLICATE_FLAGS],
  IMAGE_CAPTION: [...IMAGE_FLAGS, ...DUPLICATE_FLAGS],
  AUDIO_TRANSCRIPT: [...AUDIO_FLAGS, ...DUPLICATE_FLAGS],
};

/**
 * Exports: a commit's items filtered by quality, split without leakage (split.ts), checked,
 * written in the asked formats into a temporary folder under the export root that is renamed into
 * place at the end, with manifest.json (every file and its sha256) and report.json / report.md.
 */
export class ExportsService {
  private readonly computer: ExportComputer;

  constructor(private readonly d: ExportDeps) {
    d.jobs.onInterrupted('export', (job) => this.interrupted(job));
    this.computer = new ExportComputer(d.config.workerIdleMs);
  }

  close(): void {
    this.computer.close();
  }

  get root(): string {
    return this.d.config.exportRoot;
  }

  /** Resolves a destination below the export root (INVALID_PATH otherwise, CONFLICT when taken). */
  destination(rel: string): { rel: string; abs: string } {
    if (typeof rel !== 'string' || rel.length === 0 || rel.length > 500 || rel.includes('\0') || path.isAbsolute(rel)) {
      throw new InvalidPathError('destination must be a relative folder below the export root', { field: 'destination' });
    }
    const root = path.resolve(this.root);
    const abs = path.resolve(root, rel);
    if (!isInside(root, abs) || abs === root || path.basename(abs).startsWith(TMP_PREFIX)) {
      throw new InvalidPathError(`"${rel}" lies outside the export root`, { field: 'destination', path: rel });
    }
    fs.mkdirSync(root, { recursive: true });
    // The deepest existing folder on the way must not resolve outside the root (a symlink out).
    let probe = path.dirname(abs);
    while (!fs.existsSync(probe)) probe = path.dirname(probe);
    if (!isInside(fs.realpathSync(root), fs.realpathSync(probe))) throw new InvalidPathError(`"${rel}" resolves outside the export root`, { field: 'destination', path: rel });
    if (fs.existsSync(abs)) throw new ConflictError(`The destination "${rel}" exists already`, { field: 'destination', path: rel });
    return { rel: path.relative(root, abs), abs };
  }

  /** Checks everything (ref → commit, spec, formats, destination) and creates the export row and its job. */
  prepare(actor: Actor, dataset: DatasetRow, input: CreateExportInput): { export: ExportRow; job: JobRow; params: ExportParams } {
    requireRole(actor, 'curator');
    const ref = input.ref ?? 'main';
    const resolved = this.d.versions.resolveRef(dataset, ref);
    // A branch exports its head commit: uncommitted edits are never exported.
    const version = resolved.version;
    if (!version) throw new BadUserInputError(`Branch "${ref}" has no commit to export`, { field: 'ref' });
    const spec = checkExportSpec(input.spec, dataset.modality, FLAGS[dataset.modality]);
    const formats = checkFormats(input.formats, dataset.modality);
    if (input.name != null && (typeof input.name !== 'string' || input.name.length === 0 || input.name.length > 200)) {
      throw new BadUserInputError('name must be 1 to 200 characters', { field: 'name' });
    }
    if (input.destination != null) this.destination(input.destination);
    return tx(this.d.db, () => {
    const job = this.d.jobs.create(actor, 'export', dataset.id, { datasetId: dataset.id });
    const row = this.d.repo.insert({
      datasetId: dataset.id,
      versionId: version.id,
      name: input.name ?? null,
      spec: canonicalJson(spec),
      formats: JSON.stringify(formats),
      state: 'RUNNING',
      splits: null,
      fingerprint: null,
      path: '',
      jobId: job.id,
      createdAt: nowIso(),
      createdBy: actor.name,
    });
    const safe = (x: string) => x.replace(/[^A-Za-z0-9._-]/g, '_');
    const dest = this.destination(input.destination ?? path.join(safe(dataset.name), safe(input.name ?? `export-${row.id}`)));
    this.d.repo.setPath(row.id, dest.rel);
    return { export: { ...row, path: dest.rel }, job, params: { exportId: row.id, datasetId: dataset.id, versionId: version.id, spec, formats, path: dest.rel } };
    });
  }

  async run(actor: Actor, p: ExportParams, ctx: JobContext): Promise<Record<string, unknown>> {
    const tmp = path.join(this.root, `${TMP_PREFIX}${p.exportId}`);
    try {
      const r = await new ExportRun(this.d, this.computer, actor, p, ctx, tmp).execute();
      this.d.repo.finish(p.exportId, 'SUCCEEDED', r.splits, r.fingerprint);
      return r.summary;
    } catch (e) {
      await fsp.rm(tmp, { recursive: true, force: true }).catch(() => {});
      this.d.repo.finish(p.exportId, ctx.cancelled ? 'CANCELLED' : 'FAILED', null, null);
      throw e;
    }
  }

  /** An export whose process stopped: its temporary folder goes, its row says FAILED. */
  private interrupted(job: JobRow): void {
    const row = this.d.repo.byJob(job.id);
    if (!row) return;
    fs.rmSync(path.join(this.root, `${TMP_PREFIX}${row.id}`), { recursive: true, force: true });
    this.d.repo.finish(row.id, 'FAILED', null, null);
  }

  /** Startup: temporary folders no running export owns are removed. */
  removeLeftovers(): number {
    if (!fs.existsSync(this.root)) return 0;
    let n = 0;
    for (const e of fs.readdirSync(this.root)) {
      if (!e.startsWith(TMP_PREFIX)) continue;
      const id = Number(e.slice(TMP_PREFIX.length));
      const row = this.d.repo.get(id);
      const job = row?.jobId ? this.d.jobs.byId(row.jobId) : undefined;
      if (job && (job.state === 'QUEUED' || job.state === 'RUNNING')) continue;
      fs.rmSync(path.join(this.root, e), { recursive: true, force: true });
      n++;
    }
    return n;
  }

  get(actor: Actor, id: number): ExportRow | null {
    requireRole(actor, 'viewer');
    const row = this.d.repo.get(id);
    return row ? this.effective(row) : null;
  }

  /** A row still RUNNING whose job ended without running it (cancelled while queued) says how the job ended. */
  private effective(row: ExportRow): ExportRow {
    if (row.state !== 'RUNNING' || !row.jobId) return row;
    const job = this.d.jobs.byId(row.jobId);
    return job && (job.state === 'CANCELLED' || job.state === 'FAILED') ? { ...row, state: job.state } : row;
  }

  list(actor: Actor, dataset: DatasetRow, first: number | null | undefined, after: string | null | undefined): Page<ExportRow> {
    requireRole(actor, 'viewer');
    const limit = pageSize(first);
    const before = after ? decodeIdCursor(after) : Number.MAX_SAFE_INTEGER;
    const rows = this.d.repo.list(dataset.id, before, limit + 1);
    const nodes = rows.slice(0, limit).map((r) => this.effective(r));
    return { nodes, cursors: nodes.map((r) => idCursor(r.id)), hasNextPage: rows.length > limit, totalCount: () => this.d.repo.count(dataset.id) };
  }

  /** manifest.json or report.json of a finished export (null before it is written). */
  readJson(row: ExportRow, file: 'manifest.json' | 'report.json'): unknown {
    if (row.state !== 'SUCCEEDED') return null;
    try {
      return JSON.parse(fs.readFileSync(path.join(this.root, row.path, file), 'utf8'));
    } catch {
      return null;
    }
  }

  absolutePath(row: ExportRow): string {
    return path.join(this.root, row.path);
  }
}
