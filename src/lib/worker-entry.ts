/**
 * Worker threads run plain JavaScript. The app itself runs TypeScript through tsx's loader, but a
 * worker thread does not inherit it: registering tsx in each worker starts a loader thread of its
 * own, a second V8 isolate (~35 MB measured, ~0.3 s) per worker. Instead the worker's TypeScript
 * entry is bundled with esbuild (the compiler tsx itself uses) into one ES module, once per
 * process and entry (~20-50 ms, off the event loop), and written under node_modules/.cache/tuneset/
 * workers with its content hash in the name: never stale, and its bare imports (better-sqlite3,
 * eld …) resolve against the project's node_modules. Packages are left external, so native
 * addons load as usual.
 *
 * When bundling is not possible (esbuild missing, a read-only install) the worker falls back to
 * its `.mjs` shim, which registers tsx (same code, the loader's cost).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageCacheDir, writeFileAtomic } from './cache-dir.js';

const built = new Map<string, Promise<URL>>();

/**
 * The URL to start a worker from: the bundle of `tsEntry` (a .ts file URL), or `shim` (the .mjs
 * that registers tsx) when it cannot be bundled. `tsEntry` may also be plain JavaScript already
 * (then it is used as it is).
 */
export function workerEntry(tsEntry: URL, shim: URL): Promise<URL> {
  if (!tsEntry.pathname.endsWith('.ts')) return Promise.resolve(tsEntry);
  const key = tsEntry.href;
  let p = built.get(key);
  if (!p) {
    p = bundle(tsEntry).catch(() => shim);
    built.set(key, p);
  }
  return p;
}

async function bundle(tsEntry: URL): Promise<URL> {
  const dir = packageCacheDir();
  if (!dir) throw new Error('no writable cache folder');
  const esbuild = await import('esbuild');
  const entry = fileURLToPath(tsEntry);
  const r = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    // Stack traces from a worker point at the TypeScript sources.
    sourcemap: 'inline',
    sourcesContent: false,
  });
  const code = r.outputFiles[0].contents;
  const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 16);
  const out = path.join(dir, 'workers', `${path.basename(entry, '.ts')}-${hash}.mjs`);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    writeFileAtomic(out, code);
  }
  return pathToFileURL(out);
}
