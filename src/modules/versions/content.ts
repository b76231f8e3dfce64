import crypto from 'node:crypto';

import { LABEL_STATUSES, type LabelStatus } from '../../db/schema/items.js';
import type { RevisionRow } from './revisions-repository.js';

export { LABEL_STATUSES, type LabelStatus };

/** The versioned content of an item (everything but its key). */
export interface ItemContent {
  prompt: string | null;
  response: string | null;
  mediaSha256: string | null;
  caption: string | null;
  transcript: string | null;
  labels: string[];
  attributes: Record<string, unknown>;
  status: LabelStatus;
  /** Set on items made by `augment`: where the item comes from and how it was made (null otherwise). */
  derivation?: Derivation | null;
}

/**
 * The lineage of a derived item: its source (key and the revision it was made from), which chain
 * and copy of the recipe made it, and the ops with the parameter values actually applied.
 * Versioned with the item (it is part of its content hash), so a commit records how it was made.
 */
export interface Derivation {
  from: { key: string; revision: string };
  chain: number;
  copy: number;
  seed: number;
  ops: Array<{ op: string; params: Record<string, unknown>; modelFree: boolean }>;
  /** The stored plan the recipe came from (planAugmentation), if any. */
  plan?: string | null;
}

/** Field names reported in diffs and history (`media` stands for the image or audio). */
export const CONTENT_FIELDS = ['prompt', 'response', 'media', 'caption', 'transcript', 'labels', 'attributes', 'status', 'augmentation'] as const;

/**
 * A copy of a JSON value whose objects have their keys inserted in sorted order (recursively), so
 * JSON.stringify of it is one fixed spelling per value. ItemContent.attributes is always such a
 * copy (built by validation, or parsed back from storage), so it stringifies canonically as is.
 */
export function sortKeysDeep(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) {
    if (obj[k] === undefined) continue;
    // defineProperty, not assignment: a "__proto__" key is data here, kept as sent.
    Object.defineProperty(out, k, { value: sortKeysDeep(obj[k]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The canonical JSON spelling of any value (see sortKeysDeep). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value ?? null));
}

export function canonicalLabels(labels: readonly string[]): string[] {
  return [...new Set(labels)].sort();
}

export function contentHash(key: string, c: ItemContent): string {
  // Labels are sorted and attributes key-sorted already, so equal content hashes equally. A
  // derivation is appended only when there is one: items without it keep the hashes they had.
  const fields: unknown[] = [key, c.prompt, c.response, c.mediaSha256, c.caption, c.transcript, c.labels, c.status, c.attributes];
  if (c.derivation) fields.push(sortKeysDeep(c.derivation));
  return crypto.hash('sha256', JSON.stringify(fields));
}

export function changedFields(before: ItemContent | null, after: ItemContent | null): string[] {
  if (!before || !after) return [];
  const out: string[] = [];
  if (before.prompt !== after.prompt) out.push('prompt');
  if (before.response !== after.response) out.push('response');
  if (before.mediaSha256 !== after.mediaSha256) out.push('media');
  if (before.caption !== after.caption) out.push('caption');
  if (before.transcript !== after.transcript) out.push('transcript');
  if (JSON.stringify(before.labels) !== JSON.stringify(after.labels)) out.push('labels');
  if (JSON.stringify(before.attributes) !== JSON.stringify(after.attributes)) out.push('attributes');
  if (before.status !== after.status) out.push('status');
  if (canonicalJson(before.derivation ?? null) !== canonicalJson(after.derivation ?? null)) out.push('augmentation');
  return out;
}

/** A time-ordered key for items added without one: 12 hex digits of ms time + 10 random. */
export function generateKey(now = Date.now()): string {
  return now.toString(16).padStart(12, '0') + crypto.randomBytes(5).toString('hex');
}

/** The content of a stored revision (its JSON columns parsed). */
export function rowToContent(r: RevisionRow): ItemContent {
  return {
    prompt: r.prompt,
    response: r.response,
    mediaSha256: r.media_sha256,
    caption: r.caption,
    transcript: r.transcript,
    labels: JSON.parse(r.labels) as string[],
    attributes: JSON.parse(r.attributes) as Record<string, unknown>,
    status: r.status,
    derivation: r.derivation ? (JSON.parse(r.derivation) as Derivation) : null,
  };
}
