import { toGlobalId } from '../../ids.js';
import type { Resolvers } from '../../generated/graphql.js';
import { commandContext } from '../../server/context.js';
import { toConnection } from '../../server/connection.js';
import { createExport } from './commands/create-export.js';
import { SPLITS } from './split.js';

export const exportResolvers: Resolvers = {
  Mutation: {
    createExport: (_p, { input }, ctx) => {
      const r = createExport(commandContext(ctx), input);
      void r.done;
      return { export: r.export, job: r.job };
    },
  },
  Export: {
    id: (e) => toGlobalId('Export', e.id),
    dataset: async (e, _a, ctx) => (await ctx.loaders.dataset.load(e.datasetId))!,
    version: async (e, _a, ctx) => (await ctx.loaders.version.load(e.versionId))!,
    spec: (e) => JSON.parse(e.spec),
    formats: (e) => JSON.parse(e.formats),
    state: (e) => e.state as 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED',
    splits: (e) => {
      const s = e.splits ? (JSON.parse(e.splits) as Record<string, number>) : null;
      return s ? SPLITS.map((name) => ({ name, count: s[name] ?? 0 })) : [];
    },
    path: (e, _a, ctx) => ctx.app.exports.absolutePath(e),
    manifest: (e, _a, ctx) => ctx.app.exports.readJson(e, 'manifest.json'),
    report: (e, _a, ctx) => ctx.app.exports.readJson(e, 'report.json'),
    job: (e, _a, ctx) => (e.jobId ? (ctx.app.jobs.byId(e.jobId) ?? null) : null),
  },
  Dataset: {
    exports: (d, { first, after }, ctx) => toConnection(ctx.app.exports.list(commandContext(ctx).actor, d, first, after)),
  },
};
