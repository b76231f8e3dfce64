/**
 * Bench (issue 9): images/s of the augmentation ops — a flip_horizontal + brightness + jpeg chain —
 * over ≥ 500 derived images, vs a floor of bare sharp doing the same on the same files: decode →
 * flop → linear(factor) → JPEG encode, in one libvips pipeline, with the same number in flight.
 *
 *   node --import tsx bench/augment-images.ts [count]      (default 520, at least 500)
 *
 * Ours is the `augment` job itself (src/modules/augment): sources paged from the ref, each copy made
 * in the augment worker thread (decode, resolved ops on raw pixels, encode), its blob staged and
 * made durable, the derived items written as uncommitted changes in batches. The sources are
 * uploaded and added first (not timed); the job then scores its copies, timed separately and
 * printed but not in the ratio (the score-images bench is that one). `--media-layer` times the
 * ops alone in this thread instead (what this bench measured before the job existed). Floor
 * measured before and after ours, children of this script. Target: ratio ≥ 0.6.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { augmentImage } from '../src/media/augment/image.js';
import { seededRandom } from '../src/media/augment/random.js';
import { resolveChain } from '../src/media/augment/recipe.js';
import { sharpInputOptions } from '../src/media/image.js';
import { toGlobalId } from '../src/ids.js';
import type { AugmentResult } from '../src/modules/augment/index.js';
import { augmentNow } from '../src/modules/augment/commands/augment.js';
import { ACTOR, createDataset, deriveImages, emit, floorOursFloor, machineLine, median, nowMs, openApp, round, tempDir } from './lib.js';

const SELF = fileURLToPath(import.meta.url);
const COUNT = process.argv[2]?.startsWith('--') ? 0 : Math.max(500, Number(process.argv[2] ?? 520) || 520);
const CONCURRENCY = 4;
const TARGET = 0.6;
const MAX_PIXELS = 50_000_000;
const CHAIN = [{ op: 'flip_horizontal' }, { op: 'brightness', params: { factor: { min: 0.6, max: 1.4 } } }, { op: 'jpeg', params: { quality: 85 } }];

const files = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'files.json'), 'utf8')) as string[];

/** The augment job over the files as one dataset's items: the seconds it took to make and write the copies. */
async function job(dir: string): Promise<void> {
  const list = files(dir);
  const { app, close } = openApp(dir, 'job-data');
  try {
    const d = createDataset(app, 'IMAGE_CAPTION', 'augment-bench');
    const limit = pLimit(CONCURRENCY);
    const shas = await Promise.all(list.map((f) => limit(async () => (await app.media.ingestFile(f, ACTOR)).sha256)));
    for (let i = 0; i < shas.length; i += 250) {
      app.items.add(ACTOR, d, 'main', shas.slice(i, i + 250).map((sha, j) => ({ key: `img-${String(i + j).padStart(5, '0')}`, mediaSha256: sha, caption: 'a derived photo' })));
    }
    const t0 = nowMs();
    const done = await augmentNow({ app, actor: ACTOR }, { dataset: toGlobalId('Dataset', d.id), recipe: [{ ops: CHAIN }], seed: 1 });
    const wall = nowMs() - t0;
    if (done.state !== 'SUCCEEDED') throw new Error(`augment ${done.state}: ${done.error}`);
    const r = JSON.parse(done.result!) as AugmentResult;
    if (r.created !== list.length) throw new Error(`made ${r.created} of ${list.length}`);
    console.log(JSON.stringify({ ms: r.seconds.copies * 1000, files: list.length, bytes: 0, scoringMs: r.seconds.scoring * 1000, wallMs: wall }));
  } finally {
    close();
  }
}

async function child(kind: 'floor' | 'ours', dir: string): Promise<void> {
  if (kind === 'ours' && !process.argv.includes('--media-layer')) return job(dir);
  const list = files(dir);
  const limit = pLimit(CONCURRENCY);
  let bytes = 0;
  const t0 = nowMs();
  await Promise.all(
    list.map((f, i) =>
      limit(async () => {
        const ops = resolveChain(CHAIN, 'image', 1, String(i), 0, 0);
        if (kind === 'floor') {
          const factor = ops[1].params.factor as number;
          const out = await sharp(f, sharpInputOptions(MAX_PIXELS)).autoOrient().flop().linear(factor, 0).jpeg({ quality: 85 }).toBuffer();
          bytes += out.length;
        } else {
          const out = await augmentImage(f, ops, seededRandom(`1 ${i}`), { maxPixels: MAX_PIXELS });
          bytes += out.bytes.length;
        }
      }),
    ),
  );
  console.log(JSON.stringify({ ms: nowMs() - t0, files: list.length, bytes }));
}

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('augment-images');
  try {
    console.log('augment-images: flip_horizontal + brightness + jpeg through the augmentation ops vs the same in one bare sharp pipeline');
    console.log(machineLine());
    const gen = await deriveImages(path.join(dir, 'images'), { count: COUNT, seed: 9, maxExtraWidth: 1300, degrade: false });
    fs.writeFileSync(path.join(dir, 'files.json'), JSON.stringify(gen.files));
    console.log(`data: ${gen.files.length} distinct images, ${(gen.bytes / 1e6).toFixed(1)} MB, ${CONCURRENCY} in flight`);
    type R = { ms: number; files: number; bytes: number; scoringMs?: number };
    const mediaLayer = process.argv.includes('--media-layer') ? ['--media-layer'] : [];
    const { floors, ours } = await floorOursFloor<R, R>(SELF, ['--child', 'floor', dir], ['--child', 'ours', dir, ...mediaLayer]);
    const n = gen.files.length;
    const floorRate = n / (median(floors.map((f) => f.ms)) / 1000);
    const ourRate = n / (ours.ms / 1000);
    const ratio = ourRate / floorRate;
    console.log(`ours : ${ourRate.toFixed(1)} images/s (${(ours.ms / 1000).toFixed(2)} s${mediaLayer.length ? ', media layer only' : ', the augment job: copies made, stored and written'})`);
    if (ours.scoringMs !== undefined) console.log(`       then scoring the copies: ${(ours.scoringMs / 1000).toFixed(2)} s (not in the ratio)`);
    console.log(`floor: ${floorRate.toFixed(1)} images/s (${floors.map((f) => (f.ms / 1000).toFixed(2)).join(' / ')} s)`);
    console.log(`ratio: ${ratio.toFixed(3)} (target ≥ ${TARGET}) ${ratio >= TARGET ? 'PASS' : 'FAIL'}`);
    emit({ bench: 'augment-images', ours: mediaLayer.length ? 'media layer' : 'augment job', ratio: round(ratio, 4), target: `ratio >= ${TARGET}`, pass: ratio >= TARGET, images: n, ourImagesPerSec: round(ourRate, 1), floorImagesPerSec: round(floorRate, 1) });
  } finally {
    cleanup();
  }
}

if (process.argv[2] === '--child') await child(process.argv[3] as 'floor' | 'ours', process.argv[4]);

else await main();
