import type { BranchRow } from '../../db/schema/index.js';
import type { Actor } from '../auth/roles.js';
import { branchCommittedLayers, branchLiveLayers } from '../versions/layers.js';
import type { VersionsRepository } from '../versions/repository.js';
import { changedFields, contentHash, type ItemContent } from './content.js';
import { rowToContent } from './mapping.js';
import type { ItemsRepository, RevisionRow } from './repository.js';

export interface ItemChangeRequest {
  key: string;
  /** null removes the item. */
  content: ItemContent | null;
  /** contentHash(key, content), when the caller computed it already (bulk imports hash in a worker). */
  contentHash?: string;
}

export interface AppliedChange {
  key: string;
  /** The live revision after the change (null when the key is absent afterwards). */
  revision: RevisionRow | null;
  /** False when the change would not alter anything (same content), so nothing was written. */
  written: boolean;
}

/**
 * Writes item changes onto a branch: one immutable revision per effective change, and the branch's
 * staging row for the key (dropped again when the live state returns to the committed one, so
 * uncommittedChanges counts real differences). Synchronous: callers wrap it in a transaction.
 * Live and committed states are looked up in one statement per layer for the whole batch.
 */
export class ItemWriter {
  constructor(
    private readonly items: ItemsRepository,
    private readonly versions: VersionsRepository,
  ) {}

  /** Current live revisions (tombstones included) of keys on a branch. */
  live(branch: BranchRow, keys: readonly string[]): Map<string, RevisionRow> {
    return this.items.lookupMany(branchLiveLayers(this.versions, branch), keys);
  }

  apply(
    datasetId: number,
    branch: BranchRow,
    changes: readonly ItemChangeRequest[],
    actor: Actor,
    now: string,
    live?: Map<string, RevisionRow>,
  ): AppliedChange[] {
    const keys = changes.map((c) => c.key);
    const current = live ?? this.live(branch, keys);
    const committed = this.items.lookupMany(branchCommittedLayers(this.versions, branch), keys);
    const out: AppliedChange[] = [];
    for (const change of changes) {
      const cur = current.get(change.key);
      const curPresent = cur !== undefined && !cur.deleted;
      const hash = change.content ? (change.contentHash ?? contentHash(change.key, change.content)) : null;
      if ((!curPresent && !change.content) || (curPresent && hash === cur.content_hash)) {
        out.push({ key: change.key, revision: curPresent ? cur : null, written: false });
        continue;
      }
      const c = change.content;
      const row: Omit<RevisionRow, 'id'> & { id?: number } = {
        dataset_id: datasetId,
        key: change.key,
        op: c ? (curPresent ? 'MODIFIED' : 'ADDED') : 'REMOVED',
        deleted: c ? 0 : 1,
        prompt: c?.prompt ?? null,
        response: c?.response ?? null,
        media_sha256: c?.mediaSha256 ?? null,
        caption: c?.caption ?? null,
        transcript: c?.transcript ?? null,
        labels: JSON.stringify(c?.labels ?? []),
        attributes: JSON.stringify(c?.attributes ?? {}),
        status: c?.status ?? 'UNLABELED',
        content_hash: hash ?? (cur?.content_hash as string),
        prev_revision_id: cur?.id ?? null,
        changed_fields: JSON.stringify(curPresent && c ? changedFields(rowToContent(cur), c) : []),
        branch_name: branch.name,
        created_at: now,
        created_by: actor.name,
      };
      // The row object becomes the RevisionRow (no copy: bulk imports write 100k of these).
      const written = row as RevisionRow;
      written.id = this.items.insertRevision(row);
      const base = committed.get(change.key);
      const basePresent = base !== undefined && !base.deleted;
      if ((!basePresent && !c) || (basePresent && c && base.content_hash === hash)) {
        // Back to the committed state: nothing left to commit for this key.
        this.items.deleteStaging(branch.id, change.key);
      } else {
        this.items.upsertStaging(branch.id, change.key, written.id, (c ? 1 : 0) - (basePresent ? 1 : 0));
      }
      current.set(change.key, written);
      out.push({ key: change.key, revision: c ? written : null, written: true });
    }
    return out;
  }
}
