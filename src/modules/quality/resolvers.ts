import type { Resolvers } from '../../generated/graphql.js';
import { actorOf, commandContext, type GraphQLContext } from '../../server/context.js';
import { setQualityPolicy } from './commands/set-quality-policy.js';
import { toConnection } from '../../server/connection.js';
import type { ItemModel } from '../items/index.js';
import { gpuMemoryGB } from './tasks.js';

/** Item.quality: the score row of the policy the item was read with, plus the ref's duplicate flags. */
async function itemQuality(item: ItemModel, ctx: GraphQLContext) {
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
    setQualityPolicy: (_p, { input }, ctx) => setQualityPolicy(commandContext(ctx), input),
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
    duplicateClusters: async (d, { ref, first, after }, ctx) => toConnection(await ctx.app.quality.clustersPage(actorOf(ctx), d, ref ?? 'main', first, after)),
  },
  TextPair: { quality: (i, _a, ctx) => itemQuality(i, ctx) },
  ImageCaption: { quality: (i, _a, ctx) => itemQuality(i, ctx) },
  AudioTranscript: { quality: (i, _a, ctx) => itemQuality(i, ctx) },
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
