import type { BranchRow } from '../../db/schema/index.js';
import type { Actor } from '../auth/index.js';
import { branchCommittedLayers, branchLiveLayers } from './layers.js';
import type { VersionsRepository } from './repository.js';
import { changedFields, contentHash, rowToContent, type ItemContent } from './content.js';
import type { NewRevision, RevisionRow } from './model.js';
import type { RevisionsRepository } from './revisions-repository.js';

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
    private readonly items: RevisionsRepository,
    private readonly versions: VersionsRepository,
  ) {}

  /** Highest revision id written so far: a job's own writes lie above the mark it took at its start. */
  revisionMark(): number {
    return this.items.maxRevisionId();
  }

  /** Revisions an import job wrote, above its mark. */
  jobRevisions(jobId: number, mark: number) {
    return this.items.jobRevisions(jobId, mark);
  }

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
    jobId: number | null = null,
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
      const row: NewRevision & { id?: number } = {
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
        job_id: jobId,
        derivation: c?.derivation ? JSON.stringify(c.derivation) : null,
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

  /**
   * Undoes writes on a branch: each key whose staged revision is still the one given goes back to
   * that revision's predecessor (the staging row is dropped when that equals the committed state).
   * Keys changed since by someone else, or committed since, are left alone: their later state is
   * acknowledged work. The undone revisions stay in the history, as discarded changes do.
   * Synchronous: callers wrap it in a transaction. Returns how many keys went back.
   */
  revert(branch: BranchRow, written: ReadonlyArray<{ id: number; key: string; prev_revision_id: number | null }>): number {
    const keys = written.map((w) => w.key);
    const staged = this.items.lookupMany([{ kind: 'staging', branchId: branch.id }], keys);
    const undo = written.filter((w) => staged.get(w.key)?.id === w.id);
    if (undo.length === 0) return 0;
    const committed = this.items.lookupMany(branchCommittedLayers(this.versions, branch), undo.map((w) => w.key));
    const prev = new Map(this.items.getRevisions(undo.flatMap((w) => (w.prev_revision_id === null ? [] : [w.prev_revision_id]))).map((r) => [r.id, r]));
    for (const w of undo) {
      const before = w.prev_revision_id === null ? undefined : prev.get(w.prev_revision_id);
      const beforePresent = before !== undefined && !before.deleted;
      const base = committed.get(w.key);
      const basePresent = base !== undefined && !base.deleted;
      if (before === undefined || (!beforePresent && !basePresent) || (beforePresent && basePresent && before.content_hash === base.content_hash)) {
        this.items.deleteStaging(branch.id, w.key);
      } else {
        this.items.upsertStaging(branch.id, w.key, before.id, (beforePresent ? 1 : 0) - (basePresent ? 1 : 0));
      }
    }
    return undo.length;
  }
}
