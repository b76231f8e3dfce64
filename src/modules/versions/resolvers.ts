import { toGlobalId } from '../../ids.js';
import type { Resolvers } from '../../generated/graphql.js';
import { actorOf } from '../../server/context.js';

export const versionResolvers: Resolvers = {
  Mutation: {
    commit: (_p, { input }, ctx) => {
      const actor = actorOf(ctx);
      const d = ctx.app.datasets.require(actor, input.dataset);
      return { version: ctx.app.versions.commit(actor, d, input.branch ?? 'main', input.message, input.allowEmpty ?? false) };
    },
    createBranch: (_p, { input }, ctx) => {
      const actor = actorOf(ctx);
      const d = ctx.app.datasets.require(actor, input.dataset);
      return { branch: ctx.app.versions.createBranch(actor, d, input.name, input.from) };
    },
    deleteBranch: (_p, { input }, ctx) => {
      const actor = actorOf(ctx);
      const d = ctx.app.datasets.require(actor, input.dataset);
      ctx.app.versions.deleteBranch(actor, d, input.name);
      return { name: input.name };
    },
    tagVersion: (_p, { input }, ctx) => ({
      version: ctx.app.versions.tagVersion(actorOf(ctx), input.version, input.tag, (id) => ctx.app.datasets.byId(id)!),
    }),
    restore: (_p, { input }, ctx) => {
      const actor = actorOf(ctx);
      const d = ctx.app.datasets.require(actor, input.dataset);
      return { version: ctx.app.versions.restore(actor, d, input.branch ?? 'main', input.to, input.message) };
    },
    discardChanges: (_p, { input }, ctx) => {
      const actor = actorOf(ctx);
      const d = ctx.app.datasets.require(actor, input.dataset);
      const { branch, discarded } = ctx.app.versions.discardChanges(actor, d, input.branch ?? 'main');
      return { branch, discardedCount: discarded };
    },
  },
  Branch: {
    head: (b, _a, ctx) => (b.headVersionId ? ctx.loaders.version.load(b.headVersionId) : null),
    uncommittedChanges: (b, _a, ctx) => ctx.app.versions.uncommittedChanges(b.id),
  },
  Tag: {
    version: async (t, _a, ctx) => (await ctx.loaders.version.load(t.versionId))!,
  },
  Version: {
    id: (v) => toGlobalId('Version', v.id),
    parent: (v, _a, ctx) => (v.parentId ? ctx.loaders.version.load(v.parentId) : null),
    tags: (v, _a, ctx) => ctx.loaders.tags.load(v.id),
  },
};
