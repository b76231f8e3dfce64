/**
 * An in-process Tuneset server over a real socket (port 0) and a real SQLite file in a temporary
 * folder, with one API token per role, for end-to-end tests that talk HTTP with global fetch.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { OpenDbOptions } from '../../src/db/connection.js';
import type { Role } from '../../src/modules/auth/roles.js';
import { startServer } from '../../src/server/http.js';
import { tempDir } from './temp.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Project root (where package.json lives). */
export const ROOT = path.resolve(HERE, '../..');
/** The shared real-data corpus (images/, audio/, text/). */
export const CORPUS = path.resolve(ROOT, '../shared/corpus');
export const FIXTURES = path.join(ROOT, 'fixtures');

export interface GqlError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown> & { code?: string };
  [k: string]: unknown;
}

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors: GqlError[] | undefined;
  /** The raw response body (for checks that nothing leaks). */
  text: string;
}

export interface TestServer {
  url: string;
  app: App;
  config: Config;
  /** The temporary data folder (removed by close()). */
  dir: string;
  tokens: Record<Role, string>;
  /** POSTs a GraphQL operation. token: a role name, a raw token string, or null for none (default admin). */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResponse<T>>;
  /** Like gql but fails unless the response has data and no errors. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T>;
  /** Authorization headers for a role (or raw token). */
  auth(token?: string | null): Record<string, string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Replace fields of the config (dataDir/dbFile/blobDir default to a fresh temp folder). */
  config?: Partial<Config>;
  db?: OpenDbOptions;
}

const ROLES: Role[] = ['admin', 'curator', 'labeller', 'viewer'];

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const { dir, cleanup: removeDir } = tempDir('tuneset-e2e-');
  const config: Config = { ...loadConfig({ NODE_ENV: 'test' }, { dataDir: dir, port: 0, host: '127.0.0.1' }), ...opts.config };
  const app = createApp(config, opts.db ?? {});
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = app.auth.createToken(null, `test-${role}`, role).token;
  let running;
  try {
    running = await startServer(app);
  } catch (e) {
    app.close();
    removeDir();
    throw e;
  }

  const auth = (token: string | null = 'admin'): Record<string, string> => {
    if (token === null) return {};
    const secret = (tokens as Record<string, string>)[token] ?? token;
    return { authorization: `Bearer ${secret}` };
  };

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token: string | null = 'admin'): Promise<GqlResponse<T>> => {
    const res = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(token) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: { data?: T | null; errors?: GqlError[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`Non-JSON GraphQL response (${res.status}): ${text.slice(0, 500)}`);
    }
    return { status: res.status, data: body.data, errors: body.errors, text };
  };

  const ok = async <T>(query: string, variables: Record<string, unknown> = {}, token: string | null = 'admin'): Promise<T> => {
    const r = await gql<T>(query, variables, token);
    if (r.errors?.length || !r.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(r.errors ?? r.text, null, 2)}`);
    }
    return r.data;
  };

  let closed = false;
  return {
    url: running.url,
    app,
    config,
    dir,
    tokens,
    gql,
    ok,
    auth,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await running.stop();
        await new Promise<void>((resolve) => {
          running.server.close(() => resolve());
          running.server.closeAllConnections?.();
        });
      } finally {
        app.close();
        removeDir();
      }
    },
  };
}

/** The single error of a GraphQL response (fails when there is none or several). */
export function onlyError(r: GqlResponse): GqlError {
  if (!r.errors || r.errors.length !== 1) throw new Error(`expected exactly one error, got ${JSON.stringify(r.errors ?? r.data)}`);
  return r.errors[0];
}

/** The code of the first GraphQL error (undefined when none). */
export function errorCode(r: GqlResponse): string | undefined {
  return r.errors?.[0]?.extensions?.code as string | undefined;
}

/** POSTs raw bytes to /media. */
export async function uploadBytes(s: Pick<TestServer, 'url' | 'auth'>, bytes: Uint8Array, token: string | null = 'admin') {
  const res = await fetch(`${s.url}/media`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...s.auth(token) },
    body: bytes,
  });
  const text = await res.text();
  let json: Record<string, any>;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json };
}

/** POSTs a file's bytes to /media. */
export function uploadFile(s: Pick<TestServer, 'url' | 'auth'>, file: string, token: string | null = 'admin') {
  return uploadBytes(s, fs.readFileSync(file), token);
}

/** All regular files below dir (relative paths), recursively. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(path.relative(dir, path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)));
  }
  return out.sort();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Copies the corpus into `root` as Hugging Face folders an import can read: `<root>/<images>`
 * (imagefolder, captions.jsonl as metadata.jsonl) and `<root>/<audio>` (audiofolder).
 */
export function copyCorpusFolders(root: string, names: { images: string; audio: string }): void {
  const images = path.join(root, names.images);
  fs.cpSync(path.join(CORPUS, 'images'), images, { recursive: true });
  fs.copyFileSync(path.join(images, 'captions.jsonl'), path.join(images, 'metadata.jsonl'));
  const audio = path.join(root, names.audio);
  fs.cpSync(path.join(CORPUS, 'audio'), audio, { recursive: true });
  fs.copyFileSync(path.join(audio, 'transcripts.jsonl'), path.join(audio, 'metadata.jsonl'));
}
