import { toGlobalId } from '../../ids.js';
import type { Resolvers } from '../../generated/graphql.js';
import { actorOf, commandContext, type GraphQLContext } from '../../server/context.js';
import { toConnection } from '../../server/connection.js';
import { addItems } from './commands/add-items.js';
import { diffItems } from './commands/diff-items.js';
import { getItem } from './commands/get-item.js';
import { listItems } from './commands/list-items.js';
import { removeItems } from './commands/remove-items.js';
import { updateItem } from './commands/update-item.js';
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

/** Fields shared by every Item implementation (quality adds its own: schema/quality.graphql). */
const itemFields = {
  id: (i: ItemModel) => toGlobalId('Item', i.revisionId),
  revision: (i: ItemModel) => String(i.revisionId),
  updatedAt: (i: ItemModel) => i.createdAt,
  updatedBy: (i: ItemModel) => i.createdBy,
  history: (i: ItemModel, a: { first?: number | null; after?: string | null }, ctx: GraphQLContext) => history(i, a, ctx),
  derivedFrom: (i: ItemModel) => i.derivation?.from ?? null,
  augmentation: (i: ItemModel) => (i.derivation ? { ...i.derivation, plan: i.derivation.plan ? toGlobalId('AugmentPlan', Number(i.derivation.plan)) : null } : null),
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
  Dataset: {
    items: async (d, args, ctx) => toConnection(await listItems(commandContext(ctx), d, args)),
    item: (d, args, ctx) => getItem(commandContext(ctx), d, args),
    itemHistory: (d, { key, first, after }, ctx) => {
      actorOf(ctx);
      return toConnection(ctx.app.items.history(d, key, first, after));
    },
    diff: (d, args, ctx) => toConnection(diffItems(commandContext(ctx), d, args)),
  },
  Mutation: {
    addItems: (_p, { input }, ctx) => addItems(commandContext(ctx), input),
    updateItem: (_p, { input }, ctx) => updateItem(commandContext(ctx), input),
    removeItems: (_p, { input }, ctx) => removeItems(commandContext(ctx), input),
  },
};
