/**
 * Why a file is not usable media. src/media is pure (no GraphQL, no database), so it has its own
 * error type; the service boundary (MediaService) turns it into the API's INVALID_MEDIA /
 * UNSUPPORTED_MEDIA errors with the same message and fields.
 */
export type MediaErrorCode = 'INVALID_MEDIA' | 'UNSUPPORTED_MEDIA';

export class MediaError extends Error {
  override name = 'MediaError';
  constructor(
    /** INVALID_MEDIA: corrupt or inconsistent; UNSUPPORTED_MEDIA: well-formed but not a kind we take. */
    readonly code: MediaErrorCode,
    message: string,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A corrupt or self-contradicting file (a truncated JPEG, a WAV whose header lies). */
export function invalidMedia(message: string, fields: Record<string, unknown> = {}): MediaError {
  return new MediaError('INVALID_MEDIA', message, fields);
}

/** A file that is fine but not of a format or encoding we accept. */
export function unsupportedMedia(message: string, fields: Record<string, unknown> = {}): MediaError {
  return new MediaError('UNSUPPORTED_MEDIA', message, fields);
}
