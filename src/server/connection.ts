import type { DatasetRow, VersionRow } from '../db/schema/index.js';
import type { ItemChangeModel, ItemModel } from '../modules/items/model.js';
import type { Page } from '../lib/page.js';
import type { DuplicateClusterModel } from '../modules/quality/model.js';
import type { FamilyModel } from '../modules/augment/families.js';
import type { ExportRow } from '../db/schema/exports.js';

/** A Relay connection before its totalCount is resolved (that count runs only when asked for). */
export interface ConnectionModel<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  count: () => number;
}

export type DatasetConnectionModel = ConnectionModel<DatasetRow>;
export type ItemConnectionModel = ConnectionModel<ItemModel>;
export type ItemEventConnectionModel = ConnectionModel<ItemModel>;
export type ItemChangeConnectionModel = ConnectionModel<ItemChangeModel>;
export type VersionConnectionModel = ConnectionModel<VersionRow>;
export type DuplicateClusterConnectionModel = ConnectionModel<DuplicateClusterModel>;
export type FamilyConnectionModel = ConnectionModel<FamilyModel>;
export type ExportConnectionModel = ConnectionModel<ExportRow>;

export function toConnection<T>(page: Page<T>): ConnectionModel<T> {
  return {
    edges: page.nodes.map((node, i) => ({ cursor: page.cursors[i], node })),
    nodes: page.nodes,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
    count: page.totalCount,
  };
}

const totalCount = { totalCount: (c: ConnectionModel<unknown>) => c.count() };

/** totalCount resolvers for every connection type. */
export const connectionResolvers = {
  DatasetConnection: totalCount,
  ItemConnection: totalCount,
  ItemEventConnection: totalCount,
  ItemChangeConnection: totalCount,
  VersionConnection: totalCount,
  DuplicateClusterConnection: totalCount,
  FamilyConnection: totalCount,
  ExportConnection: totalCount,
};
