import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempDir {
  /** A fresh, empty folder under the OS temp folder. */
  dir: string;
  /** Removes dir and everything in it; safe to call twice. */
  cleanup(): void;
}

/** A fresh temporary folder named `<prefix>XXXXXX` (fs.mkdtempSync), and the way to remove it. */
export function tempDir(prefix = 'tuneset-'): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
