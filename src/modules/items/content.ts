import crypto from 'node:crypto';

export const LABEL_STATUSES = ['UNLABELED', 'LABELED', 'REVIEWED', 'REJECTED'] as const;
export type LabelStatus = (typeof LABEL_STATUSES)[number];

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
}

/** Field names reported in diffs and history (`media` stands for the image or audio). */
export const CONTENT_FIELDS = ['prompt', 'response', 'media', 'caption', 'transcript', 'labels', 'attributes', 'status'] as const;

/** JSON with object keys sorted recursively: one spelling per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function canonicalLabels(labels: readonly string[]): string[] {
  return [...new Set(labels)].sort();
}

export function contentHash(key: string, c: ItemContent): string {
  // Labels and attributes are hashed in their canonical spelling, so equal content hashes equally.
  const doc = [key, c.prompt, c.response, c.mediaSha256, c.caption, c.transcript, c.labels, c.status];
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(doc))
    .update('\u0000')
    .update(canonicalJson(c.attributes))
    .digest('hex');
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
  if (canonicalJson(before.attributes) !== canonicalJson(after.attributes)) out.push('attributes');
  if (before.status !== after.status) out.push('status');
  return out;
}

/** A time-ordered key for items added without one: 12 hex digits of ms time + 10 random. */
export function generateKey(now = Date.now()): string {
  return now.toString(16).padStart(12, '0') + crypto.randomBytes(5).toString('hex');
}
