/**
 * The image quality analyser (src/media/quality/image.ts) on real photos: the shared corpus
 * (../shared/corpus/images) and degraded copies of it made here with sharp in a temp folder.
 * Expected flags are tables; the thresholds they exercise are documented in docs/quality.md ("Image quality").
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { MediaError } from '../../src/media/errors.js';
import {
  analyzeImage,
  DEFAULT_IMAGE_POLICY,
  hammingDistance64,
  imageFlags,
  measurePixels,
  type ImageAnalysis,
} from '../../src/media/quality/image.js';
import type { ImageFlag } from '../../src/media/quality/types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const IMAGES = path.resolve(HERE, '../../../shared/corpus/images');
const OPTS = { maxPixels: 50_000_000 };
const POLICY = DEFAULT_IMAGE_POLICY;
const RADIUS = POLICY.nearDuplicateRadius;

/** Every corpus image and exactly the intrinsic flags it gets under the default policy. */
const CORPUS_FLAGS: Array<[file: string, flags: ImageFlag[]]> = [
  ['astronaut.png', []],
  ['brick.png', ['GRAYSCALE']],
  ['camera.png', ['GRAYSCALE']],
  ['chelsea.png', []],
  ['coffee.png', []],
  ['coins.png', ['GRAYSCALE']],
  ['grass.png', ['GRAYSCALE']],
  ['gravel.png', ['GRAYSCALE']],
  // Black silhouette on white: two tones, 1.2 bits of entropy (RGBA, flattened onto white).
  ['horse.png', ['LOW_INFORMATION', 'GRAYSCALE']],
  ['hubble_deep_field.jpg', []],
  ['ihc.png', []],
  ['logo.png', []],
  ['moon.png', ['GRAYSCALE']],
  ['motorcycle_left.png', []],
  ['motorcycle_right.png', []],
  ['page.png', ['GRAYSCALE']],
  ['retina.jpg', []],
  ['rocket.jpg', []],
  ['text.png', ['GRAYSCALE']],
];
/** The clean, sharp, well-exposed real photos the degradations start from. */
const CLEAN = ['astronaut.png', 'camera.png', 'chelsea.png', 'coffee.png', 'rocket.jpg', 'motorcycle_left.png', 'motorcycle_right.png'];
/** Those no larger than ~600 px: a blur applied to them is the blur seen at the working size. */
const SMALL_CLEAN = ['astronaut.png', 'camera.png', 'chelsea.png', 'coffee.png'];

let tmp: string;
const results = new Map<string, ImageAnalysis>();

async function analyze(name: string, input: string | Buffer): Promise<ImageAnalysis> {
  const a = await analyzeImage(input, OPTS);
  results.set(name, a);
  return a;
}
function flagsOf(a: ImageAnalysis): ImageFlag[] {
  return imageFlags(a.metrics, POLICY);
}
/** Writes `buf` into the temp folder and analyses it from there (the path input). */
async function analyzeFile(name: string, buf: Buffer): Promise<ImageAnalysis> {
  const file = path.join(tmp, name.replace(/[^A-Za-z0-9._-]/g, '_'));
  fs.writeFileSync(file, buf);
  return analyze(name, file);
}
const src = (f: string) => path.join(IMAGES, f);

/** A minimal PNG writer for what sharp does not write: greyscale with bit depth 1. */
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function oneBitPng(width: number, height: number, white: boolean): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth 1
  ihdr[9] = 0; // greyscale
  const rowBytes = Math.ceil(width / 8);
  const raw = Buffer.alloc((rowBytes + 1) * height, white ? 0xff : 0x00);
  for (let y = 0; y < height; y++) raw[y * (rowBytes + 1)] = 0; // filter type 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Degraded {
  name: string;
  make: () => Promise<Buffer>;
  /** Flags it must have. */
  has: ImageFlag[];
  /** Flags it must not have. */
  hasNot: ImageFlag[];
}

/** The degradation table: each row is made from a real photo, analysed, and checked. */
function degradations(): Degraded[] {
  const rows: Degraded[] = [];
  for (const f of CLEAN) {
    for (const sigma of [2, 4]) {
      rows.push({ name: `${f} blur σ${sigma}`, make: () => sharp(src(f)).blur(sigma).png().toBuffer(), has: ['BLURRY'], hasNot: ['DARK', 'OVEREXPOSED'] });
    }
    rows.push({ name: `${f} ×0.15`, make: () => sharp(src(f)).linear(0.15, 0).png().toBuffer(), has: ['DARK'], hasNot: ['BLURRY', 'OVEREXPOSED'] });
    rows.push({
      name: `${f} 48 px`,
      make: () => sharp(src(f)).resize(48, 48, { fit: 'inside' }).png().toBuffer(),
      has: ['LOW_RESOLUTION'],
      hasNot: ['DARK', 'OVEREXPOSED', 'ODD_ASPECT_RATIO'],
    });
    rows.push({
      name: `${f} 4:1 strip`,
      make: async () => {
        const m = await sharp(src(f)).metadata();
        const height = Math.floor(m.width! / 4);
        return sharp(src(f)).extract({ left: 0, top: Math.floor((m.height! - height) / 2), width: m.width!, height }).png().toBuffer();
      },
      has: ['ODD_ASPECT_RATIO'],
      hasNot: ['LOW_RESOLUTION'],
    });
    rows.push({
      name: `${f} greyscale as RGB JPEG`,
      make: () => sharp(src(f)).greyscale().toColourspace('srgb').jpeg({ quality: 80 }).toBuffer(),
      has: ['GRAYSCALE'],
      hasNot: ['BLURRY', 'DARK', 'OVEREXPOSED'],
    });
    rows.push({ name: `${f} JPEG q50`, make: () => sharp(src(f)).jpeg({ quality: 50 }).toBuffer(), has: [], hasNot: ['BLURRY', 'DARK', 'OVEREXPOSED'] });
  }
  // Moderate blur (σ 1.5 at the working size): invisible to an edge check on a 64 px thumbnail.
  for (const f of [...SMALL_CLEAN, 'coins.png']) {
    rows.push({ name: `${f} blur σ1.5`, make: () => sharp(src(f)).blur(1.5).png().toBuffer(), has: ['BLURRY'], hasNot: ['DARK', 'OVEREXPOSED'] });
  }
  for (const f of ['astronaut.png', 'camera.png', 'chelsea.png', 'coffee.png', 'motorcycle_left.png', 'retina.jpg']) {
    rows.push({
      name: `${f} overexposed ×2.5+60`,
      make: () => sharp(src(f)).linear(2.5, 60).png().toBuffer(),
      has: ['OVEREXPOSED'],
      hasNot: ['DARK', 'BLURRY'],
    });
  }
  // A dusk launch brightened the same way is a bright photo, not a washed-out one (median 181).
  rows.push({ name: 'rocket.jpg ×2.5+60', make: () => sharp(src('rocket.jpg')).linear(2.5, 60).png().toBuffer(), has: [], hasNot: ['OVEREXPOSED', 'DARK'] });
  rows.push({
    name: 'flat grey',
    make: () => sharp({ create: { width: 256, height: 256, channels: 3, background: '#808080' } }).png().toBuffer(),
    has: ['LOW_INFORMATION', 'GRAYSCALE'],
    hasNot: ['BLURRY', 'DARK', 'OVEREXPOSED'],
  });
  rows.push({
    name: 'flat colour + ±1 noise',
    make: () => {
      const w = 256;
      const px = Buffer.alloc(w * w * 3);
      let seed = 1;
      for (let i = 0; i < px.length; i += 3) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const d = (seed >>> 16) % 3;
        px[i] = 90 + d;
        px[i + 1] = 140 + d;
        px[i + 2] = 200 + d;
      }
      return sharp(px, { raw: { width: w, height: w, channels: 3 } }).png().toBuffer();
    },
    has: ['LOW_INFORMATION'],
    hasNot: ['BLURRY', 'GRAYSCALE'],
  });
  return rows;
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-quality-image-'));
  await Promise.all(CORPUS_FLAGS.map(([f]) => analyze(f, src(f))));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('intrinsic flags of the corpus images', () => {
  for (const [file, expected] of CORPUS_FLAGS) {
    test(`${file}: ${expected.join(', ') || 'no flags'}`, () => {
      const a = results.get(file)!;
      assert.deepEqual(flagsOf(a).sort(), [...expected].sort(), JSON.stringify(a.metrics));
    });
  }

  test('the clean real photos are sharp, well exposed and informative', () => {
    for (const f of CLEAN) {
      const flags = flagsOf(results.get(f)!);
      for (const bad of ['BLURRY', 'DARK', 'OVEREXPOSED', 'LOW_INFORMATION'] as const) assert.ok(!flags.includes(bad), `${f}: ${bad}`);
    }
  });

  test('metrics are plain JSON with the original size and rounded numbers', () => {
    const a = results.get('retina.jpg')!;
    assert.deepEqual(JSON.parse(JSON.stringify(a.metrics)), a.metrics);
    assert.equal(a.metrics.width, 1411);
    assert.equal(a.metrics.height, 1411);
    assert.equal(a.metrics.analysisWidth, 512);
    for (const [k, v] of Object.entries(a.metrics)) {
      if (typeof v === 'number' && !Number.isInteger(v)) assert.equal(v, Number(v.toPrecision(4)), k);
    }
    for (const k of ['sharpness', 'detailLoss', 'detailLossAcross', 'blurAnisotropy', 'blurAngle', 'noiseSigma', 'clippedShare', 'crushedShare', 'unclippedMean', 'brightnessP01', 'brightnessP50', 'brightnessP99', 'entropy', 'brightnessStd', 'chromaP99', 'colorfulness', 'aspectRatio']) {
      assert.equal(typeof a.metrics[k], 'number', k);
    }
    assert.match(a.pixelHash, /^[0-9a-f]{64}$/);
    assert.match(a.phash, /^[0-9a-f]{16}$/);
  });
});

describe('degraded copies of real photos', () => {
  for (const row of degradations()) {
    test(`${row.name}: ${row.has.length ? row.has.join(', ') : 'no flag'}${row.hasNot.length ? `; not ${row.hasNot.join(', ')}` : ''}`, async () => {
      const a = await analyzeFile(row.name, await row.make());
      const flags = flagsOf(a);
      for (const f of row.has) assert.ok(flags.includes(f), `${row.name} lacks ${f}: ${JSON.stringify(a.metrics)}`);
      for (const f of row.hasNot) assert.ok(!flags.includes(f), `${row.name} has ${f}: ${JSON.stringify(a.metrics)}`);
    });
  }

  test('an all-white 1-bit PNG is OVEREXPOSED and LOW_INFORMATION, never DARK (greyscale 1-bit and 1-bit palette)', async () => {
    const palette = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#ffffff' } })
      .png({ palette: true, colours: 2 })
      .toBuffer();
    assert.equal((await sharp(palette).metadata()).bitsPerSample, 1);
    const grey1 = oneBitPng(256, 256, true);
    assert.equal((await sharp(grey1).metadata()).bitsPerSample, 1);
    for (const [name, buf] of [['palette', palette], ['grey', grey1]] as const) {
      const a = await analyzeImage(buf, OPTS);
      assert.deepEqual(flagsOf(a).sort(), ['GRAYSCALE', 'LOW_INFORMATION', 'OVEREXPOSED'], `${name}: ${JSON.stringify(a.metrics)}`);
      assert.equal(a.metrics.brightnessP01, 255);
      assert.equal(a.metrics.sharpness, null); // no structure: nothing to be sharp or blurred
      assert.equal(a.metrics.detailLoss, null);
      assert.equal(a.metrics.blurKind, null);
      assert.equal(a.metrics.clippedShare, 1);
    }
    const black = await analyzeImage(oneBitPng(256, 256, false), OPTS);
    assert.deepEqual(flagsOf(black).sort(), ['DARK', 'GRAYSCALE', 'LOW_INFORMATION']);
  });

  test('tiny images: LOW_RESOLUTION (and ODD_ASPECT_RATIO), no sharpness without an interior', async () => {
    const one = await analyzeImage(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#c04020' } }).png().toBuffer(), OPTS);
    assert.equal(one.metrics.sharpness, null);
    assert.deepEqual(flagsOf(one).sort(), ['LOW_INFORMATION', 'LOW_RESOLUTION']);
    const strip = await sharp(src('coffee.png')).resize(200, 2, { fit: 'fill' }).png().toBuffer();
    const s = await analyzeImage(strip, OPTS);
    assert.deepEqual([s.metrics.width, s.metrics.height], [200, 2]);
    assert.equal(s.metrics.sharpness, null);
    assert.ok(flagsOf(s).includes('LOW_RESOLUTION') && flagsOf(s).includes('ODD_ASPECT_RATIO'));
    assert.match(s.phash, /^[0-9a-f]{16}$/);
  });

  test('transparency is judged on white; EXIF orientation is applied before measuring', async () => {
    // A fully transparent image whose hidden colour is black: shown (and measured) as white.
    const clear = await sharp({ create: { width: 128, height: 128, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const t = await analyzeImage(clear, OPTS);
    assert.equal(t.metrics.hasAlpha, true);
    assert.equal(t.metrics.brightnessP50, 255);
    assert.ok(!flagsOf(t).includes('DARK'));

    const upright = await sharp(src('chelsea.png')).rotate(90).jpeg({ quality: 90 }).toBuffer();
    const tagged = await sharp(src('chelsea.png')).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
    const [u, g] = await Promise.all([analyzeImage(upright, OPTS), analyzeImage(tagged, OPTS)]);
    assert.deepEqual([g.metrics.width, g.metrics.height], [300, 451]);
    assert.deepEqual([u.metrics.width, u.metrics.height], [300, 451]);
    assert.ok(hammingDistance64(u.phash, g.phash) <= 2, `${u.phash} vs ${g.phash}`);
  });

  test('unusual encodings decode to sRGB 8-bit: CMYK JPEG, 16-bit PNG, grey + alpha', async () => {
    const base = src('rocket.jpg');
    const inputs = [
      await sharp(base).toColourspace('cmyk').jpeg().toBuffer(),
      await sharp(base).toColourspace('rgb16').png().toBuffer(),
      await sharp(src('horse.png')).toColourspace('b-w').png().toBuffer(),
    ];
    const ref = results.get('rocket.jpg')!;
    const [cmyk, deep, greyAlpha] = await Promise.all(inputs.map((b) => analyzeImage(b, OPTS)));
    // CMYK without an embedded profile round-trips through sharp's default profiles: tones shift.
    assert.ok(hammingDistance64(cmyk.phash, ref.phash) <= RADIUS, `${cmyk.phash} vs ${ref.phash}`);
    assert.ok(hammingDistance64(deep.phash, ref.phash) <= 2, `${deep.phash} vs ${ref.phash}`);
    assert.equal(deep.metrics.brightnessP50, ref.metrics.brightnessP50);
    assert.deepEqual(flagsOf(greyAlpha).sort(), ['GRAYSCALE', 'LOW_INFORMATION']);
  });
});

describe('perceptual hash and near duplicates', () => {
  test(`the motorcycle stereo pair is within radius ${RADIUS}`, () => {
    const d = hammingDistance64(results.get('motorcycle_left.png')!.phash, results.get('motorcycle_right.png')!.phash);
    assert.ok(d <= RADIUS, `distance ${d}`);
  });

  test(`JPEG re-encodes and resizes and 3 % crops of the clean photos are within radius ${RADIUS}; 5 % crops within 10, most within ${RADIUS}`, async () => {
    const worst: Record<string, number> = {};
    const crops: number[] = [];
    await Promise.all(
      CLEAN.map(async (f) => {
        const m = await sharp(src(f)).metadata();
        const W = m.width!;
        const H = m.height!;
        const cw = Math.round(W * 0.95);
        const ch = Math.round(H * 0.95);
        const cw3 = Math.round(W * 0.97);
        const ch3 = Math.round(H * 0.97);
        const copies: Array<[string, Promise<Buffer>]> = [
          ['jpeg q50', sharp(src(f)).jpeg({ quality: 50 }).toBuffer()],
          ['jpeg q90', sharp(src(f)).jpeg({ quality: 90 }).toBuffer()],
          ['webp q75', sharp(src(f)).webp({ quality: 75 }).toBuffer()],
          ['resize 50 %', sharp(src(f)).resize({ width: Math.round(W / 2) }).png().toBuffer()],
          ['resize 25 %', sharp(src(f)).resize({ width: Math.round(W / 4) }).jpeg({ quality: 80 }).toBuffer()],
          ['crop 3 %', sharp(src(f)).extract({ left: Math.round((W - cw3) / 2), top: Math.round((H - ch3) / 2), width: cw3, height: ch3 }).png().toBuffer()],
          ['crop 5 %', sharp(src(f)).extract({ left: Math.round((W - cw) / 2), top: Math.round((H - ch) / 2), width: cw, height: ch }).png().toBuffer()],
        ];
        const orig = results.get(f)!.phash;
        for (const [kind, buf] of copies) {
          const d = hammingDistance64(orig, (await analyzeImage(await buf, OPTS)).phash);
          worst[kind] = Math.max(worst[kind] ?? 0, d);
          if (kind === 'crop 5 %') {
            // The default radius (8) keeps the duplicate search ≥ 100× faster than a pairwise scan;
            // two photos' 5 % crops land at 10: raise image.nearDuplicateRadius to 10 to catch them.
            crops.push(d);
            assert.ok(d <= 10, `${f} ${kind}: distance ${d}`);
          } else assert.ok(d <= RADIUS, `${f} ${kind}: distance ${d}`);
        }
      }),
    );
    assert.ok(crops.filter((d) => d <= RADIUS).length >= crops.length - 2, `5 % crops: ${crops.join(', ')}`);
    assert.ok(worst['jpeg q50'] <= 2 && worst['resize 25 %'] <= 2, JSON.stringify(worst));
  });

  test(`every pair of unrelated corpus images is farther apart than radius ${RADIUS}`, () => {
    const files = CORPUS_FLAGS.map(([f]) => f);
    let min = 64;
    for (let i = 0; i < files.length; i++) {
      for (let j = i + 1; j < files.length; j++) {
        if (files[i].startsWith('motorcycle_') && files[j].startsWith('motorcycle_')) continue;
        const d = hammingDistance64(results.get(files[i])!.phash, results.get(files[j])!.phash);
        min = Math.min(min, d);
        assert.ok(d > RADIUS, `${files[i]} ~ ${files[j]}: distance ${d}`);
      }
    }
    assert.ok(min >= RADIUS + 4, `closest unrelated pair at ${min}: margin under 4 bits`);
  });

  test('hammingDistance64', () => {
    assert.equal(hammingDistance64('0000000000000000', '0000000000000000'), 0);
    assert.equal(hammingDistance64('ffffffffffffffff', '0000000000000000'), 64);
    assert.equal(hammingDistance64('8000000000000001', '0000000000000000'), 2);
    assert.equal(hammingDistance64('F0F0F0F0F0F0F0F0', 'f0f0f0f0f0f0f0f1'), 1);
    assert.throws(() => hammingDistance64('abc', '0000000000000000'));
    assert.throws(() => hammingDistance64('000000000000000g', '0000000000000000'));
  });

  test('the 32 × 32 hash thumbnail is the exact area average, at any size', () => {
    for (const [w, h, c] of [
      [512, 341, 3],
      [100, 37, 3],
      [33, 47, 1],
      [20, 9, 3],
      [1, 1, 1],
    ]) {
      const data = new Uint8Array(w * h * c);
      let seed = w * 7919 + h;
      for (let i = 0; i < data.length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        data[i] = seed >>> 24;
      }
      const { thumb } = measurePixels(data, w, h, c);
      for (let o = 0; o < 32; o++) {
        for (let p = 0; p < 32; p++) {
          const [x0, x1, y0, y1] = [(p * w) / 32, ((p + 1) * w) / 32, (o * h) / 32, ((o + 1) * h) / 32];
          let acc = 0;
          let wt = 0;
          for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
            for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
              const a = (Math.min(x1, x + 1) - Math.max(x0, x)) * (Math.min(y1, y + 1) - Math.max(y0, y));
              const j = (y * w + x) * c;
              const v = c >= 3 ? ((19595 * data[j] + 38470 * data[j + 1] + 7471 * data[j + 2]) >> 8) / 256 : data[j];
              acc += v * a;
              wt += a;
            }
          }
          assert.ok(Math.abs(thumb[o * 32 + p] - acc / wt) < 1e-6, `${w}×${h} bin ${o},${p}: ${thumb[o * 32 + p]} vs ${acc / wt}`);
        }
      }
    }
  });
});

describe('pixel hash', () => {
  test('same pixels, other encoding: equal; other pixels: different', async () => {
    const f = src('chelsea.png');
    const png = results.get('chelsea.png')!;
    const [webpLossless, png9, jpeg] = await Promise.all([
      sharp(f).webp({ lossless: true }).toBuffer(),
      sharp(f).png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer(),
      sharp(f).jpeg({ quality: 95 }).toBuffer(),
    ]).then((bufs) => Promise.all(bufs.map((b) => analyzeImage(b, OPTS))));
    assert.equal(webpLossless.pixelHash, png.pixelHash);
    assert.equal(png9.pixelHash, png.pixelHash);
    assert.notEqual(jpeg.pixelHash, png.pixelHash);
  });

  test('a greyscale picture stored as RGB or with an opaque alpha channel hashes like the greyscale file', async () => {
    const f = src('camera.png');
    const ref = results.get('camera.png')!;
    const rgb = await analyzeImage(await sharp(f).toColourspace('srgb').png().toBuffer(), OPTS);
    const rgba = await analyzeImage(await sharp(f).toColourspace('srgb').ensureAlpha(1).png().toBuffer(), OPTS);
    assert.equal(rgb.pixelHash, ref.pixelHash);
    assert.equal(rgba.pixelHash, ref.pixelHash);
  });
});

describe('unreadable input rejects, never crashes', () => {
  async function assertRejects(input: string | Buffer, opts = OPTS): Promise<void> {
    let caught: unknown;
    try {
      await analyzeImage(input, opts);
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof Error, `expected an Error, got ${String(caught)}`);
    assert.ok(caught instanceof MediaError && caught.code === 'INVALID_MEDIA', String(caught));
  }

  test('truncated.jpg', () => assertRejects(src('truncated.jpg')));
  test('a PNG and a JPEG cut in half', async () => {
    const png = fs.readFileSync(src('coffee.png'));
    await assertRejects(png.subarray(0, png.length >> 1));
    const jpg = fs.readFileSync(src('rocket.jpg'));
    await assertRejects(jpg.subarray(0, jpg.length >> 1));
  });
  test('not an image, a missing file, over the pixel limit', async () => {
    await assertRejects(Buffer.from('hello, this is not an image'));
    await assertRejects(path.join(tmp, 'does-not-exist.png'));
    await assertRejects(src('retina.jpg'), { maxPixels: 1000 * 1000 });
  });
});

describe('imageFlags reads only the metrics, under any policy', () => {
  test('thresholds come from the policy; missing or null metrics raise nothing', () => {
    const m = results.get('astronaut.png')!.metrics;
    assert.deepEqual(imageFlags(m, POLICY), []);
    assert.deepEqual(imageFlags(m, { ...POLICY, minSide: 1024 }), ['LOW_RESOLUTION']);
    assert.deepEqual(imageFlags(m, { ...POLICY, blurryMinDetailLoss: 0.01 }), ['BLURRY']);
    assert.deepEqual(imageFlags(m, { ...POLICY, darkMaxP99: 255 }), ['DARK']);
    assert.deepEqual(imageFlags({}, POLICY), []);
    assert.deepEqual(imageFlags({ ...m, detailLoss: null, width: null }, { ...POLICY, blurryMinDetailLoss: 0.01, minSide: 1024 }), []);
    assert.deepEqual(imageFlags({ ...m, clippedShare: 0.5, unclippedMean: 120 }, POLICY), ['OVEREXPOSED']);
    assert.deepEqual(imageFlags({ ...m, clippedShare: 0.5, unclippedMean: 20 }, POLICY), []);
    assert.deepEqual(imageFlags({ ...m, brightnessMean: 40, brightnessP99: 140 }, POLICY), ['DARK']);
    assert.deepEqual(imageFlags({ ...m, brightnessMean: 40, brightnessP99: 170 }, POLICY), []);
    assert.deepEqual(imageFlags({ width: 400, height: 100 }, POLICY), ['ODD_ASPECT_RATIO']);
    assert.deepEqual(imageFlags({ width: 100, height: 400 }, POLICY), ['ODD_ASPECT_RATIO']);
  });
});
