/**
 * Content-addressed blob storage. A blob is named by the sha256 of its bytes, so a blob never
 * changes once written and writing the same bytes twice stores them once.
 *
 * Writes go in two steps so that a crash never leaves a half-written blob under a real name:
 *   1. `stage()` streams the bytes into a temp file (hashing and counting as they pass, fsync'd);
 *   2. `commit()` renames the temp file to its sha256 path and fsyncs the directory.
 * The caller inserts the database row only after `commit()`; a crash in between leaves at most an
 * orphan blob (harmless, garbage-collectable), never a row that points at missing bytes.
 *
 * `BlobStore` is the seam for other back ends (S3/MinIO: stage to a local temp file, then upload on
 * commit); `LocalBlobStore` keeps blobs on the local file system.
 */
import { createHash, randomUUID, webcrypto } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { BadUserInputError, MediaTooLargeError } from '../errors.js';

/** stageFile reads files up to this size into memory at once; bigger ones are streamed. */
const IN_MEMORY_STAGE_BYTES = 32 * 1024 * 1024;

/** Bytes written to a temp file and hashed, not yet visible under their sha256. */
export interface StagedBlob {
  tempPath: string;
  /** 64 lowercase hex digits. */
  sha256: string;
  byteSize: number;
  /** The bytes, when stageFile read a small file into memory (lets the caller probe without re-reading). */
  data?: Buffer;
}

export interface StageOptions {
  /** Refuse (MediaTooLargeError) as soon as more than this many bytes have been read. */
  maxBytes: number;
  /**
   * stageFile only: skip the temp file's fsync, because the caller hands the blob to commitMany,
   * which fsyncs a whole batch of temp files at once before renaming any of them.
   */
  deferSync?: boolean;
}

/** Inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStore {
  /**
   * Streams `source` into a temp file while hashing it. The moment more than `maxBytes` have
   * arrived, `source` is destroyed, the temp file removed and MediaTooLargeError thrown. On any
   * failure (source error included) nothing is left behind.
   */
  stage(source: Readable, opts: StageOptions): Promise<StagedBlob>;
  /** `stage()` from a local file (the file itself is copied, never moved). */
  stageFile(filePath: string, opts: StageOptions): Promise<StagedBlob>;
  /** Makes a staged blob visible under its sha256; if that blob exists already the temp file is dropped. */
  commit(staged: StagedBlob): Promise<void>;
  /**
   * commit() for a batch, with the same guarantee (temp fsync → rename → folder fsync, all before
   * returning) but grouped: every temp file is fsynced first, concurrently, then all are renamed,
   * then each touched folder is fsynced once. Bulk imports use it to pay for durability per batch.
   */
  commitMany(staged: readonly StagedBlob[]): Promise<void>;
  /** Removes a staged temp file (no error if it is gone already). */
  discard(staged: StagedBlob): Promise<void>;
  /** Removes temp files older than maxAgeMs (left by a crash); returns how many. */
  removeStaleTemp(maxAgeMs?: number): Promise<number>;
  has(sha256: string): Promise<boolean>;
  stat(sha256: string): Promise<{ byteSize: number } | null>;
  /** Reads a committed blob, or the inclusive `range` of it. The stream errors if the blob is absent. */
  openRead(sha256: string, range?: ByteRange): Readable;
  /** Path of the committed blob on the local file system, or null (absent, or a non-local store). */
  localPath(sha256: string): string | null;
}

const SHA256_RE = /^[0-9a-f]{64}$/;

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256_RE.test(value);
}

/** Throws BAD_USER_INPUT unless `value` is 64 lowercase hex digits. */
export function assertSha256(value: unknown, field = 'sha256'): string {
  if (!isSha256(value)) {
    throw new BadUserInputError(`${field} must be 64 lowercase hex digits`, { field });
  }
  return value;
}

function assertMaxBytes(maxBytes: number): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
  }
}

/** fsync a directory so that a rename/creation inside it survives a crash (no-op where unsupported). */
const COMMIT_MANY_PARALLEL = 32;

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function fsyncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch (e) {
    // Some platforms/file systems (Windows, some network mounts) refuse fsync on a directory.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw e;
  } finally {
    await fh?.close();
  }
}

async function unlinkIfExists(file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/**
 * Layout: `<root>/<aa>/<sha256>` (aa = the hash's first byte, as git's objects/ folder: 256
 * folders, created once, so a new blob costs one folder fsync); temp files in `<root>/.tmp/`.
 */
export class LocalBlobStore implements BlobStore {
  readonly rootDir: string;
  readonly tmpDir: string;

  constructor(rootDir: string) {
    this.rootDir = path.resolve(rootDir);
    this.tmpDir = path.join(this.rootDir, '.tmp');
  }

  /** Where a blob lives (whether or not it exists). */
  blobPath(sha256: string): string {
    assertSha256(sha256);
    return path.join(this.rootDir, sha256.slice(0, 2), sha256);
  }

  async stage(source: Readable, opts: StageOptions): Promise<StagedBlob> {
    // Listen for errors at once: the source may fail while we are still opening the temp file,
    // and an 'error' with no listener would crash the process. The iterator below rethrows it.
    const swallow = () => {};
    source.on('error', swallow);
    try {
      assertMaxBytes(opts.maxBytes);
      return await this.stageInto(source, opts);
    } catch (e) {
      if (!source.destroyed) source.destroy();
      throw e;
    } finally {
      source.off('error', swallow);
    }
  }

  private async stageInto(source: Readable, opts: StageOptions): Promise<StagedBlob> {
    await fs.mkdir(this.tmpDir, { recursive: true });
    const tempPath = path.join(this.tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let byteSize = 0;
    const fh = await fs.open(tempPath, 'wx', 0o644);
    let closed = false;
    try {
      // for-await pulls the next chunk only once the previous one is written: natural
      // back-pressure, and at most one chunk in memory at a time.
      for await (const raw of source) {
        const chunk: Buffer = typeof raw === 'string' ? Buffer.from(raw) : raw;
        byteSize += chunk.length;
        if (byteSize > opts.maxBytes) {
          source.destroy();
          throw new MediaTooLargeError(opts.maxBytes);
        }
        hash.update(chunk);
        await fh.write(chunk);
      }
      await fh.sync();
      closed = true;
      await fh.close();
      return { tempPath, sha256: hash.digest('hex'), byteSize };
    } catch (e) {
      if (!closed) await fh.close().catch(() => {});
      await unlinkIfExists(tempPath);
      throw e;
    }
  }

  async stageFile(filePath: string, opts: StageOptions): Promise<StagedBlob> {
    assertMaxBytes(opts.maxBytes);
    // Cheap early refusal; stage() still enforces the limit in case the file grows meanwhile.
    const st = await fs.stat(filePath);
    if (st.size > opts.maxBytes) throw new MediaTooLargeError(opts.maxBytes);
    if (st.size > IN_MEMORY_STAGE_BYTES) return this.stage(createReadStream(filePath), opts);
    // Small files (most images): one read, a native one-shot hash, one write + fsync. Far less
    // work per file than a stream of chunks, which matters for bulk imports.
    const buf = await fs.readFile(filePath);
    if (buf.length > opts.maxBytes) throw new MediaTooLargeError(opts.maxBytes);
    await fs.mkdir(this.tmpDir, { recursive: true });
    const tempPath = path.join(this.tmpDir, `${randomUUID()}.part`);
    const fh = await fs.open(tempPath, 'wx');
    try {
      await fh.writeFile(buf);
      if (!opts.deferSync) await fh.sync();
    } catch (e) {
      await fh.close().catch(() => {});
      await unlinkIfExists(tempPath);
      throw e;
    }
    await fh.close();
    // WebCrypto's digest runs on the thread pool, keeping the event loop free for other files.
    const sha256 = Buffer.from(await webcrypto.subtle.digest('SHA-256', buf)).toString('hex');
    return { tempPath, sha256, byteSize: buf.length, data: buf };
  }

  /**
   * Removes temp files older than maxAgeMs: what a crash or a kill left mid-upload. Run at start-up
   * (recent ones may belong to another process writing to the same store right now).
   */
  async removeStaleTemp(maxAgeMs = 60 * 60 * 1000): Promise<number> {
    let removed = 0;
    const names = await fs.readdir(this.tmpDir).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(this.tmpDir, name);
      const st = await fs.stat(file).catch(() => null);
      if (st?.isFile() && Date.now() - st.mtimeMs > maxAgeMs) {
        await unlinkIfExists(file);
        removed++;
      }
    }
    return removed;
  }

  async commitMany(staged: readonly StagedBlob[]): Promise<void> {
    staged.forEach((b) => this.assertStaged(b));
    const fresh: StagedBlob[] = [];
    const seen = new Set<string>();
    for (const b of staged) {
      if (seen.has(b.sha256) || (await this.exists(this.blobPath(b.sha256)))) await unlinkIfExists(b.tempPath);
      else {
        seen.add(b.sha256);
        fresh.push(b);
      }
    }
    // Concurrent fsyncs let the file system commit its journal once for many files.
    await inBatches(fresh, COMMIT_MANY_PARALLEL, async (b) => {
      const fh = await fs.open(b.tempPath, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    });
    const dirs = new Set<string>();
    let createdAny = false;
    for (const b of fresh) {
      const target = this.blobPath(b.sha256);
      const dir = path.dirname(target);
      if (!dirs.has(dir)) createdAny = (await fs.mkdir(dir, { recursive: true })) !== undefined || createdAny;
      dirs.add(dir);
      await fs.rename(b.tempPath, target);
    }
    await inBatches([...dirs], COMMIT_MANY_PARALLEL, fsyncDir);
    if (createdAny) await fsyncDir(this.rootDir);
  }

  async commit(staged: StagedBlob): Promise<void> {
    this.assertStaged(staged);
    const target = this.blobPath(staged.sha256);
    const dir = path.dirname(target);
    if (await this.exists(target)) {
      // Same sha256, same bytes: keep the blob that is already there.
      await unlinkIfExists(staged.tempPath);
      return;
    }
    // mkdir returns the first directory it had to create (undefined if all existed).
    const created = await fs.mkdir(dir, { recursive: true });
    // rename() is atomic; if a concurrent commit of the same bytes won the race, it simply
    // replaces an identical file.
    await fs.rename(staged.tempPath, target);
    await fsyncDir(dir);
    if (created !== undefined) {
      // New directory entries must be made durable in their parents too.
      await fsyncDir(path.dirname(dir));
      await fsyncDir(this.rootDir);
    }
  }

  async discard(staged: StagedBlob): Promise<void> {
    this.assertStaged(staged);
    await unlinkIfExists(staged.tempPath);
  }

  async has(sha256: string): Promise<boolean> {
    return this.exists(this.blobPath(sha256));
  }

  async stat(sha256: string): Promise<{ byteSize: number } | null> {
    try {
      const st = await fs.stat(this.blobPath(sha256));
      return st.isFile() ? { byteSize: st.size } : null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  openRead(sha256: string, range?: ByteRange): Readable {
    const file = this.blobPath(sha256);
    if (range) {
      const { start, end } = range;
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
        throw new BadUserInputError(`Invalid byte range ${start}-${end}`, { field: 'range' });
      }
      return createReadStream(file, { start, end });
    }
    return createReadStream(file);
  }

  localPath(sha256: string): string | null {
    const file = this.blobPath(sha256);
    return existsSync(file) ? file : null;
  }

  private async exists(file: string): Promise<boolean> {
    try {
      await fs.access(file);
      return true;
    } catch {
      return false;
    }
  }

  /** A StagedBlob must come from this store: its temp file lies directly in our .tmp folder. */
  private assertStaged(staged: StagedBlob): void {
    assertSha256(staged.sha256);
    if (path.dirname(path.resolve(staged.tempPath)) !== this.tmpDir) {
      throw new Error(`Not a temp file of this blob store: ${staged.tempPath}`);
    }
  }
}
