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
  | 'INTERNAL_SERVER_ERROR';

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
  INTERNAL_SERVER_ERROR: 500,
};

export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, fields: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...fields } });
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
