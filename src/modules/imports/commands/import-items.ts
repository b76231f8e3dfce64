import type { JobRow } from '../../../db/schema/index.js';
import { toGlobalId } from '../../../ids.js';
import type { CommandContext } from '../../command-context.js';
import type { JobContext } from '../../jobs/index.js';
import type { ImportParams, ImportResult, ImportService } from '../service.js';

type ImportInput = Parameters<ImportService['prepare']>[1];

/**
 * importItems: an import job, then (unless `score: false`) a scoring job for what it wrote —
 * queued behind it, its id in the import's result. Items left unscored are scored by the next
 * scoring job, `tuneset audit` or a server start.
 */
export function importItems(c: CommandContext, input: ImportInput): JobRow {
  const { job, params } = c.app.imports.prepare(c.actor, input);
  void c.app.jobs.enqueue(job, (ctx) => runImport(c, params, ctx));
  return job;
}

/** The same, run to the end (the CLI, benchmarks); onJob gets the created job at once, to follow its progress. */
export async function importItemsNow(c: CommandContext, input: ImportInput, onJob?: (job: JobRow) => void): Promise<JobRow> {
  const { job, params } = c.app.imports.prepare(c.actor, input);
  onJob?.(job);
  return c.app.jobs.enqueue(job, (ctx) => runImport(c, params, ctx));
}

async function runImport({ app, actor }: CommandContext, params: ImportParams, ctx: JobContext): Promise<ImportResult> {
  const result = await app.imports.run(actor, params, ctx);
  if (params.score !== false && result.added + result.modified > 0) {
    result.scoreJob = toGlobalId('Job', app.quality.schedule(params.datasetId, actor).id);
  }
  return result;
}
