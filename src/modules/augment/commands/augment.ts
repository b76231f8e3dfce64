import type { JobRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';
import type { AugmentInput } from '../service.js';

/**
 * augment: the recipe (or the stored plan) checked whole, then a job that makes the derived items
 * on the branch as uncommitted changes and scores them. A bad recipe writes nothing.
 */
export function augment({ app, actor }: CommandContext, input: AugmentInput & { plan?: string | null }): JobRow {
  const dataset = app.datasets.require(actor, input.dataset);
  const plan = input.plan ? app.augment.planFor(actor, dataset, input.plan, input.recipe) : null;
  const { job, params } = app.augment.prepare(actor, dataset, input, plan);
  void app.jobs.enqueue(job, (ctx) => app.augment.run(actor, params, ctx));
  return job;
}

/** The same, run to the end (the CLI, tests): resolves with the finished job. */
export function augmentNow({ app, actor }: CommandContext, input: AugmentInput & { plan?: string | null }, onJob?: (job: JobRow) => void): Promise<JobRow> {
  const dataset = app.datasets.require(actor, input.dataset);
  const plan = input.plan ? app.augment.planFor(actor, dataset, input.plan, input.recipe) : null;
  const { job, params } = app.augment.prepare(actor, dataset, input, plan);
  onJob?.(job);
  return app.jobs.enqueue(job, (ctx) => app.augment.run(actor, params, ctx));
}
