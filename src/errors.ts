import { GraphQLError } from 'graphql';

/**
 * The catalogue of errors a client can see. Every code is stable and SCREAMING_SNAKE;
 * structured fields travel in `extensions` next to `code`. Anything thrown that is not an
 * AppError is masked by the server (see src/server/errors.ts) before it reaches a client.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'VERSION_IMMUTABLE'
  | 'INVALID_MEDIA'
  | 'UNSUPPORTED_MEDIA'
  | 'MEDIA_TOO_LARGE'
  | 'INVALID_PATH'
  | 'EXPORT_CONSTRAINT_VIOLATED'
  | 'INTERNAL_SERVER_ERROR';

/**
 * Codes the HTTP layer answers with before or around GraphQL (body parsing, limits) and the ones
 * graphql-js / Apollo give to a client's own mistakes. They reach clients as they are.
 */
export type ProtocolErrorCode =
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'PERSISTED_QUERY_NOT_SUPPORTED';

/** Per-row codes of an import (Job.errors.code): a bad row is reported and skipped. */
export type RowErrorCode = 'INVALID_JSON' | 'MISSING_FIELD' | 'INVALID_FIELD' | 'FILE_NOT_FOUND' | 'INVALID_PATH' | 'DUPLICATE_KEY' | 'DURATION_MISMATCH';

/**
 * Every code a Job error can carry: a row's code, an AppError's code (a row refused by the same
 * validation as the API, or the reason a job failed), or INTERRUPTED (its process stopped).
 */
export type JobErrorCode = RowErrorCode | ErrorCode | 'INTERRUPTED';

/** HTTP status used when an AppError answers a plain (non-GraphQL) route such as /media. */
const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  VERSION_IMMUTABLE: 409,
  INVALID_MEDIA: 422,
  UNSUPPORTED_MEDIA: 415,
  MEDIA_TOO_LARGE: 413,
  INVALID_PATH: 400,
  EXPORT_CONSTRAINT_VIOLATED: 422,
  INTERNAL_SERVER_ERROR: 500,
};

/** Longest message and longest string field an error carries: an error never mirrors a huge input. */
const MAX_MESSAGE_CHARS = 1000;
const MAX_FIELD_CHARS = 200;

/** Echo of a client value in an error, cut to `max` characters (never inside a surrogate pair). */
export function echo(value: string, max = 80): string {
  if (value.length <= max) return value;
  let end = max;
  const c = value.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${value.slice(0, end)}… (${value.length} characters)`;
}

function clipFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'string' ? echo(v, MAX_FIELD_CHARS) : v;
  return out;
}

export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, fields: Record<string, unknown> = {}) {
    super(echo(message, MAX_MESSAGE_CHARS), { extensions: { code, ...clipFields(fields) } });
    this.code = code;
    this.name = new.target.name;
  }
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
  /**
   * JSON body for plain HTTP routes: `{code, message, ...fields}`. (Not toJSON: GraphQL responses
   * must keep graphql-js's `{message, extensions}` shape.)
   */
  toHttpBody(): Record<string, unknown> {
    const { code, ...rest } = this.extensions as Record<string, unknown>;
    return { code, message: this.message, ...rest };
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, fields: { field?: string; [k: string]: unknown } = {}) {
    super('BAD_USER_INPUT', message, fields);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} not found: ${id}`, { what, id });
  }
}

export class ConflictError extends AppError {
  constructor(
    message: string,
    fields: { expectedRevision?: string; actualRevision?: string | null; [k: string]: unknown } = {},
  ) {
    super('CONFLICT', message, fields);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'An API token is required: send "Authorization: Bearer <token>"') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(required: string, actual: string) {
    super('FORBIDDEN', `This needs the ${required} role; your token has ${actual}`, {
      requiredRole: required,
      role: actual,
    });
  }
}

export class VersionImmutableError extends AppError {
  constructor(ref: string) {
    super('VERSION_IMMUTABLE', `"${ref}" names a committed version, which cannot change; edit a branch instead`, {
      ref,
    });
  }
}

export class InvalidMediaError extends AppError {
  constructor(message: string, fields: Record<string, unknown> = {}) {
    super('INVALID_MEDIA', message, fields);
  }
}

export class UnsupportedMediaError extends AppError {
  constructor(message: string, fields: Record<string, unknown> = {}) {
    super('UNSUPPORTED_MEDIA', message, fields);
  }
}

export class MediaTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super('MEDIA_TOO_LARGE', `Upload exceeds the limit of ${limitBytes} bytes`, { limitBytes });
  }
}

export class InvalidPathError extends AppError {
  constructor(message: string, fields: Record<string, unknown> = {}) {
    super('INVALID_PATH', message, fields);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** A message cut for a client, for errors that are not ours (graphql-js echoes coerced variables whole). */
export function clipMessage(message: string): string {
  return echo(message, MAX_MESSAGE_CHARS);
}

/**
 * A setting or an environment that stops the server from starting (a non-loopback --dev bind, a
 * port in use): the CLI prints its message as one line, without a stack.
 */
/** Items break the export target's limits and the spec says `onViolation: FAIL` (the list in `violations`). */
export class ExportConstraintError extends AppError {
  constructor(message: string, fields: { count: number; violations: Array<{ key: string; reason: string }> }) {
    super('EXPORT_CONSTRAINT_VIOLATED', message, fields);
  }
}

export class StartupError extends Error {
  override name = 'StartupError';
}
