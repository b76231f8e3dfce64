/**
 * A Python with `datasets` and `pyarrow` for the tests that check an export with the readers a
 * user would use (skipped, saying why, where there is none): $TUNESET_PYTHON, then the project's
 * `.cache/py` (made by `npm run setup:py`), then python3.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function hubPython(): { python: string | null; reason: string } {
  const candidates = [process.env.TUNESET_PYTHON, path.join(ROOT, '.cache', 'py', 'bin', 'python'), 'python3'].filter((x): x is string => !!x);
  for (const py of candidates) {
    if (py.includes('/') && !fs.existsSync(py)) continue;
    const r = spawnSync(py, ['-c', 'import datasets, pyarrow, PIL, soundfile'], { encoding: 'utf8' });
    if (r.status === 0) return { python: py, reason: '' };
  }
  return { python: null, reason: `no Python with datasets, pyarrow, pillow and soundfile (tried ${candidates.join(', ')}; run npm run setup:py)` };
}

/** Runs a Python script; returns its stdout parsed as JSON (throws with stderr on failure). */
export function runPython(python: string, script: string, args: string[]): unknown {
  const r = spawnSync(python, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, HF_DATASETS_OFFLINE: '1', HF_HUB_OFFLINE: '1', HF_HOME: path.join(ROOT, '.cache', 'hf') } });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr.slice(-3000)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}
