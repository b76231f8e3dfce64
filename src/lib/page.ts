/** One page of a Relay connection, before it is shaped for GraphQL (src/server/connection.ts). */
export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  /** Counted only when a client asks for totalCount. */
  totalCount: () => number;
}
