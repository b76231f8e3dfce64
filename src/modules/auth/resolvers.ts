import { toGlobalId } from '../../ids.js';
import type { Resolvers } from '../../generated/graphql.js';
import { actorOf } from '../../server/context.js';

export const authResolvers: Resolvers = {
  Query: {
    viewer: (_p, _a, ctx) => actorOf(ctx),
    apiTokens: (_p, _a, ctx) => ctx.app.auth.list(actorOf(ctx)),
  },
  Mutation: {
    createApiToken: (_p, { input }, ctx) => {
      const { token, row } = ctx.app.auth.createToken(actorOf(ctx), input.name, input.role);
      return { apiToken: row, token };
    },
    revokeApiToken: (_p, { input }, ctx) => ({ apiToken: ctx.app.auth.revoke(actorOf(ctx), input.id) }),
  },
  ApiToken: {
    id: (t) => toGlobalId('ApiToken', t.id),
  },
};
