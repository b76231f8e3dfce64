/**
 * Bench: image quality scoring through the real scoring job (QualityService.scorePending: blob
 * read, analyzeImage, flags and score, rows written in transactions) vs bare sharp decoding to the
 * same working size.
 *
 *   node --import tsx bench/score-images.ts [count]      (default 520, at least 500)
 *
 * Data: `count` distinct images derived at run time with sharp from the corpus photos
 * (/work/shared/corpus/images, truncated.jpg skipped): random crops, sizes (96–1400 px wide),
 * rotations, flips, some blurred / darkened / brightened copies, re-encoded to JPEG / PNG / WebP,
 * written to a temp folder that is removed at the end.
 *
 * Ours: the images are imported (HF imagefolder, untimed, not scored), then the scoring job's work
 * is timed: `app.quality.scorePending(dataset)` measures every blob (MEDIA_CONCURRENCY in flight),
 * scores every item and writes media_analysis / item_quality / item_scores.
 * Floor: `sharp(file, pinned options).resize(512 × 512 inside, no enlargement).greyscale().raw()
 * .toBuffer()` — a bare decode to the same working size, greyscale — of the same files.
 * Both in child processes with the same number of files in flight (MEDIA_CONCURRENCY of
 * src/modules/quality/scoring.ts), the floor measured before and after ours.
 * ratio = our images/s ÷ floor images/s (target ≥ 0.6). For context (not in the ratio) the same
 * decode + resize kept in colour, which is what analyzeImage asks libvips for, is timed once too.
 *
 * The ours child also times the JavaScript part alone (measurePixels + pHash + sha256 on
 * already-decoded working copies, one at a time): the share of the work that is ours.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import sharp, { type OutputInfo } from 'sharp';
import { sharpInputOptions } from '../src/media/image.js';
import {
  ANALYSIS_SIDE,
  measurePixels,
  phashFromThumbnail,
} from '../src/media/quality/image.js';
import { MEDIA_CONCURRENCY } from '../src/modules/quality/service.js';
import { ACTOR, createDataset, deriveImages, emit, floorOursFloor, machineLine, median, nowMs, openApp, round, runChild, runImport, tempDir } from './lib.js';

const SELF = fileURLToPath(import.meta.url);
const COUNT = process.argv[2]?.startsWith('--') ? 0 : Math.max(500, Number(process.argv[2] ?? 520) || 520);
const RATIO_TARGET = 0.6;
const MAX_PIXELS = 50_000_000;

// ------------------------------------------------------------------------------------------- data


// ------------------------------------------------------------------------------------------- children

function readFiles(dir: string): string[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'files.json'), 'utf8')) as string[];
}

async function childFloor(dir: string, concurrency: number, colour = false): Promise<void> {
  const files = readFiles(dir);
  const limit = pLimit(concurrency);
  const pinned = sharpInputOptions(MAX_PIXELS);
  let pixels = 0;
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  await Promise.all(
    files.map((f) =>
      limit(async () => {
        const img = sharp(f, pinned).resize({ width: ANALYSIS_SIDE, height: ANALYSIS_SIDE, fit: 'inside', withoutEnlargement: true });
        const { info } = await (colour ? img : img.greyscale()).raw().toBuffer({ resolveWithObject: true });
        pixels += info.width * info.height;
      }),
    ),
  );
  const ms = nowMs() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, files: files.length, pixels }));
}

async function childOurs(dir: string, concurrency: number): Promise<void> {
  const files = readFiles(dir);
  if (concurrency !== MEDIA_CONCURRENCY) throw new Error('the scoring job runs MEDIA_CONCURRENCY blobs in flight');
  const b = openApp(dir);
  const ds = createDataset(b.app, 'IMAGE_CAPTION', 'score-images');
  const { result } = await runImport(b.app, ds, 'images', 'HF_IMAGEFOLDER', null);
  if (result.added !== files.length) throw new Error(`imported ${result.added} of ${files.length} images`);
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  const { scored } = await b.app.quality.scorePending(ds.id);
  const ms = nowMs() - t0;
  const cpu = process.cpuUsage(cpu0);
  const maxRssKB = process.resourceUsage().maxRSS; // before the timing below holds decoded copies
  const audit = await b.app.quality.audit(ACTOR, ds, 'main');
  const failed = files.length - scored;
  const flagCounts = Object.fromEntries(audit.flagCounts.filter((f) => f.count > 0).map((f) => [f.flag, f.count]));
  if (audit.scoredCount !== files.length) throw new Error(`scored ${audit.scoredCount} of ${files.length}`);
  b.close();

  // The JavaScript part alone, on working copies decoded beforehand (what analyzeImage decodes).
  const sample = files.filter((_, i) => i % 4 === 0);
  const decoded: Array<{ data: Buffer; info: OutputInfo }> = [];
  for (const f of sample) {
    decoded.push(
      await sharp(f, sharpInputOptions(MAX_PIXELS))
        .autoOrient()
        .flatten({ background: '#ffffff' })
        .resize({ width: ANALYSIS_SIDE, height: ANALYSIS_SIDE, fit: 'inside', withoutEnlargement: true })
        .raw()
        .toBuffer({ resolveWithObject: true }),
    );
  }
  // CPU time of this (single-threaded, synchronous) loop: unlike wall time, not inflated by a busy machine.
  const js0 = process.cpuUsage();
  for (let rep = 0; rep < 2; rep++) {
    for (const { data, info } of decoded) {
      const m = measurePixels(data, info.width, info.height, info.channels);
      phashFromThumbnail(m.thumb);
      crypto.createHash('sha256').update(data).digest('hex');
    }
  }
  const jsCpu = process.cpuUsage(js0);
  const jsMsPerImage = (jsCpu.user + jsCpu.system) / 1000 / (2 * decoded.length);
  console.log(
    JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, files: files.length, failed, flagCounts, jsMsPerImage, maxRssKB }),
  );
}

// ------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('score-images');
  try {
    const conc = MEDIA_CONCURRENCY;
    console.log('score-images: the scoring job (blob → analyzeImage → flags, score → rows) vs bare sharp decode + greyscale resize to the same working size');
    console.log(machineLine());
    console.log(
      `sharp: libvips threads per operation ${sharp.concurrency()}, UV_THREADPOOL_SIZE (children) ${process.env.UV_THREADPOOL_SIZE ?? '16'}; ${conc} files in flight; working size ${ANALYSIS_SIDE} px`,
    );
    // Under <dir>/imports, the import root of openApp(dir): the ours child imports the folder.
    const imagesDir = path.join(dir, 'imports', 'images');
    const gen = await deriveImages(imagesDir, { count: COUNT, seed: 17, maxExtraWidth: 1300, degrade: true });
    fs.writeFileSync(path.join(dir, 'files.json'), JSON.stringify(gen.files));
    console.log(
      `data: ${gen.files.length} distinct images, ${(gen.bytes / 1e6).toFixed(1)} MB (${Object.entries(gen.formats)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}), generated in ${(gen.ms / 1000).toFixed(1)} s`,
    );

    type Floor = { ms: number; cpuMs: number; files: number; pixels: number };
    type Ours = { ms: number; cpuMs: number; files: number; failed: number; flagCounts: Record<string, number>; jsMsPerImage: number; maxRssKB: number };
    const { floors, ours } = await floorOursFloor<Floor, Ours>(SELF, ['--child-floor', dir, String(conc)], ['--child-ours', dir, String(conc)]);

    // Context only (not the floor the ratio uses): the same decode + resize kept in colour, which
    // is what analyzeImage asks libvips for (libvips' sRGB → B_W conversion is not free).
    const colourRun = await runChild(SELF, ['--child-floor-colour', dir, String(conc)]);
    if (colourRun.code !== 0 || !colourRun.json) throw new Error(`colour floor child failed: ${colourRun.stderr}`);
    const colourFloor = colourRun.json as Floor;

    const n = gen.files.length;
    const floorMs = median(floors.map((f) => f.ms));
    const floorRate = n / (floorMs / 1000);
    const ourRate = (n - ours.failed) / (ours.ms / 1000);
    const ratio = ourRate / floorRate;
    const pass = ratio >= RATIO_TARGET && ours.failed === 0;
    const floorCpu = median(floors.map((f) => f.cpuMs));
    console.log('');
    console.log(
      `ours : ${n - ours.failed} images analysed (${ours.failed} failed) in ${(ours.ms / 1000).toFixed(2)} s = ${ourRate.toFixed(1)} images/s, peak RSS ${(ours.maxRssKB / 1024).toFixed(0)} MB`,
    );
    console.log(`       flags: ${Object.entries(ours.flagCounts).sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
    console.log(
      `floor: sharp resize(${ANALYSIS_SIDE}, inside).greyscale().raw(), ${conc} at a time: ${floors.map((f) => (f.ms / 1000).toFixed(2)).join(' / ')} s, median = ${floorRate.toFixed(1)} images/s`,
    );
    const colourRate = n / (colourFloor.ms / 1000);
    console.log(
      `context: the same decode + resize in colour (no greyscale), ${conc} at a time: ${(colourFloor.ms / 1000).toFixed(2)} s = ${colourRate.toFixed(1)} images/s, ` +
        `${(colourFloor.cpuMs / n).toFixed(2)} ms CPU/image; ours ÷ that = ${(ourRate / colourRate).toFixed(3)}`,
    );
    console.log(
      `CPU time (user+sys, all threads): ours ${(ours.cpuMs / n).toFixed(2)} ms/image, floor ${(floorCpu / n).toFixed(2)} ms/image; ` +
        `the JS part alone (measurePixels + pHash + sha256, CPU, one at a time): ${ours.jsMsPerImage.toFixed(2)} ms/image`,
    );
    console.log(`ratio: ${ratio.toFixed(3)} (target ≥ ${RATIO_TARGET}) ${pass ? 'PASS' : 'FAIL'}`);
    emit({
      bench: 'score-images',
      ratio: round(ratio, 4),
      target: `ratio >= ${RATIO_TARGET}`,
      pass,
      images: n,
      failed: ours.failed,
      ourImagesPerSec: round(ourRate, 1),
      floorImagesPerSec: round(floorRate, 1),
      ourSeconds: round(ours.ms / 1000),
      floorSeconds: round(floorMs / 1000),
      concurrency: conc,
      ourCpuMsPerImage: round(ours.cpuMs / n, 2),
      floorCpuMsPerImage: round(floorCpu / n, 2),
      jsMsPerImage: round(ours.jsMsPerImage, 2),
      colourFloorImagesPerSec: round(colourRate, 1),
      ratioVsColourFloor: round(ourRate / colourRate, 4),
      flagCounts: ours.flagCounts,
      peakRssMB: Math.round(ours.maxRssKB / 1024),
    });
  } finally {
    cleanup();
  }
}

const [mode, arg, arg2] = process.argv.slice(2);
if (mode === '--child-floor') await childFloor(arg, Number(arg2));
else if (mode === '--child-floor-colour') await childFloor(arg, Number(arg2), true);
else if (mode === '--child-ours') await childOurs(arg, Number(arg2));
else await main();
