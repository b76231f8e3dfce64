/**
 * The audio quality analyser over real speech (the shared corpus) and versions of it degraded in
 * JS (tests/helpers/audio-derive.ts) and written as real WAV files, so the decode path runs too.
 *
 * AUDIO_FP_TABLE=1 prints the full fingerprint distance table of docs/quality.md ("Audio quality") (all 20
 * speech files; slower).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import wavefile from 'wavefile';
import { MediaError } from '../../src/media/errors.js';
import {
  analyzeAudio,
  audioFlags,
  DEFAULT_AUDIO_POLICY,
  fingerprintDistance,
  transcriptMetrics,
  type AudioAnalysis,
} from '../../src/media/quality/audio.js';
import { PitchSampler } from '../../src/media/quality/audio-pitch.js';
import type { AudioFlag, Metrics } from '../../src/media/quality/types.js';
import {
  addNoise,
  corpusBytes,
  corpusClip,
  corpusTranscripts,
  cut,
  gain,
  loopTo,
  NEAR_DUPLICATE_VARIANTS,
  padSilence,
  resampleTo,
  toWav,
  type Clip,
} from '../helpers/audio-derive.js';
import { rng } from '../helpers/rng.js';

const { WaveFile } = wavefile;

const CORPUS = corpusTranscripts();
const TRANSCRIPT = Object.fromEntries(CORPUS.map((e) => [e.fileName, e.transcript]));

/** Analyses each corpus file once. */
const analysed = new Map<string, AudioAnalysis>();
function corpusAnalysis(fileName: string): AudioAnalysis {
  let a = analysed.get(fileName);
  if (!a) {
    a = analyzeAudio(corpusBytes(fileName));
    analysed.set(fileName, a);
  }
  return a;
}

/** Flags of a WAV; `transcript` undefined means audio-only metrics (no transcript flags). */
function flagsOf(bytes: Uint8Array, transcript: string | null | undefined): { flags: AudioFlag[]; metrics: Metrics; analysis: AudioAnalysis } {
  const analysis = analyzeAudio(bytes);
  const metrics = transcript === undefined ? analysis.metrics : { ...analysis.metrics, ...transcriptMetrics(transcript, analysis.metrics) };
  return { flags: audioFlags(metrics, DEFAULT_AUDIO_POLICY), metrics, analysis };
}

describe('corpus files', () => {
  assert.equal(CORPUS.length, 21);
  for (const { fileName, transcript } of CORPUS) {
    const expected: AudioFlag[] = fileName === 'Noise.wav' ? ['LOW_SNR', 'MOSTLY_SILENCE', 'TRANSCRIPT_EMPTY'] : [];
    test(`${fileName} → [${expected.join(', ')}]`, () => {
      const { flags, metrics, analysis } = flagsOf(corpusBytes(fileName), transcript);
      assert.deepEqual(flags, expected, JSON.stringify(metrics));
      assert.equal(metrics.sampleRate, fileName.startsWith('tts_') ? 16000 : 48000);
      assert.equal(metrics.channels, 1);
      assert.match(analysis.sampleHash, /^[0-9a-f]{64}$/);
      assert.match(analysis.fingerprint, /^[0-9a-f]{16}$/);
      if (fileName !== 'Noise.wav') {
        // Clean speech: a comfortable distance from every threshold it must not cross.
        assert.ok((metrics.snrDb as number) >= 20, `snrDb ${metrics.snrDb}`);
        assert.ok((metrics.voicedFraction as number) >= 0.5, `voicedFraction ${metrics.voicedFraction}`);
        assert.equal(metrics.clippingFraction, 0);
      } else {
        assert.ok((metrics.snrDb as number) < 5, `snrDb ${metrics.snrDb}`);
        assert.equal(metrics.voicedFraction, 0);
      }
    });
  }

  test('metrics are plain JSON and rounded', () => {
    const { metrics } = flagsOf(corpusBytes('Front_Left.wav'), TRANSCRIPT['Front_Left.wav']);
    assert.deepEqual(JSON.parse(JSON.stringify(metrics)), metrics);
    for (const [k, v] of Object.entries(metrics)) {
      if (typeof v === 'number') assert.equal(v, Number(v.toPrecision(6)), `${k} = ${v} is not rounded`);
    }
    assert.equal(metrics.durationSeconds, 1.48);
    assert.equal(metrics.transcriptChars, 10);
    assert.equal(metrics.transcriptWords, 2);
  });
});

describe('derived files', () => {
  const FL = corpusClip('Front_Left.wav');
  const RR = corpusClip('Rear_Right.wav');
  const T1 = corpusClip('tts_01.wav');
  const T8 = corpusClip('tts_08.wav');
  const long300 = `${Array.from({ length: 50 }, (_, i) => `word${i % 10}`).join(' ')}.`;
  assert.equal(long300.length, 300);

  const rows: Array<[name: string, make: () => Uint8Array, transcript: string | null | undefined, expected: AudioFlag[]]> = [
    ['Front_Left ×8, hard clamp', () => toWav(gain(FL, 8, true)), TRANSCRIPT['Front_Left.wav'], ['CLIPPING']],
    ['tts_01 ×8, hard clamp', () => toWav(gain(T1, 8, true)), TRANSCRIPT['tts_01.wav'], ['CLIPPING']],
    // At 0 dB the energy VAD finds only the loudest syllables: MOSTLY_SILENCE too, and no speech-rate verdict.
    ['Front_Left + white noise at 0 dB SNR', () => toWav(addNoise(FL, 0)), TRANSCRIPT['Front_Left.wav'], ['LOW_SNR', 'MOSTLY_SILENCE']],
    ['tts_01 + white noise at 0 dB SNR', () => toWav(addNoise(T1, 0)), TRANSCRIPT['tts_01.wav'], ['LOW_SNR', 'MOSTLY_SILENCE']],
    ['tts_01 + white noise at 20 dB SNR', () => toWav(addNoise(T1, 20)), TRANSCRIPT['tts_01.wav'], []],
    ['Front_Left + 10 s of silence', () => toWav(padSilence(FL, 0, 10)), TRANSCRIPT['Front_Left.wav'], ['MOSTLY_SILENCE']],
    ['Rear_Right, 5 s of silence each side', () => toWav(padSilence(RR, 5, 5)), TRANSCRIPT['Rear_Right.wav'], ['MOSTLY_SILENCE']],
    ['tts_01 cut to 0.3 s', () => toWav(cut(T1, 1, 0.3)), undefined, ['TOO_SHORT']],
    ['tts_01 looped to 35 s', () => toWav(loopTo(T1, 35)), undefined, ['TOO_LONG']],
    ['tts_01 resampled to 8 kHz', () => toWav(resampleTo(T1, 8000)), TRANSCRIPT['tts_01.wav'], ['LOW_SAMPLE_RATE']],
    ['Front_Left resampled to 8 kHz', () => toWav(resampleTo(FL, 8000)), TRANSCRIPT['Front_Left.wav'], ['LOW_SAMPLE_RATE']],
    ['tts_08 padded to 6 s, 2-word transcript', () => toWav(padSilence(T8, 0.2, 0.2)), 'Hello there', ['SPEECH_RATE_IMPLAUSIBLE']],
    ['tts_01 cut to 2 s, 300-char transcript', () => toWav(cut(T1, 0, 2)), long300, ['SPEECH_RATE_IMPLAUSIBLE']],
    ['Front_Left, no transcript', () => toWav(FL), null, ['TRANSCRIPT_EMPTY']],
    ['Front_Left, whitespace transcript', () => toWav(FL), ' \n\t ', ['TRANSCRIPT_EMPTY']],
    ['Rear_Right × 0.01 (−40 dB, quiet but clean)', () => toWav(gain(RR, 0.01)), TRANSCRIPT['Rear_Right.wav'], []],
    ['2 s of digital silence with a transcript', () => toWav({ samples: new Float64Array(32000), sampleRate: 16000 }), 'hello', ['MOSTLY_SILENCE']],
    // Under 0.5 s there is no SNR estimate (too few frames); no voiced frame either.
    ['Noise.wav cut to 0.3 s', () => toWav(cut(corpusClip('Noise.wav'), 0, 0.3)), '', ['MOSTLY_SILENCE', 'TOO_SHORT', 'TRANSCRIPT_EMPTY']],
  ];
  for (const [name, make, transcript, expected] of rows) {
    test(`${name} → [${expected.join(', ')}]`, () => {
      const { flags, metrics } = flagsOf(make(), transcript);
      assert.deepEqual(flags, expected, JSON.stringify(metrics));
    });
  }

  test('digital silence: no SNR, no fingerprint bits, no speech rate', () => {
    const { metrics, analysis } = flagsOf(toWav({ samples: new Float64Array(32000), sampleRate: 16000 }), 'hello');
    assert.equal(metrics.snrDb, null);
    assert.equal(metrics.voicedSeconds, 0);
    assert.equal(metrics.charsPerSecond, null);
    assert.equal(analysis.fingerprint, '0000000000000000');
  });

  test('24-bit, 32-bit, float32 and stereo copies: same samples, same hash, same flags and metrics', () => {
    const base = corpusAnalysis('Front_Left.wav');
    const baseFlags = audioFlags(base.metrics, DEFAULT_AUDIO_POLICY);
    const copies: Array<[string, Uint8Array, Partial<Metrics>]> = [
      ['24-bit', toWav(FL, { bitDepth: '24' }), { bitsPerSample: 24 }],
      ['32-bit', toWav(FL, { bitDepth: '32' }), { bitsPerSample: 32 }],
      ['float32', toWav(FL, { bitDepth: '32f' }), { bitsPerSample: 32, encoding: 'float' }],
      ['stereo', toWav(FL, { channels: 2 }), { channels: 2 }],
      ['stereo 24-bit', toWav(FL, { channels: 2, bitDepth: '24' }), { channels: 2, bitsPerSample: 24 }],
      ['5 channels float32', toWav(FL, { channels: 5, bitDepth: '32f' }), { channels: 5, bitsPerSample: 32, encoding: 'float' }],
    ];
    for (const [name, bytes, differs] of copies) {
      const a = analyzeAudio(bytes);
      assert.equal(a.sampleHash, base.sampleHash, name);
      assert.equal(a.fingerprint, base.fingerprint, name);
      assert.deepEqual(a.metrics, { ...base.metrics, ...differs }, name);
      assert.deepEqual(audioFlags(a.metrics, DEFAULT_AUDIO_POLICY), baseFlags, name);
    }
  });

  test('8-bit copy: other samples (quantised), other hash, same flags, same fingerprint', () => {
    const base = corpusAnalysis('Front_Left.wav');
    const a = analyzeAudio(toWav(FL, { bitDepth: '8' }));
    assert.notEqual(a.sampleHash, base.sampleHash);
    assert.equal(fingerprintDistance(a.fingerprint, base.fingerprint), 0);
    assert.deepEqual(audioFlags(a.metrics, DEFAULT_AUDIO_POLICY), audioFlags(base.metrics, DEFAULT_AUDIO_POLICY));
  });

  test('the hash covers the sample rate and every sample', () => {
    const base = corpusAnalysis('Front_Left.wav');
    const relabelled = analyzeAudio(toWav({ samples: FL.samples, sampleRate: 44100 }));
    assert.notEqual(relabelled.sampleHash, base.sampleHash);
    const oneSample = Float64Array.from(FL.samples);
    oneSample[30000] += 1 / 32768;
    assert.notEqual(analyzeAudio(toWav({ samples: oneSample, sampleRate: 48000 })).sampleHash, base.sampleHash);
  });

  test('bytes at an odd offset (no aligned typed-array view) decode to the same samples', () => {
    const bytes = corpusBytes('Front_Left.wav');
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    assert.equal(analyzeAudio(shifted.subarray(1)).sampleHash, corpusAnalysis('Front_Left.wav').sampleHash);
  });

  test('degenerate but valid files: one sample, a 1 Hz rate, a full-scale DC', () => {
    const wav = (rate: number, samples: number[]) => {
      const w = new WaveFile();
      w.fromScratch(1, rate, '16', samples);
      return w.toBuffer();
    };
    assert.deepEqual(audioFlags(analyzeAudio(wav(16000, [1000])).metrics, DEFAULT_AUDIO_POLICY), ['MOSTLY_SILENCE', 'TOO_SHORT']);
    assert.deepEqual(audioFlags(analyzeAudio(wav(1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).metrics, DEFAULT_AUDIO_POLICY), ['MOSTLY_SILENCE', 'LOW_SAMPLE_RATE']);
    const dc = analyzeAudio(wav(16000, new Array(16000).fill(32767)));
    assert.deepEqual(audioFlags(dc.metrics, DEFAULT_AUDIO_POLICY), ['CLIPPING', 'MOSTLY_SILENCE']);
    assert.equal(dc.fingerprint, '0000000000000000');
  });

  test('a streamed WAV (placeholder RIFF and data sizes) decodes to the same samples', () => {
    const bytes = Uint8Array.from(corpusBytes('Front_Left.wav'));
    const dv = new DataView(bytes.buffer);
    dv.setUint32(4, 0xffffffff, true);
    const dataAt = findChunk(bytes, 'data');
    dv.setUint32(dataAt + 4, 0xffffffff, true);
    assert.equal(analyzeAudio(bytes).sampleHash, corpusAnalysis('Front_Left.wav').sampleHash);
  });
});

describe('transcript metrics and flags', () => {
  const audio: Metrics = { durationSeconds: 3, voicedSeconds: 2, voicedFraction: 0.667, snrDb: 30, sampleRate: 16000, clippingFraction: 0 };

  test('counts code points after collapsing whitespace, and words with a letter or digit', () => {
    // "Hello, wörld — 42!": 18 code points; "—" is not a word.
    assert.deepEqual(transcriptMetrics('  Hello,\n  wörld — 42!  ', audio), {
      transcriptChars: 18,
      transcriptWords: 3,
      charsPerSecond: 9,
      wordsPerSecond: 1.5,
    });
    assert.deepEqual(transcriptMetrics(null, audio), { transcriptChars: 0, transcriptWords: 0, charsPerSecond: null, wordsPerSecond: null });
  });

  test('rate bands: chars/s 8–30 and words/s 1.5–5 of voiced audio', () => {
    const flags = (t: string, m: Metrics = audio) => audioFlags({ ...m, ...transcriptMetrics(t, m) }, DEFAULT_AUDIO_POLICY);
    assert.deepEqual(flags('one two three four five six'), []); // 13.5 chars/s, 3 words/s
    assert.deepEqual(flags('one two'), ['SPEECH_RATE_IMPLAUSIBLE']); // 3.5 chars/s
    assert.deepEqual(flags('extraordinarily incomprehensibilities'), ['SPEECH_RATE_IMPLAUSIBLE']); // 18.5 chars/s but 1 word/s
    assert.deepEqual(flags('a b c d e f g h i j k'), ['SPEECH_RATE_IMPLAUSIBLE']); // 10.5 chars/s but 5.5 words/s
    assert.deepEqual(flags('x'.repeat(61)), ['SPEECH_RATE_IMPLAUSIBLE']); // 30.5 chars/s
    // No voiced audio: MOSTLY_SILENCE says it; no rate verdict. Low SNR: the voiced duration is unreliable.
    assert.deepEqual(flags('one two', { ...audio, voicedSeconds: 0, voicedFraction: 0 }), ['MOSTLY_SILENCE']);
    assert.deepEqual(flags('one two', { ...audio, snrDb: 3 }), ['LOW_SNR']);
    assert.deepEqual(flags(''), ['TRANSCRIPT_EMPTY']);
  });

  test('a metric that is missing or null does not fire its flag; the policy is honoured', () => {
    assert.deepEqual(audioFlags({}, DEFAULT_AUDIO_POLICY), []);
    assert.deepEqual(audioFlags({ snrDb: null, voicedFraction: 0 }, DEFAULT_AUDIO_POLICY), ['MOSTLY_SILENCE']);
    const strict = { ...DEFAULT_AUDIO_POLICY, minSnrDb: 80, minSampleRate: 48000, maxDurationSeconds: 1 };
    assert.deepEqual(audioFlags(corpusAnalysis('tts_01.wav').metrics, strict), ['LOW_SNR', 'TOO_LONG', 'LOW_SAMPLE_RATE']);
  });
});

describe('near-duplicate fingerprint', () => {
  const radius = DEFAULT_AUDIO_POLICY.nearDuplicateRadius;

  test('fingerprintDistance is the Hamming distance of 64 bits', () => {
    assert.equal(fingerprintDistance('0000000000000000', '0000000000000000'), 0);
    assert.equal(fingerprintDistance('ffffffffffffffff', '0000000000000000'), 64);
    assert.equal(fingerprintDistance('8000000000000001', '0000000000000000'), 2);
    assert.equal(fingerprintDistance('ABCDEF0123456789', 'abcdef0123456789'), 0);
    assert.throws(() => fingerprintDistance('abc', '0000000000000000'), /16 hex/);
    assert.throws(() => fingerprintDistance('000000000000000g', '0000000000000000'), /16 hex/);
  });

  test(`different recordings of the corpus are more than ${radius} apart`, () => {
    let min = 64;
    for (let i = 0; i < CORPUS.length; i++) {
      for (let j = i + 1; j < CORPUS.length; j++) {
        const d = fingerprintDistance(corpusAnalysis(CORPUS[i].fileName).fingerprint, corpusAnalysis(CORPUS[j].fileName).fingerprint);
        assert.ok(d > radius, `${CORPUS[i].fileName} ~ ${CORPUS[j].fileName}: ${d}`);
        min = Math.min(min, d);
      }
    }
    assert.ok(min >= radius + 3, `closest pair ${min}`); // the margin measured in docs/quality.md ("Audio quality")
  });

  const full = process.env.AUDIO_FP_TABLE === '1';
  // The worst cases of the full table (docs/quality.md ("Audio quality")), two short human recordings and a TTS.
  const files = full
    ? CORPUS.map((e) => e.fileName).filter((f) => f !== 'Noise.wav')
    : ['Front_Left.wav', 'Rear_Left.wav', 'Side_Right.wav', 'tts_04.wav', 'tts_06.wav', 'tts_09.wav'];
  test(`speed, pitch, noise, padding and gain variants stay within ${radius} (${files.length} files)`, () => {
    const names = Object.keys(NEAR_DUPLICATE_VARIANTS);
    const table: string[] = [`${'file'.padEnd(18)}${names.map((n) => n.padStart(13)).join('')}  nearest other`];
    let worst = 0;
    for (const fileName of files) {
      const clip: Clip = corpusClip(fileName);
      const fp = corpusAnalysis(fileName).fingerprint;
      const row: number[] = [];
      for (const name of names) {
        const variant = analyzeAudio(toWav(NEAR_DUPLICATE_VARIANTS[name](clip))).fingerprint;
        const d = fingerprintDistance(fp, variant);
        row.push(d);
        worst = Math.max(worst, d);
        assert.ok(d <= radius, `${fileName} ${name}: ${d}`);
        // ... and a variant is still nearer to its original than to any other recording.
        for (const other of CORPUS) {
          if (other.fileName === fileName) continue;
          const o = fingerprintDistance(variant, corpusAnalysis(other.fileName).fingerprint);
          assert.ok(o > radius, `${fileName} ${name} vs ${other.fileName}: ${o}`);
        }
      }
      const nearest = Math.min(...CORPUS.filter((e) => e.fileName !== fileName).map((e) => fingerprintDistance(fp, corpusAnalysis(e.fileName).fingerprint)));
      table.push(`${fileName.padEnd(18)}${row.map((d) => String(d).padStart(13)).join('')}  ${nearest}`);
    }
    if (full) console.log(`${table.join('\n')}\nworst variant distance ${worst}`);
  });
});

/** Offset of a top-level chunk header in a WAV. */
function findChunk(bytes: Uint8Array, id: string): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 12; at + 8 <= bytes.length; ) {
    if (String.fromCharCode(...bytes.subarray(at, at + 4)) === id) return at;
    const size = dv.getUint32(at + 4, true);
    at += 8 + size + (size & 1);
  }
  throw new Error(`no ${id} chunk`);
}

function assertMediaError(fn: () => unknown, code: string, re?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  // src/media's own error type (MediaService maps it to the AppError of the same code).
  assert.ok(caught instanceof MediaError, `expected a MediaError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (re) assert.match(caught.message, re);
}

describe('corrupt and lying WAVs throw, never crash', () => {
  const good = () => Uint8Array.from(corpusBytes('Front_Left.wav'));

  test('truncated file', () => {
    const bytes = good();
    // (One RIFF walker for probing and analysis: a file cut short reports the audio it lost, as the upload does.)
    assertMediaError(() => analyzeAudio(bytes.subarray(0, bytes.length >> 1)), 'INVALID_MEDIA', /header claims/);
    assertMediaError(() => analyzeAudio(bytes.subarray(0, 30)), 'INVALID_MEDIA');
    assertMediaError(() => analyzeAudio(bytes.subarray(0, 8)), 'INVALID_MEDIA', /RIFF\/WAVE/);
    assertMediaError(() => analyzeAudio(new Uint8Array(0)), 'INVALID_MEDIA');
  });

  test('truncated file with a RIFF size that was fixed up: the data chunk still lies', () => {
    const bytes = good().slice(0, 50_000);
    new DataView(bytes.buffer).setUint32(4, bytes.length - 8, true);
    assertMediaError(() => analyzeAudio(bytes), 'INVALID_MEDIA', /claims \d+ bytes of audio, only \d+ present/);
  });

  test('inconsistent fmt fields, odd data size, no frames, unsupported encoding', () => {
    const fmtAt = findChunk(good(), 'fmt ');
    const dataAt = findChunk(good(), 'data');
    const patch = (fn: (dv: DataView, bytes: Uint8Array) => void) => {
      const bytes = good();
      fn(new DataView(bytes.buffer), bytes);
      return bytes;
    };
    assertMediaError(() => analyzeAudio(patch((dv) => dv.setUint16(fmtAt + 8 + 12, 4, true))), 'INVALID_MEDIA', /blockAlign/);
    assertMediaError(() => analyzeAudio(patch((dv) => dv.setUint32(fmtAt + 8 + 8, 1, true))), 'INVALID_MEDIA', /byteRate/);
    assertMediaError(() => analyzeAudio(patch((dv) => dv.setUint16(fmtAt + 8 + 2, 0, true))), 'INVALID_MEDIA', /0 channels/);
    assertMediaError(() => analyzeAudio(patch((dv) => dv.setUint16(fmtAt + 8, 6, true))), 'UNSUPPORTED_MEDIA', /A-law/);
    assertMediaError(() => analyzeAudio(patch((dv) => dv.setUint16(fmtAt + 8 + 14, 12, true))), 'UNSUPPORTED_MEDIA', /12-bit/);
    const odd = good().slice(0, dataAt + 8 + 3);
    new DataView(odd.buffer).setUint32(4, odd.length - 8, true);
    new DataView(odd.buffer).setUint32(dataAt + 4, 3, true);
    assertMediaError(() => analyzeAudio(odd), 'INVALID_MEDIA', /not a whole number/);
    const empty = good().slice(0, dataAt + 8);
    new DataView(empty.buffer).setUint32(4, empty.length - 8, true);
    new DataView(empty.buffer).setUint32(dataAt + 4, 0, true);
    assertMediaError(() => analyzeAudio(empty), 'INVALID_MEDIA', /no audio frames/);
  });

  test('not a WAV at all', () => {
    assertMediaError(() => analyzeAudio(new TextEncoder().encode('RIFF....WAVEnot really a wav file')), 'INVALID_MEDIA');
    assertMediaError(() => analyzeAudio(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0])), 'INVALID_MEDIA', /RIFF\/WAVE/);
    const rifx = good();
    rifx.set([0x52, 0x49, 0x46, 0x58], 0); // "RIFX": big-endian, which wavefile reads but we do not take
    assertMediaError(() => analyzeAudio(rifx), 'INVALID_MEDIA', /RIFF\/WAVE/);
  });

  test('random corruption of the header and random truncation: a media error or a result, nothing else', () => {
    const rand = rng(42);
    const original = good();
    for (let round = 0; round < 300; round++) {
      const bytes = original.slice(0, round % 3 === 0 ? Math.floor(rand() * original.length) : original.length);
      const flips = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < flips; k++) bytes[Math.floor(rand() * Math.min(64, bytes.length))] = Math.floor(rand() * 256);
      try {
        const a = analyzeAudio(bytes);
        assert.match(a.fingerprint, /^[0-9a-f]{16}$/);
        assert.ok(Number.isFinite(a.metrics.durationSeconds as number));
      } catch (e) {
        assert.ok(e instanceof MediaError, `round ${round}: ${String(e)}`);
      }
    }
  });

  test('non-finite float samples are counted and read as 0', () => {
    const wav = new WaveFile();
    const samples = new Float32Array(16000).map((_, i) => Math.sin(i / 5) * 0.3);
    samples[100] = NaN;
    samples[200] = Infinity;
    wav.fromScratch(1, 16000, '32f', samples);
    const a = analyzeAudio(wav.toBuffer());
    assert.equal(a.metrics.nonFiniteSamples, 2);
    assert.equal(a.metrics.peak, 0.3);
  });
});

// Speed is measured in benchmarks, never asserted in tests (these machines are small and noisy).
test('a file of exactly 30 s at 48 kHz is measured whole and is not TOO_LONG (the limit is exclusive)', () => {
  const bytes = toWav(loopTo(corpusClip('Front_Left.wav'), 30));
  const a = analyzeAudio(bytes);
  assert.ok(Math.abs((a.metrics.durationSeconds as number) - 30) < 0.01, String(a.metrics.durationSeconds));
  assert.ok(!audioFlags(a.metrics).includes('TOO_LONG'));
});

describe('pitch (F0, YIN) for the coverage pitch axis', () => {
  const tone = (hz: number, rate: number, seconds: number, withNoise = 0): Clip => {
    const n = Math.round(rate * seconds);
    const samples = new Float64Array(n);
    const rand = rng(hz);
    for (let i = 0; i < n; i++) samples[i] = 0.3 * Math.sin((2 * Math.PI * hz * i) / rate) + 0.15 * Math.sin((4 * Math.PI * hz * i) / rate) + withNoise * (rand() - 0.5);
    return { samples, sampleRate: rate };
  };

  test('a 150 Hz and a 220 Hz voice-like tone read within 1 %, at 16, 44.1 and 48 kHz', () => {
    for (const rate of [16000, 44100, 48000]) {
      for (const hz of [150, 220]) {
        const m = analyzeAudio(toWav(tone(hz, rate, 2, 0.02))).metrics;
        assert.ok(Math.abs((m.pitchHz as number) / hz - 1) < 0.01, `${hz} Hz at ${rate}: ${m.pitchHz}`);
        assert.ok((m.pitchP10Hz as number) <= (m.pitchHz as number) && (m.pitchHz as number) <= (m.pitchP90Hz as number));
      }
    }
  });

  test('the corpus voices: espeak male voices 90–115 Hz, its female voices and the recorded speaker 170–230 Hz; noise has none', () => {
    for (const f of ['tts_01.wav', 'tts_02.wav', 'tts_04.wav', 'tts_05.wav', 'tts_06.wav']) {
      const hz = corpusAnalysis(f).metrics.pitchHz as number;
      assert.ok(hz > 90 && hz < 115, `${f}: ${hz}`);
    }
    for (const f of ['tts_03.wav', 'tts_07.wav', 'Front_Left.wav', 'Rear_Left.wav', 'Side_Left.wav']) {
      const hz = corpusAnalysis(f).metrics.pitchHz as number;
      assert.ok(hz > 170 && hz < 230, `${f}: ${hz}`);
    }
    assert.equal(corpusAnalysis('Noise.wav').metrics.pitchHz, null);
    // Silence and a tone too short for five windows have no pitch.
    assert.equal(analyzeAudio(toWav({ samples: new Float64Array(32000), sampleRate: 16000 })).metrics.pitchHz, null);
    assert.equal(analyzeAudio(toWav(tone(200, 16000, 0.2))).metrics.pitchHz, null);
  });

  test('F0 holds within half a semitone under noise at 20 dB and at 22.05 or 8 kHz, within one at 10 dB', () => {
    for (const f of ['tts_01.wav', 'tts_03.wav', 'tts_07.wav', 'Front_Left.wav']) {
      const clean = corpusAnalysis(f).metrics.pitchHz as number;
      for (const [name, variant, tolerance] of [
        ['20 dB', addNoise(corpusClip(f), 20, 3), 0.5],
        ['22.05 kHz', resampleTo(corpusClip(f), 22050), 0.5],
        ['8 kHz', resampleTo(corpusClip(f), 8000), 0.5],
        ['10 dB', addNoise(corpusClip(f), 10, 3), 1],
      ] as const) {
        const hz = analyzeAudio(toWav(variant)).metrics.pitchHz as number;
        assert.ok(Math.abs(12 * Math.log2(hz / clean)) < tolerance, `${f} ${name}: ${clean} → ${hz}`);
      }
    }
  });

  test('the same signal pushed in chunks of any size gives the same F0', () => {
    const clip = tone(180, 48000, 1.5, 0.05);
    const whole = new PitchSampler(48000, clip.samples.length);
    whole.push(Float32Array.from(clip.samples));
    const parts = new PitchSampler(48000, clip.samples.length);
    const f32 = Float32Array.from(clip.samples);
    for (let at = 0, k = 0; at < f32.length; k++) {
      const len = [1, 7, 1000, 4097, 3][k % 5];
      parts.push(f32.subarray(at, Math.min(f32.length, at + len)));
      at += len;
    }
    assert.deepEqual(parts.finish(0), whole.finish(0));
  });
});
