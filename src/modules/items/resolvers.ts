import { toGlobalId } from '../../ids.js';
import type { Resolvers } from '../../generated/graphql.js';
import { actorOf, type GraphQLContext } from '../../server/context.js';
import { toConnection } from '../../server/connection.js';
import { itemQuality } from '../quality/resolvers.js';
import type { ItemModel } from './model.js';

const TYPE_OF = { TEXT_PAIR: 'TextPair', IMAGE_CAPTION: 'ImageCaption', AUDIO_TRANSCRIPT: 'AudioTranscript' } as const;

async function history(item: ItemModel, args: { first?: number | null; after?: string | null }, ctx: GraphQLContext) {
  actorOf(ctx);
  const dataset = (await ctx.loaders.dataset.load(item.datasetId))!;
  return toConnection(ctx.app.items.history(dataset, item.key, args.first, args.after));
}

async function media(item: ItemModel, ctx: GraphQLContext) {
  const m = await ctx.loaders.media.load(item.mediaSha256!);
  if (!m) throw new Error(`media ${item.mediaSha256} missing for revision ${item.revisionId}`);
  return m;
}

/** Fields shared by every Item implementation. */
const itemFields = {
  id: (i: ItemModel) => toGlobalId('Item', i.revisionId),
  revision: (i: ItemModel) => String(i.revisionId),
  updatedAt: (i: ItemModel) => i.createdAt,
  updatedBy: (i: ItemModel) => i.createdBy,
  history: (i: ItemModel, a: { first?: number | null; after?: string | null }, ctx: GraphQLContext) => history(i, a, ctx),
  quality: (i: ItemModel, _a: unknown, ctx: GraphQLContext) => itemQuality(i, ctx),
};

export const itemResolvers: Resolvers = {
  Item: {
    __resolveType: (i) => TYPE_OF[i.modality],
  },
  TextPair: { ...itemFields, prompt: (i) => i.prompt ?? '', response: (i) => i.response ?? '' },
  ImageCaption: { ...itemFields, caption: (i) => i.caption ?? '', image: (i, _a, ctx) => media(i, ctx) },
  AudioTranscript: { ...itemFields, transcript: (i) => i.transcript ?? '', audio: (i, _a, ctx) => media(i, ctx) },
  ItemEvent: {
    kind: (e) => e.op,
    branch: (e) => e.branchName,
    actor: (e) => e.createdBy,
    at: (e) => e.createdAt,
    revision: (e) => String(e.revisionId),
    item: (e) => (e.deleted ? null : e),
  },
  Mutation: {
    addItems: async (_p, { input }, ctx) => {
      const actor = actorOf(ctx);
      const d = ctx.app.datasets.require(actor, input.dataset);
      const items = ctx.app.items.add(actor, d, input.branch ?? 'main', input.items);
      const scoreJob = await ctx.app.quality.scoreRevisions(d, items.map((i) => i.revisionId));
      return { items, scoreJob };
    },
    updateItem: async (_p, { input }, ctx) => {
      const actor = actorOf(ctx);
      const d = ctx.app.datasets.require(actor, input.dataset);
      const item = ctx.app.items.update(actor, d, input.branch ?? 'main', input.key, input.expectedRevision, input.patch);
      await ctx.app.quality.scoreRevisions(d, [item.revisionId]);
      return { item };
    },
    removeItems: (_p, { input }, ctx) => {
      const actor = actorOf(ctx);
      const d = ctx.app.datasets.require(actor, input.dataset);
      return { removedCount: ctx.app.items.remove(actor, d, input.branch ?? 'main', input.keys) };
    },
  },
};
