import type { Resolvers } from '../../generated/graphql.js';
import { commandContext } from '../../server/context.js';
import { importItems } from './commands/import-items.js';

export const importResolvers: Resolvers = {
  Mutation: {
    importItems: (_p, { input }, ctx) => ({ job: importItems(commandContext(ctx), input) }),
  },
};
