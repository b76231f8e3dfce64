import type { Resolvers } from '../../generated/graphql.js';
import { actorOf } from '../../server/context.js';

export const importResolvers: Resolvers = {
  Mutation: {
    importItems: (_p, { input }, ctx) => ({ job: ctx.app.imports.start(actorOf(ctx), input) }),
  },
};
