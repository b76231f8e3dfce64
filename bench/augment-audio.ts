/**
 * Bench (issue 9): seconds of audio produced per second of wall time (the real-time factor) by the
 * augmentation ops add_noise (pink, 5–20 dB) + speed (0.9–1.1) + pitch_shift (±2 semitones) over
 * at least 10 minutes of corpus speech (the corpus clips, round after round, each a fresh seed),
 * WAV bytes in, WAV bytes out; the floor is bare decode + encode of the same clips, measured before
 * and after ours in children of this script. Target: ≥ 50× real time (the issue's), printed
 * with the floor's own factor and ours ÷ floor.
 *
 *   node --import tsx bench/augment-audio.ts [minutes]     (default 10)
 *
 * Ours today is the media layer (src/media/augment/audio.ts); the `augment` job is not built yet.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { augmentClip, decodeClip, encodeWav } from '../src/media/augment/audio.js';
import { seededRandom } from '../src/media/augment/random.js';
import { resolveChain } from '../src/media/augment/recipe.js';
import { CORPUS, emit, floorOursFloor, machineLine, median, nowMs, round } from './lib.js';

const SELF = fileURLToPath(import.meta.url);
const MINUTES = Math.max(10, Number(process.argv[2]?.startsWith('--') ? 10 : (process.argv[2] ?? 10)) || 10);
const TARGET_RTF = 50;
const CHAIN = [
  { op: 'add_noise', params: { snrDb: { min: 5, max: 20 }, colour: 'pink' } },
  { op: 'speed', params: { factor: { min: 0.9, max: 1.1 } } },
  { op: 'pitch_shift', params: { semitones: { min: -2, max: 2 } } },
];

function clips(): Array<{ name: string; bytes: Buffer; seconds: number }> {
  const dir = path.join(CORPUS, 'audio');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.wav') && f !== 'Noise.wav')
    .sort()
    .map((f) => {
      const bytes = fs.readFileSync(path.join(dir, f));
      const c = decodeClip(bytes);
      return { name: f, bytes, seconds: c.samples.length / c.sampleRate };
    });
}

async function child(kind: 'floor' | 'ours'): Promise<void> {
  const all = clips();
  const target = MINUTES * 60;
  let produced = 0;
  let consumed = 0;
  const t0 = nowMs();
  for (let round = 0; consumed < target; round++) {
    for (const c of all) {
      const clip = decodeClip(c.bytes);
      const out = kind === 'floor' ? clip : await augmentClip(clip, resolveChain(CHAIN, 'audio', round, c.name, 0, 0), seededRandom(`${round} ${c.name}`));
      const wav = encodeWav(out);
      produced += (wav.length - 44) / 2 / out.sampleRate;
      consumed += c.seconds;
      if (consumed >= target) break;
    }
  }
  console.log(JSON.stringify({ ms: nowMs() - t0, produced, consumed }));
}

async function main(): Promise<void> {
  console.log(`augment-audio: add_noise + speed + pitch_shift over ≥ ${MINUTES} min of corpus speech vs bare WAV decode + encode`);
  console.log(machineLine());
  type R = { ms: number; produced: number; consumed: number };
  const { floors, ours } = await floorOursFloor<R, R>(SELF, ['--child', 'floor'], ['--child', 'ours']);
  const rtf = ours.produced / (ours.ms / 1000);
  const floorRtf = median(floors.map((f) => f.produced / (f.ms / 1000)));
  console.log(`ours : ${(ours.produced / 60).toFixed(1)} min of audio in ${(ours.ms / 1000).toFixed(2)} s = ${rtf.toFixed(0)}× real time`);
  console.log(`floor: decode + encode ${floorRtf.toFixed(0)}× real time; ours ÷ floor = ${(rtf / floorRtf).toFixed(3)}`);
  console.log(`real-time factor: ${rtf.toFixed(0)}× (target ≥ ${TARGET_RTF}×) ${rtf >= TARGET_RTF ? 'PASS' : 'FAIL'}`);
  emit({ bench: 'augment-audio', ratio: round(rtf / floorRtf, 4), target: `real-time factor >= ${TARGET_RTF}`, pass: rtf >= TARGET_RTF, realTimeFactor: round(rtf, 1), floorRealTimeFactor: round(floorRtf, 1), audioMinutes: round(ours.produced / 60, 1) });
}

if (process.argv[2] === '--child') await child(process.argv[3] as 'floor' | 'ours');
else await main();
