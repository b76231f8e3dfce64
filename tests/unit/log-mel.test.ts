/**
 * The audio-keywords front end (src/trainer/log-mel.ts): the mel filterbank puts a tone in the
 * band that holds its frequency, the loudest window is where the sound is, features ignore the
 * recording level, and transcripts become keywords the same however they are written.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameCount, LogMel, loudestWindow, melFilterbank } from '../../src/trainer/log-mel.js';
import { keywordOf, poolFrames } from '../../src/trainer/tasks/audio-keywords.js';

const RATE = 16_000;
const tone = (hz: number, seconds: number, amp = 0.5) => Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / RATE));
/** A tone over a faint noise floor (seeded), scaled as a whole: a real recording at two levels. */
const noisyTone = (hz: number, seconds: number, amp: number) => {
  let s = 7;
  const noise = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.02;
  return tone(hz, seconds, 1).map((x) => amp * (x + noise()));
};

test('a 1 kHz tone peaks in the mel band centred nearest 1 kHz; features do not depend on the level', () => {
  const mels = 40;
  const mel = new LogMel({ sampleRate: RATE, length: RATE, mels });
  assert.equal(mel.frames, frameCount(RATE));
  const a = new Float32Array(mel.frames * mels);
  const b = new Float32Array(mel.frames * mels);
  mel.compute(noisyTone(1000, 1, 0.5), a);
  mel.compute(noisyTone(1000, 1, 0.05), b);
  const mid = Math.floor(mel.frames / 2) * mels;
  const row = [...a.subarray(mid, mid + mels)];
  const peak = row.indexOf(Math.max(...row));
  // the band whose triangle weighs 1 kHz's FFT bin the most
  const bank = melFilterbank(RATE, mels, 512);
  const bin = Math.round((1000 * 512) / RATE);
  const expected = bank.map((w) => w[bin]).reduce((best, w, i, all) => (w > all[best] ? i : best), 0);
  assert.equal(peak, expected);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-2, `level-independent at ${i}: ${a[i]} vs ${b[i]}`);
});

test('the loudest window holds the sound; a short clip is padded in the middle', () => {
  const clip = new Float32Array(3 * RATE);
  clip.set(tone(440, 0.5), 2 * RATE);
  const w = loudestWindow(clip, RATE);
  assert.equal(w.length, RATE);
  const energy = w.reduce((s, x) => s + x * x, 0);
  assert.ok(energy > 0.99 * tone(440, 0.5).reduce((s, x) => s + x * x, 0));
  const short = loudestWindow(tone(440, 0.25), RATE);
  assert.equal(short.length, RATE);
  assert.equal(short[0], 0);
  assert.notEqual(short[RATE / 2], 0);
});

test('poolFrames averages runs of frames; keywordOf normalises case, punctuation and spacing', () => {
  const x = Float32Array.from([1, 10, 3, 30, 5, 50, 7, 70]); // 4 frames × 2 mels
  const out = new Float32Array(4);
  poolFrames(x, 4, 2, 2, out, 0);
  assert.deepEqual([...out], [2, 20, 6, 60]);
  assert.equal(keywordOf('  Front!  '), 'front');
  assert.equal(keywordOf('Turn-LEFT, now'), 'turn left now');
  assert.equal(keywordOf('Ｆｒｏｎｔ'), 'front');
});
