import type { Resolvers } from '../../generated/graphql.js';
import { commandContext } from '../../server/context.js';
import { getCoverage } from './commands/get-coverage.js';
import { setCoverageSpec } from './commands/set-coverage-spec.js';

const MAX_LIST = 1000;
const firstOf = (first: number | null | undefined) => Math.max(0, Math.min(first ?? 100, MAX_LIST));

export const coverageResolvers: Resolvers = {
  Coverage: {
    itemCount: (c) => c.items,
    missing: (c, { first }) => c.missing.slice(0, firstOf(first)),
    missingCount: (c) => c.missing.length,
  },
  LabelCoverage: {
    missing: (l, { first }) => l.missing.slice(0, firstOf(first)),
  },
  Dataset: {
    coverage: (d, args, ctx) => getCoverage(commandContext(ctx), d, args),
    coverageSpec: (d, _a, ctx) => ctx.app.coverage.spec(d, d.coverageSpecVersion),
    coverageSpecVersion: (d) => d.coverageSpecVersion,
    coverageSpecs: (d, _a, ctx) => ctx.app.coverage.history(d),
  },
  Mutation: {
    setCoverageSpec: (_p, { input }, ctx) => setCoverageSpec(commandContext(ctx), input),
  },
};
