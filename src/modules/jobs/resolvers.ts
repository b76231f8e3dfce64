import { pageSize, toGlobalId } from '../../ids.js';
import type { Resolvers } from '../../generated/graphql.js';
import { actorOf } from '../../server/context.js';

export const jobResolvers: Resolvers = {
  Query: {
    job: (_p, { id }, ctx) => ctx.app.jobs.get(actorOf(ctx), id),
  },
  Mutation: {
    cancelJob: (_p, { input }, ctx) => ({ job: ctx.app.jobs.cancel(actorOf(ctx), input.job) }),
  },
  Job: {
    id: (j) => toGlobalId('Job', j.id),
    dataset: (j, _a, ctx) => (j.datasetId ? ctx.loaders.dataset.load(j.datasetId) : null),
    progress: (j) => (j.state === 'SUCCEEDED' ? 1 : j.total ? Math.min(1, j.processed / j.total) : 0),
    errors: (j, { first }, ctx) => ctx.app.jobs.errors(j.id, pageSize(first)),
    result: (j) => (j.result ? JSON.parse(j.result) : null),
  },
};
