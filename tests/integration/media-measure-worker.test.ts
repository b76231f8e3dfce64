/**
 * Audio is measured in the media-measuring worker threads, streamed (issue 7, defect 2). A long
 * WAV, written here at run time (8-bit, 8 kHz, mono, 36 MB ≈ 75 min of one sentence repeated;
 * never committed), is measured without holding the event loop, in bounded memory, with sane
 * metrics and an exact sample hash; a mutation whose new blobs exceed the inline budget hands them
 * to the scoring job; a failing or closed worker gives analysisError, never a hang.
 *
 * The event-loop assertions are structural, not benchmarks: a loop that was held for the analysis
 * shows a delay as long as the analysis itself (seconds); one that only waits shows timer jitter.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import type { DatasetRow, MediaRow } from '../../src/db/schema/index.js';
import { analyzeAudio, audioFlags, EXCERPT_BLOCKS, EXCERPTS } from '../../src/media/quality/audio.js';
import { MediaMeasurer } from '../../src/modules/quality/media-measurer.js';
import { measureMedia } from '../../src/modules/quality/scorer.js';
import { INLINE_MEDIA_BYTES } from '../../src/modules/quality/service.js';
import { CORPUS_AUDIO, corpusClip, resampleTo } from '../helpers/audio-derive.js';
import { buildActor, buildAudioItem, buildDataset, buildTestApp, type TestApp } from '../helpers/factories.js';
import { rng } from '../helpers/rng.js';
import { ROOT } from '../helpers/server.js';
import { tempDir, type TempDir } from '../helpers/temp.js';

const admin = buildActor();
const RATE = 8000;
/** Bytes of samples of the long file: 4,500 s, over INLINE_MEDIA_BYTES and over the 10 min framed whole. */
const DATA_BYTES = 36_000_000;
const LONG_SECONDS = DATA_BYTES / RATE;

/** One period of the long file: tts_01 at 8 kHz, then 0.5 s of pause, under quiet noise; 8-bit. */
function period(): Uint8Array {
  const clip = resampleTo(corpusClip('tts_01.wav'), RATE);
  const rand = rng(1);
  const out = new Uint8Array(clip.samples.length + RATE / 2);
  for (let i = 0; i < out.length; i++) {
    const v = (i < clip.samples.length ? clip.samples[i] : 0) + (rand() - 0.5) * 0.01;
    out[i] = Math.max(0, Math.min(255, Math.round(v * 128 + 128)));
  }
  return out;
}

function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes + (dataBytes & 1), 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE, 28); // byteRate
  h.writeUInt16LE(1, 32); // blockAlign
  h.writeUInt16LE(8, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** The period repeated to `dataBytes` bytes of samples, as a WAV file written piece by piece. */
function writeWav(file: string, dataBytes: number): void {
  const unit = period();
  const piece = Buffer.alloc(unit.length * 64);
  for (let k = 0; k < 64; k++) piece.set(unit, k * unit.length);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, wavHeader(dataBytes));
    for (let left = dataBytes; left > 0; ) {
      const n = Math.min(left, piece.length);
      fs.writeSync(fd, piece, 0, n);
      left -= n;
    }
    if (dataBytes & 1) fs.writeSync(fd, Buffer.alloc(1));
  } finally {
    fs.closeSync(fd);
  }
}

/** sampleHash as docs/quality.md defines it, computed here independently: rate, then every sample as float32. */
function expectedSampleHash(file: string): string {
  const hash = createHash('sha256');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(RATE, 0);
  hash.update(head);
  const fd = fs.openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(1 << 20);
    const floats = new Float32Array(bytes.length);
    for (let pos = 44, left = DATA_BYTES; left > 0; ) {
      const n = fs.readSync(fd, bytes, 0, Math.min(bytes.length, left), pos);
      for (let i = 0; i < n; i++) floats[i] = (bytes[i] - 128) / 128;
      hash.update(new Uint8Array(floats.buffer, 0, n * 4));
      pos += n;
      left -= n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** Runs `fn`, watching the event loop (10 ms resolution) meanwhile. */
async function watchingLoop<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; maxDelayMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  // A loop held until now shows up in the histogram at the next tick: give it one.
  await new Promise((r) => setTimeout(r, 50));
  h.disable();
  return { value, ms, maxDelayMs: h.max / 1e6 };
}

function assertLoopFree(r: { ms: number; maxDelayMs: number }, what: string): void {
  assert.ok(r.maxDelayMs < 200 && r.maxDelayMs < r.ms / 2, `${what}: the event loop was held ${r.maxDelayMs.toFixed(0)} ms during ${r.ms.toFixed(0)} ms of measuring`);
}

let tmp: TempDir;
let longWav: string;
before(() => {
  tmp = tempDir('tuneset-long-wav-');
  longWav = path.join(tmp.dir, 'long.wav');
  writeWav(longWav, DATA_BYTES);
});
after(() => tmp.cleanup());

describe('MediaMeasurer (the worker pool behind measureMedia)', () => {
  let media: MediaMeasurer;
  before(() => {
    media = new MediaMeasurer(1);
  });
  after(() => media.close());

  test('corpus clips measured in the worker: the same measurement as analyzeAudio in-process', async () => {
    for (const name of ['Front_Left.wav', 'tts_01.wav', 'Noise.wav']) {
      const file = path.join(CORPUS_AUDIO, name);
      const a = analyzeAudio(fs.readFileSync(file));
      assert.deepEqual(await measureMedia('audio', file, 0, media), { metrics: a.metrics, exactKey: a.sampleHash, hash64: a.fingerprint }, name);
    }
  });

  test('a 75 min 8-bit 8 kHz WAV: measured off the event loop, through excerpts, with an exact sample hash', async () => {
    const r = await watchingLoop(() => measureMedia('audio', longWav, 0, media));
    assertLoopFree(r, 'measureMedia');
    const { metrics: m, exactKey, hash64 } = r.value;
    assert.equal(m.analysisError, undefined, JSON.stringify(m));
    assert.equal(m.durationSeconds, LONG_SECONDS);
    assert.equal(m.sampleRate, RATE);
    assert.equal(m.bitsPerSample, 8);
    assert.equal(m.channels, 1);
    assert.equal(m.analysedSeconds, EXCERPTS * EXCERPT_BLOCKS * 0.005);
    assert.equal(m.clippedSamples, 0);
    // The excerpts stand for the whole: the same as one minute of the same audio, measured whole.
    const minute = Buffer.concat([wavHeader(60 * RATE), Buffer.from(Buffer.concat(Array(13).fill(Buffer.from(period()))).subarray(0, 60 * RATE))]);
    const whole = analyzeAudio(minute).metrics;
    assert.equal(whole.analysedSeconds, undefined, 'a minute is framed whole');
    assert.ok(Math.abs((m.voicedFraction as number) - (whole.voicedFraction as number)) < 0.05, `${m.voicedFraction} vs ${whole.voicedFraction}`);
    assert.ok(Math.abs((m.snrDb as number) - (whole.snrDb as number)) < 3, `${m.snrDb} vs ${whole.snrDb}`);
    assert.ok(Math.abs((m.voicedSeconds as number) - (m.voicedFraction as number) * LONG_SECONDS) < 5);
    assert.deepEqual(audioFlags(m).sort(), ['LOW_SAMPLE_RATE', 'TOO_LONG']);
    // Every sample is in the exact key, not only the excerpts.
    assert.equal(exactKey, expectedSampleHash(longWav));
    assert.match(hash64!, /^[0-9a-f]{16}$/);
    assert.notEqual(hash64, '0000000000000000');
  });

  test('memory of one analysis does not grow with the file (streamed, excerpts)', () => {
    // In a child process, so that its peak RSS is this analysis's alone.
    const script = `
      import { analyzeAudioFile } from ${JSON.stringify(path.join(ROOT, 'src/media/quality/audio-file.ts'))};
      const before = process.memoryUsage().rss;
      const a = analyzeAudioFile(${JSON.stringify(longWav)});
      console.log(JSON.stringify({ before, peak: process.resourceUsage().maxRSS * 1024, duration: a.metrics.durationSeconds }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const { before: rss0, peak, duration } = JSON.parse(out.trim().split('\n').pop()!) as { before: number; peak: number; duration: number };
    assert.equal(duration, LONG_SECONDS);
    // Held whole, the file alone is 36 MB and its samples as float32 144 MB.
    const grewMb = (peak - rss0) / 2 ** 20;
    assert.ok(grewMb < 40, `RSS grew ${grewMb.toFixed(0)} MiB while analysing a ${DATA_BYTES / 1e6} MB WAV`);
  });

  test('a worker that fails gives analysisError, at once', { timeout: 20_000 }, async () => {
    const worker = (code: string) => new URL(`data:text/javascript,${encodeURIComponent(code)}`);
    const throwing = new MediaMeasurer(1, worker(`import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => { throw new Error('boom'); });`));
    const exiting = new MediaMeasurer(1, worker(`import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => process.exit(3));`));
    try {
      const file = path.join(CORPUS_AUDIO, 'tts_01.wav');
      const [a, b] = await Promise.all([measureMedia('audio', file, 0, throwing), measureMedia('audio', file, 0, throwing)]);
      for (const r of [a, b]) {
        assert.match(String(r.metrics.analysisError), /boom/);
        assert.equal(r.exactKey, null);
      }
      assert.match(String((await measureMedia('audio', file, 0, exiting)).metrics.analysisError), /exit code 3/);
      // A later request gets a new worker (which fails again here, but answers).
      assert.match(String((await measureMedia('audio', file, 0, exiting)).metrics.analysisError), /exit code 3/);
      assert.equal(exiting.pending, 0);
    } finally {
      throwing.close();
      exiting.close();
    }
  });

  test('close() answers the requests in flight at once', async () => {
    const m = new MediaMeasurer(1);
    const measuring = measureMedia('audio', longWav, 0, m);
    const t0 = performance.now();
    m.close();
    const r = await measuring;
    assert.match(String(r.metrics.analysisError), /closed/);
    assert.ok(performance.now() - t0 < 1000);
    assert.match(String((await measureMedia('audio', longWav, 0, m)).metrics.analysisError), /closed/);
  });
});

describe('inline scoring budget (addItems / updateItem)', () => {
  let t: TestApp;
  let d: DatasetRow;
  let big: MediaRow;
  let small: MediaRow;
  before(async () => {
    t = buildTestApp();
    d = buildDataset(t.app, { modality: 'AUDIO_TRANSCRIPT' });
    big = await t.app.media.ingestFile(longWav, admin);
    small = await t.app.media.ingestFile(path.join(CORPUS_AUDIO, 'tts_02.wav'), admin);
  });
  after(() => t.cleanup());

  const qualityOf = (revisionId: number) => t.app.quality.qualities([{ revisionId, policyVersion: 1 }])[0];

  async function finished(jobId: number) {
    for (;;) {
      const j = t.app.jobs.byId(jobId)!;
      if (j.state !== 'QUEUED' && j.state !== 'RUNNING') return j;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  test('a blob within the budget is measured before the mutation answers', async () => {
    const [item] = t.app.items.add(admin, d, 'main', [buildAudioItem({ mediaSha256: small.sha256, transcript: 'hello there' })]);
    assert.equal(await t.app.quality.scoreRevisions(d, [item.revisionId]), null);
    const q = qualityOf(item.revisionId);
    assert.ok(q, 'scored inline');
    assert.equal(typeof q.metrics.durationSeconds, 'number');
    assert.equal(q.metrics.analysisError, undefined);
  });

  test('a blob over the budget goes to the scoring job, which measures it off the event loop', async () => {
    assert.ok(big.byteSize > INLINE_MEDIA_BYTES, `${big.byteSize} bytes`);
    const [item] = t.app.items.add(admin, d, 'main', [buildAudioItem({ mediaSha256: big.sha256, transcript: 'a long recording' })]);
    const inline = await watchingLoop(() => t.app.quality.scoreRevisions(d, [item.revisionId]));
    const job = inline.value;
    assert.ok(job, 'scoreRevisions handed the blob to a job instead of measuring it inline');
    assert.equal(job.kind, 'score');
    assert.equal(qualityOf(item.revisionId), null, 'not scored yet');
    const scoring = await watchingLoop(() => finished(job.id));
    assert.equal(scoring.value.state, 'SUCCEEDED', scoring.value.error ?? '');
    assertLoopFree(scoring, 'the scoring job');
    const q = qualityOf(item.revisionId)!;
    assert.ok(q, 'scored by the job');
    assert.equal(q.metrics.durationSeconds, LONG_SECONDS);
    assert.equal(q.metrics.analysedSeconds, 600);
    assert.ok(q.flags.includes('TOO_LONG') && q.flags.includes('LOW_SAMPLE_RATE'), q.flags.join(','));
    // Measured once: another item on the same blob is within the budget (nothing left to measure).
    const [again] = t.app.items.add(admin, d, 'main', [buildAudioItem({ mediaSha256: big.sha256 })]);
    assert.equal(await t.app.quality.scoreRevisions(d, [again.revisionId]), null);
    assert.deepEqual(qualityOf(again.revisionId)!.metrics.durationSeconds, LONG_SECONDS);
  });
});
