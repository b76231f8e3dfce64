import type { Resolvers } from '../../generated/graphql.js';
import { toGlobalId } from '../../ids.js';
import { commandContext } from '../../server/context.js';
import { trainExport } from './commands/train-export.js';

export const trainingResolvers: Resolvers = {
  Mutation: {
    trainExport: (_p, { input }, ctx) => {
      const r = trainExport(commandContext(ctx), input);
      void r.done;
      return { job: r.job, run: r.run };
    },
  },
  TrainingRun: {
    id: (r) => toGlobalId('TrainingRun', r.id),
    export: (r, _a, ctx) => ctx.app.exports.get(commandContext(ctx).actor, r.exportId)!,
    options: (r) => JSON.parse(r.options),
    state: (r) => r.state as 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED',
    metrics: (r) => (r.metrics ? JSON.parse(r.metrics) : null),
    path: (r) => r.out,
    job: (r, _a, ctx) => (r.jobId ? (ctx.app.jobs.byId(r.jobId) ?? null) : null),
  },
  Export: {
    trainingRuns: (e, _a, ctx) => ctx.app.training.byExport(commandContext(ctx).actor, e.id),
  },
};
