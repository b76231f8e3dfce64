import type { Resolvers } from '../../generated/graphql.js';
import { actorOf, type GraphQLContext } from '../../server/context.js';
import { toConnection } from '../../server/connection.js';
import type { ItemModel } from '../items/model.js';
import { gpuMemoryGB } from './tasks.js';

/** Item.quality: the score row of the policy the item was read with, plus the ref's duplicate flags. */
export async function itemQuality(item: ItemModel, ctx: GraphQLContext) {
  const dataset = (await ctx.loaders.dataset.load(item.datasetId))!;
  const policyVersion = item.readAt?.policyVersion ?? dataset.policyVersion;
  const q = await ctx.loaders.quality.load({ revisionId: item.revisionId, policyVersion });
  if (!q) return null;
  return { ...q, flags: ctx.app.quality.flagsAt(dataset, item.readAt, item.key, q.flags) };
}

export const qualityResolvers: Resolvers = {
  Query: {
    fineTuningTasks: (_p, _a, ctx) => {
      actorOf(ctx);
      return [...ctx.app.quality.catalogue.tasks.values()];
    },
  },
  Mutation: {
    setQualityPolicy: (_p, { input }, ctx) => {
      const actor = actorOf(ctx);
      const d = ctx.app.datasets.require(actor, input.dataset);
      return ctx.app.quality.setPolicy(actor, d, input.policy);
    },
  },
  Dataset: {
    targetLanguage: (d, _a, ctx) => ctx.app.quality.policy(d.id, d.policyVersion).targetLanguage,
    targetTask: (d, _a, ctx) => ctx.app.quality.policy(d.id, d.policyVersion).targetTask,
    qualityPolicy: (d, _a, ctx) => {
      actorOf(ctx);
      return ctx.app.quality.policy(d.id, d.policyVersion);
    },
    qualityPolicyVersion: (d) => d.policyVersion,
    qualityPolicies: (d, _a, ctx) => {
      actorOf(ctx);
      return ctx.app.quality.policyHistory(d);
    },
    audit: (d, { ref, task }, ctx) => ctx.app.quality.audit(actorOf(ctx), d, ref ?? 'main', task),
    auditDiff: (d, { from, to, task }, ctx) => ctx.app.quality.auditDiff(actorOf(ctx), d, from, to, task),
    duplicateClusters: (d, { ref, first, after }, ctx) => toConnection(ctx.app.quality.clustersPage(actorOf(ctx), d, ref ?? 'main', first, after)),
  },
  DuplicateCluster: {
    size: (c) => c.keys.length,
    members: (c, { first }, ctx) => ctx.app.quality.members(c, first),
    representative: (c, _a, ctx) => ctx.app.quality.members({ ...c, keys: [c.representative] }, 1)[0],
  },
  FineTuningTask: {
    gpuMemoryGB: (t, _a, ctx) => gpuMemoryGB(t, ctx.app.quality.catalogue.gpuFactor),
    gpuMemoryGB4bit: (t, _a, ctx) => (t.quantized4bit ? gpuMemoryGB(t, ctx.app.quality.catalogue.gpuFactor, 0.5) : null),
  },
};
