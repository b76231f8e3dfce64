import { BadUserInputError } from './errors.js';

/** Relay global ids: base64url("Type:localId"), opaque to clients. */
export type NodeType = 'Dataset' | 'Item' | 'Version' | 'Job' | 'ApiToken' | 'AugmentPlan' | 'Export' | 'TrainingRun';

export function toGlobalId(type: NodeType, id: number | string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function fromGlobalId(globalId: string): { type: string; id: number } | null {
  if (typeof globalId !== 'string' || !/^[A-Za-z0-9_+/-]{1,200}={0,2}$/.test(globalId)) return null;
  // Accept standard base64 and padding too: clients re-encode ids with whatever they have.
  const raw = Buffer.from(globalId.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 'base64url').toString('utf8');
  const m = /^([A-Za-z]+):(\d{1,15})$/.exec(raw);
  if (!m) return null;
  return { type: m[1], id: Number(m[2]) };
}

/** Decodes an id that must be of one type (BAD_USER_INPUT otherwise). */
export function expectId(type: NodeType, globalId: string, field = 'id'): number {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== type) throw new BadUserInputError(`"${globalId}" is not a ${type} id`, { field });
  return parsed.id;
}

/** Opaque keyset cursors: base64url(JSON). */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string, check: (v: unknown) => v is T): T {
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,4000}$/.test(cursor)) throw new Error('bad');
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadUserInputError('Malformed cursor', { field: 'after' });
  }
  if (!check(value)) throw new BadUserInputError('Malformed cursor', { field: 'after' });
  return value;
}

/** Keyset cursor over item keys. */
export const keyCursor = (key: string): string => encodeCursor({ k: key });
/** Keyset cursor over integer row ids. */
export const idCursor = (id: number): string => encodeCursor({ i: id });

export function decodeKeyCursor(cursor: string): string {
  return decodeCursor(cursor, (v): v is { k: string } => typeof v === 'object' && v !== null && typeof (v as { k?: unknown }).k === 'string').k;
}

export function decodeIdCursor(cursor: string): number {
  return decodeCursor(cursor, (v): v is { i: number } => typeof v === 'object' && v !== null && Number.isSafeInteger((v as { i?: unknown }).i)).i;
}

/** `first` must lie in 1..100. */
export function pageSize(first: number | null | undefined, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new BadUserInputError(`"first" must be between 1 and 100, got ${n}`, { field: 'first' });
  }
  return n;
}

export function nowIso(): string {
  return new Date().toISOString();
}
