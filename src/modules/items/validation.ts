import { BadUserInputError } from '../../errors.js';
import { CONTROL_CHARS, echo, findIllFormed, isIllFormed } from '../../lib/text-guard.js';
import { canonicalLabels, sortKeysDeep, LABEL_STATUSES, type ItemContent, type LabelStatus } from '../versions/index.js';
import type { Modality } from './model.js';

export const MAX_TEXT_CHARS = 1_000_000;
export const MAX_KEY_CHARS = 512;
export const MAX_LABELS = 100;
export const MAX_ATTRIBUTES_BYTES = 64 * 1024;

/** Fields a client may send for an item (ItemInput / ItemPatch, or an import row). */
export interface ItemFields {
  prompt?: string | null;
  response?: string | null;
  mediaSha256?: string | null;
  caption?: string | null;
  transcript?: string | null;
  labels?: readonly string[] | null;
  attributes?: unknown;
  status?: string | null;
}

const FIELDS_BY_MODALITY: Record<Modality, ReadonlyArray<keyof ItemFields>> = {
  TEXT_PAIR: ['prompt', 'response'],
  IMAGE_CAPTION: ['mediaSha256', 'caption'],
  AUDIO_TRANSCRIPT: ['mediaSha256', 'transcript'],
};
const CONTENT_KEYS = ['prompt', 'response', 'mediaSha256', 'caption', 'transcript'] as const;

/**
 * Keys are stored and compared exactly as sent: no Unicode normalisation (an NFC "é" and an NFD
 * "é" are two keys, as two file names are on most file systems and in Hugging Face datasets).
 * They must be well-formed, so that SQLite's byte comparison and JS equality agree.
 */
export function checkKey(key: string, field = 'key'): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_CHARS || CONTROL_CHARS.test(key) || isIllFormed(key)) {
    throw new BadUserInputError(`An item key is 1-${MAX_KEY_CHARS} characters of well-formed Unicode without control characters`, {
      field,
      key: typeof key === 'string' ? echo(key.toWellFormed()) : null,
    });
  }
  return key;
}

/** Free text (prompts, captions …): any well-formed Unicode but NUL, which many tools read as the end. */
function text(value: string, field: string): string {
  if (value.length > MAX_TEXT_CHARS) throw new BadUserInputError(`${field} is longer than ${MAX_TEXT_CHARS} characters`, { field });
  if (isIllFormed(value)) throw new BadUserInputError(`${field} is not well-formed Unicode (it holds a lone surrogate)`, { field });
  if (value.includes('\0')) throw new BadUserInputError(`${field} holds a NUL character`, { field });
  return value;
}

function labels(value: readonly string[]): string[] {
  if (value.length > MAX_LABELS) throw new BadUserInputError(`At most ${MAX_LABELS} labels`, { field: 'labels' });
  for (const l of value) {
    if (typeof l !== 'string' || l.trim().length === 0 || l.length > 200) {
      throw new BadUserInputError('A label is 1-200 characters', { field: 'labels' });
    }
    if (CONTROL_CHARS.test(l) || isIllFormed(l)) {
      throw new BadUserInputError('A label is well-formed Unicode without control characters', { field: 'labels', label: echo(l.toWellFormed()) });
    }
  }
  return canonicalLabels(value.map((l) => l.trim()));
}

/** Plain JSON only: finite numbers (no Infinity/NaN, which JSON cannot spell), bounded nesting. */
function checkJsonValue(value: unknown, field: string, depth: number): void {
  if (depth > 32) throw new BadUserInputError(`${field} is nested more than 32 levels deep`, { field });
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new BadUserInputError(`${field} holds a number JSON cannot represent (${value})`, { field });
  }
  if (typeof value === 'string' && value.includes('\0')) throw new BadUserInputError(`${field} holds a NUL character in a value`, { field });
  if (value !== null && typeof value === 'object') {
    if (!Array.isArray(value)) {
      for (const k of Object.keys(value)) {
        if (CONTROL_CHARS.test(k)) {
          throw new BadUserInputError(`${field} has a name with a control character`, { field, name: echo(k.toWellFormed()) });
        }
      }
    }
    for (const v of Array.isArray(value) ? value : Object.values(value)) checkJsonValue(v, field, depth + 1);
  }
}

export function checkAttributes(value: unknown, field = 'attributes'): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadUserInputError(`${field} must be a JSON object`, { field });
  }
  const bad = findIllFormed(value, field);
  if (bad) throw new BadUserInputError(`${bad} is not well-formed Unicode (it holds a lone surrogate)`, { field });
  checkJsonValue(value, field, 0);
  const sorted = sortKeysDeep(value) as Record<string, unknown>;
  if (JSON.stringify(sorted).length > MAX_ATTRIBUTES_BYTES) {
    throw new BadUserInputError(`${field} is larger than ${MAX_ATTRIBUTES_BYTES} bytes`, { field });
  }
  return sorted;
}

function status(value: string): LabelStatus {
  if (!(LABEL_STATUSES as readonly string[]).includes(value)) throw new BadUserInputError(`Unknown status ${value}`, { field: 'status' });
  return value as LabelStatus;
}

/**
 * Builds the content of an item of the dataset's modality from client fields. With `base`
 * (a patch), absent or null fields keep their value; without it (a new item) the modality's
 * fields are required. Fields of another modality are refused.
 */
export function buildContent(modality: Modality, f: ItemFields, base: ItemContent | null): ItemContent {
  const allowed = FIELDS_BY_MODALITY[modality];
  for (const k of CONTENT_KEYS) {
    if (f[k] !== undefined && f[k] !== null && !allowed.includes(k)) {
      throw new BadUserInputError(`"${k}" does not apply to a ${modality} dataset (it takes ${allowed.join(', ')})`, { field: k });
    }
  }
  if (!base) {
    for (const k of allowed) {
      if (f[k] === undefined || f[k] === null) {
        throw new BadUserInputError(`A ${modality} item needs "${k}"`, { field: k });
      }
    }
  }
  const pick = (k: (typeof CONTENT_KEYS)[number]): string | null => {
    const v = f[k];
    if (v === undefined || v === null) return base ? base[k] : null;
    if (typeof v !== 'string') throw new BadUserInputError(`${k} must be a string`, { field: k });
    return text(v, k);
  };
  const mediaSha256 = pick('mediaSha256');
  if (mediaSha256 !== null && !/^[0-9a-f]{64}$/.test(mediaSha256)) {
    throw new BadUserInputError('mediaSha256 must be 64 lowercase hex digits', { field: 'mediaSha256' });
  }
  return {
    prompt: pick('prompt'),
    response: pick('response'),
    mediaSha256,
    caption: pick('caption'),
    transcript: pick('transcript'),
    labels: f.labels != null ? labels(f.labels) : (base?.labels ?? []),
    attributes: f.attributes != null ? checkAttributes(f.attributes) : (base?.attributes ?? {}),
    status: f.status != null ? status(f.status) : (base?.status ?? 'UNLABELED'),
    // An edit of a derived item keeps its lineage; clients cannot set one (only augment does).
    derivation: base?.derivation ?? null,
  };
}

/** The media kind a modality's items point at. */
export function mediaKind(modality: Modality): 'image' | 'audio' | null {
  return modality === 'IMAGE_CAPTION' ? 'image' : modality === 'AUDIO_TRANSCRIPT' ? 'audio' : null;
}
