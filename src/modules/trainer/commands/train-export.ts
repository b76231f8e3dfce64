import type { JobRow, TrainingRunRow } from '../../../db/schema/index.js';
import { NotFoundError } from '../../../errors.js';
import { fromGlobalId } from '../../../ids.js';
import type { CommandContext } from '../../command-context.js';

/** trainExport: the export, task and options checked, then the training job (a child process). */
export function trainExport({ app, actor }: CommandContext, input: { export: string; task: string; options?: unknown }): { run: TrainingRunRow; job: JobRow; done: Promise<JobRow> } {
  const gid = fromGlobalId(input.export);
  const exp = gid?.type === 'Export' ? app.exports.get(actor, gid.id) : null;
  if (!exp) throw new NotFoundError('Export', input.export);
  const { run, job, options } = app.training.prepare(actor, exp, input.task, input.options);
  const done = app.jobs.enqueue(job, (ctx) => app.training.run(exp, run, options, ctx));
  return { run, job, done };
}
