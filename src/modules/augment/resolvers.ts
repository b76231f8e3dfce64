import { toGlobalId } from '../../ids.js';
import type { Resolvers } from '../../generated/graphql.js';
import { commandContext, type GraphQLContext } from '../../server/context.js';
import { toConnection } from '../../server/connection.js';
import type { ItemModel } from '../items/index.js';
import { augment } from './commands/augment.js';
import { planAugmentation } from './commands/plan-augmentation.js';

async function family(item: ItemModel, ctx: GraphQLContext): Promise<string | null> {
  // Only an item read at a ref has a family (history entries and node(id) lookups have none).
  if (!item.readAt) return null;
  const dataset = (await ctx.loaders.dataset.load(item.datasetId))!;
  return ctx.app.augment.familyOf(dataset, item.readAt.resolved, item.key, item.readAt.stateKey);
}

export const augmentResolvers: Resolvers = {
  Mutation: {
    augment: (_p, { input }, ctx) => ({ job: augment(commandContext(ctx), input) }),
    planAugmentation: async (_p, { input }, ctx) => ({ plan: await planAugmentation(commandContext(ctx), input) }),
  },
  AugmentPlan: {
    id: (p) => toGlobalId('AugmentPlan', p.id),
    version: (p, _a, ctx) => (p.versionId ? ctx.loaders.version.load(p.versionId) : null),
    sourceCount: (p) => p.sources.length,
    expectedCoverage: (p) => p.expected,
  },
  Family: {
    keys: (f, { first }) => f.keys.slice(0, Math.max(0, Math.min(first ?? 100, 1000))),
  },
  Dataset: {
    families: async (d, args, ctx) => toConnection(await ctx.app.augment.families(commandContext(ctx).actor, d, args.ref ?? 'main', args.first, args.after, args.minSize)),
    augmentPlans: (d, { first }, ctx) => ctx.app.augment.plans(commandContext(ctx).actor, d, first),
  },
  TextPair: { family: (i, _a, ctx) => family(i, ctx) },
  ImageCaption: { family: (i, _a, ctx) => family(i, ctx) },
  AudioTranscript: { family: (i, _a, ctx) => family(i, ctx) },
};
