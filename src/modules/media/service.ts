/**
 * Media: content-addressed images and WAVs. The upload pipeline is
 *   stage the bytes (hash + size limit, temp file) → probe the temp file → commit the blob → insert the row,
 * so a rejected upload stores nothing, and a crash between the blob and the row leaves at most an
 * orphan blob. The same bytes uploaded twice give one blob and one row.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connection.js';
import type { MediaRow } from '../../db/schema/media.js';
import { AppError, BadUserInputError, MediaTooLargeError } from '../../errors.js';
import { MediaError } from '../../media/errors.js';
import { probeMedia, type MediaInfo } from '../../media/probe.js';
import { assertSha256, isSha256, type BlobStore, type ByteRange, type StagedBlob } from '../../storage/blob-store.js';
import { requireRole, type Actor } from '../auth/index.js';
import { MediaRepository } from './repository.js';

export type { MediaRow } from '../../db/schema/media.js';

/** probeMedia with its media-level errors turned into the API's INVALID_MEDIA / UNSUPPORTED_MEDIA. */
async function probe(...args: Parameters<typeof probeMedia>): Promise<MediaInfo> {
  try {
    return await probeMedia(...args);
  } catch (e) {
    if (e instanceof MediaError) throw new AppError(e.code, e.message, e.fields);
    throw e;
  }
}

export interface MediaServiceDeps {
  db: Db;
  blobs: BlobStore;
  config: Config;
  /** Key for signed media URLs. Keep it stable across restarts or old URLs stop working. */
  urlSecret: string;
  /** Whether an API token still stands (not revoked): a signed URL dies with the token that asked for it. */
  tokenActive?: (tokenId: number) => boolean;
}

/** A signed URL is handed out unchanged for 1/12 of its TTL (so clients cache by URL), never longer. */
const URL_STABLE_FRACTION = 12;

export interface UploadMeta {
  actor: Actor;
  /** The declared body size (HTTP Content-Length), if any: refused at once when over the limit. */
  contentLength?: number;
}

export interface IngestResult {
  media: MediaRow;
  /** false when the same bytes were stored already (the existing row is returned). */
  created: boolean;
}

export class MediaService {
  private readonly repo: MediaRepository;
  private readonly blobs: BlobStore;
  private readonly config: Config;
  private readonly urlSecret: string;
  private readonly tokenActive: (tokenId: number) => boolean;

  constructor(deps: MediaServiceDeps) {
    if (!deps.urlSecret) throw new Error('MediaService needs a non-empty urlSecret');
    this.repo = new MediaRepository(deps.db);
    this.blobs = deps.blobs;
    this.config = deps.config;
    this.urlSecret = deps.urlSecret;
    this.tokenActive = deps.tokenActive ?? (() => true);
  }

  /** Upload from a stream (labeller role or above). See uploadDetailed. */
  async upload(body: Readable, meta: UploadMeta): Promise<MediaRow> {
    return (await this.uploadDetailed(body, meta)).media;
  }

  /**
   * upload() that also says whether the row is new (the HTTP route answers 201 vs 200 with it).
   * `body` is destroyed whenever it is not read to the end (refusal or failure), so the caller must
   * hand over a stream it is happy to see destroyed (the HTTP route passes a wrapper, not the socket).
   */
  async uploadDetailed(body: Readable, meta: UploadMeta): Promise<IngestResult> {
    try {
      requireRole(meta.actor, 'labeller');
      const limit = this.config.maxUploadBytes;
      if (meta.contentLength !== undefined && meta.contentLength > limit) throw new MediaTooLargeError(limit);
    } catch (e) {
      body.destroy();
      throw e;
    }
    const staged = await this.blobs.stage(body, { maxBytes: this.config.maxUploadBytes });
    return this.ingestStaged(staged, meta.actor);
  }

  /** Bulk import: the same pipeline from a local file (copied, not moved). No role check: the import service does it. */
  /**
   * For bulk imports: stages and validates a local file like ingestFile, but leaves the durable
   * part to the caller: it passes every `staged` blob of a batch to blobs.commitMany (one grouped
   * fsync pass) and then inserts the rows with insertPrepared inside its batch transaction. A crash
   * in between still leaves at most orphan files, never a row without its blob.
   */
  async prepareFile(filePath: string, actor: Actor): Promise<{ row: MediaRow; staged: StagedBlob }> {
    const staged = await this.blobs.stageFile(filePath, { maxBytes: this.config.maxUploadBytes, deferSync: true });
    try {
      const existing = this.repo.get(staged.sha256);
      if (existing) return { row: existing, staged: { ...staged, data: undefined } };
      const info = await probe(staged.tempPath, { maxImagePixels: this.config.maxImagePixels, data: staged.data });
      // Drop the bytes: the batch keeps its staged blobs until they are committed.
      return { row: this.rowFor(staged, info, actor), staged: { ...staged, data: undefined } };
    } catch (e) {
      await this.blobs.discard(staged).catch(() => {});
      throw e;
    }
  }

  /**
   * prepareFile for bytes made here (augmented copies): staged, probed like an upload (so a derived
   * blob is held to the same limits as any other), made durable by commitPrepared.
   */
  async prepareBytes(bytes: Uint8Array, actor: Actor, known?: MediaInfo): Promise<{ row: MediaRow; staged: StagedBlob }> {
    const staged = await this.blobs.stage(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
      maxBytes: this.config.maxUploadBytes,
      deferSync: true,
    });
    try {
      const existing = this.repo.get(staged.sha256);
      if (existing) return { row: existing, staged: { ...staged, data: undefined } };
      if (known && known.kind === 'image' && (known.width ?? 0) * (known.height ?? 0) > this.config.maxImagePixels) {
        throw new AppError('INVALID_MEDIA', `The image would have ${known.width} × ${known.height} pixels, over the limit of ${this.config.maxImagePixels}`);
      }
      // Bytes this process encoded (known) need no decode to learn what they are.
      const info = known ?? (await probe(staged.tempPath, { maxImagePixels: this.config.maxImagePixels, data: staged.data }));
      return { row: this.rowFor(staged, info, actor), staged: { ...staged, data: undefined } };
    } catch (e) {
      await this.blobs.discard(staged).catch(() => {});
      throw e;
    }
  }

  /** Makes the blobs of prepareFile results durable (see BlobStore.commitMany). */
  commitPrepared(staged: readonly StagedBlob[]): Promise<void> {
    return this.blobs.commitMany(staged);
  }

  /** Inserts rows made by prepareFile (synchronous: call it inside the batch's transaction). */
  insertPrepared(rows: readonly MediaRow[]): void {
    for (const row of rows) this.repo.insertIfAbsent(row);
  }

  async ingestFile(filePath: string, actor: Actor): Promise<MediaRow> {
    return (await this.ingestFileDetailed(filePath, actor)).media;
  }

  async ingestFileDetailed(filePath: string, actor: Actor): Promise<IngestResult> {
    const staged = await this.blobs.stageFile(filePath, { maxBytes: this.config.maxUploadBytes });
    return this.ingestStaged(staged, actor);
  }

  get(sha256: string): MediaRow | null {
    return isSha256(sha256) ? this.repo.get(sha256) : null;
  }

  /** Rows aligned with `shas` (null where unknown or malformed): a DataLoader batch function as is. */
  getMany(shas: readonly string[]): (MediaRow | null)[] {
    const rows = this.repo.getMany(shas.filter(isSha256));
    const bySha = new Map(rows.map((r) => [r.sha256, r]));
    return shas.map((s) => bySha.get(s) ?? null);
  }

  /**
   * The stored bytes (or the inclusive `range` of them), for the HTTP route. Callers look the row up
   * first (for the Content-Type and size); the stream errors if the blob is missing.
   */
  openContent(sha256: string, range?: ByteRange): Readable {
    return this.blobs.openRead(assertSha256(sha256), range);
  }

  /**
   * A path (not an absolute URL: prefix config.publicUrl where one is needed) that serves the media
   * without an Authorization header until it expires, for <img>/<audio> tags in a labelling UI:
   * `/media/<sha>?exp=<unix seconds>&kid=<key id>&sig=<hex HMAC-SHA256(urlSecret, sha + exp + kid)>`.
   * The key id names the API token that asked (`t<id>`), or `local` for the local operator (--dev,
   * CLI): revoking the token ends its URLs. The URL is valid for at least 11/12 of `ttlSeconds`
   * and never longer than `ttlSeconds`. sha is always 64 characters and exp digits only, so the
   * concatenation is unambiguous.
   */
  signedUrl(sha256: string, ttlSeconds = 3600, tokenId: number | null = null): string {
    assertSha256(sha256);
    if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new BadUserInputError('ttlSeconds must be a positive integer', { field: 'ttlSeconds' });
    }
    // The expiry is rounded down to a step of ttl/12, so the same URL is handed out for that step
    // (browsers and clients cache the bytes by URL) and is never valid beyond the TTL.
    const step = Math.max(1, Math.floor(ttlSeconds / URL_STABLE_FRACTION));
    const now = Math.floor(Date.now() / 1000);
    const exp = Math.floor((now + ttlSeconds) / step) * step;
    const kid = tokenId === null ? 'local' : `t${tokenId}`;
    return `/media/${sha256}?exp=${exp}&kid=${kid}&sig=${this.sign(sha256, String(exp), kid)}`;
  }

  /**
   * True when `sig` is this server's signature of (sha, exp, kid), exp is still in the future and
   * the token behind kid is not revoked. Timing-safe.
   */
  verifySignature(sha256: string, exp: string | number, sig: string, kid = 'local'): boolean {
    if (!isSha256(sha256) || typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return false;
    const expStr = String(exp);
    if (!/^\d{1,15}$/.test(expStr)) return false;
    if (Number(expStr) <= Math.floor(Date.now() / 1000)) return false;
    const token = /^t(\d{1,15})$/.exec(kid);
    if (kid !== 'local' && !token) return false;
    const expected = Buffer.from(this.sign(sha256, expStr, kid), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return false;
    return token ? this.tokenActive(Number(token[1])) : true;
  }

  private sign(sha256: string, exp: string, kid: string): string {
    return createHmac('sha256', this.urlSecret).update(sha256 + exp + kid).digest('hex');
  }

  /** probe → commit → row, for bytes already staged. On any failure the temp file is removed. */
  private rowFor(staged: StagedBlob, info: MediaInfo, actor: Actor): MediaRow {
    return {
      sha256: staged.sha256,
      kind: info.kind,
      mimeType: info.mimeType,
      byteSize: staged.byteSize,
      width: info.width,
      height: info.height,
      sampleRate: info.sampleRate,
      channels: info.channels,
      bitsPerSample: info.bitsPerSample,
      durationSeconds: info.durationSeconds,
      createdAt: new Date().toISOString(),
      createdBy: actor.name,
    };
  }

  private async ingestStaged(staged: StagedBlob, actor: Actor): Promise<IngestResult> {
    try {
      const existing = this.repo.get(staged.sha256);
      if (existing) {
        // Same bytes, validated when first stored: no second probe. commit() drops the temp file,
        // or puts the blob back should it have gone missing.
        await this.blobs.commit(staged);
        return { media: existing, created: false };
      }
      const info = await probe(staged.tempPath, { maxImagePixels: this.config.maxImagePixels });
      await this.blobs.commit(staged);
      const { row, created } = this.repo.insertIfAbsent(this.rowFor(staged, info, actor));
      return { media: row, created };
    } catch (e) {
      // After a successful commit the temp file is gone and this is a no-op.
      await this.blobs.discard(staged).catch(() => {});
      throw e;
    }
  }
}
