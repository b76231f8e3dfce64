import { toGlobalId } from '../../ids.js';
import type { Resolvers } from '../../generated/graphql.js';
import { actorOf, commandContext } from '../../server/context.js';
import { toConnection } from '../../server/connection.js';
import { createDataset } from './commands/create-dataset.js';

export const datasetResolvers: Resolvers = {
  Query: {
    dataset: (_p, { name }, ctx) => ctx.app.datasets.byName(actorOf(ctx), name),
    datasets: (_p, { first, after }, ctx) => toConnection(ctx.app.datasets.list(actorOf(ctx), first, after)),
  },
  Mutation: {
    createDataset: (_p, { input }, ctx) => ({ dataset: createDataset(commandContext(ctx), input) }),
    deleteDataset: (_p, { input }, ctx) => ({ deletedDatasetId: toGlobalId('Dataset', ctx.app.datasets.delete(actorOf(ctx), input.dataset)) }),
  },
  Dataset: {
    id: (d) => toGlobalId('Dataset', d.id),
  },
};
