import path from 'node:path';
import { StartupError } from './errors.js';

/**
 * Configuration, parsed once from the environment (and CLI flags, merged by src/main.ts).
 * Nothing else in the code base reads process.env.
 */
export interface Config {
  host: string;
  port: number;
  /** Root folder of the embedded default: SQLite file + blob folder. */
  dataDir: string;
  dbFile: string;
  blobDir: string;
  /** Server-side imports may only read below this folder. */
  importRoot: string;
  /** Exports are written below this folder (TUNESET_EXPORT_ROOT, default <data>/exports). */
  exportRoot: string;
  /** Maximum upload size in bytes (MEDIA_TOO_LARGE past it). */
  maxUploadBytes: number;
  /** sharp's limitInputPixels. */
  maxImagePixels: number;
  /** --dev: loopback-only local admin without a token. */
  dev: boolean;
  logLevel: string;
  /** Public base URL used to build Media.url (defaults to http://host:port). */
  publicUrl: string | null;
  /** Browser origins allowed to call the API (CORS); empty = same origin only, ['*'] = any. */
  corsOrigins: string[];
  /** GraphQL query limits: maximum depth, aliases and static cost of one operation. */
  maxQueryDepth: number;
  maxQueryAliases: number;
  maxQueryCost: number;
  /** Lexical tokens one GraphQL document may have (parsing stops past it). */
  maxQueryTokens: number;
  /** Largest /graphql request body in bytes (far below uploads: a query is text). */
  maxGraphqlBodyBytes: number;
  /**
   * Schema introspection and "Did you mean" hints: `authenticated` (default: for requests that
   * carry a valid token, and the --dev local admin), `on` (the same: anonymous requests never get
   * past authentication outside --dev), or `off` for everyone.
   */
  introspection: 'authenticated' | 'off';
  /**
   * A worker thread (text and audio measuring, ref scans) idle this long is stopped, so that the
   * server's memory returns to its base after a burst; the next job starts a fresh one (~0.3 s).
   */
  workerIdleMs: number;
  /** Extra task-catalogue entries (JSON file, same shape as config/tasks.json), or null. */
  tasksFile: string | null;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new StartupError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function int(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new StartupError(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Pick<Config, 'host' | 'port' | 'dataDir' | 'dev' | 'importRoot' | 'exportRoot'>> = {},
): Config {
  const dataDir = path.resolve(overrides.dataDir ?? env.TUNESET_DATA ?? './data');
  const port = overrides.port ?? int('PORT', env.PORT, 4000);
  if (port > 65535) throw new StartupError(`PORT out of range: ${port}`);
  return {
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port,
    dataDir,
    dbFile: path.join(dataDir, 'tuneset.db'),
    blobDir: path.join(dataDir, 'blobs'),
    importRoot: path.resolve(overrides.importRoot ?? env.TUNESET_IMPORT_ROOT ?? path.join(dataDir, 'imports')),
    exportRoot: path.resolve(overrides.exportRoot ?? env.TUNESET_EXPORT_ROOT ?? path.join(dataDir, 'exports')),
    maxUploadBytes: int('TUNESET_MAX_UPLOAD_BYTES', env.TUNESET_MAX_UPLOAD_BYTES, 200 * 1024 * 1024),
    maxImagePixels: int('TUNESET_MAX_IMAGE_PIXELS', env.TUNESET_MAX_IMAGE_PIXELS, 50_000_000),
    dev: overrides.dev ?? false,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    publicUrl: env.TUNESET_PUBLIC_URL ?? null,
    tasksFile: env.TUNESET_TASKS_FILE ? path.resolve(env.TUNESET_TASKS_FILE) : null,
    corsOrigins: (env.TUNESET_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    maxQueryDepth: int('TUNESET_MAX_QUERY_DEPTH', env.TUNESET_MAX_QUERY_DEPTH, 15),
    maxQueryAliases: int('TUNESET_MAX_QUERY_ALIASES', env.TUNESET_MAX_QUERY_ALIASES, 100),
    maxQueryCost: int('TUNESET_MAX_QUERY_COST', env.TUNESET_MAX_QUERY_COST, 10000),
    maxQueryTokens: int('TUNESET_MAX_QUERY_TOKENS', env.TUNESET_MAX_QUERY_TOKENS, 5000),
    maxGraphqlBodyBytes: int('TUNESET_MAX_GRAPHQL_BODY_BYTES', env.TUNESET_MAX_GRAPHQL_BODY_BYTES, 1024 * 1024),
    workerIdleMs: int('TUNESET_WORKER_IDLE_MS', env.TUNESET_WORKER_IDLE_MS, 30_000),
    introspection: oneOf('TUNESET_INTROSPECTION', env.TUNESET_INTROSPECTION, ['authenticated', 'on', 'off'] as const, 'authenticated') === 'off' ? 'off' : 'authenticated',
  };
}

/** The process's configuration: its environment, with CLI flags over it. */
export function configFromEnv(overrides: Parameters<typeof loadConfig>[1] = {}): Config {
  return loadConfig(process.env, overrides);
}
