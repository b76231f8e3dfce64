import type { Resolvers } from '../../generated/graphql.js';
import { actorOf } from '../../server/context.js';

export const mediaResolvers: Resolvers = {
  Query: {
    media: (_p, { sha256 }, ctx) => {
      actorOf(ctx);
      return ctx.app.media.get(sha256);
    },
  },
  Media: {
    url: (m, _a, ctx) => ctx.baseUrl + ctx.app.media.signedUrl(m.sha256, undefined, ctx.actor?.tokenId ?? null),
  },
};
