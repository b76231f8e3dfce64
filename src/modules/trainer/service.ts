/**
 * Training runs through the API: `trainExport` checks the export (finished, with a TFJS format),
 * the task and the options, records the run and starts a job that runs the trainer module in a
 * child process (bin/train-child.mjs) — TensorFlow.js trains on its own CPU and memory, so the
 * server keeps answering — reading its epoch lines for progress, killing it on cancel, and storing
 * its metrics.json at the end.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config.js';
import { tx, type Db } from '../../db/connection.js';
import type { ExportRow, JobRow, TrainingRunRow } from '../../db/schema/index.js';
import { AppError, BadUserInputError } from '../../errors.js';
import { nowIso } from '../../ids.js';
import { TASK_NAMES } from '../../trainer/task-names.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { ExportsService } from '../exports/index.js';
import type { JobContext, JobsService } from '../jobs/index.js';
import type { TrainingRepository } from './repository.js';

const CHILD = fileURLToPath(new URL('../../../bin/train-child.mjs', import.meta.url));

export interface TrainingDeps {
  db: Db;
  config: Config;
  jobs: JobsService;
  exports: ExportsService;
  repo: TrainingRepository;
}

/** Options a client may set, and their checks. A base model directory is not one: a client names no server path. */
const OPTIONS: Record<string, (v: unknown) => boolean> = {
  epochs: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 1000,
  base: (v) => v === 'pretrain' || v === 'none',
  backend: (v) => v === 'auto' || v === 'tensorflow' || v === 'wasm' || v === 'cpu',
  seed: (v) => Number.isInteger(v),
  batchSize: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 4096,
  unfreezeTop: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100,
  patience: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 100,
  headEpochs: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 10_000,
  learningRate: (v) => typeof v === 'number' && v > 0 && v <= 1,
  vocabSize: (v) => Number.isInteger(v) && (v as number) >= 8 && (v as number) <= 100_000,
};

export class TrainingService {
  constructor(private readonly d: TrainingDeps) {
    d.jobs.onInterrupted('train', (job) => {
      const row = d.repo.byJob(job.id);
      if (row) d.repo.finish(row.id, 'FAILED', null);
    });
  }

  prepare(actor: Actor, exp: ExportRow, task: string, rawOptions: unknown): { run: TrainingRunRow; job: JobRow; options: Record<string, unknown> } {
    requireRole(actor, 'curator');
    if (exp.state !== 'SUCCEEDED') throw new BadUserInputError(`Export ${exp.id} is ${exp.state}: only a finished export trains`, { field: 'export' });
    if (!(JSON.parse(exp.formats) as string[]).includes('TFJS')) throw new BadUserInputError('The export has no TFJS format (the trainer reads tfjs/): export with formats including TFJS', { field: 'export' });
    if (!(TASK_NAMES as readonly string[]).includes(task)) throw new BadUserInputError(`Unknown task "${task}" (tasks: ${TASK_NAMES.join(', ')})`, { field: 'task' });
    if (rawOptions != null && (typeof rawOptions !== 'object' || Array.isArray(rawOptions))) throw new BadUserInputError('options must be an object', { field: 'options' });
    const options = (rawOptions ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(options)) {
      if (!(k in OPTIONS)) throw new BadUserInputError(`Unknown option "${k}" (known: ${Object.keys(OPTIONS).join(', ')})`, { field: `options.${k}` });
      if (!OPTIONS[k](v)) throw new BadUserInputError(`Option ${k}: ${JSON.stringify(v)} is not allowed`, { field: `options.${k}` });
    }
    return tx(this.d.db, () => {
      const job = this.d.jobs.create(actor, 'train', exp.datasetId, { exportId: exp.id, task });
      const run = this.d.repo.insert({ exportId: exp.id, task, options: JSON.stringify(options), state: 'RUNNING', backend: null, metrics: null, out: '', jobId: job.id, createdAt: nowIso(), createdBy: actor.name });
      const out = path.join(this.d.config.dataDir, 'training-runs', String(run.id));
      this.d.repo.setOut(run.id, out);
      return { run: { ...run, out }, job, options };
    });
  }

  async run(exp: ExportRow, run: TrainingRunRow, options: Record<string, unknown>, ctx: JobContext): Promise<Record<string, unknown>> {
    const epochs = (options.epochs as number | undefined) ?? 20;
    ctx.setTotal(epochs);
    const args = { ...options, exportDir: this.d.exports.absolutePath(exp), task: run.task, out: run.out };
    const child = spawn(process.execPath, [CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const b = /^backend: (\S+)/.exec(line);
        if (b) this.d.repo.setBackend(run.id, b[1]);
        if (/^epoch \d+ /.test(line)) ctx.advance(1);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
    const poll = setInterval(() => {
      ctx.flush();
      if (ctx.cancelled) child.kill('SIGTERM');
    }, 500);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearInterval(poll);
    if (ctx.cancelled) {
      this.d.repo.finish(run.id, 'CANCELLED', null);
      // the job service ends a cancelled job as CANCELLED whatever it throws
      throw new Error('The training run was cancelled');
    }
    const metricsFile = path.join(run.out, 'metrics.json');
    if (code !== 0 || !fs.existsSync(metricsFile)) {
      this.d.repo.finish(run.id, 'FAILED', null);
      const message = stderr.split('\n').filter((l) => l.trim() && !/TensorFlow\.js in Node|^=+$|tfjs-node for more/.test(l)).slice(-3).join(' ').slice(0, 900);
      throw new AppError(code === 2 ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR', `Training failed: ${message || `exit code ${code}`}`);
    }
    const metrics = fs.readFileSync(metricsFile, 'utf8');
    this.d.repo.finish(run.id, 'SUCCEEDED', metrics);
    const m = JSON.parse(metrics) as { final: unknown; baseline: unknown; backend: string };
    return { out: run.out, backend: m.backend, final: m.final, baseline: m.baseline };
  }

  get(actor: Actor, id: number): TrainingRunRow | null {
    requireRole(actor, 'viewer');
    return this.d.repo.get(id) ?? null;
  }

  byExport(actor: Actor, exportId: number): TrainingRunRow[] {
    requireRole(actor, 'viewer');
    return this.d.repo.byExport(exportId);
  }
}
