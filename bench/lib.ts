/**
 * Shared helpers for the benchmarks (not a benchmark itself; run-all.ts does not run it).
 *
 * Rules every benchmark follows: data is generated at run time under os.tmpdir() and removed at the
 * end; every figure is compared with a floor measured in the same run (the machine is shared, so
 * absolute times mean little on their own); the report ends with one JSON line.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { DatasetRow, JobRow } from '../src/db/schema/index.js';
import { toGlobalId } from '../src/ids.js';
import type { Actor } from '../src/modules/auth/roles.js';
import type { Modality } from '../src/modules/items/model.js';
import { rng } from '../tests/helpers/rng.js';
import { createDataset as createDatasetCommand } from '../src/modules/datasets/commands/create-dataset.js';
import { importItemsNow } from '../src/modules/imports/commands/import-items.js';

export const ACTOR: Actor = { name: 'bench', role: 'admin', tokenId: null };
export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(BENCH_DIR, '..');
export const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus');

/** Milliseconds since an arbitrary origin, from the monotonic high-resolution clock. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = nowMs();
  const value = await fn();
  return { ms: nowMs() - t0, value };
}

export function timeSync<T>(fn: () => T): { ms: number; value: T } {
  const t0 = nowMs();
  const value = fn();
  return { ms: nowMs() - t0, value };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A fresh temp folder; removed by the returned cleanup (also on exit, as a safety net). */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tuneset-bench-${prefix}-`));
  let done = false;
  const cleanup = () => {
    if (done) return;
    done = true;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      cleanup();
      process.exit(130);
    });
  }
  return { dir, cleanup };
}

export interface BenchApp {
  app: App;
  dataDir: string;
  importRoot: string;
  close(): void;
}

/** A real app (same wiring as the server and CLI) over `<dir>/data`, imports read from `<dir>/imports`. */
export function openApp(dir: string, name = 'data'): BenchApp {
  const dataDir = path.join(dir, name);
  const importRoot = path.join(dir, 'imports');
  fs.mkdirSync(importRoot, { recursive: true });
  const config = loadConfig({ NODE_ENV: 'test' }, { dataDir, importRoot });
  const app = createApp(config);
  return { app, dataDir, importRoot, close: () => app.close() };
}

export function createDataset(app: App, modality: Modality, name: string): DatasetRow {
  return createDatasetCommand({ app, actor: ACTOR }, { name, modality, description: 'benchmark' });
}

/** Runs an import through the real path (ImportService.runNow); throws unless it SUCCEEDED. */
export async function runImport(
  app: App,
  dataset: DatasetRow,
  relPath: string,
  format: 'JSONL' | 'HF_IMAGEFOLDER' | 'HF_AUDIOFOLDER' | 'NEMO_MANIFEST',
  commitMessage: string | null,
  branch = 'main',
  score = false,
): Promise<{ job: JobRow; result: { added: number; modified: number; unchanged: number; failed: number; scoreJob: string | null } }> {
  // Not scored by default: a scoring job running behind the bench would skew its timings.
  const job = await importItemsNow({ app, actor: ACTOR }, {
    dataset: toGlobalId('Dataset', dataset.id),
    branch,
    path: relPath,
    format,
    commitMessage,
    score,
  });
  if (job.state !== 'SUCCEEDED') throw new Error(`import job ${job.id} ended ${job.state}: ${job.error ?? ''}`);
  return { job, result: JSON.parse(job.result ?? 'null') };
}

/** Writes text pairs as JSONL with explicit keys `k0000000`… (sorted = insertion order). */
export function writeKeyedTextJsonl(file: string, n: number, seedRows: ReadonlyArray<{ prompt: string; response: string }>): void {
  const fd = fs.openSync(file, 'w');
  try {
    let buf = '';
    for (let i = 0; i < n; i++) {
      const s = seedRows[i % seedRows.length];
      buf += JSON.stringify({ key: keyOf(i), prompt: `${s.prompt} (#${i})`, response: s.response }) + '\n';
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
    if (buf) fs.writeSync(fd, buf);
  } finally {
    fs.closeSync(fd);
  }
}

export function keyOf(i: number): string {
  return `k${String(i).padStart(7, '0')}`;
}

export function readSeedPairs(): Array<{ prompt: string; response: string }> {
  const file = path.join(CORPUS, 'text/wordnet-pairs-3k.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { prompt: string; response: string });
}

/**
 * Size of the SQLite main file after folding the WAL into it (PRAGMA wal_checkpoint(TRUNCATE)),
 * and the bytes of its pages in use (page_count - freelist_count): a file with free pages (left by
 * a big staging area, say) absorbs growth without getting bigger, which the second figure shows.
 */
export function checkpointedDbSize(app: App): { fileBytes: number; usedBytes: number } {
  const c = app.db.$client;
  const r = c.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  if (r[0]?.busy) throw new Error('wal_checkpoint(TRUNCATE) was blocked');
  const pageSize = c.pragma('page_size', { simple: true }) as number;
  const pages = c.pragma('page_count', { simple: true }) as number;
  const free = c.pragma('freelist_count', { simple: true }) as number;
  return { fileBytes: fs.statSync(app.config.dbFile).size, usedBytes: (pages - free) * pageSize };
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last line of stdout that parses as a JSON object, if any. */
  json: Record<string, unknown> | null;
}

/** Runs `node --import tsx <script> ...args` as a child process, collecting its output. */
export function runChild(script: string, args: string[], opts: { echo?: boolean; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: REPO_ROOT,
      // Same libuv pool size as bin/tuneset.mjs sets, for ours and the floors alike.
      env: { UV_THREADPOOL_SIZE: '16', ...process.env, ...(opts.env ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (opts.echo) process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      if (opts.echo) process.stderr.write(d);
    });
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          stderr += `\n[killed after ${opts.timeoutMs} ms]`;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : null;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, json: lastJson(stdout) });
    });
  });
}

export function lastJson(text: string): Record<string, unknown> | null {
  const lines = text.trim().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i].trim();
    if (!l.startsWith('{')) continue;
    try {
      const v = JSON.parse(l);
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      /* not JSON */
    }
  }
  return null;
}

/** Load average and core count, printed with each report: a busy machine explains noisy figures. */
export function machineLine(): string {
  const [l1, l5] = os.loadavg();
  return `machine: ${os.cpus().length} cores, load avg ${l1.toFixed(2)} (1 min) / ${l5.toFixed(2)} (5 min), node ${process.version}`;
}

/** Prints the single JSON line every benchmark ends with. */
export function emit(result: { bench: string; ratio: number; target: string; pass: boolean } & Record<string, unknown>): void {
  console.log(JSON.stringify(result));
}

/**
 * Runs the floor, ours, then the floor again, each as a child of `script` that prints one JSON
 * line: the floor on both sides of ours shows (and averages out) load that drifts during the run.
 */
export async function floorOursFloor<F, O>(script: string, floorArgs: string[], oursArgs: string[]): Promise<{ floors: F[]; ours: O }> {
  const run = async (args: string[], what: string) => {
    const r = await runChild(script, args);
    if (r.code !== 0 || !r.json) throw new Error(`${what} child failed (${r.code}): ${r.stderr}`);
    return r.json;
  };
  const first = (await run(floorArgs, 'floor')) as F;
  const ours = (await run(oursArgs, 'import')) as O;
  const second = (await run(floorArgs, 'floor')) as F;
  return { floors: [first, second], ours };
}

/** Deterministic pseudo-random generator (mulberry32), so every run uses the same data and edits. */
export { rng };

export interface DerivedImages {
  files: string[];
  bytes: number;
  formats: Record<string, number>;
  ms: number;
}

/**
 * Writes `count` distinct images derived from the corpus photos into `out` (random crops, widths
 * 96..96+maxExtraWidth, rotations, flips, JPEG/PNG/WebP at various settings; with `degrade`, some
 * blurred, darkened or brightened), plus an HF imagefolder `metadata.jsonl` whose caption names
 * the source and the transformation. Seeded: the same arguments give the same files.
 */
export async function deriveImages(out: string, opts: { count: number; seed: number; maxExtraWidth: number; degrade: boolean }): Promise<DerivedImages> {
  const t0 = nowMs();
  const srcDir = path.join(CORPUS, 'images');
  const captions = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(srcDir, 'captions.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as { file_name: string; caption: string };
    captions.set(o.file_name, o.caption);
  }
  const sources = fs
    .readdirSync(srcDir)
    .filter((f) => /\.(png|jpe?g|webp)$/i.test(f) && f !== 'truncated.jpg')
    .sort();
  const meta = await Promise.all(sources.map(async (f) => ({ f, m: await sharp(path.join(srcDir, f)).metadata() })));
  fs.mkdirSync(out, { recursive: true });
  const rand = rng(opts.seed);
  const seen = new Set<string>();
  const files: string[] = [];
  const formats: Record<string, number> = {};
  const lines: string[] = [];
  let bytes = 0;
  let attempt = 0;
  while (files.length < opts.count && attempt++ < opts.count * 3) {
    const { f, m } = meta[Math.floor(rand() * meta.length)];
    const W = m.width!;
    const H = m.height!;
    const cw = Math.max(32, Math.floor(W * (0.35 + 0.65 * rand())));
    const ch = Math.max(32, Math.floor(H * (0.35 + 0.65 * rand())));
    const left = Math.floor(rand() * (W - cw + 1));
    const top = Math.floor(rand() * (H - ch + 1));
    const targetW = Math.floor(96 + rand() * opts.maxExtraWidth);
    const angle = [0, 90, 180, 270, 0, 0, 7, -12][Math.floor(rand() * 8)];
    const fmt = (['jpeg', 'png', 'webp'] as const)[Math.floor(rand() * 3)];
    const quality = Math.floor(40 + rand() * 56);
    let img = sharp(path.join(srcDir, f)).extract({ left, top, width: cw, height: ch }).resize({ width: targetW });
    if (angle) img = img.rotate(angle, { background: { r: 255, g: 255, b: 255, alpha: 1 } });
    if (rand() < 0.3) img = img.flop();
    if (opts.degrade) {
      const degrade = rand();
      if (degrade < 0.1) img = img.blur(1 + 3 * rand());
      else if (degrade < 0.15) img = img.linear(0.15, 0);
      else if (degrade < 0.2) img = img.linear(2.5, 60);
    }
    const buf =
      fmt === 'jpeg'
        ? await img.jpeg({ quality, mozjpeg: rand() < 0.3 }).toBuffer()
        : fmt === 'png'
          ? await img.png({ compressionLevel: Math.floor(rand() * 10), palette: rand() < 0.2 }).toBuffer()
          : await img.webp({ quality, lossless: rand() < 0.1 }).toBuffer();
    const sha = crypto.createHash('sha256').update(buf).digest('hex');
    if (seen.has(sha)) continue; // the content-addressed store would fold duplicates: keep them distinct
    seen.add(sha);
    const name = `img-${String(files.length).padStart(5, '0')}.${fmt === 'jpeg' ? 'jpg' : fmt}`;
    fs.writeFileSync(path.join(out, name), buf);
    files.push(path.join(out, name));
    formats[fmt] = (formats[fmt] ?? 0) + 1;
    bytes += buf.length;
    lines.push(JSON.stringify({ file_name: name, caption: `${captions.get(f) ?? f} (crop ${cw}×${ch}, ${angle}°, ${fmt} q${quality})` }));
  }
  if (files.length < opts.count) throw new Error(`only ${files.length} distinct images generated`);
  fs.writeFileSync(path.join(out, 'metadata.jsonl'), lines.join('\n') + '\n');
  return { files, bytes, formats, ms: nowMs() - t0 };
}

// ------------------------------------------------------------------------------------------- WordNet pairs

const WORDNET_DIR = '/usr/share/wordnet';

function ensureWordnet(): { ok: boolean; note: string } {
  if (fs.existsSync(`${WORDNET_DIR}/data.noun`)) return { ok: true, note: 'wordnet-base present' };
  console.log('wordnet-base missing: trying `apt-get install -y wordnet-base` once ...');
  const r = spawnSync('apt-get', ['install', '-y', 'wordnet-base'], { stdio: 'ignore', timeout: 120_000 });
  if (fs.existsSync(`${WORDNET_DIR}/data.noun`)) return { ok: true, note: 'wordnet-base installed by this run' };
  return { ok: false, note: `apt-get install wordnet-base failed (exit ${r.status ?? r.error?.message})` };
}

/**
 * Writes all WordNet 3.0 pairs (117,659; make-wordnet-pairs.mjs, needs Debian's wordnet-base) as
 * JSONL to `file`; without WordNet, `fallbackCount` pairs made by varying the 3k sample.
 */
export function wordnetPairsJsonl(file: string, fallbackCount: number): { rows: number; source: string } {
  const wn = ensureWordnet();
  if (wn.ok) {
    const out = fs.openSync(file, 'w');
    try {
      execFileSync(process.execPath, [path.join(CORPUS, 'text/make-wordnet-pairs.mjs')], { stdio: ['ignore', out, 'inherit'] });
    } finally {
      fs.closeSync(out);
    }
    const rows = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    return { rows, source: `WordNet 3.0, all synsets (make-wordnet-pairs.mjs; ${wn.note})` };
  }
  // Fallback: vary the 3k sample until there are fallbackCount distinct pairs.
  const seed = fs
    .readFileSync(path.join(CORPUS, 'text/wordnet-pairs-3k.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown> & { prompt: string; response: string });
  let buf = '';
  for (let i = 0; i < fallbackCount; i++) {
    const s = seed[i % seed.length];
    const round = Math.floor(i / seed.length);
    buf += JSON.stringify({ ...s, prompt: round ? `${s.prompt} (variant ${round})` : s.prompt, synset: `${s.synset}.${round}` }) + '\n';
  }
  fs.writeFileSync(file, buf);
  return { rows: fallbackCount, source: `SYNTHESISED from wordnet-pairs-3k.jsonl (${wn.note})` };
}

/** One GraphQL request to a bench server; GraphQL errors throw (clipped). */
export async function gql(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body.data;
}
