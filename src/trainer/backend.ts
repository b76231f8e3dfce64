/**
 * The TensorFlow.js backend a run uses, resolved at run time in this order: `tensorflow` from
 * @tensorflow/tfjs-node-gpu (installed and a CUDA GPU visible) → @tensorflow/tfjs-node (native
 * CPU) → wasm (@tensorflow/tfjs-backend-wasm, SIMD) → cpu (plain JavaScript). Neither native
 * package can be a plain dependency (their install downloads libtensorflow from outside the npm
 * registry; see docs/trainer.md for the air-gapped route), so they are imported when present.
 * The result says which was chosen and why each one before it was not.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface ResolvedBackend {
  name: BackendName;
  /** Why each backend tried before it was not taken. */
  skipped: Array<{ name: BackendName; reason: string }>;
}

const require = createRequire(import.meta.url);

function gpuVisible(): string | null {
  try {
    const out = execFileSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim() ? null : 'nvidia-smi lists no GPU';
  } catch {
    return 'no CUDA GPU visible (nvidia-smi not found or failed)';
  }
}

/** Loads a native tfjs-node package if it is installed and its addon loads; registers the `tensorflow` backend. */
async function tryNative(pkg: string): Promise<string | null> {
  try {
    require.resolve(pkg);
  } catch {
    return `${pkg} is not installed (npm run setup:tfjs-node builds it offline; see docs/trainer.md)`;
  }
  try {
    await import(pkg);
    return tf.findBackend('tensorflow') ? null : `${pkg} loaded but registered no tensorflow backend`;
  } catch (e) {
    return `${pkg} failed to load: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
  }
}

/**
 * Picks and activates the backend. `kernels`: the ones training the task needs; a backend without
 * one of them is passed over (the wasm backend has no Conv2DBackpropFilter, so it cannot train a
 * convolution, nor UnsortedSegmentSum, an embedding's gradient).
 */
export async function resolveBackend(choice: BackendChoice = 'auto', kernels: readonly string[] = []): Promise<ResolvedBackend> {
  const skipped: ResolvedBackend['skipped'] = [];
  const order: BackendName[] = choice === 'auto' ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : choice === 'tensorflow' ? ['tensorflow-gpu', 'tensorflow'] : [choice];
  for (const name of order) {
    let why: string | null = null;
    if (name === 'tensorflow-gpu') why = gpuVisible() ?? (await tryNative('@tensorflow/tfjs-node-gpu'));
    else if (name === 'tensorflow') why = await tryNative('@tensorflow/tfjs-node');
    else if (name === 'wasm') {
      setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
    }
    const tfName = name.startsWith('tensorflow') ? 'tensorflow' : name;
    const missing = why ? [] : kernels.filter((k) => !tf.getKernel(k, tfName));
    if (missing.length) why = `it has no ${missing.join(', ')} kernel (training this task needs ${missing.length > 1 ? 'them' : 'it'})`;
    if (!why) {
      try {
        const ok = await tf.setBackend(tfName);
        await tf.ready();
        if (ok) return { name, skipped };
        why = 'it failed to initialise';
      } catch (e) {
        why = `it failed to initialise: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    skipped.push({ name, reason: why });
  }
  throw new Error(`No TensorFlow.js backend for --backend ${choice}: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

export function describeBackend(b: ResolvedBackend): string {
  return [`backend: ${b.name}`, ...b.skipped.map((s) => `  not ${s.name}: ${s.reason}`)].join('\n');
}
