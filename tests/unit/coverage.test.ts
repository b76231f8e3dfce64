/**
 * Coverage on real measurements: corpus photos measured by the image analyser, their augmented
 * copies made by the augmentation ops, and text and audio metrics — each item bucketed per axis,
 * counted per cell, scored; and the spec's validation naming the setting.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { AppError } from '../../src/errors.js';
import { augmentImage } from '../../src/media/augment/image.js';
import { seededRandom } from '../../src/media/augment/random.js';
import { resolveOp } from '../../src/media/augment/recipe.js';
import { analyzeImage } from '../../src/media/quality/image.js';
import type { Metrics } from '../../src/media/quality/types.js';
import { bucketOf, CoverageCounter, DEFAULT_COVERAGE_SPECS, mergeCoverageSpec, requestedAxes, type CoverageItem } from '../../src/modules/coverage/index.js';
import { CORPUS_IMAGES } from '../helpers/image-derive.js';

const OPTS = { maxPixels: 50_000_000 };
const IMAGES = DEFAULT_COVERAGE_SPECS.IMAGE_CAPTION;
const badInput = (field: RegExp) => (e: unknown) => e instanceof AppError && e.code === 'BAD_USER_INPUT' && field.test(String((e.extensions as { field?: string }).field));

async function measured(file: string, ops: Array<[string, Record<string, unknown>]> = []): Promise<Metrics> {
  const input = ops.length
    ? (await augmentImage(path.join(CORPUS_IMAGES, file), ops.map(([o, p]) => resolveOp(o, p, 'image', () => 0.5)), seededRandom(file), OPTS)).bytes
    : path.join(CORPUS_IMAGES, file);
  return (await analyzeImage(input, OPTS)).metrics;
}

describe('image coverage from measured photos and augmented copies', () => {
  const bright: CoverageItem[] = [];
  const darkened: CoverageItem[] = [];
  before(async () => {
    // Four photos brightened into the `bright` band, as a dataset shot in one light would be; then
    // darkened (flipped) and plain copies of those and of a dusk photo.
    for (const f of ['astronaut.png', 'chelsea.png', 'coffee.png', 'motorcycle_left.png', 'rocket.jpg']) {
      const label = f === 'chelsea.png' ? 'cat' : 'object';
      if (f !== 'rocket.jpg') {
        for (const factor of [2.2, 2.5]) bright.push({ labels: [label], attributes: {}, metrics: await measured(f, [['brightness', { factor }], ['contrast', { factor: 0.5 }]]) });
      }
      darkened.push({ labels: ['object'], attributes: { orientation: 'flipped' }, metrics: await measured(f, [['brightness', { factor: 0.35 }]]) });
      darkened.push({ labels: ['object'], attributes: {}, metrics: await measured(f) });
    }
  });

  test('a dataset whose images are all bright has lighting missing dark and normal; darkened and plain copies close the gap', () => {
    const before = new CoverageCounter(IMAGES, ['lighting'], false);
    bright.forEach((i) => before.add(i));
    const a = before.result(3);
    assert.deepEqual(a.axes[0].buckets.map((b) => [b.name, b.count]), [['dark', 0], ['normal', 0], ['bright', 8]]);
    assert.equal(a.score, 0.3333);
    assert.deepEqual(a.missing.map((m) => m.values[0]).sort(), ['dark', 'normal']);
    const after = new CoverageCounter(IMAGES, ['lighting'], false);
    [...bright, ...darkened].forEach((i) => after.add(i));
    const b = after.result(3);
    assert.equal(b.score, 1, JSON.stringify(b.axes));
    assert.deepEqual(b.missing, []);
  });

  test('per label: a class only ever seen in bright light is a gap even when the dataset is covered', () => {
    const c = new CoverageCounter(IMAGES, ['lighting'], true);
    [...bright, ...darkened].forEach((i) => c.add(i));
    const r = c.result(2);
    const cat = r.perLabel!.find((l) => l.label === 'cat')!;
    assert.deepEqual(cat.missing.map((m) => m.values[0]).sort(), ['dark', 'normal']);
    assert.equal(r.perLabel![0].label, 'cat', 'worst first');
    assert.equal(r.perLabel!.find((l) => l.label === 'object')!.score, 1);
  });

  test('pairs are full grids for a heat map; declared attributes and defaults bucket; colour from the chroma', () => {
    const c = new CoverageCounter(IMAGES, ['lighting', 'orientation', 'colour'], false);
    [...bright, ...darkened].forEach((i) => c.add(i));
    const r = c.result(1);
    const pair = r.pairs.find((p) => p.axes[0] === 'lighting' && p.axes[1] === 'orientation')!;
    assert.deepEqual(pair.cells.find((x) => x.values[0] === 'dark' && x.values[1] === 'flipped')?.count, 5);
    // Orientation declares original / flipped / rotated: a rotated gap shows even when nothing is rotated.
    assert.equal(pair.cells.length, 3 * 3);
    assert.equal(pair.cells.find((x) => x.values[0] === "dark" && x.values[1] === "rotated")?.count, 0);
    assert.equal(r.axes.find((a) => a.name === 'orientation')!.buckets.find((b) => b.name === 'original')!.count, 13);
    assert.equal(r.pairs.length, 3);
  });

  test('a missing measurement is unknown and left out of the grid, with a note', () => {
    assert.equal(bucketOf(IMAGES.axes.lighting, { labels: [], attributes: {}, metrics: null }), 'unknown');
    assert.equal(bucketOf(IMAGES.axes.scale, { labels: [], attributes: {}, metrics: { width: 300, height: 900 } }), 'medium');
    const c = new CoverageCounter(IMAGES, ['lighting'], false);
    c.add({ labels: [], attributes: {}, metrics: { analysisError: 'truncated' } });
    const r = c.result(1);
    assert.equal(r.score, 0);
    assert.ok(r.notes.some((n) => n.includes('unknown')));
  });
});

describe('audio and text axes', () => {
  test('noise, rate and pitch bands from analyser metrics; language and declared domain for text', () => {
    const A = DEFAULT_COVERAGE_SPECS.AUDIO_TRANSCRIPT.axes;
    const item = (metrics: Metrics, attributes: Record<string, unknown> = {}) => ({ labels: [], attributes, metrics });
    assert.equal(bucketOf(A.noise, item({ snrDb: 35 })), 'clean');
    assert.equal(bucketOf(A.noise, item({ snrDb: 12 })), 'moderate');
    assert.equal(bucketOf(A.noise, item({ snrDb: 4 })), 'noisy');
    assert.equal(bucketOf(A.pitch, item({ pitchHz: 103 })), 'low');
    assert.equal(bucketOf(A.pitch, item({ pitchHz: 221 })), 'high');
    assert.equal(bucketOf(A.pitch, item({ pitchHz: null })), 'unknown');
    assert.equal(bucketOf(A.speaker, item({}, { speaker: 'espeak-ng:en-us' })), 'espeak-ng:en-us');
    const T = DEFAULT_COVERAGE_SPECS.TEXT_PAIR.axes;
    assert.equal(bucketOf(T.language, item({ language: 'de' })), 'de');
    assert.equal(bucketOf(T.length, item({ responseChars: 1500 })), 'long');
  });
});

describe('specs are data, checked', () => {
  test('a patch adds, replaces and removes axes', () => {
    const s = mergeCoverageSpec('IMAGE_CAPTION', IMAGES, {
      axes: { weather: { source: 'attribute', attribute: 'weather', values: ['sun', 'rain'] }, lighting: { source: 'metric', metric: 'brightnessMean', buckets: [{ name: 'dim', below: 90 }, { name: 'lit' }] }, background: null },
    });
    assert.deepEqual(Object.keys(s.axes).sort(), ['colour', 'lighting', 'orientation', 'scale', 'weather']);
    assert.equal(bucketOf(s.axes.weather, { labels: [], attributes: { weather: 'snow' }, metrics: null }), 'other');
    assert.equal(bucketOf(s.axes.lighting, { labels: [], attributes: {}, metrics: { brightnessMean: 100 } }), 'lit');
    assert.deepEqual(IMAGES.axes.background, { source: 'attribute', attribute: 'background' }, 'the default is untouched');
  });

  test('malformed specs and unknown axes are BAD_USER_INPUT naming the setting', () => {
    const m = (patch: unknown) => () => mergeCoverageSpec('IMAGE_CAPTION', IMAGES, patch);
    assert.throws(m([]), badInput(/^spec$/));
    assert.throws(m({ axes: {}, extra: 1 }), badInput(/^spec\.extra$/));
    assert.throws(m({ axes: { light: { source: 'metric', metric: 'snrDb', buckets: [{ name: 'a', below: 1 }, { name: 'b' }] } } }), badInput(/^spec\.axes\.light\.metric$/));
    assert.throws(m({ axes: { light: { source: 'metric', metric: 'brightnessMean', buckets: [{ name: 'a', below: 5 }, { name: 'b', below: 3 }, { name: 'c' }] } } }), badInput(/buckets\[1\]\.below$/));
    assert.throws(m({ axes: { light: { source: 'metric', metric: 'brightnessMean', buckets: [{ name: 'a', below: 5 }, { name: 'b', below: 9 }] } } }), badInput(/buckets\[1\]\.below$/));
    assert.throws(m({ axes: { light: { source: 'metric', metric: 'brightnessMean', buckets: [{ name: 'unknown', below: 5 }, { name: 'b' }] } } }), badInput(/buckets\[0\]\.name$/));
    assert.throws(m({ axes: { Light: { source: 'attribute', attribute: 'x' } } }), badInput(/^spec\.axes\.Light$/));
    assert.throws(m({ axes: { light: { source: 'sensor' } } }), badInput(/^spec\.axes\.light\.source$/));
    assert.throws(m({ axes: { light: { source: 'attribute', attribute: 'x', values: ['a', 'a'] } } }), badInput(/values$/));
    assert.throws(m({ axes: { lighting: null, orientation: null, background: null, scale: null, colour: null } }), badInput(/^spec\.axes$/));
    assert.throws(() => requestedAxes(IMAGES, ['lighting', 'weather']), (e: unknown) => e instanceof AppError && e.code === 'BAD_USER_INPUT' && /weather/.test(e.message));
    assert.deepEqual(requestedAxes(IMAGES, null), Object.keys(IMAGES.axes));
  });

  test('a grid too large to read is refused', () => {
    const axes: Record<string, unknown> = {};
    for (const n of ['a', 'b', 'c', 'd', 'e']) axes[n] = { source: 'metric', metric: 'brightnessMean', buckets: Array.from({ length: 8 }, (_, i) => (i < 7 ? { name: `b${i}`, below: i * 10 } : { name: 'top' })) };
    const s = mergeCoverageSpec('IMAGE_CAPTION', IMAGES, { axes });
    const c = new CoverageCounter(s, ['a', 'b', 'c', 'd', 'e'], false);
    c.add({ labels: [], attributes: {}, metrics: { brightnessMean: 1 } });
    assert.throws(() => c.result(1), (e: unknown) => e instanceof AppError && e.code === 'BAD_USER_INPUT' && /32768 cells/.test(e.message));
  });

  test('a declared attribute with too many values is refused while scanning, not after', () => {
    const c = new CoverageCounter(DEFAULT_COVERAGE_SPECS.AUDIO_TRANSCRIPT, ['noise', 'speaker', 'domain', 'accent'], false);
    let added = 0;
    assert.throws(
      () => {
        for (let i = 0; i < 100_000; i++) {
          c.add({ labels: [], attributes: { speaker: `s${i % 90}`, domain: `d${i % 30}`, accent: `a${i % 20}` }, metrics: { snrDb: 40 } });
          added++;
        }
      },
      (e: unknown) => e instanceof AppError && e.code === 'BAD_USER_INPUT' && (e.extensions as { field?: string }).field === 'axes',
    );
    assert.ok(added < 1000, `refused after ${added} items`);
  });

  test('per label, the emptiest gaps are listed (at most 100) and all are counted', () => {
    const axes: Record<string, unknown> = {};
    for (const n of ['a', 'b', 'c']) axes[n] = { source: 'metric', metric: 'brightnessMean', buckets: Array.from({ length: 10 }, (_, i) => (i < 9 ? { name: `b${i}`, below: (i + 1) * 10 } : { name: 'top' })) };
    const s = mergeCoverageSpec('IMAGE_CAPTION', IMAGES, { axes });
    const c = new CoverageCounter(s, ['a', 'b', 'c'], true);
    for (let i = 0; i < 50; i++) c.add({ labels: ['x'], attributes: {}, metrics: { brightnessMean: 5 } });
    c.add({ labels: ['x'], attributes: {}, metrics: { brightnessMean: 95 } });
    const r = c.result(2);
    const x = r.perLabel!.find((l) => l.label === 'x')!;
    assert.equal(x.missingCount, 999);
    assert.equal(x.missing.length, 100);
    assert.deepEqual(x.missing[0], { values: ['b0', 'b0', 'b1'], count: 0 }, 'grid order among the empty ones');
    assert.equal(r.missing.length, 999);
    assert.deepEqual(r.missing.at(-1), { values: ['top', 'top', 'top'], count: 1 }, 'emptiest first: the one-item cell last');
    assert.equal(x.score, Math.round((1 / 1000) * 1e4) / 1e4);
  });
});

