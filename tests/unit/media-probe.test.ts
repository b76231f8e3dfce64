/**
 * probeMedia over real files: the shared corpus (../shared/corpus) plus broken and unusual files
 * derived from it (or built with wavefile/sharp) in a temp folder.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import wavefile from 'wavefile';
import { MediaError } from '../../src/media/errors.js';
import { probeMedia, type MediaInfo } from '../../src/media/probe.js';

const { WaveFile } = wavefile;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(HERE, '../../../shared/corpus');
const IMAGES = path.join(CORPUS, 'images');
const AUDIO = path.join(CORPUS, 'audio');
const OPTS = { maxImagePixels: 50_000_000 };

/** True sizes, read once with sharp (`sharp(f).metadata()`); none of these has an EXIF rotation. */
const CORPUS_IMAGES: Array<[file: string, mime: string, width: number, height: number]> = [
  ['astronaut.png', 'image/png', 512, 512],
  ['brick.png', 'image/png', 512, 512],
  ['camera.png', 'image/png', 512, 512],
  ['chelsea.png', 'image/png', 451, 300],
  ['coffee.png', 'image/png', 600, 400],
  ['coins.png', 'image/png', 384, 303],
  ['grass.png', 'image/png', 512, 512],
  ['gravel.png', 'image/png', 512, 512],
  ['horse.png', 'image/png', 400, 328],
  ['hubble_deep_field.jpg', 'image/jpeg', 1000, 872],
  ['ihc.png', 'image/png', 512, 512],
  ['logo.png', 'image/png', 500, 500],
  ['moon.png', 'image/png', 512, 512],
  ['motorcycle_left.png', 'image/png', 741, 500],
  ['motorcycle_right.png', 'image/png', 741, 500],
  ['page.png', 'image/png', 384, 191],
  ['retina.jpg', 'image/jpeg', 1411, 1411],
  ['rocket.jpg', 'image/jpeg', 640, 427],
  ['text.png', 'image/png', 448, 172],
];

/**
 * Runs `fn` and checks it rejects with a media error of `code` (INVALID_MEDIA, UNSUPPORTED_MEDIA)
 * whose message matches `re`: src/media's own MediaError, which MediaService maps to the AppError
 * of the same code.
 */
async function assertMediaError(fn: () => Promise<unknown>, code: string, re?: RegExp): Promise<MediaError> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof MediaError, `expected a MediaError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (re) assert.match(caught.message, re);
  return caught;
}

function approx(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);
}

describe('probeMedia: corpus images', () => {
  test('the corpus lists the images this table expects', () => {
    const onDisk = fs.readdirSync(IMAGES).filter((f) => /\.(png|jpe?g|webp)$/.test(f) && f !== 'truncated.jpg');
    assert.deepEqual(onDisk.sort(), CORPUS_IMAGES.map(([f]) => f).sort());
  });

  for (const [file, mime, width, height] of CORPUS_IMAGES) {
    test(`${file} → ${mime} ${width}×${height}`, async () => {
      const info = await probeMedia(path.join(IMAGES, file), OPTS);
      assert.deepEqual(info, {
        kind: 'image',
        mimeType: mime,
        width,
        height,
        sampleRate: null,
        channels: null,
        bitsPerSample: null,
        durationSeconds: null,
      } satisfies MediaInfo);
    });
  }

  test('truncated.jpg → INVALID_MEDIA', async () => {
    await assertMediaError(() => probeMedia(path.join(IMAGES, 'truncated.jpg'), OPTS), 'INVALID_MEDIA', /JPEG/);
  });
});

describe('probeMedia: corpus WAVs', () => {
  const files = fs.readdirSync(AUDIO).filter((f) => f.endsWith('.wav'));

  test('the corpus has the 9 ALSA (48 kHz) and 12 TTS (16 kHz) WAVs', () => {
    assert.equal(files.filter((f) => f.startsWith('tts_')).length, 12);
    assert.equal(files.filter((f) => !f.startsWith('tts_')).length, 9);
  });

  for (const file of files) {
    const rate = file.startsWith('tts_') ? 16_000 : 48_000;
    test(`${file} → ${rate} Hz mono 16-bit`, async () => {
      const p = path.join(AUDIO, file);
      // Every corpus WAV is canonical: a 44-byte header, then 16-bit mono samples to the end.
      const frames = (fs.statSync(p).size - 44) / 2;
      const info = await probeMedia(p, OPTS);
      assert.equal(info.kind, 'audio');
      assert.equal(info.mimeType, 'audio/wav');
      assert.equal(info.sampleRate, rate);
      assert.equal(info.channels, 1);
      assert.equal(info.bitsPerSample, 16);
      assert.equal(info.width, null);
      assert.equal(info.height, null);
      approx(info.durationSeconds, frames / rate, 'durationSeconds');
      assert.ok(info.durationSeconds! > 1 && info.durationSeconds! < 10, `implausible duration ${info.durationSeconds}`);
    });
  }
});

describe('probeMedia: derived files', () => {
  let tmp: string;
  /** Writes `bytes` to the temp folder and returns the path. */
  const put = (name: string, bytes: Uint8Array): string => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, bytes);
    return p;
  };

  /** A WAV built with wavefile: `frames` frames of a quiet ramp per channel. */
  function makeWav(channels: number, rate: number, bitDepth: string, frames: number): Buffer {
    const samples: number[][] = [];
    for (let c = 0; c < channels; c++) {
      const ch: number[] = [];
      for (let i = 0; i < frames; i++) ch.push(bitDepth === '32f' ? ((i % 100) - 50) / 100 : (i % 100) - 50 + (bitDepth === '8' ? 128 : 0));
      samples.push(ch);
    }
    const wav = new WaveFile();
    wav.fromScratch(channels, rate, bitDepth, samples);
    return Buffer.from(wav.toBuffer());
  }

  /** Byte offset of a chunk's 8-byte header (a plain walk; test files are well formed). */
  function chunkAt(buf: Buffer, id: string): number {
    let o = 12;
    while (o + 8 <= buf.length) {
      if (buf.toString('latin1', o, o + 4) === id) return o;
      const size = buf.readUInt32LE(o + 4);
      o += 8 + size + (size & 1);
    }
    throw new Error(`no ${id} chunk`);
  }

  let base16: Buffer; // 16 kHz, 16-bit, mono, 1600 frames = 0.1 s

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-probe-'));
    base16 = makeWav(1, 16_000, '16', 1600);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('wavefile-built 16-bit mono is accepted', async () => {
    const info = await probeMedia(put('base.wav', base16), OPTS);
    assert.equal(info.sampleRate, 16_000);
    assert.equal(info.channels, 1);
    assert.equal(info.bitsPerSample, 16);
    approx(info.durationSeconds, 0.1, 'durationSeconds');
  });

  const accepted: Array<[name: string, channels: number, rate: number, depth: string, bits: number]> = [
    ['24-bit mono 44.1 kHz', 1, 44_100, '24', 24],
    ['float32 mono 48 kHz', 1, 48_000, '32f', 32],
    ['stereo 16-bit 22.05 kHz', 2, 22_050, '16', 16],
    ['8-bit unsigned mono 8 kHz', 1, 8_000, '8', 8],
    ['32-bit PCM stereo 96 kHz', 2, 96_000, '32', 32],
    ['6-channel 16-bit 48 kHz (40-byte fmt)', 6, 48_000, '16', 16],
    ['20-bit in 24-bit containers (WAVE_FORMAT_EXTENSIBLE)', 2, 48_000, '20', 24],
  ];
  for (const [name, channels, rate, depth, bits] of accepted) {
    test(`${name} is accepted`, async () => {
      const frames = Math.round(rate / 4);
      const info = await probeMedia(put(`ok-${depth}-${channels}-${rate}.wav`, makeWav(channels, rate, depth, frames)), OPTS);
      assert.equal(info.kind, 'audio');
      assert.equal(info.sampleRate, rate);
      assert.equal(info.channels, channels);
      assert.equal(info.bitsPerSample, bits);
      approx(info.durationSeconds, frames / rate, 'durationSeconds');
    });
  }

  test('WAVE_FORMAT_EXTENSIBLE with PCM and with float sub-formats is accepted', async () => {
    for (const [depth, subFormat] of [['16', 1], ['32f', 3]] as const) {
      const buf = makeWav(6, 48_000, depth, 4800);
      const fmt = chunkAt(buf, 'fmt ');
      assert.equal(buf.readUInt32LE(fmt + 4), 40);
      buf.writeUInt16LE(0xfffe, fmt + 8); // wFormatTag = WAVE_FORMAT_EXTENSIBLE
      buf.writeUInt16LE(subFormat, fmt + 8 + 24); // first two bytes of the sub-format GUID
      const info = await probeMedia(put(`ext-${depth}.wav`, buf), OPTS);
      assert.equal(info.channels, 6);
      assert.equal(info.bitsPerSample, depth === '16' ? 16 : 32);
      approx(info.durationSeconds, 0.1, 'durationSeconds');
    }
  });

  test('a streamed WAV (RIFF and data sizes 0xFFFFFFFF) is accepted, audio running to EOF', async () => {
    const buf = Buffer.from(base16);
    buf.writeUInt32LE(0xffffffff, 4);
    buf.writeUInt32LE(0xffffffff, chunkAt(buf, 'data') + 4);
    const info = await probeMedia(put('streamed.wav', buf), OPTS);
    approx(info.durationSeconds, 0.1, 'durationSeconds');
  });

  test('RIFF size off by one (pad byte counted) is tolerated', async () => {
    const buf = Buffer.from(base16);
    buf.writeUInt32LE(buf.readUInt32LE(4) + 1, 4);
    const info = await probeMedia(put('riff-plus-one.wav', buf), OPTS);
    approx(info.durationSeconds, 0.1, 'durationSeconds');
  });

  test('a WAV cut short (data chunk truncated) → INVALID_MEDIA naming both sizes', async () => {
    const cut = base16.subarray(0, base16.length - 1000);
    await assertMediaError(
      () => probeMedia(put('cut.wav', cut), OPTS),
      'INVALID_MEDIA',
      /header claims 3200 bytes of audio, only 2200 present/,
    );
    // Same, with the RIFF size patched to match the shorter file: the data chunk still lies.
    const patched = Buffer.from(cut);
    patched.writeUInt32LE(patched.length - 8, 4);
    await assertMediaError(
      () => probeMedia(put('cut-riff-fixed.wav', patched), OPTS),
      'INVALID_MEDIA',
      /header claims 3200 bytes of audio, only 2200 present/,
    );
  });

  test('a lying RIFF size → INVALID_MEDIA', async () => {
    for (const [name, riff] of [['big', base16.length + 1000], ['small', 100]] as const) {
      const buf = Buffer.from(base16);
      buf.writeUInt32LE(riff, 4);
      await assertMediaError(
        () => probeMedia(put(`riff-${name}.wav`, buf), OPTS),
        'INVALID_MEDIA',
        new RegExp(`RIFF header claims ${riff + 8} bytes, the file has ${base16.length}`),
      );
    }
    // Junk appended after a correct RIFF: the RIFF size no longer matches the file.
    await assertMediaError(
      () => probeMedia(put('junk-after.wav', Buffer.concat([base16, Buffer.alloc(64, 7)])), OPTS),
      'INVALID_MEDIA',
      /RIFF header claims/,
    );
  });

  test('a bad blockAlign → INVALID_MEDIA', async () => {
    const buf = Buffer.from(base16);
    buf.writeUInt16LE(4, chunkAt(buf, 'fmt ') + 8 + 12); // mono 16-bit must be 2
    await assertMediaError(() => probeMedia(put('align.wav', buf), OPTS), 'INVALID_MEDIA', /blockAlign is 4, expected .* = 2/);
  });

  test('a bad byteRate, 0 channels, 0 Hz → INVALID_MEDIA', async () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['byterate', 8, 12345, /byteRate is 12345/],
      ['channels', 2, 0, /0 channels|blockAlign/],
      ['rate', 4, 0, /sample rate of 0|byteRate/],
    ];
    for (const [name, at, value, re] of cases) {
      const buf = Buffer.from(base16);
      const fmtBody = chunkAt(buf, 'fmt ') + 8;
      if (at === 2) buf.writeUInt16LE(value, fmtBody + at);
      else buf.writeUInt32LE(value, fmtBody + at);
      await assertMediaError(() => probeMedia(put(`bad-${name}.wav`, buf), OPTS), 'INVALID_MEDIA', re);
    }
  });

  test('data not a whole number of frames → INVALID_MEDIA', async () => {
    // A stereo 16-bit file (4-byte frames) whose data chunk is 2 bytes shorter than declared... fixed up.
    const buf = Buffer.from(makeWav(2, 8000, '16', 100));
    const data = chunkAt(buf, 'data');
    buf.writeUInt32LE(398, data + 4);
    buf.writeUInt32LE(buf.length - 2 - 8, 4);
    await assertMediaError(
      () => probeMedia(put('partial-frame.wav', buf.subarray(0, buf.length - 2)), OPTS),
      'INVALID_MEDIA',
      /not a whole number of 4-byte frames/,
    );
  });

  test('missing fmt or data chunk, or no audio at all → INVALID_MEDIA', async () => {
    const noFmt = Buffer.from(base16);
    noFmt.write('junk', chunkAt(noFmt, 'fmt '), 'latin1');
    await assertMediaError(() => probeMedia(put('nofmt.wav', noFmt), OPTS), 'INVALID_MEDIA', /no fmt chunk/);
    const noData = Buffer.from(base16);
    noData.write('junk', chunkAt(noData, 'data'), 'latin1');
    await assertMediaError(() => probeMedia(put('nodata.wav', noData), OPTS), 'INVALID_MEDIA', /no data chunk/);
    const empty = makeWav(1, 16_000, '16', 0);
    await assertMediaError(() => probeMedia(put('silent.wav', empty), OPTS), 'INVALID_MEDIA', /no audio frames/);
  });

  test('µ-law and 64-bit float WAVs → UNSUPPORTED_MEDIA', async () => {
    await assertMediaError(
      () => probeMedia(put('mulaw.wav', makeWav(1, 8000, '8m', 800)), OPTS),
      'UNSUPPORTED_MEDIA',
      /0x0007 \(µ-law\)/,
    );
    await assertMediaError(
      () => probeMedia(put('f64.wav', makeWav(1, 8000, '64', 800)), OPTS),
      'UNSUPPORTED_MEDIA',
      /64-bit float/,
    );
  });

  test('a PNG named .wav is probed as the PNG it is', async () => {
    const p = put('really-a-png.wav', fs.readFileSync(path.join(IMAGES, 'coins.png')));
    const info = await probeMedia(p, OPTS);
    assert.equal(info.kind, 'image');
    assert.equal(info.mimeType, 'image/png');
    assert.equal(info.width, 384);
    assert.equal(info.height, 303);
  });

  test('a WAV named .png is probed as the WAV it is', async () => {
    const info = await probeMedia(put('really-a-wav.png', base16), OPTS);
    assert.equal(info.kind, 'audio');
  });

  test('WebP (made with sharp) is accepted', async () => {
    const webp = await sharp(path.join(IMAGES, 'rocket.jpg')).webp().toBuffer();
    const info = await probeMedia(put('rocket.webp', webp), OPTS);
    assert.deepEqual([info.mimeType, info.width, info.height], ['image/webp', 640, 427]);
  });

  test('EXIF-rotated JPEG reports its displayed size', async () => {
    const jpg = await sharp(path.join(IMAGES, 'rocket.jpg')).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const info = await probeMedia(put('rotated.jpg', jpg), OPTS);
    assert.deepEqual([info.width, info.height], [427, 640]);
  });

  test('JPEG and PNG cut in half → INVALID_MEDIA', async () => {
    for (const file of ['rocket.jpg', 'coins.png']) {
      const bytes = fs.readFileSync(path.join(IMAGES, file));
      await assertMediaError(
        () => probeMedia(put(`half-${file}`, bytes.subarray(0, bytes.length >> 1)), OPTS),
        'INVALID_MEDIA',
        /truncated or corrupt|Corrupt/,
      );
    }
  });

  test('a GIF (made with sharp) → UNSUPPORTED_MEDIA naming image/gif', async () => {
    const gif = await sharp(path.join(IMAGES, 'coins.png')).gif().toBuffer();
    const err = await assertMediaError(() => probeMedia(put('coins.png', gif), OPTS), 'UNSUPPORTED_MEDIA', /image\/gif/);
    assert.equal(err.fields.detected, 'image/gif');
  });

  test('other formats sharp can read (TIFF) → UNSUPPORTED_MEDIA', async () => {
    const tiff = await sharp(path.join(IMAGES, 'coins.png')).tiff().toBuffer();
    await assertMediaError(() => probeMedia(put('coins.tif', tiff), OPTS), 'UNSUPPORTED_MEDIA', /image\/tiff/);
  });

  test('a PDF → UNSUPPORTED_MEDIA naming application/pdf', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await assertMediaError(() => probeMedia(put('doc.jpg', pdf), OPTS), 'UNSUPPORTED_MEDIA', /application\/pdf/);
  });

  test('plain text → UNSUPPORTED_MEDIA naming text', async () => {
    await assertMediaError(
      () => probeMedia(put('notes.wav', Buffer.from('hello, this is not audio\n'.repeat(20))), OPTS),
      'UNSUPPORTED_MEDIA',
      /plain text/,
    );
  });

  test('random bytes → UNSUPPORTED_MEDIA', async () => {
    // Fixed seed-free but deterministic "random" bytes that start with no known signature.
    const bytes = Buffer.alloc(4096);
    let x = 0x12345678;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      bytes[i] = x >>> 24;
    }
    bytes[0] = 0x00;
    bytes[1] = 0xff;
    await assertMediaError(() => probeMedia(put('random.bin', bytes), OPTS), 'UNSUPPORTED_MEDIA', /Unrecognised/);
  });

  test('an empty file → UNSUPPORTED_MEDIA', async () => {
    await assertMediaError(() => probeMedia(put('empty.png', Buffer.alloc(0)), OPTS), 'UNSUPPORTED_MEDIA', /Empty file/);
  });

  test('a PNG over the pixel limit → INVALID_MEDIA with its size and the limit', async () => {
    const err = await assertMediaError(
      () => probeMedia(path.join(IMAGES, 'coins.png'), { maxImagePixels: 100_000 }),
      'INVALID_MEDIA',
      /384×303 = 116352 pixels, over the limit of 100000 pixels/,
    );
    assert.equal(err.fields.limitPixels, 100_000);
    // Exactly at the limit is fine.
    const ok = await probeMedia(path.join(IMAGES, 'coins.png'), { maxImagePixels: 384 * 303 });
    assert.equal(ok.width, 384);
  });
});
