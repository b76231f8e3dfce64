import { tx, type Db } from '../../db/connection.js';
import type { DatasetRow, MediaRow } from '../../db/schema/index.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { decodeIdCursor, decodeKeyCursor, idCursor, keyCursor, nowIso, pageSize } from '../../ids.js';
import type { Page } from '../../lib/page.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { MediaService } from '../media/index.js';
import type { VersionsService } from '../versions/index.js';
import { canonicalJson, changedFields, generateKey, LABEL_STATUSES, rowToContent, type ItemContent } from '../versions/index.js';
import { rowToItem } from './mapping.js';
import type { ItemChangeModel, ItemModel, ReadContext } from './model.js';
import type { RevisionReads } from '../versions/index.js';
import type { ResolvedRef, RevisionFilter, RevisionRow, SqlCondition } from '../versions/index.js';
import { buildContent, checkKey, MAX_KEY_CHARS, mediaKind, type ItemFields } from './validation.js';
import type { ItemWriter } from '../versions/index.js';

export const MAX_ITEMS_PER_CALL = 250;
/** Labels, statuses or attributes in one ItemFilter (each becomes a SQL condition). */
export const MAX_FILTER_TERMS = 32;

export interface ItemFilterInput {
  status?: readonly string[] | null;
  labels?: readonly string[] | null;
  attributes?: unknown;
  keyPrefix?: string | null;
  flags?: readonly string[] | null;
  minScore?: number | null;
  maxScore?: number | null;
  derived?: boolean | null;
  derivedFrom?: string | null;
}

export interface ItemInputFields extends ItemFields {
  key?: string | null;
}




/** Reads and edits items on branches; owns validation, authorization and transactions. */
export class ItemsService {
  constructor(
    private readonly db: Db,
    private readonly reads: RevisionReads,
    private readonly writer: ItemWriter,
    private readonly versions: VersionsService,
    private readonly media: MediaService,
  ) {}

  toFilter(f: ItemFilterInput | null | undefined): RevisionFilter {
    if (!f) return {};
    if ((f.labels?.length ?? 0) > MAX_FILTER_TERMS || (f.status?.length ?? 0) > MAX_FILTER_TERMS) {
      throw new BadUserInputError(`A filter takes at most ${MAX_FILTER_TERMS} labels and statuses`, { field: 'filter' });
    }
    if (f.attributes && typeof f.attributes === 'object' && Object.keys(f.attributes).length > MAX_FILTER_TERMS) {
      throw new BadUserInputError(`A filter takes at most ${MAX_FILTER_TERMS} attributes`, { field: 'filter.attributes' });
    }
    if (f.keyPrefix && f.keyPrefix.length > MAX_KEY_CHARS) {
      throw new BadUserInputError(`keyPrefix is longer than ${MAX_KEY_CHARS} characters`, { field: 'filter.keyPrefix' });
    }
    const out: RevisionFilter = {};
    if (f.status?.length) {
      for (const s of f.status) {
        if (!(LABEL_STATUSES as readonly string[]).includes(s)) throw new BadUserInputError(`Unknown status ${s}`, { field: 'filter.status' });
      }
      out.status = [...f.status];
    }
    if (f.labels?.length) out.labels = [...f.labels];
    if (f.attributes !== undefined && f.attributes !== null) {
      if (typeof f.attributes !== 'object' || Array.isArray(f.attributes)) {
        throw new BadUserInputError('filter.attributes must be a JSON object', { field: 'filter.attributes' });
      }
      out.attributes = Object.entries(f.attributes as Record<string, unknown>).map(([k, v]) => {
        if (k.includes('"') || k.includes('\\')) throw new BadUserInputError(`Unsupported attribute name ${k}`, { field: 'filter.attributes' });
        return [`$."${k}"`, canonicalJson(v)];
      });
    }
    if (f.keyPrefix) out.keyPrefix = f.keyPrefix;
    if (f.derived != null) out.derived = f.derived;
    if (f.derivedFrom != null) out.derivedFrom = checkKey(f.derivedFrom, 'filter.derivedFrom');
    return out;
  }

  /**
   * A page of the items at a resolved ref. `read.readAt` marks them as read there (their quality's
   * policy and duplicate flags); `read.extra` adds conditions another module supplies as SQL (the
   * quality part of ItemFilter).
   */
  list(
    actor: Actor,
    dataset: DatasetRow,
    ref: string | ResolvedRef,
    first: number | null | undefined,
    after: string | null | undefined,
    filterInput?: ItemFilterInput | null,
    read: { readAt?: ReadContext; extra?: readonly SqlCondition[] } = {},
  ): Page<ItemModel> {
    requireRole(actor, 'viewer');
    const resolved = typeof ref === 'string' ? this.versions.resolveRef(dataset, ref) : ref;
    const limit = pageSize(first);
    const afterKey = after ? decodeKeyCursor(after) : '';
    const filter = this.toFilter(filterInput);
    if (read.extra?.length) filter.extra = read.extra;
    const rows = this.reads.page(resolved.layers, afterKey, limit + 1, filter);
    const readAt = read.readAt;
    const nodes = rows.slice(0, limit).map((r) => ({ ...rowToItem(r, dataset.modality), readAt }));
    const unfiltered = Object.keys(filter).length === 0;
    return {
      nodes,
      cursors: nodes.map((n) => keyCursor(n.key)),
      hasNextPage: rows.length > limit,
      totalCount: () => (unfiltered ? this.versions.itemCount(resolved) : this.reads.count(resolved.layers, filter)),
    };
  }

  get(actor: Actor, dataset: DatasetRow, ref: string | ResolvedRef, key: string, readAt?: ReadContext): ItemModel | null {
    requireRole(actor, 'viewer');
    const resolved = typeof ref === 'string' ? this.versions.resolveRef(dataset, ref) : ref;
    const row = this.reads.lookup(resolved.layers, [key]).get(key);
    return row && !row.deleted ? { ...rowToItem(row, dataset.modality), readAt } : null;
  }

  /**
   * Up to `limit` (≤ 1000) items of a ref after `afterKey`, in key order: bulk reads of a whole
   * ref (exports) without the API's 100-item pages.
   */
  scanPage(actor: Actor, dataset: DatasetRow, resolved: ResolvedRef, afterKey: string, limit: number): ItemModel[] {
    requireRole(actor, 'viewer');
    return this.reads.page(resolved.layers, afterKey, Math.min(1000, Math.max(1, limit)), {}).map((r) => rowToItem(r, dataset.modality));
  }

  /** The live items of these keys at a ref (absent keys left out): one statement per layer for the batch. */
  getMany(actor: Actor, dataset: DatasetRow, resolved: ResolvedRef, keys: readonly string[]): Map<string, ItemModel> {
    requireRole(actor, 'viewer');
    const out = new Map<string, ItemModel>();
    for (const [k, row] of this.reads.lookup(resolved.layers, keys)) if (!row.deleted) out.set(k, rowToItem(row, dataset.modality));
    return out;
  }

  /** Dataset.diff: the items that differ between two refs, in key order, cursor = last key. */
  diff(actor: Actor, dataset: DatasetRow, from: string, to: string, first: number | null | undefined, after: string | null | undefined): Page<ItemChangeModel> {
    requireRole(actor, 'viewer');
    const limit = pageSize(first);
    const afterKey = after ? decodeKeyCursor(after) : '';
    const a = this.versions.resolveRef(dataset, from).layers;
    const b = this.versions.resolveRef(dataset, to).layers;
    const { changes, hasMore } = this.versions.changesPage(a, b, afterKey, limit);
    const nodes = changes.map((c) => ({
      key: c.key,
      kind: c.kind,
      changedFields: c.before && c.after ? changedFields(rowToContent(c.before), rowToContent(c.after)) : [],
      before: c.before ? rowToItem(c.before, dataset.modality) : null,
      after: c.after ? rowToItem(c.after, dataset.modality) : null,
    }));
    return {
      nodes,
      cursors: nodes.map((n) => keyCursor(n.key)),
      hasNextPage: hasMore,
      totalCount: () => this.versions.countChanges(a, b),
    };
  }

  revisions(ids: readonly number[]): RevisionRow[] {
    return this.reads.revisions(ids);
  }

  history(dataset: DatasetRow, key: string, first: number | null | undefined, after: string | null | undefined): Page<ItemModel> {
    const limit = pageSize(first);
    const beforeId = after ? decodeIdCursor(after) : Number.MAX_SAFE_INTEGER;
    const rows = this.reads.history(dataset.id, key, beforeId, limit + 1);
    const nodes = rows.slice(0, limit).map((r) => rowToItem(r, dataset.modality));
    return {
      nodes,
      cursors: nodes.map((n) => idCursor(n.revisionId)),
      hasNextPage: rows.length > limit,
      totalCount: () => this.reads.countHistory(dataset.id, key),
    };
  }

  /** Media referenced by contents must exist and be of the dataset's kind. */
  checkMedia(dataset: DatasetRow, contents: ReadonlyArray<{ content: ItemContent; field: string }>): void {
    const kind = mediaKind(dataset.modality);
    const shas = [...new Set(contents.map((c) => c.content.mediaSha256).filter((s): s is string => s !== null))];
    if (!kind || shas.length === 0) return;
    const found = new Map(this.media.getMany(shas).flatMap((m) => (m ? [[m.sha256, m] as const] : [])));
    for (const { content, field } of contents) {
      if (!content.mediaSha256) continue;
      const m = found.get(content.mediaSha256);
      if (!m) throw new BadUserInputError(`No media ${content.mediaSha256} has been uploaded (POST /media first)`, { field });
      if (m.kind !== kind) {
        throw new BadUserInputError(`Media ${content.mediaSha256} is ${m.kind}; a ${dataset.modality} dataset needs ${kind}`, { field });
      }
    }
  }

  add(actor: Actor, dataset: DatasetRow, branchName: string, inputs: readonly ItemInputFields[]): ItemModel[] {
    requireRole(actor, 'labeller');
    if (inputs.length === 0) throw new BadUserInputError('items must not be empty', { field: 'items' });
    if (inputs.length > MAX_ITEMS_PER_CALL) {
      throw new BadUserInputError(`At most ${MAX_ITEMS_PER_CALL} items a call, got ${inputs.length}`, { field: 'items' });
    }
    const now = Date.now();
    const prepared = inputs.map((input, i) => {
      const field = `items[${i}]`;
      const key = input.key != null ? checkKey(input.key, `${field}.key`) : generateKey(now);
      return { key, content: buildContent(dataset.modality, input, null), field };
    });
    const seen = new Set<string>();
    for (const p of prepared) {
      if (seen.has(p.key)) throw new BadUserInputError(`Key "${p.key}" appears twice in one call`, { field: p.field, key: p.key });
      seen.add(p.key);
    }
    this.checkMedia(dataset, prepared);
    return tx(this.db, () => {
      const branch = this.versions.writableBranch(dataset, branchName);
      const live = this.writer.live(
        branch,
        prepared.map((p) => p.key),
      );
      for (const p of prepared) {
        const cur = live.get(p.key);
        if (cur && !cur.deleted) {
          throw new ConflictError(`An item with key "${p.key}" already exists on ${branch.name}; use updateItem`, {
            key: p.key,
            actualRevision: String(cur.id),
          });
        }
      }
      const applied = this.writer.apply(dataset.id, branch, prepared, actor, nowIso(), live);
      return applied.map((a) => rowToItem(a.revision!, dataset.modality));
    });
  }

  update(actor: Actor, dataset: DatasetRow, branchName: string, key: string, expectedRevision: string, patch: ItemFields): ItemModel {
    requireRole(actor, 'labeller');
    checkKey(key);
    return tx(this.db, () => {
      const branch = this.versions.writableBranch(dataset, branchName);
      const live = this.writer.live(branch, [key]);
      const cur = live.get(key);
      if (!cur || cur.deleted) throw new NotFoundError('Item', key);
      if (String(cur.id) !== expectedRevision) {
        throw new ConflictError(`Item "${key}" changed since revision ${expectedRevision}`, {
          key,
          expectedRevision,
          actualRevision: String(cur.id),
        });
      }
      const content = buildContent(dataset.modality, patch, rowToContent(cur));
      this.checkMedia(dataset, [{ content, field: 'patch.mediaSha256' }]);
      const [applied] = this.writer.apply(dataset.id, branch, [{ key, content }], actor, nowIso(), live);
      return rowToItem(applied.revision!, dataset.modality);
    });
  }

  /**
   * Writes items made by augment onto a branch, with the rows of their new media, in one
   * transaction. A key is created, or updated when it holds a derived item already (re-running a
   * recipe updates its copies); a key holding an original item is never overwritten (refused).
   * `content.derivation` must be set: that is what makes these items derived.
   */
  writeDerived(
    actor: Actor,
    dataset: DatasetRow,
    branchName: string,
    entries: ReadonlyArray<{ key: string; content: ItemContent }>,
    media: readonly MediaRow[],
    jobId: number | null = null,
  ): { written: ItemModel[]; unchanged: ItemModel[]; refused: Array<{ key: string; message: string }> } {
    requireRole(actor, 'curator');
    return tx(this.db, () => {
      this.media.insertPrepared(media);
      const branch = this.versions.writableBranch(dataset, branchName);
      const live = this.writer.live(
        branch,
        entries.map((e) => e.key),
      );
      const refused: Array<{ key: string; message: string }> = [];
      const ok = entries.filter((e) => {
        const cur = live.get(e.key);
        if (cur && !cur.deleted && !cur.derivation) {
          refused.push({ key: e.key, message: `Key "${e.key}" holds an original item on ${branch.name}; a derived copy never replaces one` });
          return false;
        }
        return true;
      });
      const applied = this.writer.apply(dataset.id, branch, ok, actor, nowIso(), live, jobId);
      const toItem = (a: (typeof applied)[number]) => rowToItem(a.revision!, dataset.modality);
      return { written: applied.filter((a) => a.written).map(toItem), unchanged: applied.filter((a) => !a.written).map(toItem), refused };
    });
  }

  remove(actor: Actor, dataset: DatasetRow, branchName: string, keys: readonly string[]): number {
    requireRole(actor, 'labeller');
    if (keys.length > MAX_ITEMS_PER_CALL * 4) throw new BadUserInputError(`At most ${MAX_ITEMS_PER_CALL * 4} keys a call`, { field: 'keys' });
    keys.forEach((k, i) => checkKey(k, `keys[${i}]`));
    return tx(this.db, () => {
      const branch = this.versions.writableBranch(dataset, branchName);
      const applied = this.writer.apply(
        dataset.id,
        branch,
        [...new Set(keys)].map((key) => ({ key, content: null })),
        actor,
        nowIso(),
      );
      return applied.filter((a) => a.written).length;
    });
  }
}
