/**
 * Bench (issue 10): exporting images.
 *
 *   node --import tsx bench/export-images.ts [count]      (default 2000)
 *
 * Data: `count` distinct images derived from the corpus photos (deriveImages: crops, resizes,
 * rotations, JPEG / PNG / WebP), imported as an HF imagefolder and committed (not scored: the
 * export's own work is timed; scored before, as a curated export's data is, so the leakage pass
 * reuses the analyser's pHash of every file written unchanged).
 *
 * 1. TFJS (224 × 224 by default: resized and centre-cropped, uint8 HWC shards, schema.json): the export job
 *    vs a floor of bare sharp `resize(224, 224, cover).removeAlpha().raw()` of the same files, the
 *    same concurrency (the export's MEDIA_CONCURRENCY), appending the tensors to one file.
 *    Target ratio ≥ 0.7.
 * 2. HF_IMAGEFOLDER (files placed, metadata.jsonl) vs a floor of copying the same files into one
 *    folder with fs.copyFile. Printed, no target (the export hard-links where it can).
 * Each side in its own child process; the floors run before and after ours (their mean is used).
 * The export's leakage pair search is part of its time (printed apart as `leakage`).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { toGlobalId } from '../src/ids.js';
import { createExport } from '../src/modules/exports/commands/create-export.js';
import { MEDIA_CONCURRENCY } from '../src/modules/exports/run.js';
import { ACTOR, createDataset, deriveImages, emit, lastJson, machineLine, nowMs, openApp, round, runChild, runImport, tempDir } from './lib.js';

const SELF = fileURLToPath(import.meta.url);
const COUNT = process.argv[2]?.startsWith('--') ? 2000 : Math.max(100, Number(process.argv[2] ?? 2000) || 2000);
const TARGET = 0.7;
const SIZE = 224;

async function build(dir: string, count: number): Promise<void> {
  const gen = await deriveImages(path.join(dir, 'imports', 'images'), { count, seed: 11, maxExtraWidth: 900, degrade: false });
  fs.writeFileSync(path.join(dir, 'files.json'), JSON.stringify(gen.files));
  const { app, close } = openApp(dir);
  try {
    const d = createDataset(app, 'IMAGE_CAPTION', 'images');
    await runImport(app, d, 'images', 'HF_IMAGEFOLDER', 'images');
    // scored, as a curated export would be (the export then reuses the analyser's pHash of each unchanged file)
    await app.quality.scorePending(d.id);
  } finally {
    close();
  }
}

async function ours(dir: string, format: 'TFJS' | 'HF_IMAGEFOLDER'): Promise<void> {
  const { app, close } = openApp(dir);
  try {
    const d = app.datasets.byName(ACTOR, 'images')!;
    const t0 = nowMs();
    const r = createExport(
      { app, actor: ACTOR },
      { dataset: toGlobalId('Dataset', d.id), spec: { split: { train: 0.8, validation: 0.1, test: 0.1 }, target: null }, formats: [format], name: `${format}-${Date.now()}` } as never,
    );
    const job = await r.done;
    if (job.state !== 'SUCCEEDED') throw new Error(`export ${job.state}: ${app.jobs.errors(job.id, 1)[0]?.message}`);
    const res = JSON.parse(job.result!);
    console.log(JSON.stringify({ ms: nowMs() - t0, items: Object.values(res.splits as Record<string, number>).reduce((a, b) => a + b, 0), seconds: res.seconds, rssMb: process.resourceUsage().maxRSS / 1024 }));
  } finally {
    close();
  }
}

/** The files the export reads: the blobs of the imported images (the same bytes as the derived files). */
function files(dir: string): string[] {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'files.json'), 'utf8')) as string[]).map((f) => (path.isAbsolute(f) ? f : path.join(dir, 'imports', 'images', f)));
}

async function floorResize(dir: string): Promise<void> {
  const list = files(dir);
  const out = fs.openSync(path.join(dir, 'floor.bin'), 'w');
  const limit = pLimit(MEDIA_CONCURRENCY);
  const t0 = nowMs();
  await Promise.all(
    list.map((f) =>
      limit(async () => {
        const raw = await sharp(f).autoOrient().resize(SIZE, SIZE, { fit: 'cover' }).removeAlpha().toColourspace('srgb').raw().toBuffer();
        fs.writeSync(out, raw);
      }),
    ),
  );
  fs.fsyncSync(out);
  fs.closeSync(out);
  console.log(JSON.stringify({ ms: nowMs() - t0, items: list.length }));
}

async function floorCopy(dir: string): Promise<void> {
  const list = files(dir);
  const dest = path.join(dir, `floor-copy-${Date.now()}`);
  fs.mkdirSync(dest);
  const limit = pLimit(MEDIA_CONCURRENCY);
  const t0 = nowMs();
  await Promise.all(list.map((f, i) => limit(() => fsp.copyFile(f, path.join(dest, `${i}-${path.basename(f)}`)))));
  console.log(JSON.stringify({ ms: nowMs() - t0, items: list.length }));
}

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('export-images');
  try {
    console.log(`export-images: ${COUNT} derived images; the export job vs bare sharp resize (TFJS) and bare copies (HF_IMAGEFOLDER)`);
    console.log(machineLine());
    const b = await runChild(SELF, ['--child', 'build', dir, String(COUNT)], { timeoutMs: 900_000 });
    if (b.code !== 0) throw new Error(`build failed: ${b.stderr.slice(-2000)}`);
    type R = { ms: number; items: number; seconds?: Record<string, number>; rssMb?: number };
    const run = async (...args: string[]) => {
      const r = await runChild(SELF, ['--child', ...args, dir], { timeoutMs: 900_000 });
      const j = lastJson(r.stdout) as R | null;
      if (r.code !== 0 || !j) throw new Error(`${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
      return j;
    };
    const f1 = await run('floor-resize');
    const o = await run('ours', 'TFJS');
    const f2 = await run('floor-resize');
    const c1 = await run('floor-copy');
    const oc = await run('ours', 'HF_IMAGEFOLDER');
    const c2 = await run('floor-copy');
    const floorMs = (f1.ms + f2.ms) / 2;
    const ratio = floorMs / o.ms;
    const copyRatio = (c1.ms + c2.ms) / 2 / oc.ms;
    const rate = (r: R) => Math.round(r.items / (r.ms / 1000));
    console.log(`TFJS 224²   : ours ${(o.ms / 1000).toFixed(2)} s (${rate(o)} images/s; phases ${JSON.stringify(o.seconds)}), floor ${(f1.ms / 1000).toFixed(2)} / ${(f2.ms / 1000).toFixed(2)} s`);
    console.log(`ratio       : ${ratio.toFixed(3)} (target ≥ ${TARGET}) ${ratio >= TARGET ? 'PASS' : 'FAIL'}`);
    console.log(`HF_IMAGEFOLDER: ours ${(oc.ms / 1000).toFixed(2)} s (phases ${JSON.stringify(oc.seconds)}), bare copies ${(c1.ms / 1000).toFixed(2)} / ${(c2.ms / 1000).toFixed(2)} s: ratio ${copyRatio.toFixed(3)} (no target)`);
    emit({ bench: 'export-images', ratio: round(ratio, 4), target: `ratio >= ${TARGET}`, pass: ratio >= TARGET, items: o.items, oursSeconds: round(o.ms / 1000, 2), floorSeconds: round(floorMs / 1000, 2), copyRatio: round(copyRatio, 4), rssMb: round(o.rssMb ?? 0, 0) });
  } finally {
    cleanup();
  }
}

if (process.argv[2] === '--child') {
  const [kind, a, b] = process.argv.slice(3);
  if (kind === 'build') await build(a, Number(b));
  else if (kind === 'ours') await ours(b, a as 'TFJS' | 'HF_IMAGEFOLDER');
  else if (kind === 'floor-resize') await floorResize(a);
  else await floorCopy(a);
} else await main();
