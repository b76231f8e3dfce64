/**
 * Bench: image-caption import through the real path vs bare sharp decoding of the same files.
 *
 *   node --import tsx bench/import-images.ts [count]      (default 520)
 *
 * Data: `count` distinct images derived at run time with sharp from the corpus images
 * (/work/shared/corpus/images, truncated.jpg skipped): random crops, resizes, rotations, flips,
 * quality changes and re-encodes to JPEG / PNG / WebP, written with a metadata.jsonl (file_name,
 * caption) in Hugging Face imagefolder layout.
 *
 * Ours: app.imports.runNow(format HF_IMAGEFOLDER) into an IMAGE_CAPTION dataset, in a child process.
 * Floor: in another child, `sharp(file).metadata()` + full decode (`sharp(file).raw().toBuffer()`)
 * of the same files, MEDIA_CONCURRENCY (exported by src/modules/imports/service.ts) at a time,
 * measured before and after ours. ratio = our images/s ÷ floor images/s (target ≥ 0.7).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import {
  createDataset,
  deriveImages,
  type DerivedImages,
  emit,
  machineLine,
  median,
  nowMs,
  openApp,
  round,
  floorOursFloor,
  runImport,
  tempDir,
} from './lib.js';
import { MEDIA_CONCURRENCY } from '../src/modules/imports/service.js';

const SELF = fileURLToPath(import.meta.url);
const COUNT = process.argv[2]?.startsWith('--') ? 0 : Math.max(500, Number(process.argv[2] ?? 520) || 520);
const RATIO_TARGET = 0.7;
const FOLDER = 'images';


// ------------------------------------------------------------------------------------------- data

async function generate(root: string): Promise<DerivedImages> {
  const gen = await deriveImages(path.join(root, FOLDER), { count: COUNT, seed: 7, maxExtraWidth: 800, degrade: false });
  fs.writeFileSync(path.join(root, '..', 'files.json'), JSON.stringify(gen.files));
  return gen;
}

// ------------------------------------------------------------------------------------------- children

async function childImport(dir: string): Promise<void> {
  const b = openApp(dir, 'import-data');
  const { app } = b;
  // Bench-local instrumentation (instance wrappers, no source change). Times are summed over the
  // files in flight, so they are busy time, not wall time.
  const spent = { ingestMs: 0, stageMs: 0, blobCommitMs: 0 };
  const wrapAsync = <T extends object, K extends keyof T>(obj: T, k: K, bucket: keyof typeof spent) => {
    const orig = obj[k] as unknown as (...a: unknown[]) => Promise<unknown>;
    (obj as Record<K, unknown>)[k] = async function (this: unknown, ...a: unknown[]) {
      const t0 = nowMs();
      try {
        return await orig.apply(this, a);
      } finally {
        spent[bucket] += nowMs() - t0;
      }
    } as unknown as T[K];
  };
  // The import's media path: prepareFile (stage + probe, per file) and commitMany (per batch).
  wrapAsync(app.media, 'prepareFile', 'ingestMs');
  wrapAsync(app.blobs, 'stageFile', 'stageMs');
  wrapAsync(app.blobs, 'commitMany', 'blobCommitMs');
  const ds = createDataset(app, 'IMAGE_CAPTION', 'images');
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  const { result } = await runImport(app, ds, FOLDER, 'HF_IMAGEFOLDER', 'import derived images');
  const ms = nowMs() - t0;
  const cpu = process.cpuUsage(cpu0);
  b.close();
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, result, maxRssKB: process.resourceUsage().maxRSS, ...spent }));
}

async function childFloor(dir: string, concurrency: number): Promise<void> {
  const files = JSON.parse(fs.readFileSync(path.join(dir, 'files.json'), 'utf8')) as string[];
  let next = 0;
  let pixels = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++];
      const m = await sharp(f).metadata();
      const { info } = await sharp(f).raw().toBuffer({ resolveWithObject: true });
      if (!m.width || info.width !== m.width) throw new Error(`decode mismatch for ${f}`);
      pixels += info.width * info.height;
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = nowMs() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, files: files.length, pixels }));
}

// ------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('import-images');
  try {
    const conc = MEDIA_CONCURRENCY;
    console.log(`import-images: HF imagefolder import through app.imports.runNow vs bare sharp metadata()+raw decode`);
    console.log(machineLine());
    console.log(`sharp: libvips threads per operation ${sharp.concurrency()}, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '(default 4)'}; MEDIA_CONCURRENCY = ${conc}`);
    const root = path.join(dir, 'imports');
    const gen = await generate(root);
    console.log(
      `data: ${gen.files.length} distinct images, ${(gen.bytes / 1e6).toFixed(1)} MB (${Object.entries(gen.formats)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}), generated in ${(gen.ms / 1000).toFixed(1)} s`,
    );

    type Floor = { ms: number; cpuMs: number; files: number; pixels: number };
    const { floors, ours: impJson } = await floorOursFloor<Floor, unknown>(SELF, ['--child-floor', dir, String(conc)], ['--child-import', dir]);
    const imp = { json: impJson };

    const j = imp.json as {
      ms: number;
      cpuMs: number;
      result: { added: number; failed: number };
      maxRssKB: number;
      ingestMs: number;
      stageMs: number;
      blobCommitMs: number;
    };
    const n = gen.files.length;
    const floorMs = median(floors.map((f) => f.ms));
    const floorRate = n / (floorMs / 1000);
    const ourRate = j.result.added / (j.ms / 1000);
    const ratio = ourRate / floorRate;
    const pass = ratio >= RATIO_TARGET && j.result.added === n;
    console.log('');
    console.log(
      `ours : ${j.result.added} images added (${j.result.failed} failed) in ${(j.ms / 1000).toFixed(2)} s = ${ourRate.toFixed(1)} images/s, peak RSS ${(j.maxRssKB / 1024).toFixed(0)} MB`,
    );
    console.log(
      `       busy time summed over files in flight: media.prepareFile ${(j.ingestMs / 1000).toFixed(2)} s = stage (read+sha256+write) ${(j.stageMs / 1000).toFixed(2)} s ` +
        `+ sniff/probe ${((j.ingestMs - j.stageMs) / 1000).toFixed(2)} s; per batch, blobs.commitMany (grouped fsyncs, renames) ${(j.blobCommitMs / 1000).toFixed(2)} s wall`,
    );
    console.log(
      `floor: sharp metadata()+raw().toBuffer(), ${conc} at a time: ${floors.map((f) => (f.ms / 1000).toFixed(2)).join(' / ')} s, median = ${floorRate.toFixed(1)} images/s`,
    );
    const floorCpu = median(floors.map((f) => f.cpuMs));
    console.log(
      `CPU time (user+sys, all threads): ours ${(j.cpuMs / 1000).toFixed(2)} s = ${(j.cpuMs / n).toFixed(1)} ms/image, floor ${(floorCpu / 1000).toFixed(2)} s = ${(floorCpu / n).toFixed(1)} ms/image`,
    );
    console.log(`ratio: ${ratio.toFixed(3)} (target ≥ ${RATIO_TARGET}) ${pass ? 'PASS' : 'FAIL'}`);
    emit({
      bench: 'import-images',
      ratio: round(ratio, 4),
      target: `ratio >= ${RATIO_TARGET}`,
      pass,
      images: n,
      added: j.result.added,
      failed: j.result.failed,
      ourImagesPerSec: round(ourRate, 1),
      floorImagesPerSec: round(floorRate, 1),
      ourSeconds: round(j.ms / 1000),
      floorSeconds: round(floorMs / 1000),
      mediaConcurrency: conc,
      ourCpuMsPerImage: round(j.cpuMs / n, 2),
      floorCpuMsPerImage: round(floorCpu / n, 2),
      peakRssMB: Math.round(j.maxRssKB / 1024),
    });
  } finally {
    cleanup();
  }
}

const [mode, arg, arg2] = process.argv.slice(2);
if (mode === '--child-import') await childImport(arg);
else if (mode === '--child-floor') await childFloor(arg, Number(arg2));
else await main();
