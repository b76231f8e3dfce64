/**
 * The augmentation ops of src/media/augment on real corpus images and texts: each op is checked
 * for the property it promises (a flip is the mirrored source, brightness moves measured
 * luminance, noise has the requested σ against the source), the recipe checks refuse bad ops and
 * params naming them, and the same ops and seed give the same bytes.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import FFT from 'fft.js';
import { YIN } from 'pitchfinder';
import sharp from 'sharp';
import { AUDIO_OPS, augmentClip, decodeClip, encodeWav, type Clip } from '../../src/media/augment/audio.js';
import { augmentImage, augmentRaw, decodeImage, IMAGE_OPS, type RawImage } from '../../src/media/augment/image.js';
import { seededRandom } from '../../src/media/augment/random.js';
import { AugmentRecipeError, checkOp, OPS, resolveChain, resolveOp, type ResolvedOp } from '../../src/media/augment/recipe.js';
import { augmentText, rewriteWords, TEXT_OPS } from '../../src/media/augment/text.js';
import { analyzeImage, DEFAULT_IMAGE_POLICY, imageFlags } from '../../src/media/quality/image.js';
import { CORPUS_IMAGES } from '../helpers/image-derive.js';

const OPTS = { maxPixels: 50_000_000 };
const src = (f: string) => path.join(CORPUS_IMAGES, f);
const op = (name: string, params: Record<string, unknown> = {}): ResolvedOp => resolveOp(name, params, 'image', () => 0.5);
const rand = () => seededRandom('test');

async function pixels(bytes: Buffer): Promise<RawImage> {
  return (await decodeImage(bytes, 0)).raw;
}
function luma(r: RawImage): Float64Array {
  const out = new Float64Array(r.width * r.height);
  for (let i = 0, j = 0; i < out.length; i++, j += r.channels) out[i] = r.channels >= 3 ? 0.299 * r.data[j] + 0.587 * r.data[j + 1] + 0.114 * r.data[j + 2] : r.data[j];
  return out;
}
const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: Float64Array) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
};

describe('image ops do what they say, on corpus photos', () => {
  test('flip_horizontal and flip_vertical mirror every pixel exactly', async () => {
    const source = (await decodeImage(src('chelsea.png'), 0)).raw;
    const h = await pixels((await augmentImage(src('chelsea.png'), [op('flip_horizontal')], rand(), OPTS)).bytes);
    const v = await pixels((await augmentImage(src('chelsea.png'), [op('flip_vertical')], rand(), OPTS)).bytes);
    const { width: w, height: hh, channels: c } = source;
    for (const [y, x] of [[0, 0], [10, 37], [hh - 1, w - 1], [150, 225]]) {
      for (let k = 0; k < c; k++) {
        assert.equal(h.data[(y * w + (w - 1 - x)) * c + k], source.data[(y * w + x) * c + k]);
        assert.equal(v.data[((hh - 1 - y) * w + x) * c + k], source.data[(y * w + x) * c + k]);
      }
    }
    assert.ok(Buffer.compare(h.data, source.data) !== 0);
    // Twice is the identity.
    const twice = await pixels((await augmentImage(src('chelsea.png'), [op('flip_horizontal'), op('flip_horizontal')], rand(), OPTS)).bytes);
    assert.equal(Buffer.compare(twice.data, source.data), 0);
  });

  test('rotate turns counter-clockwise: 90° is exact and swaps the sides; 30° expands the canvas and fills the corners', async () => {
    const source = (await decodeImage(src('coffee.png'), 0)).raw; // 600 × 400
    const r90 = await pixels((await augmentImage(src('coffee.png'), [op('rotate', { degrees: 90 })], rand(), OPTS)).bytes);
    assert.deepEqual([r90.width, r90.height], [source.height, source.width]);
    // Counter-clockwise: the source's top-right corner goes to the top-left.
    const c = source.channels;
    for (let k = 0; k < c; k++) assert.equal(r90.data[k], source.data[(source.width - 1) * c + k]);
    const r30 = await pixels((await augmentImage(src('coffee.png'), [op('rotate', { degrees: 30, fill: 'white' })], rand(), OPTS)).bytes);
    assert.ok(r30.width > source.width && r30.height > source.height);
    for (let k = 0; k < 3; k++) assert.equal(r30.data[k], 255, 'a white corner');
  });

  test('crop keeps the fraction of each side, at the centre or at a seeded position', async () => {
    const source = (await decodeImage(src('astronaut.png'), 0)).raw; // 512²
    const centre = await pixels((await augmentImage(src('astronaut.png'), [op('crop', { fraction: 0.5 })], rand(), OPTS)).bytes);
    assert.deepEqual([centre.width, centre.height], [256, 256]);
    const c = source.channels;
    assert.equal(centre.data[0], source.data[(128 * 512 + 128) * c]);
    const a = await augmentImage(src('astronaut.png'), [op('crop', { fraction: 0.5, position: 'random' })], seededRandom('x'), OPTS);
    const b = await augmentImage(src('astronaut.png'), [op('crop', { fraction: 0.5, position: 'random' })], seededRandom('y'), OPTS);
    assert.notEqual(Buffer.compare(a.bytes, b.bytes), 0, 'other seeds, other positions');
  });

  test('brightness, contrast and gamma move measured luminance and spread the right way', async () => {
    const base = await analyzeImage(src('chelsea.png'), OPTS);
    const m = async (o: ResolvedOp) => (await analyzeImage((await augmentImage(src('chelsea.png'), [o], rand(), OPTS)).bytes, OPTS)).metrics;
    const b = base.metrics.brightnessMean as number;
    const s = base.metrics.brightnessStd as number;
    assert.ok(((await m(op('brightness', { factor: 0.5 }))).brightnessMean as number) < 0.55 * b);
    assert.ok(((await m(op('brightness', { factor: 1.5 }))).brightnessMean as number) > 1.3 * b);
    const lowContrast = await m(op('contrast', { factor: 0.5 }));
    assert.ok((lowContrast.brightnessStd as number) < 0.55 * s && Math.abs((lowContrast.brightnessMean as number) - b) < 2);
    assert.ok(((await m(op('contrast', { factor: 1.5 }))).brightnessStd as number) > 1.3 * s);
    assert.ok(((await m(op('gamma', { value: 2 }))).brightnessMean as number) < 0.8 * b);
    assert.ok(((await m(op('gamma', { value: 0.5 }))).brightnessMean as number) > 1.2 * b);
    // A strong darkening is what the DARK flag means.
    assert.ok(imageFlags(await m(op('brightness', { factor: 0.15 })), DEFAULT_IMAGE_POLICY).includes('DARK'));
  });

  test('saturation 0 and grayscale leave no colour; saturation 2 adds it; hue turns it', async () => {
    const m = async (ops: ResolvedOp[]) => (await analyzeImage((await augmentImage(src('coffee.png'), ops, rand(), OPTS)).bytes, OPTS)).metrics;
    const base = (await analyzeImage(src('coffee.png'), OPTS)).metrics;
    for (const ops of [[op('saturation', { factor: 0 })], [op('grayscale')]]) {
      assert.ok(imageFlags(await m(ops), DEFAULT_IMAGE_POLICY).includes('GRAYSCALE'), ops[0].op);
    }
    assert.ok(((await m([op('saturation', { factor: 2 })])).colorfulness as number) > 1.2 * (base.colorfulness as number));
    const turned = await pixels((await augmentImage(src('coffee.png'), [op('hue', { degrees: 180 })], rand(), OPTS)).bytes);
    const source = (await decodeImage(src('coffee.png'), 0)).raw;
    // The red cup turns towards cyan: less red than green and blue where it was mostly red.
    let redder = 0;
    let turnedAway = 0;
    for (let i = 0; i < source.data.length; i += 3) {
      if (source.data[i] > source.data[i + 1] + 60 && source.data[i] > source.data[i + 2] + 60) {
        redder++;
        if (turned.data[i] < turned.data[i + 1] || turned.data[i] < turned.data[i + 2]) turnedAway++;
      }
    }
    assert.ok(redder > 1000 && turnedAway > 0.9 * redder, `${turnedAway}/${redder}`);
  });

  test('blur makes a photo BLURRY, sharpen makes it crisper; resize fits inside maxSide without enlarging', async () => {
    const blurred = await analyzeImage((await augmentImage(src('astronaut.png'), [op('blur', { sigma: 3 })], rand(), OPTS)).bytes, OPTS);
    assert.ok(imageFlags(blurred.metrics, DEFAULT_IMAGE_POLICY).includes('BLURRY'));
    const base = (await analyzeImage(src('chelsea.png'), OPTS)).metrics;
    const sharper = (await analyzeImage((await augmentImage(src('chelsea.png'), [op('sharpen', { sigma: 1.5 })], rand(), OPTS)).bytes, OPTS)).metrics;
    assert.ok((sharper.detailLoss as number) < (base.detailLoss as number), `${sharper.detailLoss} vs ${base.detailLoss}`);
    const small = await augmentImage(src('coffee.png'), [op('resize', { maxSide: 150 })], rand(), OPTS);
    assert.deepEqual([small.width, small.height], [150, 100]);
    const big = await augmentImage(src('coffee.png'), [op('resize', { maxSide: 4000 })], rand(), OPTS);
    assert.deepEqual([big.width, big.height], [600, 400]);
  });

  test('noise σ 10 on a greyscale photo has σ 10 ± 5 % against the source', async () => {
    const source = luma((await decodeImage(src('camera.png'), 0)).raw);
    const noisy = luma(await pixels((await augmentImage(src('camera.png'), [op('noise', { sigma: 10 })], rand(), OPTS)).bytes));
    const diff = noisy.map((v, i) => v - source[i]);
    // Only pixels far from 0 and 255, where clipping cannot shorten the noise.
    const free = diff.filter((_, i) => source[i] > 40 && source[i] < 215);
    assert.ok(Math.abs(std(free) - 10) < 0.5, String(std(free)));
    assert.ok(Math.abs(mean(free)) < 0.2);
  });

  test('jpeg re-encodes at the quality asked (and a chain ending in it is encoded once); other chains keep the source format', async () => {
    const q30 = await augmentImage(src('astronaut.png'), [op('jpeg', { quality: 30 })], rand(), OPTS);
    const q90 = await augmentImage(src('astronaut.png'), [op('jpeg', { quality: 90 })], rand(), OPTS);
    assert.equal(q30.mimeType, 'image/jpeg');
    assert.ok(q30.bytes.length < q90.bytes.length / 2);
    const direct = await sharp(src('astronaut.png')).jpeg({ quality: 30 }).toBuffer();
    assert.equal(crypto.createHash('sha256').update(q30.bytes).digest('hex'), crypto.createHash('sha256').update(direct).digest('hex'));
    assert.equal((await augmentImage(src('astronaut.png'), [op('flip_vertical')], rand(), OPTS)).mimeType, 'image/png');
    assert.equal((await augmentImage(src('rocket.jpg'), [op('flip_vertical')], rand(), OPTS)).mimeType, 'image/jpeg');
  });

  test('the same chain and seed give byte-identical output; another seed other samples', async () => {
    const chain = [
      { op: 'flip_horizontal' },
      { op: 'brightness', params: { factor: { min: 0.5, max: 1.5 } } },
      { op: 'noise', params: { sigma: { min: 2, max: 8 } } },
      { op: 'jpeg', params: { quality: { min: 60, max: 90 } } },
    ];
    const run = async (seed: number) => {
      const ops = resolveChain(chain, 'image', seed, 'chelsea', 0, 0);
      const r = await augmentImage(src('chelsea.png'), ops, seededRandom(`${seed} chelsea pixels`), OPTS);
      return { ops, sha: crypto.createHash('sha256').update(r.bytes).digest('hex') };
    };
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    assert.equal(a.sha, b.sha);
    assert.deepEqual(a.ops, b.ops);
    assert.notEqual(a.sha, c.sha);
    const f = a.ops[1].params.factor as number;
    const q = a.ops[3].params.quality as number;
    assert.ok(f >= 0.5 && f <= 1.5 && Number.isInteger(q) && q >= 60 && q <= 90, JSON.stringify(a.ops));
  });

  test('an unreadable source is INVALID_MEDIA', async () => {
    await assert.rejects(augmentImage(src('truncated.jpg'), [op('flip_vertical')], rand(), OPTS), (e: { code?: string }) => e.code === 'INVALID_MEDIA');
  });

  test('augmentRaw applies ops to pixels already decoded (one decode for several copies)', async () => {
    const { raw, format } = await decodeImage(src('chelsea.png'), 0);
    const a = await augmentRaw(raw, format, [op('flip_vertical')], rand());
    const b = await augmentImage(src('chelsea.png'), [op('flip_vertical')], rand(), OPTS);
    assert.equal(Buffer.compare(a.bytes, b.bytes), 0);
  });
});

describe('recipes: ops and params are checked, naming what is wrong', () => {
  const refuses = (name: string, params: unknown, modality: 'image' | 'text', param: string | null, pattern: RegExp) =>
    assert.throws(
      () => checkOp(name, params, modality),
      (e: unknown) => e instanceof AugmentRecipeError && e.op === name && e.param === param && pattern.test(e.message),
    );

  test('unknown op, op of another modality, unknown or missing param, wrong type, out of range, bad range', () => {
    refuses('mirror', {}, 'image', null, /Unknown op "mirror"/);
    refuses('typos', { rate: 0.1 }, 'image', null, /is for text, not image/);
    refuses('flip_vertical', { axis: 'x' }, 'image', 'axis', /Unknown param "axis".*takes none/);
    refuses('rotate', {}, 'image', 'degrees', /needs "degrees"/);
    refuses('brightness', { factor: 'twice' }, 'image', 'factor', /must be a number in 0..4 or \{min, max\}/);
    refuses('brightness', { factor: 9 }, 'image', 'factor', /in 0..4, got 9/);
    refuses('jpeg', { quality: 50.5 }, 'image', 'quality', /whole number/);
    refuses('blur', { sigma: { min: 3, max: 1 } }, 'image', 'sigma', /min ≤ max/);
    refuses('blur', { sigma: { min: 1 } }, 'image', 'sigma', /a number or \{min, max\}/);
    refuses('rotate', { degrees: 10, fill: 'red' }, 'image', 'fill', /one of black, white, transparent/);
    refuses('flip_horizontal', { captionMap: { left: 3 } }, 'image', 'captionMap', /map words to words/);
    refuses('template', { templates: ['no placeholder'] }, 'text', 'templates', /containing \{prompt\}/);
    refuses('brightness', [1], 'image', null, /must be a JSON object/);
  });

  test('every op of the catalogue has an implementation of its modality, and nothing else does', () => {
    const byModality = (m: string) => Object.keys(OPS).filter((o) => OPS[o].modality === m).sort();
    assert.deepEqual([...IMAGE_OPS].sort(), byModality('image'));
    assert.deepEqual([...AUDIO_OPS].sort(), byModality('audio'));
    assert.deepEqual([...TEXT_OPS].sort(), byModality('text'));
  });

  test('defaults are filled in and the record keeps the values used', () => {
    assert.deepEqual(resolveOp('rotate', { degrees: 15 }, 'image', () => 0).params, { degrees: 15, fill: 'black' });
    assert.deepEqual(resolveOp('crop', { fraction: { min: 0.5, max: 0.9 } }, 'image', () => 0.5).params, { fraction: 0.7, position: 'centre' });
  });
});

describe('text ops', () => {
  const T = 'Explain the difference between a list and a tuple in Python.';
  const t = (name: string, params: Record<string, unknown>, seed = 'text') => augmentText(T, resolveOp(name, params, 'text', () => 0.5), seededRandom(seed));

  test('rate 0 changes nothing; rate 1 changes every letter (case) or every gap (whitespace)', () => {
    for (const name of ['case_noise', 'whitespace_noise', 'typos']) assert.equal(t(name, { rate: 0 }), T, name);
    assert.equal(t('case_noise', { rate: 1 }), 'eXPLAIN THE DIFFERENCE BETWEEN A LIST AND A TUPLE IN pYTHON.');
    assert.equal(t('whitespace_noise', { rate: 1 }), T.split(' ').join('  '));
  });

  test('typos replace letters by keyboard neighbours, keep length and case, at about the rate', () => {
    const out = t('typos', { rate: 0.2 });
    assert.equal(out.length, T.length);
    let changed = 0;
    for (let i = 0; i < T.length; i++) {
      if (out[i] === T[i]) continue;
      changed++;
      assert.equal(out[i] === out[i].toUpperCase(), T[i] === T[i].toUpperCase(), 'case kept');
    }
    const letters = T.replace(/[^A-Za-z]/g, '').length;
    assert.ok(changed > 0.08 * letters && changed < 0.35 * letters, `${changed} of ${letters}`);
    assert.equal(t('typos', { rate: 0.2 }, 'text'), out, 'seeded');
  });

  test('template wraps the prompt in one of the templates', () => {
    const out = t('template', { templates: ['Q: {prompt}\nA:', 'Question: {prompt}'] });
    assert.ok(out === `Q: ${T}\nA:` || out === `Question: ${T}`, out);
  });

  test('a horizontal flip swaps left and right in a caption, keeping capitals', () => {
    assert.equal(rewriteWords('Left view of a bike; the rider looks right, LEFT hand up.', { left: 'right', right: 'left' }), 'Right view of a bike; the rider looks left, RIGHT hand up.');
    assert.equal(rewriteWords('leftover bright', { left: 'right', right: 'left' }), 'leftover bright', 'whole words only');
  });
});

describe('audio ops do what they say, on corpus speech', () => {
  const AUDIO = path.join(CORPUS_IMAGES, '../audio');
  const clipOf = (f: string) => decodeClip(fs.readFileSync(path.join(AUDIO, f)));
  const aop = (name: string, params: Record<string, unknown> = {}) => resolveOp(name, params, 'audio', () => 0.5);
  const run = (c: Clip, ...ops: ResolvedOp[]) => augmentClip(c, ops, seededRandom('audio'));
  const powerOf = (x: Float32Array) => x.reduce((s, v) => s + v * v, 0) / x.length;

  /** Median F0 (Hz) over voiced 64 ms frames, YIN (pitchfinder). */
  function medianF0(c: Clip): number {
    const detect = YIN({ sampleRate: c.sampleRate, threshold: 0.15 });
    const frame = Math.round(0.064 * c.sampleRate);
    const f0s: number[] = [];
    for (let at = 0; at + frame <= c.samples.length; at += frame >> 2) {
      const f = detect(c.samples.subarray(at, at + frame));
      if (f && f > 60 && f < 500) f0s.push(f);
    }
    f0s.sort((a, b) => a - b);
    assert.ok(f0s.length > 10, `voiced frames: ${f0s.length}`);
    return f0s[f0s.length >> 1];
  }
  const semitones = (a: number, b: number) => 12 * Math.log2(b / a);

  test('add_noise at 10 dB SNR measures 10 ± 1 dB against the source (white, pink, brown), also after the WAV round trip', async () => {
    const c = clipOf('tts_01.wav');
    for (const colour of ['white', 'pink', 'brown']) {
      const out = await run(c, aop('add_noise', { snrDb: 10, colour }));
      const residual = out.samples.map((v, i) => v - c.samples[i]);
      const snr = 10 * Math.log10(powerOf(c.samples) / powerOf(residual));
      assert.ok(Math.abs(snr - 10) < 1, `${colour}: ${snr}`);
      const back = decodeClip(encodeWav(out));
      const snr2 = 10 * Math.log10(powerOf(c.samples) / powerOf(back.samples.map((v, i) => v - c.samples[i])));
      assert.ok(Math.abs(snr2 - 10) < 1, `${colour} after WAV: ${snr2}`);
    }
  });

  test('add_noise with a recorded noise clip of another sample rate (Noise.wav, 48 kHz) into 16 kHz speech', async () => {
    const c = clipOf('tts_01.wav');
    const noise = clipOf('Noise.wav');
    const out = await augmentClip(c, [aop('add_noise', { snrDb: 5, noiseKey: 'noise-clip' })], seededRandom('n'), { noiseClip: (k) => (k === 'noise-clip' ? noise : undefined) });
    const snr = 10 * Math.log10(powerOf(c.samples) / powerOf(out.samples.map((v, i) => v - c.samples[i])));
    assert.ok(Math.abs(snr - 5) < 1, String(snr));
    await assert.rejects(augmentClip(c, [aop('add_noise', { snrDb: 5, noiseKey: 'missing' })], seededRandom('n'), {}), /not available/);
  });

  test('speed 1.1 shortens the duration by 1/1.1 ± 1 % and raises the pitch with it', async () => {
    const c = clipOf('tts_02.wav');
    const out = await run(c, aop('speed', { factor: 1.1 }));
    assert.ok(Math.abs(out.samples.length / c.samples.length - 1 / 1.1) < 0.01 / 1.1);
    assert.equal(out.sampleRate, c.sampleRate);
    assert.ok(Math.abs(semitones(medianF0(c), medianF0(out)) - 12 * Math.log2(1.1)) < 0.5);
  });

  test('pitch_shift keeps the duration within 1 % and moves F0 by the semitones ± 0.5; time_stretch keeps F0 within 0.5 semitone', async () => {
    const c = clipOf('tts_03.wav');
    const f0 = medianF0(c);
    for (const s of [-3, 4]) {
      const out = await run(c, aop('pitch_shift', { semitones: s }));
      assert.ok(Math.abs(out.samples.length / c.samples.length - 1) < 0.01);
      const moved = semitones(f0, medianF0(out));
      assert.ok(Math.abs(moved - s) < 0.5, `asked ${s}, moved ${moved}`);
    }
    for (const f of [0.8, 1.25]) {
      const out = await run(c, aop('time_stretch', { factor: f }));
      assert.ok(Math.abs(out.samples.length / c.samples.length - 1 / f) < 0.01);
      assert.ok(Math.abs(semitones(f0, medianF0(out))) < 0.5, `factor ${f}`);
    }
  });

  test('telephone: 8 kHz, nothing above 3.6 kHz (< −30 dB) and little below 300 Hz', async () => {
    const out = await run(clipOf('Front_Center.wav'), aop('telephone'));
    assert.equal(out.sampleRate, 8000);
    let size = 1;
    while (size < out.samples.length) size <<= 1;
    const fft = new FFT(size);
    const spec = fft.createComplexArray() as number[];
    const input = new Array<number>(size).fill(0);
    out.samples.forEach((v, i) => (input[i] = v));
    fft.realTransform(spec, input);
    let total = 0;
    let high = 0;
    let low = 0;
    for (let k = 1; k < size / 2; k++) {
      const e = spec[2 * k] ** 2 + spec[2 * k + 1] ** 2;
      const f = (k * 8000) / size;
      total += e;
      if (f > 3600) high += e;
      if (f < 200) low += e;
    }
    assert.ok(10 * Math.log10(high / total) < -30, String(10 * Math.log10(high / total)));
    assert.ok(10 * Math.log10(low / total) < -30, String(10 * Math.log10(low / total)));
  });

  test('gain, shift, pad and reverb: level, timing and length as asked', async () => {
    const c = clipOf('tts_04.wav');
    const quieter = await run(c, aop('gain', { db: -6 }));
    assert.ok(Math.abs(10 * Math.log10(powerOf(quieter.samples) / powerOf(c.samples)) + 6) < 0.01);
    const shifted = await run(c, aop('shift', { seconds: 0.5 }));
    assert.equal(shifted.samples.length, c.samples.length);
    assert.equal(shifted.samples[8000 + 1234], c.samples[1234]);
    assert.equal(shifted.samples[100], 0);
    const padded = await run(c, aop('pad', { before: 0.25, after: 1 }));
    assert.equal(padded.samples.length, c.samples.length + 4000 + 16000);
    const wet = await run(c, aop('reverb', { roomSize: 0.6, wet: 0.5 }));
    assert.equal(wet.samples.length, c.samples.length);
    // Reverb fills the pauses: the quietest tenth of 20 ms frames gets louder.
    const quietest = (x: Float32Array) => {
      const e: number[] = [];
      for (let i = 0; i + 320 <= x.length; i += 320) e.push(powerOf(x.subarray(i, i + 320)));
      e.sort((a, b) => a - b);
      return e[Math.floor(e.length / 10)];
    };
    assert.ok(quietest(wet.samples) > 4 * quietest(c.samples));
  });

  test('the same ops and seed give the same WAV bytes', async () => {
    const c = clipOf('tts_05.wav');
    const chain = [{ op: 'add_noise', params: { snrDb: { min: 5, max: 20 }, colour: 'pink' } }, { op: 'speed', params: { factor: { min: 0.9, max: 1.1 } } }, { op: 'pitch_shift', params: { semitones: 2 } }];
    const make = async (seed: number) => encodeWav(await augmentClip(c, resolveChain(chain, 'audio', seed, 'tts_05', 0, 0), seededRandom(`${seed} tts_05`)));
    const [a, b, d] = [await make(1), await make(1), await make(2)];
    assert.equal(Buffer.compare(a, b), 0);
    assert.notEqual(Buffer.compare(a, d), 0);
  });
});
