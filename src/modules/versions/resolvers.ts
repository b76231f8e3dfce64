import { toGlobalId } from '../../ids.js';
import type { Resolvers } from '../../generated/graphql.js';
import { actorOf, commandContext } from '../../server/context.js';
import { toConnection } from '../../server/connection.js';
import { commit } from './commands/commit.js';
import { createBranch } from './commands/create-branch.js';
import { deleteBranch } from './commands/delete-branch.js';
import { discardChanges } from './commands/discard-changes.js';
import { restore } from './commands/restore.js';
import { tagVersion } from './commands/tag-version.js';

export const versionResolvers: Resolvers = {
  Mutation: {
    commit: (_p, { input }, ctx) => commit(commandContext(ctx), input),
    createBranch: (_p, { input }, ctx) => createBranch(commandContext(ctx), input),
    deleteBranch: (_p, { input }, ctx) => deleteBranch(commandContext(ctx), input),
    tagVersion: (_p, { input }, ctx) => tagVersion(commandContext(ctx), input),
    restore: (_p, { input }, ctx) => restore(commandContext(ctx), input),
    discardChanges: (_p, { input }, ctx) => discardChanges(commandContext(ctx), input),
  },
  Dataset: {
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
    versions: (d, { branch, first, after }, ctx) => toConnection(ctx.app.versions.historyPage(actorOf(ctx), d, branch ?? 'main', first, after)),
    version: (d, { ref }, ctx) => {
      actorOf(ctx);
      return ctx.app.versions.findRef(d, ref)?.version ?? null;
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
    qualityPolicyVersion: (v) => v.policyVersion,
  },
};
