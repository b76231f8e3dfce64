import type { ExportRow, JobRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';
import type { CreateExportInput } from '../service.js';

/**
 * createExport: the ref resolved to its head commit, the spec, formats and destination checked
 * (nothing written when any is wrong), then the export job. `now` waits for it (the CLI).
 */
export function createExport({ app, actor }: CommandContext, input: CreateExportInput & { dataset: string }, onJob?: (job: JobRow) => void): { export: ExportRow; job: JobRow; done: Promise<JobRow> } {
  const dataset = app.datasets.require(actor, input.dataset);
  const { export: row, job, params } = app.exports.prepare(actor, dataset, input);
  onJob?.(job);
  const done = app.jobs.enqueue(job, (ctx) => app.exports.run(actor, params, ctx));
  return { export: row, job, done };
}
