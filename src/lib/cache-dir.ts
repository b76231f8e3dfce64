import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A folder for files derived from installed packages (the language database as JSON, bundled
 * worker entries): `node_modules/.cache/tuneset`, as babel, eslint and vite keep theirs, so it
 * goes with the install and files in it resolve bare imports against the project's node_modules.
 * Resolved from a dependency's location rather than this file's, because this code also runs
 * bundled from inside that folder. Null when it cannot be created (a read-only install).
 */
export function packageCacheDir(): string | null {
  try {
    const entry = fileURLToPath(import.meta.resolve('p-limit'));
    const parts = entry.split(path.sep);
    const i = parts.lastIndexOf('node_modules');
    if (i < 0) return null;
    const dir = path.join(parts.slice(0, i + 1).join(path.sep) || path.sep, '.cache', 'tuneset');
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return dir;
  } catch {
    return null;
  }
}

/** packageCacheDir(), or a per-user folder in the OS temp dir when the install is read-only. */
export function cacheDirOrTemp(): string {
  const dir = packageCacheDir();
  if (dir) return dir;
  const tmp = path.join(os.tmpdir(), `tuneset-cache-${os.userInfo().uid}`);
  fs.mkdirSync(tmp, { recursive: true });
  return tmp;
}

/** Writes a file whole or not at all (temp file in the same folder, then rename): readers never see half of it. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
