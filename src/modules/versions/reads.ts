import type { Db } from '../../db/connection.js';
import type { Layer, RevisionFilter, RevisionRow, SqlParam } from './model.js';
import { RevisionsRepository } from './revisions-repository.js';

/**
 * Reads of stored revisions, for the modules above versions (items, quality): the state of keys at
 * a ref's layers, pages of it, and revision history. The SQL stays in RevisionsRepository; this is
 * its public face (no module opens another's repository).
 */
export class RevisionReads {
  private readonly repo: RevisionsRepository;

  constructor(db: Db) {
    this.repo = new RevisionsRepository(db);
  }

  /** The revision (tombstones included) deciding each key's state at `layers`. */
  lookup(layers: readonly Layer[], keys: readonly string[]): Map<string, RevisionRow> {
    return this.repo.lookupMany(layers, keys);
  }

  /** A page of live items in key order, keys > afterKey. */
  page(layers: readonly Layer[], afterKey: string, limit: number, filter: RevisionFilter): RevisionRow[] {
    return this.repo.page(layers, afterKey, limit, filter);
  }

  count(layers: readonly Layer[], filter: RevisionFilter): number {
    return this.repo.count(layers, filter);
  }

  /** SQL selecting `cols` of every live item at `layers`, for another repository to join against. */
  liveSelect(layers: readonly Layer[], cols: string, filter: RevisionFilter = {}, afterKey = ''): { sql: string; params: SqlParam[] } {
    return this.repo.liveSelect(layers, cols, filter, afterKey);
  }

  revisions(ids: readonly number[]): RevisionRow[] {
    return this.repo.getRevisions(ids);
  }

  /** Revisions of one key, newest first, strictly older than beforeId. */
  history(datasetId: number, key: string, beforeId: number, limit: number): RevisionRow[] {
    return this.repo.history(datasetId, key, beforeId, limit);
  }

  countHistory(datasetId: number, key: string): number {
    return this.repo.countHistory(datasetId, key);
  }
}
