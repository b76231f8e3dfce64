/**
 * MediaService + LocalBlobStore + SQLite, for real (temp folder), and the /media HTTP routes over a
 * real socket.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { loadConfig, type Config } from '../../src/config.js';
import { openDb, type Db } from '../../src/db/connection.js';
import { AppError } from '../../src/errors.js';
import type { Actor, Role } from '../../src/modules/auth/roles.js';
import { MediaService } from '../../src/modules/media/service.js';
import { createMediaRouter } from '../../src/server/media-routes.js';
import { LocalBlobStore } from '../../src/storage/blob-store.js';
import { expectCode } from '../helpers/assertions.js';
import { tempDir } from '../helpers/temp.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(HERE, '../../../shared/corpus');
const ROCKET = path.join(CORPUS, 'images/rocket.jpg');
const COINS = path.join(CORPUS, 'images/coins.png');
const TRUNCATED = path.join(CORPUS, 'images/truncated.jpg');
const SPEECH = path.join(CORPUS, 'audio/tts_01.wav');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function actor(role: Role = 'admin'): Actor {
  return { name: 'test', role, tokenId: null };
}

/** All files below `dir` (relative paths), recursively. */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

interface Env {
  tmp: string;
  /** Removes tmp. */
  removeTmp(): void;
  db: Db;
  blobs: LocalBlobStore;
  config: Config;
  media: MediaService;
  statements: string[];
}

function makeEnv(maxUploadBytes = 10 * 1024 * 1024): Env {
  const { dir: tmp, cleanup: removeTmp } = tempDir('tuneset-media-');
  const statements: string[] = [];
  const db = openDb(path.join(tmp, 't.db'), { onStatement: (s) => statements.push(s) });
  const config = loadConfig({ TUNESET_DATA: tmp, NODE_ENV: 'test', TUNESET_MAX_UPLOAD_BYTES: String(maxUploadBytes) });
  const blobs = new LocalBlobStore(config.blobDir);
  const media = new MediaService({ db, blobs, config, urlSecret: 'test-secret' });
  return { tmp, removeTmp, db, blobs, config, media, statements };
}

function closeEnv(env: Env): void {
  env.db.$client.close();
  env.removeTmp();
}

function rowCount(env: Env): number {
  return (env.db.$client.prepare('SELECT count(*) AS n FROM media').get() as { n: number }).n;
}

/** Blob files (excluding temp files) and temp files currently in the store. */
function storeFiles(env: Env): { blobs: string[]; temps: string[] } {
  const all = listFiles(env.config.blobDir);
  return {
    blobs: all.filter((f) => !f.startsWith('.tmp')),
    temps: all.filter((f) => f.startsWith('.tmp')),
  };
}

describe('MediaService', () => {
  let env: Env;
  before(() => {
    env = makeEnv();
  });
  after(() => closeEnv(env));

  test('uploading the same image twice stores one blob and one row', async () => {
    const first = await env.media.uploadDetailed(fs.createReadStream(ROCKET), { actor: actor() });
    assert.equal(first.created, true);
    const row = first.media;
    assert.match(row.sha256, /^[0-9a-f]{64}$/);
    assert.equal(row.kind, 'image');
    assert.equal(row.mimeType, 'image/jpeg');
    assert.equal(row.byteSize, fs.statSync(ROCKET).size);
    assert.deepEqual([row.width, row.height], [640, 427]);
    assert.equal(row.sampleRate, null);
    assert.equal(row.createdBy, 'test');

    const second = await env.media.upload(fs.createReadStream(ROCKET), { actor: actor('labeller') });
    assert.deepEqual(second, row);
    assert.equal(rowCount(env), 1);
    const files = storeFiles(env);
    assert.deepEqual(files.blobs, [path.join(row.sha256.slice(0, 2), row.sha256)]);
    assert.deepEqual(files.temps, []);
    // The stored bytes are the uploaded bytes.
    assert.ok(fs.readFileSync(env.blobs.localPath(row.sha256)!).equals(fs.readFileSync(ROCKET)));
  });

  test('a WAV upload records the audio fields', async () => {
    const row = await env.media.upload(fs.createReadStream(SPEECH), { actor: actor() });
    assert.equal(row.kind, 'audio');
    assert.equal(row.mimeType, 'audio/wav');
    assert.equal(row.sampleRate, 16_000);
    assert.equal(row.channels, 1);
    assert.equal(row.bitsPerSample, 16);
    assert.ok(Math.abs(row.durationSeconds! - (fs.statSync(SPEECH).size - 44) / 2 / 16_000) < 1e-9);
    assert.equal(row.width, null);
  });

  test('truncated.jpg is refused with INVALID_MEDIA and leaves nothing behind', async () => {
    const before = { rows: rowCount(env), files: storeFiles(env) };
    await expectCode(env.media.upload(fs.createReadStream(TRUNCATED), { actor: actor() }), 'INVALID_MEDIA', {}, { type: AppError });
    assert.equal(rowCount(env), before.rows);
    assert.deepEqual(storeFiles(env), before.files);
    assert.deepEqual(storeFiles(env).temps, []);
  });

  test('ingestFile runs the same pipeline from a local file (no role check)', async () => {
    const row = await env.media.ingestFile(COINS, actor('viewer'));
    assert.deepEqual([row.mimeType, row.width, row.height], ['image/png', 384, 303]);
    const again = await env.media.ingestFileDetailed(COINS, actor());
    assert.equal(again.created, false);
    await expectCode(env.media.ingestFile(TRUNCATED, actor()), 'INVALID_MEDIA', {}, { type: AppError });
    assert.deepEqual(storeFiles(env).temps, []);
  });

  test('uploads need the labeller role', async () => {
    const rows = rowCount(env);
    const body = fs.createReadStream(COINS);
    await expectCode(env.media.upload(body, { actor: actor('viewer') }), 'FORBIDDEN', {}, { type: AppError });
    assert.equal(body.destroyed, true);
    assert.equal(rowCount(env), rows);
  });

  test('get / getMany: aligned with the keys, one SQL statement for the batch', async () => {
    const a = await env.media.ingestFile(ROCKET, actor());
    const b = await env.media.ingestFile(SPEECH, actor());
    const missing = 'f'.repeat(64);
    env.statements.length = 0;
    const rows = env.media.getMany([b.sha256, missing, a.sha256, 'not-a-sha', b.sha256]);
    assert.equal(env.statements.length, 1, env.statements.join('\n'));
    assert.deepEqual(
      rows.map((r) => r?.sha256 ?? null),
      [b.sha256, null, a.sha256, null, b.sha256],
    );
    assert.deepEqual(env.media.get(a.sha256), a);
    assert.equal(env.media.get(missing), null);
    assert.deepEqual(env.media.getMany([]), []);
  });

  test('signed URLs verify when good, fail when expired or tampered', (t) => {
    const sha = 'a'.repeat(64);
    const url = new URL(env.media.signedUrl(sha, 60), 'http://x');
    assert.equal(url.pathname, `/media/${sha}`);
    const exp = url.searchParams.get('exp')!;
    const sig = url.searchParams.get('sig')!;
    assert.match(sig, /^[0-9a-f]{64}$/);
    assert.equal(env.media.verifySignature(sha, exp, sig), true);
    assert.equal(env.media.verifySignature(sha, Number(exp), sig), true);

    // Tampered: another sha, a later exp, a flipped signature digit, garbage.
    assert.equal(env.media.verifySignature('b'.repeat(64), exp, sig), false);
    assert.equal(env.media.verifySignature(sha, String(Number(exp) + 3600), sig), false);
    const flipped = (sig[0] === '0' ? '1' : '0') + sig.slice(1);
    assert.equal(env.media.verifySignature(sha, exp, flipped), false);
    assert.equal(env.media.verifySignature(sha, exp, sig.toUpperCase()), false);
    assert.equal(env.media.verifySignature(sha, exp, 'abc'), false);
    assert.equal(env.media.verifySignature(sha, '1e12', sig), false);
    // Another secret does not accept it.
    const other = new MediaService({ db: env.db, blobs: env.blobs, config: env.config, urlSecret: 'other' });
    assert.equal(other.verifySignature(sha, exp, sig), false);

    // The same URL is handed out again for a while (expiry rounded down to a step of TTL/12),
    // so clients can cache media by URL; it never outlives the TTL (issue 7: it lived 2 × TTL).
    assert.equal(env.media.signedUrl(sha, 60), url.pathname + url.search);
    assert.ok(Number(exp) - Date.now() / 1000 > 54 && Number(exp) - Date.now() / 1000 <= 60);

    // Expired: the same URL, more than two TTLs later.
    const now = Date.now();
    t.mock.method(Date, 'now', () => now + 121_000);
    assert.equal(env.media.verifySignature(sha, exp, sig), false);
  });

  test('signedUrl validates its input', async () => {
    await expectCode(Promise.resolve().then(() => env.media.signedUrl('ABC')), 'BAD_USER_INPUT', {}, { type: AppError });
    await expectCode(Promise.resolve().then(() => env.media.signedUrl('a'.repeat(64), 0)), 'BAD_USER_INPUT', {}, { type: AppError });
  });
});

describe('MediaService: the upload limit', () => {
  const LIMIT = 64 * 1024;
  let env: Env;
  before(() => {
    env = makeEnv(LIMIT);
  });
  after(() => closeEnv(env));

  test('a stream over the limit is refused while streaming, not after reading it all', async () => {
    const CHUNK = 4096;
    const TOTAL = 10 * LIMIT;
    let produced = 0;
    let finished = false;
    async function* tenTimesTheLimit() {
      while (produced < TOTAL) {
        produced += CHUNK;
        yield Buffer.alloc(CHUNK, 0x41);
      }
      finished = true;
    }
    const source = Readable.from(tenTimesTheLimit());
    const err = await expectCode(env.media.upload(source, { actor: actor() }), 'MEDIA_TOO_LARGE', {}, { type: AppError });
    assert.equal(err.extensions.limitBytes, LIMIT);
    assert.equal(finished, false);
    // Readable.from reads ahead a little (its buffer), but nowhere near the whole body.
    assert.ok(produced <= LIMIT + 64 * 1024, `produced ${produced} bytes of ${TOTAL}`);
    assert.equal(source.destroyed, true);
    assert.deepEqual(storeFiles(env), { blobs: [], temps: [] });
    assert.equal(rowCount(env), 0);
  });

  test('a declared Content-Length over the limit is refused before reading anything', async () => {
    let pulled = 0;
    const source = new Readable({
      read() {
        pulled++;
        this.push(Buffer.alloc(1024));
      },
    });
    await expectCode(env.media.upload(source, { actor: actor(), contentLength: LIMIT + 1 }), 'MEDIA_TOO_LARGE', {}, { type: AppError });
    assert.equal(pulled, 0);
    assert.equal(source.destroyed, true);
  });

  test('ingestFile is limited too; the limit itself is inclusive', async () => {
    const big = path.join(env.tmp, 'big.bin');
    fs.writeFileSync(big, Buffer.alloc(LIMIT + 1, 7));
    await expectCode(env.media.ingestFile(big, actor()), 'MEDIA_TOO_LARGE', {}, { type: AppError });

    const store = new LocalBlobStore(path.join(env.tmp, 'other-blobs'));
    const bytes = Buffer.alloc(1000, 1);
    const staged = await store.stage(Readable.from([bytes]), { maxBytes: bytes.length });
    assert.equal(staged.byteSize, bytes.length);
    await store.discard(staged);
    await expectCode(store.stage(Readable.from([bytes]), { maxBytes: bytes.length - 1 }), 'MEDIA_TOO_LARGE', {}, { type: AppError });
    assert.deepEqual(listFiles(store.tmpDir), []);
  });
});

describe('LocalBlobStore', () => {
  let tmp: string;
  let removeTmp: () => void;
  before(() => {
    ({ dir: tmp, cleanup: removeTmp } = tempDir('tuneset-blobs-'));
  });
  after(() => removeTmp());

  test('stage/commit/has/stat/openRead with a range; sha strings are validated', async () => {
    const store = new LocalBlobStore(tmp);
    const bytes = Buffer.from('hello blob store');
    const staged = await store.stage(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), { maxBytes: 1000 });
    assert.equal(staged.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(staged.byteSize, bytes.length);
    assert.equal(await store.has(staged.sha256), false);
    await store.commit(staged);
    assert.equal(await store.has(staged.sha256), true);
    assert.deepEqual(await store.stat(staged.sha256), { byteSize: bytes.length });
    assert.ok(fs.existsSync(path.join(tmp, staged.sha256.slice(0, 2), staged.sha256)));

    const read = async (r?: { start: number; end: number }) => {
      const parts: Buffer[] = [];
      for await (const c of store.openRead(staged.sha256, r)) parts.push(c as Buffer);
      return Buffer.concat(parts).toString();
    };
    assert.equal(await read(), 'hello blob store');
    assert.equal(await read({ start: 6, end: 9 }), 'blob');

    // Committing the same bytes again just drops the temp file.
    const again = await store.stage(Readable.from([bytes]), { maxBytes: 1000 });
    await store.commit(again);
    assert.deepEqual(listFiles(store.tmpDir), []);

    for (const bad of ['', 'A'.repeat(64), 'a'.repeat(63), '../'.repeat(21) + 'a']) {
      await expectCode(store.has(bad), 'BAD_USER_INPUT', {}, { type: AppError });
      await expectCode(Promise.resolve().then(() => store.openRead(bad)), 'BAD_USER_INPUT', {}, { type: AppError });
    }
    assert.equal(await store.stat('0'.repeat(64)), null);
    assert.equal(store.localPath('0'.repeat(64)), null);
  });

  test('a failing source leaves no temp file', async () => {
    const store = new LocalBlobStore(tmp);
    const source = new Readable({ read() {} });
    const p = store.stage(source, { maxBytes: 1000 });
    source.push(Buffer.from('partial'));
    setImmediate(() => source.destroy(new Error('client went away')));
    await assert.rejects(p, /client went away/);
    assert.deepEqual(listFiles(store.tmpDir), []);

    // Failing before stage() has even opened its temp file must not crash the process either.
    const early = new Readable({ read() {} });
    const p2 = store.stage(early, { maxBytes: 1000 });
    early.destroy(new Error('failed at once'));
    await assert.rejects(p2, /failed at once/);
    assert.deepEqual(listFiles(store.tmpDir), []);
  });
});

describe('HTTP /media', () => {
  let env: Env;
  let server: import('node:http').Server;
  let base: string;
  const TOKEN = 'Bearer good';

  before(async () => {
    env = makeEnv(256 * 1024);
    const app = express();
    app.use(
      createMediaRouter({
        media: env.media,
        authenticate: async (req) => {
          if (req.get('x-test-explode')) throw new Error('database exploded at /secret/path');
          return req.get('authorization') === TOKEN ? actor('labeller') : null;
        },
      }),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    closeEnv(env);
  });

  const post = (body: Uint8Array, headers: Record<string, string> = { authorization: TOKEN }) =>
    fetch(`${base}/media`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream', ...headers } });

  test('POST: 201 when new, 200 when the bytes exist already; Content-Type and name are ignored', async () => {
    const bytes = fs.readFileSync(SPEECH);
    const r1 = await post(bytes, { authorization: TOKEN, 'content-type': 'image/png' });
    assert.equal(r1.status, 201);
    const j1 = (await r1.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(j1).sort(), [
      'byteSize',
      'channels',
      'durationSeconds',
      'height',
      'mimeType',
      'sampleRate',
      'sha256',
      'width',
    ]);
    assert.equal(j1.mimeType, 'audio/wav');
    assert.equal(j1.byteSize, bytes.length);
    assert.equal(j1.width, null);
    assert.equal(j1.sampleRate, 16_000);
    const r2 = await post(bytes);
    assert.equal(r2.status, 200);
    assert.deepEqual(await r2.json(), j1);
  });

  test('POST errors: 401 without a token, 422 corrupt, 415 unsupported, 413 too large', async () => {
    const r401 = await post(fs.readFileSync(ROCKET), {});
    assert.equal(r401.status, 401);
    assert.equal(((await r401.json()) as { code: string }).code, 'UNAUTHENTICATED');

    const r422 = await post(fs.readFileSync(TRUNCATED));
    assert.equal(r422.status, 422);
    const j422 = (await r422.json()) as { code: string; message: string };
    assert.equal(j422.code, 'INVALID_MEDIA');

    const r415 = await post(Buffer.from('just some text\n'));
    assert.equal(r415.status, 415);
    assert.equal(((await r415.json()) as { code: string }).code, 'UNSUPPORTED_MEDIA');

    const r413 = await post(Buffer.alloc(300 * 1024, 1));
    assert.equal(r413.status, 413);
    assert.deepEqual(await r413.json(), {
      code: 'MEDIA_TOO_LARGE',
      message: 'Upload exceeds the limit of 262144 bytes',
      limitBytes: 262144,
    });
    assert.deepEqual(storeFiles(env).temps, []);
  });

  test('POST without Content-Length: refused with 413 mid-stream, client stops sending', async () => {
    const TOTAL = 50 * 1024 * 1024;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= TOTAL) return c.close();
        sent += 65536;
        c.enqueue(new Uint8Array(65536));
      },
    });
    const r = await fetch(`${base}/media`, {
      method: 'POST',
      body,
      headers: { authorization: TOKEN },
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    assert.equal(r.status, 413);
    assert.equal(((await r.json()) as { code: string }).code, 'MEDIA_TOO_LARGE');
    assert.ok(sent < TOTAL / 2, `client sent ${sent} of ${TOTAL} bytes`);
    assert.deepEqual(storeFiles(env).temps, []);
  });

  test('a client that aborts mid-upload leaves no temp file', async () => {
    const ac = new AbortController();
    let sent = 0;
    let sawTemp = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (sent >= 64 * 1024) {
          // Abort only once the server is staging the body into a temp file.
          for (let i = 0; i < 200 && storeFiles(env).temps.length === 0; i++) await sleep(10);
          sawTemp = storeFiles(env).temps.length === 1;
          ac.abort();
          return new Promise<void>(() => {}); // never finishes
        }
        sent += 16 * 1024;
        c.enqueue(new Uint8Array(16 * 1024));
      },
    });
    await assert.rejects(
      fetch(`${base}/media`, { method: 'POST', body, headers: { authorization: TOKEN }, signal: ac.signal, duplex: 'half' } as RequestInit & {
        duplex: 'half';
      }),
    );
    // The server notices the closed socket asynchronously.
    assert.ok(sawTemp, 'the server never started staging the upload');
    for (let i = 0; i < 200 && storeFiles(env).temps.length > 0; i++) await sleep(10);
    assert.deepEqual(storeFiles(env).temps, []);
  });

  test('unexpected errors are a bare 500 without details', async () => {
    const r = await fetch(`${base}/media/${'a'.repeat(64)}`, { headers: { 'x-test-explode': '1' } });
    assert.equal(r.status, 500);
    assert.deepEqual(await r.json(), { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
  });

  test('GET: signed URL or token; ETag, caching, Range, If-None-Match, HEAD; 404/400/401', async () => {
    const bytes = fs.readFileSync(COINS);
    const { sha256 } = (await (await post(bytes)).json()) as { sha256: string };

    // With a token.
    const r = await fetch(`${base}/media/${sha256}`, { headers: { authorization: TOKEN } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/png');
    assert.equal(r.headers.get('content-length'), String(bytes.length));
    assert.equal(r.headers.get('etag'), `"${sha256}"`);
    assert.equal(r.headers.get('cache-control'), 'private, max-age=31536000, immutable');
    assert.ok(Buffer.from(await r.arrayBuffer()).equals(bytes));

    // With a signed URL and no header.
    const signed = await fetch(base + env.media.signedUrl(sha256));
    assert.equal(signed.status, 200);
    assert.ok(Buffer.from(await signed.arrayBuffer()).equals(bytes));

    // Tampered signature, no token → 401; no credentials at all → 401.
    const tampered = new URL(env.media.signedUrl(sha256), base);
    const sig = tampered.searchParams.get('sig')!;
    tampered.searchParams.set('sig', (sig[0] === '0' ? '1' : '0') + sig.slice(1));
    const bad = await fetch(tampered);
    assert.equal(bad.status, 401);
    assert.match(((await bad.json()) as { message: string }).message, /invalid, has expired/);
    assert.equal((await fetch(`${base}/media/${sha256}`)).status, 401);

    // Range.
    const part = await fetch(`${base}/media/${sha256}`, { headers: { authorization: TOKEN, range: 'bytes=100-199' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-199/${bytes.length}`);
    assert.equal(part.headers.get('content-length'), '100');
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200)));
    const tail = await fetch(`${base}/media/${sha256}`, { headers: { authorization: TOKEN, range: 'bytes=-10' } });
    assert.equal(tail.status, 206);
    assert.ok(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10)));
    const open = await fetch(`${base}/media/${sha256}`, { headers: { authorization: TOKEN, range: `bytes=${bytes.length - 5}-` } });
    assert.equal(open.status, 206);
    assert.equal((await open.arrayBuffer()).byteLength, 5);
    const r416 = await fetch(`${base}/media/${sha256}`, { headers: { authorization: TOKEN, range: `bytes=${bytes.length}-` } });
    assert.equal(r416.status, 416);
    assert.equal(r416.headers.get('content-range'), `bytes */${bytes.length}`);
    await r416.body?.cancel();
    const multi = await fetch(`${base}/media/${sha256}`, { headers: { authorization: TOKEN, range: 'bytes=0-1,5-6' } });
    assert.equal(multi.status, 200);
    await multi.body?.cancel();

    // Conditional.
    const r304 = await fetch(`${base}/media/${sha256}`, { headers: { authorization: TOKEN, 'if-none-match': `"${sha256}"` } });
    assert.equal(r304.status, 304);
    assert.equal(r304.headers.get('etag'), `"${sha256}"`);

    // HEAD.
    const head = await fetch(`${base}/media/${sha256}`, { method: 'HEAD', headers: { authorization: TOKEN } });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(bytes.length));
    assert.equal((await head.arrayBuffer()).byteLength, 0);

    // Unknown and malformed.
    const r404 = await fetch(`${base}/media/${'0'.repeat(64)}`, { headers: { authorization: TOKEN } });
    assert.equal(r404.status, 404);
    assert.equal(((await r404.json()) as { code: string }).code, 'NOT_FOUND');
    const r400 = await fetch(`${base}/media/NOTASHA`, { headers: { authorization: TOKEN } });
    assert.equal(r400.status, 400);
    assert.equal(((await r400.json()) as { code: string }).code, 'BAD_USER_INPUT');
  });
});

test('removeStaleTemp drops old temp files a crash left, and keeps fresh ones', async () => {
  const { LocalBlobStore: Store } = await import('../../src/storage/blob-store.js');
  const { dir: root, cleanup } = tempDir('tuneset-stale-');
  try {
    const store = new Store(root);
    fs.mkdirSync(store.tmpDir, { recursive: true });
    const old = path.join(store.tmpDir, 'old.part');
    const fresh = path.join(store.tmpDir, 'fresh.part');
    fs.writeFileSync(old, 'x');
    fs.writeFileSync(fresh, 'y');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    assert.equal(await store.removeStaleTemp(), 1);
    assert.equal(fs.existsSync(old), false);
    assert.equal(fs.existsSync(fresh), true);
  } finally {
    cleanup();
  }
});
