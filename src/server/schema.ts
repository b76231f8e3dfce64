import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { JSONResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { fromGlobalId } from '../ids.js';
import { authResolvers } from '../modules/auth/resolvers.js';
import { augmentResolvers } from '../modules/augment/resolvers.js';
import { exportResolvers } from '../modules/exports/resolvers.js';
import { trainingResolvers } from '../modules/trainer/resolvers.js';
import { coverageResolvers } from '../modules/coverage/resolvers.js';
import { datasetResolvers } from '../modules/datasets/resolvers.js';
import { itemResolvers } from '../modules/items/resolvers.js';
import { rowToItem } from '../modules/items/mapping.js';
import { importResolvers } from '../modules/imports/resolvers.js';
import { jobResolvers } from '../modules/jobs/resolvers.js';
import { mediaResolvers } from '../modules/media/resolvers.js';
import { qualityResolvers } from '../modules/quality/resolvers.js';
import { versionResolvers } from '../modules/versions/resolvers.js';
import { requireRole } from '../modules/auth/roles.js';
import { connectionResolvers } from './connection.js';
import { actorOf, type GraphQLContext } from './context.js';

export const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema');

export function loadTypeDefs(): string[] {
  return fs
    .readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
}

/** Query.node: refetch anything by its global id. */
async function node(_p: unknown, { id }: { id: string }, ctx: GraphQLContext) {
  const actor = actorOf(ctx);
  const gid = fromGlobalId(id);
  if (!gid) return null;
  switch (gid.type) {
    case 'Dataset': {
      requireRole(actor, 'viewer');
      const d = await ctx.loaders.dataset.load(gid.id);
      return d ? { ...d, __typename: 'Dataset' } : null;
    }
    case 'Version': {
      requireRole(actor, 'viewer');
      const v = await ctx.loaders.version.load(gid.id);
      return v ? { ...v, __typename: 'Version' } : null;
    }
    case 'Item': {
      requireRole(actor, 'viewer');
      const r = await ctx.loaders.revision.load(gid.id);
      if (!r || r.deleted) return null;
      const d = (await ctx.loaders.dataset.load(r.dataset_id))!;
      return rowToItem(r, d.modality);
    }
    case 'Job': {
      requireRole(actor, 'viewer');
      const j = ctx.app.jobs.byId(gid.id);
      return j ? { ...j, __typename: 'Job' } : null;
    }
    case 'AugmentPlan': {
      const p = ctx.app.augment.getPlan(actor, gid.id);
      return p ? { ...p, __typename: 'AugmentPlan' } : null;
    }
    case 'Export': {
      const e = ctx.app.exports.get(actor, gid.id);
      return e ? { ...e, __typename: 'Export' } : null;
    }
    case 'TrainingRun': {
      const r = ctx.app.training.get(actor, gid.id);
      return r ? { ...r, __typename: 'TrainingRun' } : null;
    }
    case 'ApiToken': {
      const t = ctx.app.auth.list(actor).find((x) => x.id === gid.id);
      return t ? { ...t, __typename: 'ApiToken' } : null;
    }
    default:
      return null;
  }
}

const TYPE_OF_MODALITY = { TEXT_PAIR: 'TextPair', IMAGE_CAPTION: 'ImageCaption', AUDIO_TRANSCRIPT: 'AudioTranscript' } as const;

export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers: [
      { JSON: JSONResolver },
      {
        Query: { node },
        Node: {
          __resolveType: (o: { __typename?: string; modality?: keyof typeof TYPE_OF_MODALITY; revisionId?: number }) =>
            o.revisionId !== undefined && o.modality ? TYPE_OF_MODALITY[o.modality] : (o.__typename ?? null),
        },
      },
      connectionResolvers,
      datasetResolvers,
      itemResolvers,
      qualityResolvers,
      coverageResolvers,
      augmentResolvers,
      exportResolvers,
      trainingResolvers,
      versionResolvers,
      mediaResolvers,
      jobResolvers,
      importResolvers,
      authResolvers,
    ],
    inheritResolversFromInterfaces: true,
  });
}
