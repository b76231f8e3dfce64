import { BadUserInputError } from '../errors.js';

export { echo } from '../errors.js';

/**
 * Checks on text that is about to be stored. SQLite converts a JS string to UTF-8 on the way in,
 * and a lone UTF-16 surrogate has no UTF-8 form: it becomes U+FFFD, so two different JS strings
 * ("\ud800", "\udbff") would be one string in SQL. Refusing ill-formed text keeps the two views of
 * every stored string identical, which is what makes a key that compares equal in SQLite equal in JS.
 */

/** C0 controls, DEL and C1 controls: never in identifiers (keys, labels, attribute names). */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** True when `s` has a lone surrogate (no Unicode scalar-value sequence). */
export function isIllFormed(s: string): boolean {
  return !s.isWellFormed();
}

/**
 * The path of the first ill-formed string in a JSON-like value (object keys included), or null.
 * Depth-bounded: deeper values are validated by the callers' own nesting limits.
 */
export function findIllFormed(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return isIllFormed(value) ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findIllFormed(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (isIllFormed(k)) return `${path}.<key>`;
    const hit = findIllFormed(v, `${path}.${k.length > 40 ? `${k.slice(0, 40)}…` : k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/** Free text a client stores (a commit message, a token name): well-formed, no NUL; BAD_USER_INPUT otherwise. */
export function checkFreeText(value: string, field: string): string {
  if (isIllFormed(value)) throw new BadUserInputError(`${field} is not well-formed Unicode (it holds a lone surrogate)`, { field });
  if (value.includes('\0')) throw new BadUserInputError(`${field} holds a NUL character`, { field });
  return value;
}
