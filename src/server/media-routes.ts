/**
 * Plain HTTP routes for media bytes (GraphQL carries only metadata):
 *
 *   POST /media            raw body (any Content-Type; the type is sniffed from the bytes), streamed
 *                          straight to the blob store: never buffered, refused as soon as it passes
 *                          the upload limit. 201 + JSON when the media is new, 200 + the same JSON
 *                          when identical bytes were stored already (nothing is stored twice).
 *   GET|HEAD /media/:sha   the bytes, with a valid signed-URL query (?exp=&sig=, see
 *                          MediaService.signedUrl) or an authenticated actor of any role. Immutable
 *                          caching (the URL names the content), ETag/If-None-Match (304) and a single
 *                          `Range: bytes=a-b` (206, for audio seeking). Multiple ranges are answered
 *                          with the whole body (200), which RFC 9110 allows.
 *
 * Errors answer `AppError.httpStatus` with `AppError.toHttpBody()`; anything else is a bare 500.
 * Mount this router BEFORE any body-parsing middleware (express.json/raw) so that POST /media gets
 * the untouched request stream.
 */
import { PassThrough, type Readable } from 'node:stream';
import express from 'express';
import { BadUserInputError, NotFoundError, UnauthenticatedError, isAppError } from '../errors.js';
import type { MediaRow } from '../db/schema/media.js';
import type { Actor } from '../modules/auth/roles.js';
import type { MediaService } from '../modules/media/service.js';
import { assertSha256 } from '../storage/blob-store.js';

export interface MediaRouterDeps {
  media: MediaService;
  /** Resolves the request's actor (e.g. from `Authorization: Bearer`), null when there is none. */
  authenticate: (req: express.Request) => Promise<Actor | null>;
  /** Called with unexpected (non-AppError) errors before the 500 goes out. */
  logError?: (err: unknown, req: express.Request) => void;
}

/** The JSON body POST /media answers with. */
export function mediaJson(row: MediaRow) {
  return {
    sha256: row.sha256,
    mimeType: row.mimeType,
    byteSize: row.byteSize,
    width: row.width,
    height: row.height,
    sampleRate: row.sampleRate,
    channels: row.channels,
    durationSeconds: row.durationSeconds,
  };
}

const CACHE_CONTROL = 'private, max-age=31536000, immutable';

function parseContentLength(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Does an If-None-Match list name our ETag (weak comparison, as RFC 9110 prescribes for it)? */
function noneMatchHits(header: string, etag: string, sha: string): boolean {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag || t === sha);
}

type RangeResult = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * Parses a single `bytes=` range against `size`. null means "serve the whole body": no header, a
 * malformed one, or several ranges (all of which RFC 9110 lets a server ignore).
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    // Suffix range: the last N bytes.
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? Infinity : Number(m[2]);
  if (last < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(last, size - 1) };
}

/**
 * Pipes `source` into `res`. An error before the first byte (e.g. the blob is missing) rejects, so
 * the error handler can still answer with JSON; an error part-way cuts the response off. A client
 * that goes away stops the read.
 */
function sendStream(source: Readable, res: express.Response): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    source.once('error', (e) => {
      source.unpipe(res);
      if (res.headersSent) {
        res.destroy();
        resolve();
      } else {
        reject(e);
      }
    });
    res.once('close', () => {
      source.destroy();
      resolve();
    });
    source.pipe(res);
  });
}

export function createMediaRouter(deps: MediaRouterDeps): express.Router {
  const router = express.Router();

  router.post('/media', async (req, res) => {
    const actor = await deps.authenticate(req);
    if (!actor) throw new UnauthenticatedError();

    // The service destroys the stream it is given when it refuses the body part-way. Hand it a
    // wrapper, not the request itself, so the socket survives long enough to carry our 413/422.
    const body = new PassThrough();
    req.on('error', (e) => body.destroy(e));
    req.on('close', () => {
      if (!req.complete) body.destroy(new Error('Client aborted the upload'));
    });
    req.pipe(body);

    const { media, created } = await deps.media.uploadDetailed(body, {
      actor,
      contentLength: parseContentLength(req.headers['content-length']),
    });
    res.status(created ? 201 : 200).json(mediaJson(media));
  });

  // express answers HEAD with the GET route; we skip the body for it.
  router.get('/media/:sha256', async (req, res) => {
    const sha = assertSha256(req.params.sha256, 'sha256');
    const { exp, sig, kid } = req.query;
    const signedOk =
      typeof exp === 'string' && typeof sig === 'string' && (kid === undefined || typeof kid === 'string') && deps.media.verifySignature(sha, exp, sig, kid);
    if (!signedOk) {
      const actor = await deps.authenticate(req);
      if (!actor) {
        throw new UnauthenticatedError(
          exp !== undefined || sig !== undefined
            ? 'This signed media URL is invalid, has expired or its token was revoked; request a fresh one, or send "Authorization: Bearer <token>"'
            : undefined,
        );
      }
    }

    const row = deps.media.get(sha);
    if (!row) throw new NotFoundError('Media', sha);
    const size = row.byteSize;
    const etag = `"${sha}"`;
    res.set({
      ETag: etag,
      'Cache-Control': CACHE_CONTROL,
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
    });

    const ifNoneMatch = req.get('if-none-match');
    if (ifNoneMatch && noneMatchHits(ifNoneMatch, etag, sha)) {
      res.status(304).end();
      return;
    }

    // If-Range: only honour Range when the validator still matches (it always does for
    // content-addressed bytes, unless the client sent something else).
    const ifRange = req.get('if-range');
    const range = ifRange && ifRange.trim() !== etag ? null : parseRange(req.get('range'), size);
    if (range === 'unsatisfiable') {
      res
        .status(416)
        .set('Content-Range', `bytes */${size}`)
        .json(new BadUserInputError(`Range not satisfiable for ${size} bytes`, { field: 'Range' }).toHttpBody());
      return;
    }

    res.type(row.mimeType);
    if (range) {
      res.status(206).set({
        'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
        'Content-Length': String(range.end - range.start + 1),
      });
    } else {
      res.status(200).set('Content-Length', String(size));
    }
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await sendStream(deps.media.openContent(sha, range ?? undefined), res);
  });

  router.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A request body we did not read to the end must not keep the connection: Node would otherwise
    // try to drain it (possibly gigabytes) to reuse the socket.
    if (!req.complete) res.set('Connection', 'close');
    if (isAppError(err)) {
      res.status(err.httpStatus).json(err.toHttpBody());
      return;
    }
    deps.logError?.(err, req);
    res.status(500).json({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
  });

  return router;
}
