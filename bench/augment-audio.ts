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
 * Ours is the `augment` job (src/modules/augment): one item per clip and round (the same blobs,
 * distinct keys, so each copy has its own seed), each copy made in the augment worker thread,
 * stored and written as an uncommitted derived item; the items are added first (not timed) and the
 * job's scoring of its copies is timed and printed apart. `--media-layer` times the ops alone in
 * this thread (what this bench measured before the job existed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { augmentClip, decodeClip, encodeWav } from '../src/media/augment/audio.js';
import { seededRandom } from '../src/media/augment/random.js';
import { resolveChain } from '../src/media/augment/recipe.js';
import { toGlobalId } from '../src/ids.js';
import type { AugmentResult } from '../src/modules/augment/index.js';
import { augmentNow } from '../src/modules/augment/commands/augment.js';
import { ACTOR, CORPUS, createDataset, emit, floorOursFloor, machineLine, median, nowMs, openApp, round, tempDir } from './lib.js';

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

/** The augment job over ≥ MINUTES of clips as items: seconds to make and write the copies. */
async function job(): Promise<void> {
  const all = clips();
  const { dir, cleanup } = tempDir('augment-audio');
  const { app, close } = openApp(dir);
  try {
    const d = createDataset(app, 'AUDIO_TRANSCRIPT', 'augment-bench');
    const shas = new Map<string, string>();
    for (const c of all) shas.set(c.name, (await app.media.ingestFile(path.join(CORPUS, 'audio', c.name), ACTOR)).sha256);
    const items = [];
    let consumed = 0;
    for (let round = 0; consumed < MINUTES * 60; round++) {
      for (const c of all) {
        items.push({ key: `r${String(round).padStart(3, '0')}-${c.name}`, mediaSha256: shas.get(c.name)!, transcript: 'speech' });
        consumed += c.seconds;
        if (consumed >= MINUTES * 60) break;
      }
    }
    for (let i = 0; i < items.length; i += 250) app.items.add(ACTOR, d, 'main', items.slice(i, i + 250));
    const done = await augmentNow({ app, actor: ACTOR }, { dataset: toGlobalId('Dataset', d.id), recipe: [{ ops: CHAIN }], seed: 1 });
    if (done.state !== 'SUCCEEDED') throw new Error(`augment ${done.state}: ${done.error}`);
    const r = JSON.parse(done.result!) as AugmentResult;
    if (r.created !== items.length) throw new Error(`made ${r.created} of ${items.length}`);
    const produced = (app.db.$client.prepare(
      `SELECT SUM(m.duration_seconds) AS s FROM branch_changes b JOIN item_revisions r ON r.id = b.revision_id JOIN media m ON m.sha256 = r.media_sha256 WHERE r.derivation IS NOT NULL`,
    ).get() as { s: number }).s;
    console.log(JSON.stringify({ ms: r.seconds.copies * 1000, produced, consumed, scoringMs: r.seconds.scoring * 1000 }));
  } finally {
    close();
    cleanup();
  }
}

async function child(kind: 'floor' | 'ours'): Promise<void> {
  if (kind === 'ours' && !process.argv.includes('--media-layer')) return job();
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
  type R = { ms: number; produced: number; consumed: number; scoringMs?: number };
  const mediaLayer = process.argv.includes('--media-layer') ? ['--media-layer'] : [];
  const { floors, ours } = await floorOursFloor<R, R>(SELF, ['--child', 'floor'], ['--child', 'ours', ...mediaLayer]);
  const rtf = ours.produced / (ours.ms / 1000);
  const floorRtf = median(floors.map((f) => f.produced / (f.ms / 1000)));
  console.log(`ours : ${(ours.produced / 60).toFixed(1)} min of audio in ${(ours.ms / 1000).toFixed(2)} s = ${rtf.toFixed(0)}× real time (${mediaLayer.length ? 'media layer only' : 'the augment job: copies made, stored and written'})`);
  if (ours.scoringMs !== undefined) console.log(`       then scoring the copies: ${(ours.scoringMs / 1000).toFixed(2)} s (not in the figure)`);
  console.log(`floor: decode + encode ${floorRtf.toFixed(0)}× real time; ours ÷ floor = ${(rtf / floorRtf).toFixed(3)}`);
  console.log(`real-time factor: ${rtf.toFixed(0)}× (target ≥ ${TARGET_RTF}×) ${rtf >= TARGET_RTF ? 'PASS' : 'FAIL'}`);
  emit({ bench: 'augment-audio', ours: mediaLayer.length ? 'media layer' : 'augment job', ratio: round(rtf / floorRtf, 4), target: `real-time factor >= ${TARGET_RTF}`, pass: rtf >= TARGET_RTF, realTimeFactor: round(rtf, 1), floorRealTimeFactor: round(floorRtf, 1), audioMinutes: round(ours.produced / 60, 1) });
}

if (process.argv[2] === '--child') await child(process.argv[3] as 'floor' | 'ours');
else await main();
