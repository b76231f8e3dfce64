import { tx, type Db } from '../../db/connection.js';
import { checkFreeText } from '../../lib/text-guard.js';
import type { BranchRow, DatasetRow, VersionRow } from '../../db/schema/index.js';
import { BadUserInputError, ConflictError, NotFoundError, VersionImmutableError } from '../../errors.js';
import { decodeIdCursor, decodeKeyCursor, expectId, fromGlobalId, idCursor, keyCursor, nowIso, pageSize } from '../../ids.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { DatasetsService } from '../datasets/index.js';
import type { Page } from '../../lib/page.js';
import type { RevisionRow } from './model.js';
import type { RevisionsRepository } from './revisions-repository.js';
import type { ItemWriter } from './writer.js';
import { checkRefName } from '../names.js';
import { rowToContent } from './content.js';
import { branchCommittedLayers, branchLiveLayers, lineageLayers } from './layers.js';
import { emptyDigest, ltAdd, ltRemove, versionHash } from './lthash.js';
import type { Layer, ResolvedRef } from './model.js';
import type { VersionsRepository } from './repository.js';

export interface RawChange {
  key: string;
  kind: 'ADDED' | 'REMOVED' | 'MODIFIED';
  before: RevisionRow | null;
  after: RevisionRow | null;
}

const LOOKUP_CHUNK = 5000;

function present(r: RevisionRow | undefined): RevisionRow | null {
  return r && !r.deleted ? r : null;
}

/**
 * Commits, branches, tags, restore and diff over the layered store (docs/versioning.md).
 * Every write runs in one synchronous IMMEDIATE transaction.
 */
export class VersionsService {
  constructor(
    private readonly db: Db,
    private readonly repo: VersionsRepository,
    private readonly items: RevisionsRepository,
    private readonly writer: ItemWriter,
    private readonly datasets: DatasetsService,
  ) {}

  /** A new dataset's history: its root lineage and an empty `main` (inside createDataset's transaction). */
  initDataset(actor: Actor, datasetId: number, now: string): void {
    const lineageId = this.repo.insertLineage(datasetId, null, null);
    this.datasets.setRootLineage(datasetId, lineageId);
    this.repo.insertBranch({ datasetId, name: 'main', lineageId, headSeq: 0, headVersionId: null, createdAt: now, createdBy: actor.name });
  }

  // ---------------------------------------------------------------- refs

  /** A branch name, a tag, a version id, or a version hash (or unique prefix of ≥ 7 hex digits). */
  resolveRef(dataset: DatasetRow, ref: string): ResolvedRef {
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > 200) {
      throw new BadUserInputError('A ref is a branch, tag, version id or version hash', { field: 'ref' });
    }
    const branch = this.repo.getBranch(dataset.id, ref);
    if (branch) {
      return {
        kind: 'branch',
        ref,
        branch,
        layers: branchLiveLayers(this.repo, branch),
        version: branch.headVersionId ? (this.repo.getVersion(branch.headVersionId) ?? null) : null,
      };
    }
    const version = this.findVersion(dataset, ref);
    if (!version) throw new NotFoundError('Ref', ref);
    return { kind: 'version', ref, version, layers: lineageLayers(this.repo, version.lineageId, version.seq) };
  }

  /** resolveRef, or null when the ref names nothing (Dataset.version is nullable). */
  findRef(dataset: DatasetRow, ref: string): ResolvedRef | null {
    try {
      return this.resolveRef(dataset, ref);
    } catch (e) {
      if (e instanceof NotFoundError) return null;
      throw e;
    }
  }

  private findVersion(dataset: DatasetRow, ref: string): VersionRow | undefined {
    const tag = this.repo.getTag(dataset.id, ref);
    if (tag) return this.repo.getVersion(tag.versionId);
    const gid = fromGlobalId(ref);
    if (gid?.type === 'Version') {
      const v = this.repo.getVersion(gid.id);
      if (v && v.datasetId === dataset.id) return v;
    }
    if (/^[0-9a-f]{7,64}$/.test(ref)) {
      const found = this.repo.findByHashPrefix(dataset.id, ref);
      // Identical content gives identical hashes; a prefix naming several versions of one hash
      // picks the oldest, a prefix naming different hashes is ambiguous.
      if (found.length === 2 && found[0].hash !== found[1].hash) {
        throw new BadUserInputError(`Version hash prefix "${ref}" is ambiguous`, { field: 'ref' });
      }
      return found[0];
    }
    return undefined;
  }

  /** The branch a write goes to: VERSION_IMMUTABLE for a tag or version, NOT_FOUND otherwise. */
  writableBranch(dataset: DatasetRow, name: string): BranchRow {
    const branch = this.repo.getBranch(dataset.id, name);
    if (branch) return branch;
    if (this.findVersion(dataset, name)) throw new VersionImmutableError(name);
    throw new NotFoundError('Branch', name);
  }

  getBranch(dataset: DatasetRow, name: string): BranchRow | undefined {
    return this.repo.getBranch(dataset.id, name);
  }

  branches(dataset: DatasetRow): BranchRow[] {
    return this.repo.listBranches(dataset.id);
  }

  tags(dataset: DatasetRow) {
    return this.repo.listTags(dataset.id);
  }

  uncommittedChanges(branchId: number): number {
    return this.items.stagingStats(branchId).changes;
  }

  /** Items visible at a resolved ref (no filter): O(1) for a version, O(staged) for a branch. */
  /**
   * Takes back what a job (an import, an augmentation) wrote on a branch above its revision mark:
   * each key it staged returns to its previous state, unless someone changed it since (ItemWriter.revert).
   */
  undoJobWrites(dataset: DatasetRow, branchName: string, jobId: number, mark: number): number {
    return tx(this.db, () => {
      const branch = this.getBranch(dataset, branchName);
      return branch ? this.writer.revert(branch, this.writer.jobRevisions(jobId, mark)) : 0;
    });
  }

  /**
   * The commit epoch each key was born in: how many of the dataset's commits were made before the
   * key first existed (items added between two commits share an epoch, whatever their row order).
   */
  birthEpochs(dataset: DatasetRow, keys: readonly string[]): Map<string, number> {
    const commits = this.repo.commitTimes(dataset.id);
    const out = new Map<string, number>();
    for (const [key, at] of this.items.firstSeen(dataset.id, keys)) {
      let lo = 0;
      let hi = commits.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (commits[mid] < at) lo = mid + 1;
        else hi = mid;
      }
      out.set(key, lo);
    }
    return out;
  }

  /**
   * A page of a ref's live keys in key order with the key each was derived from (null for an
   * original): what lineage needs, without reading the items' content.
   */
  lineagePage(r: ResolvedRef, afterKey: string, limit: number): Array<{ key: string; from: string | null }> {
    return this.items.lineagePage(r.layers, afterKey, limit);
  }

  itemCount(r: ResolvedRef): number {
    if (r.kind === 'version') return r.version.itemCount;
    return (r.version?.itemCount ?? 0) + this.items.stagingStats(r.branch.id).delta;
  }

  getVersions(ids: readonly number[]): VersionRow[] {
    return this.repo.getVersions(ids);
  }

  tagsForVersions(ids: readonly number[]) {
    return this.repo.tagsForVersions(ids);
  }

  versionById(id: number): VersionRow | undefined {
    return this.repo.getVersion(id);
  }

  /** Commits reachable from a branch head, newest first; `after` is a version id. */
  history(dataset: DatasetRow, branchName: string, afterVersionId: number | null, limit: number): { rows: VersionRow[]; total: number } {
    const branch = this.repo.getBranch(dataset.id, branchName);
    if (!branch) throw new NotFoundError('Branch', branchName);
    if (!branch.headVersionId) return { rows: [], total: 0 };
    const head = this.repo.getVersion(branch.headVersionId)!;
    let start: number | null = head.id;
    if (afterVersionId !== null) {
      const after = this.repo.getVersion(afterVersionId);
      if (!after || after.datasetId !== dataset.id) throw new BadUserInputError('Malformed cursor', { field: 'after' });
      start = after.parentId;
    }
    return { rows: start === null ? [] : this.repo.ancestry(start, limit), total: head.depth };
  }

  // ---------------------------------------------------------------- commit

  commit(actor: Actor, dataset: DatasetRow, branchName: string, message: string, allowEmpty = false): VersionRow {
    requireRole(actor, 'curator');
    if (!message.trim()) throw new BadUserInputError('A commit needs a message', { field: 'message' });
    checkFreeText(message, 'message');
    return tx(this.db, () => {
      const branch = this.writableBranch(dataset, branchName);
      return this.commitStaged(actor, dataset, branch, message, allowEmpty);
    });
  }

  /** Turns a branch's staging area into a version. Must run inside a transaction. O(staged). */
  private commitStaged(actor: Actor, dataset: DatasetRow, branch: BranchRow, message: string, allowEmpty: boolean): VersionRow {
    const head = branch.headVersionId ? this.repo.getVersion(branch.headVersionId)! : null;
    const digest = head ? Buffer.from(head.digest) : emptyDigest();
    let itemCount = head?.itemCount ?? 0;
    const seq = branch.headSeq + 1;
    const committedLayers = branchCommittedLayers(this.repo, branch);
    let changes = 0;
    // The staging area is read in key-ordered chunks, so a 100k-item commit never holds it all.
    for (let after = ''; ; ) {
      const chunk = this.items.stagingRows(branch.id, after, LOOKUP_CHUNK);
      if (chunk.length === 0) break;
      after = chunk[chunk.length - 1].key;
      const committed = this.items.lookupMany(
        committedLayers,
        chunk.map((s) => s.key),
      );
      for (const s of chunk) {
        const cur = present(committed.get(s.key));
        if ((!cur && s.deleted) || (cur && !s.deleted && cur.content_hash === s.content_hash)) continue;
        if (cur) {
          ltRemove(digest, cur.content_hash);
          itemCount--;
        }
        if (!s.deleted) {
          ltAdd(digest, s.content_hash);
          itemCount++;
        }
        this.repo.closeEntry(branch.lineageId, s.key, seq);
        this.repo.insertEntry(branch.lineageId, s.key, seq, s.revision_id);
        changes++;
      }
    }
    if (changes === 0 && !allowEmpty) {
      throw new BadUserInputError(`Nothing to commit on branch "${branch.name}"`, { field: 'branch' });
    }
    const row: Omit<VersionRow, 'id'> = {
      datasetId: dataset.id,
      lineageId: branch.lineageId,
      seq,
      parentId: head?.id ?? null,
      depth: (head?.depth ?? 0) + 1,
      hash: versionHash(digest, itemCount),
      digest,
      message,
      author: actor.name,
      createdAt: nowIso(),
      itemCount,
      changeCount: changes,
      policyVersion: this.datasets.policyVersion(dataset.id),
      coverageSpecVersion: this.datasets.coverageSpecVersion(dataset.id),
    };
    const id = this.repo.insertVersion(row);
    this.repo.updateBranchHead(branch.id, seq, id);
    this.items.clearStaging(branch.id);
    return { id, ...row };
  }

  // ---------------------------------------------------------------- branches and tags

  createBranch(actor: Actor, dataset: DatasetRow, name: string, from: string): BranchRow {
    requireRole(actor, 'curator');
    checkRefName(name, 'branch');
    return tx(this.db, () => {
      if (this.repo.getBranch(dataset.id, name)) throw new ConflictError(`Branch "${name}" already exists`, { branch: name });
      if (this.repo.getTag(dataset.id, name)) throw new ConflictError(`"${name}" is already a tag`, { tag: name });
      const src = this.resolveRef(dataset, from);
      const base = src.kind === 'branch' ? { lineageId: src.branch.lineageId, seq: src.branch.headSeq } : src.version;
      const lineageId = this.repo.insertLineage(dataset.id, base.lineageId, base.seq);
      const row: Omit<BranchRow, 'id'> = {
        datasetId: dataset.id,
        name,
        lineageId,
        headSeq: 0,
        headVersionId: src.version?.id ?? null,
        createdAt: nowIso(),
        createdBy: actor.name,
      };
      const id = this.repo.insertBranch(row);
      // Branching from a branch takes what reading that branch shows: its uncommitted changes too.
      if (src.kind === 'branch') this.items.copyStaging(src.branch.id, id);
      return { id, ...row };
    });
  }

  deleteBranch(actor: Actor, dataset: DatasetRow, name: string): void {
    requireRole(actor, 'curator');
    if (name === 'main') throw new BadUserInputError('The main branch cannot be deleted', { field: 'name' });
    tx(this.db, () => {
      const branch = this.writableBranch(dataset, name);
      this.items.clearStaging(branch.id);
      this.repo.deleteBranch(branch.id);
    });
  }

  tagVersion(actor: Actor, versionGlobalId: string, tag: string, datasetOf: (id: number) => DatasetRow): VersionRow {
    requireRole(actor, 'curator');
    checkRefName(tag, 'tag');
    const versionId = expectId('Version', versionGlobalId, 'version');
    return tx(this.db, () => {
      const version = this.repo.getVersion(versionId);
      if (!version) throw new NotFoundError('Version', versionGlobalId);
      const dataset = datasetOf(version.datasetId);
      const existing = this.repo.getTag(dataset.id, tag);
      if (existing) {
        if (existing.versionId === version.id) return version;
        throw new ConflictError(`Tag "${tag}" already names another version; tags never move`, { tag });
      }
      if (this.repo.getBranch(dataset.id, tag)) throw new ConflictError(`"${tag}" is already a branch`, { branch: tag });
      this.repo.insertTag({ datasetId: dataset.id, name: tag, versionId: version.id, createdAt: nowIso(), createdBy: actor.name });
      return version;
    });
  }

  /** Drops every uncommitted change on the branch, whoever made it: a curator's call. */
  discardChanges(actor: Actor, dataset: DatasetRow, branchName: string): { branch: BranchRow; discarded: number } {
    requireRole(actor, 'curator');
    return tx(this.db, () => {
      const branch = this.writableBranch(dataset, branchName);
      return { branch, discarded: this.items.clearStaging(branch.id) };
    });
  }

  /** A new commit on the branch whose content equals `to`. History is never rewritten. */
  restore(actor: Actor, dataset: DatasetRow, branchName: string, to: string, message?: string | null): VersionRow {
    requireRole(actor, 'curator');
    if (message != null) checkFreeText(message, 'message');
    return tx(this.db, () => {
      const branch = this.writableBranch(dataset, branchName);
      const pending = this.items.stagingStats(branch.id).changes;
      if (pending > 0) {
        throw new ConflictError(`Branch "${branch.name}" has ${pending} uncommitted changes; commit or discard them first`, {
          uncommittedChanges: pending,
        });
      }
      const target = this.resolveRef(dataset, to);
      const now = nowIso();
      const changes = this.allChanges(branchCommittedLayers(this.repo, branch), target.layers);
      for (let i = 0; i < changes.length; i += LOOKUP_CHUNK) {
        const chunk = changes.slice(i, i + LOOKUP_CHUNK);
        this.writer.apply(
          dataset.id,
          branch,
          chunk.map((c) => ({ key: c.key, content: c.after ? rowToContent(c.after) : null })),
          actor,
          now,
        );
      }
      return this.commitStaged(actor, dataset, branch, message?.trim() || `Restore ${branch.name} to ${to}`, true);
    });
  }

  // ---------------------------------------------------------------- diff

  /**
   * Where two states can differ. Their layer stacks share a bottom (the root lineage, and more when
   * one descends from the other): a shared lineage read at two seqs contributes the entries
   * committed between them, every unshared layer its entries up to its seq, staging all its rows.
   * So the candidates cost O(changes between the refs), not O(items).
   */
  private diffArms(a: readonly Layer[], b: readonly Layer[]) {
    const arms: Array<{ lineageId: number; after: number; upTo: number } | { branchId: number }> = [];
    const la = a.filter((l) => l.kind === 'lineage').reverse() as Array<Extract<Layer, { kind: 'lineage' }>>;
    const lb = b.filter((l) => l.kind === 'lineage').reverse() as Array<Extract<Layer, { kind: 'lineage' }>>;
    let i = 0;
    for (; i < la.length && i < lb.length && la[i].lineageId === lb[i].lineageId; i++) {
      if (la[i].seq !== lb[i].seq) {
        arms.push({ lineageId: la[i].lineageId, after: Math.min(la[i].seq, lb[i].seq), upTo: Math.max(la[i].seq, lb[i].seq) });
      }
    }
    for (const l of [...la.slice(i), ...lb.slice(i)]) arms.push({ lineageId: l.lineageId, after: 0, upTo: l.seq });
    const sa = a.find((l) => l.kind === 'staging');
    const sb = b.find((l) => l.kind === 'staging');
    if (sa && sa.kind === 'staging') arms.push({ branchId: sa.branchId });
    if (sb && sb.kind === 'staging' && sb.branchId !== (sa as { branchId?: number } | undefined)?.branchId) {
      arms.push({ branchId: sb.branchId });
    }
    return arms;
  }

  private compare(keys: readonly string[], a: readonly Layer[], b: readonly Layer[]): RawChange[] {
    const ma = this.items.lookupMany(a, keys);
    const mb = this.items.lookupMany(b, keys);
    const out: RawChange[] = [];
    for (const key of keys) {
      const before = present(ma.get(key));
      const after = present(mb.get(key));
      if (!before && !after) continue;
      if (before && after && before.content_hash === after.content_hash) continue;
      out.push({ key, kind: !before ? 'ADDED' : !after ? 'REMOVED' : 'MODIFIED', before, after });
    }
    return out;
  }

  /** One page of changes between two layer stacks, in key order after afterKey. */
  changesPage(a: readonly Layer[], b: readonly Layer[], afterKey: string, limit: number): { changes: RawChange[]; hasMore: boolean } {
    const arms = this.diffArms(a, b);
    const out: RawChange[] = [];
    let cursor = afterKey;
    const chunk = Math.max(64, (limit + 1) * 2);
    for (;;) {
      const keys = this.items.candidateKeys(arms, cursor, chunk);
      if (keys.length === 0) break;
      out.push(...this.compare(keys, a, b));
      if (out.length > limit || keys.length < chunk) break;
      cursor = keys[keys.length - 1];
    }
    return { changes: out.slice(0, limit), hasMore: out.length > limit };
  }

  /** Dataset.versions: newest first from a branch head, cursor = version id. */
  historyPage(actor: Actor, dataset: DatasetRow, branchName: string, first: number | null | undefined, after: string | null | undefined): Page<VersionRow> {
    requireRole(actor, 'viewer');
    const limit = pageSize(first);
    const afterId = after ? decodeIdCursor(after) : null;
    const { rows, total } = this.history(dataset, branchName, afterId, limit + 1);
    const nodes = rows.slice(0, limit);
    return {
      nodes,
      cursors: nodes.map((v) => idCursor(v.id)),
      hasNextPage: rows.length > limit,
      totalCount: () => total,
    };
  }

  /** Every change between two layer stacks, in key order, a chunk of candidates at a time. */
  private *changeChunks(a: readonly Layer[], b: readonly Layer[]): Generator<RawChange[]> {
    const arms = this.diffArms(a, b);
    for (let cursor = ''; ; ) {
      const keys = this.items.candidateKeys(arms, cursor, LOOKUP_CHUNK);
      if (keys.length === 0) return;
      yield this.compare(keys, a, b);
      if (keys.length < LOOKUP_CHUNK) return;
      cursor = keys[keys.length - 1];
    }
  }

  countChanges(a: readonly Layer[], b: readonly Layer[]): number {
    let n = 0;
    for (const chunk of this.changeChunks(a, b)) n += chunk.length;
    return n;
  }

  allChanges(a: readonly Layer[], b: readonly Layer[]): RawChange[] {
    return [...this.changeChunks(a, b)].flat();
  }
}
