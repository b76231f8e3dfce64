import { toGlobalId } from '../../ids.js';
import type { Resolvers } from '../../generated/graphql.js';
import { actorOf } from '../../server/context.js';
import { toConnection } from '../../server/connection.js';

export const datasetResolvers: Resolvers = {
  Query: {
    dataset: (_p, { name }, ctx) => ctx.app.datasets.byName(actorOf(ctx), name),
    datasets: (_p, { first, after }, ctx) => toConnection(ctx.app.datasets.list(actorOf(ctx), first, after)),
  },
  Mutation: {
    createDataset: (_p, { input }, ctx) => ({ dataset: ctx.app.datasets.create(actorOf(ctx), input) }),
    deleteDataset: (_p, { input }, ctx) => ({ deletedDatasetId: toGlobalId('Dataset', ctx.app.datasets.delete(actorOf(ctx), input.dataset)) }),
  },
  Dataset: {
    id: (d) => toGlobalId('Dataset', d.id),
    branches: (d, _a, ctx) => {
      actorOf(ctx);
      return ctx.app.versions.branches(d);
    },
    branch: (d, { name }, ctx) => {
      actorOf(ctx);
      return ctx.app.versions.getBranch(d, name) ?? null;
    },
    tags: (d, _a, ctx) => {
      actorOf(ctx);
      return ctx.app.versions.tags(d);
    },
    items: (d, { ref, first, after, filter }, ctx) =>
      toConnection(ctx.app.items.list(actorOf(ctx), d, ref ?? 'main', first, after, filter)),
    item: (d, { ref, key }, ctx) => ctx.app.items.get(actorOf(ctx), d, ref ?? 'main', key),
    versions: (d, { branch, first, after }, ctx) => toConnection(ctx.app.versions.historyPage(actorOf(ctx), d, branch ?? 'main', first, after)),
    version: (d, { ref }, ctx) => {
      actorOf(ctx);
      return ctx.app.versions.findRef(d, ref)?.version ?? null;
    },
    itemHistory: (d, { key, first, after }, ctx) => {
      actorOf(ctx);
      return toConnection(ctx.app.items.history(d, key, first, after));
    },
    diff: (d, { from, to, first, after }, ctx) =>
      toConnection(ctx.app.quality.diffAtRefs(d, from, to, ctx.app.versions.diffPage(actorOf(ctx), d, from, to, first, after))),
  },
};
