/**
 * Derives degraded and transformed versions of real audio in plain JS (no sox in CI), and writes
 * them as real WAV files with wavefile so that the analyser's decode path is exercised.
 *
 * Every signal here is mono Float64Array in [-1, 1] at an explicit sample rate. Randomness is
 * seeded (mulberry32), so derived files are identical from run to run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wavefile from 'wavefile';
import { rng } from './rng.js';

const { WaveFile } = wavefile;

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_AUDIO = path.resolve(HERE, '../../../shared/corpus/audio');

export interface Clip {
  samples: Float64Array;
  sampleRate: number;
}

export interface CorpusEntry {
  fileName: string;
  transcript: string;
}

/** transcripts.jsonl of the shared corpus, in file order. */
export function corpusTranscripts(): CorpusEntry[] {
  return fs
    .readFileSync(path.join(CORPUS_AUDIO, 'transcripts.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const row = JSON.parse(l) as { file_name: string; transcript: string };
      return { fileName: row.file_name, transcript: row.transcript };
    });
}

export function corpusBytes(fileName: string): Uint8Array {
  return fs.readFileSync(path.join(CORPUS_AUDIO, fileName));
}

/** Decodes a WAV (any wavefile-readable encoding) to mono float, averaging the channels. */
export function readClip(bytes: Uint8Array): Clip {
  const wav = new WaveFile(bytes);
  const fmt = wav.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number; audioFormat: number };
  const raw = wav.getSamples(true, Float64Array) as unknown as Float64Array;
  const ch = fmt.numChannels;
  const n = Math.floor(raw.length / ch);
  const isFloat = wav.bitDepth === '32f' || wav.bitDepth === '64';
  const scale = isFloat ? 1 : fmt.bitsPerSample === 8 ? 128 : 2 ** (fmt.bitsPerSample - 1);
  const offset = fmt.bitsPerSample === 8 ? 128 : 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < ch; c++) s += (raw[i * ch + c] - offset) / scale;
    out[i] = s / ch;
  }
  return { samples: out, sampleRate: fmt.sampleRate };
}

export function corpusClip(fileName: string): Clip {
  return readClip(corpusBytes(fileName));
}

export interface WavOptions {
  /** wavefile bit depth: '8', '16', '24', '32' (integer PCM) or '32f' (float). Default '16'. */
  bitDepth?: '8' | '16' | '24' | '32' | '32f';
  /** Number of channels; the mono signal is copied to every channel. Default 1. */
  channels?: number;
}

/** Writes a mono signal as a WAV with a hard clamp to [-1, 1] (integer encodings round). */
export function toWav(clip: Clip, opts: WavOptions = {}): Uint8Array {
  const bitDepth = opts.bitDepth ?? '16';
  const channels = opts.channels ?? 1;
  const n = clip.samples.length;
  let data: Float64Array | Float32Array;
  if (bitDepth === '32f') {
    data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = Math.max(-1, Math.min(1, clip.samples[i]));
  } else {
    const bits = Number(bitDepth);
    const full = bits === 8 ? 128 : 2 ** (bits - 1);
    const offset = bits === 8 ? 128 : 0;
    data = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = Math.round(clip.samples[i] * full);
      data[i] = Math.max(-full, Math.min(full - 1, v)) + offset;
    }
  }
  const wav = new WaveFile();
  const perChannel = Array.from({ length: channels }, () => data);
  wav.fromScratch(channels, clip.sampleRate, bitDepth, channels === 1 ? data : perChannel);
  return wav.toBuffer();
}

// --- Simple transformations ------------------------------------------------------------------


/** Standard normal deviates (Box–Muller) from a seeded uniform source. */
function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

export function gain(clip: Clip, factor: number, clamp = false): Clip {
  const out = clip.samples.map((x) => x * factor);
  if (clamp) for (let i = 0; i < out.length; i++) out[i] = Math.max(-1, Math.min(1, out[i]));
  return { samples: out, sampleRate: clip.sampleRate };
}

export function meanPower(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s / Math.max(1, x.length);
}

/**
 * Adds white Gaussian noise at `snrDb` relative to the power of the ACTIVE part of the signal
 * (20 ms frames within 40 dB of the loudest frame, a crude ITU-T P.56 active level), so that the
 * SNR does not depend on how much silence surrounds the speech.
 */
export function addNoise(clip: Clip, snrDb: number, seed = 1): Clip {
  const x = clip.samples;
  const frame = Math.max(1, Math.round(clip.sampleRate * 0.02));
  const powers: number[] = [];
  for (let i = 0; i + frame <= x.length; i += frame) powers.push(meanPower(x.subarray(i, i + frame)));
  const loudest = Math.max(...powers, 1e-20);
  const active = powers.filter((p) => p > loudest * 1e-4);
  const signal = active.reduce((a, b) => a + b, 0) / Math.max(1, active.length);
  const sigma = Math.sqrt(signal / 10 ** (snrDb / 10));
  const g = gaussian(rng(seed));
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + sigma * g();
  return { samples: out, sampleRate: clip.sampleRate };
}

export function padSilence(clip: Clip, beforeSeconds: number, afterSeconds: number): Clip {
  const b = Math.round(beforeSeconds * clip.sampleRate);
  const a = Math.round(afterSeconds * clip.sampleRate);
  const out = new Float64Array(b + clip.samples.length + a);
  out.set(clip.samples, b);
  return { samples: out, sampleRate: clip.sampleRate };
}

export function cut(clip: Clip, startSeconds: number, seconds: number): Clip {
  const s = Math.round(startSeconds * clip.sampleRate);
  return { samples: clip.samples.slice(s, s + Math.round(seconds * clip.sampleRate)), sampleRate: clip.sampleRate };
}

/** Repeats the clip until it lasts `seconds`. */
export function loopTo(clip: Clip, seconds: number): Clip {
  const n = Math.round(seconds * clip.sampleRate);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = clip.samples[i % clip.samples.length];
  return { samples: out, sampleRate: clip.sampleRate };
}

// --- Resampling (windowed sinc) --------------------------------------------------------------

/** Blackman-windowed sinc kernel, tabulated: KERNEL_ZEROS zero crossings each side, KERNEL_STEPS per unit. */
const KERNEL_ZEROS = 8;
const KERNEL_STEPS = 256;
const KERNEL = (() => {
  const n = KERNEL_ZEROS * KERNEL_STEPS + 2;
  const k = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = i / KERNEL_STEPS;
    if (u >= KERNEL_ZEROS) continue;
    const w = 0.42 + 0.5 * Math.cos((Math.PI * u) / KERNEL_ZEROS) + 0.08 * Math.cos((2 * Math.PI * u) / KERNEL_ZEROS);
    k[i] = w * (u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u));
  }
  return k;
})();

/**
 * Band-limited resampling by windowed-sinc interpolation (Blackman window, 8 zero crossings each
 * side, tabulated kernel); the cut-off is the lower of the two Nyquist frequencies, so
 * down-sampling does not alias. Reads the input `ratio` times faster: out[i] = x(i · ratio).
 */
function sincResample(x: Float64Array, ratio: number, outLength: number): Float64Array {
  const cutoff = Math.min(1, 1 / ratio); // relative to the input Nyquist
  const half = Math.ceil(KERNEL_ZEROS / cutoff);
  const out = new Float64Array(outLength);
  for (let i = 0; i < outLength; i++) {
    const t = i * ratio;
    const c = Math.floor(t);
    let acc = 0;
    let norm = 0;
    for (let k = c - half + 1; k <= c + half; k++) {
      const pos = Math.abs(t - k) * cutoff * KERNEL_STEPS;
      const j = Math.floor(pos);
      if (j >= KERNEL.length - 1) continue;
      const h = KERNEL[j] + (KERNEL[j + 1] - KERNEL[j]) * (pos - j);
      norm += h;
      if (k >= 0 && k < x.length) acc += x[k] * h;
    }
    out[i] = norm > 0 ? acc / norm : 0;
  }
  return out;
}

/** Changes the sample rate, keeping speed and pitch (band-limited). */
export function resampleTo(clip: Clip, rate: number): Clip {
  const ratio = clip.sampleRate / rate;
  const n = Math.floor(clip.samples.length / ratio);
  return { samples: sincResample(clip.samples, ratio, n), sampleRate: rate };
}

/**
 * Plays the clip `factor` times faster at the same sample rate (tape-speed change: speed AND pitch
 * change together), i.e. resampling by 1/factor and relabelling the rate.
 */
export function speed(clip: Clip, factor: number): Clip {
  const n = Math.floor(clip.samples.length / factor);
  return { samples: sincResample(clip.samples, factor, n), sampleRate: clip.sampleRate };
}

// --- Time stretch (WSOLA) and pitch shift ----------------------------------------------------

/**
 * WSOLA time stretch: the output is `stretch` times longer at the same pitch. 40 ms Hann windows
 * at 50 % overlap; each analysis window is moved by up to ±10 ms to the position whose waveform
 * best continues the previous one (cross-correlation on a 4× decimated grid, then refined).
 */
export function timeStretch(clip: Clip, stretch: number): Clip {
  const x = clip.samples;
  const sr = clip.sampleRate;
  const N = 2 * Math.round(sr * 0.02);
  const Hs = N / 2;
  const Ha = Hs / stretch;
  const tol = Math.round(sr * 0.01);
  const outLen = Math.floor(x.length * stretch);
  const out = new Float64Array(outLen + N);
  const norm = new Float64Array(outLen + N);
  const win = new Float64Array(N);
  for (let i = 0; i < N; i++) win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N);
  const at = (i: number) => (i >= 0 && i < x.length ? x[i] : 0);
  const corr = (a: number, b: number, step: number) => {
    let s = 0;
    if (a >= 0 && b >= 0 && a + N <= x.length && b + N <= x.length) {
      for (let i = 0; i < N; i += step) s += x[a + i] * x[b + i];
    } else {
      for (let i = 0; i < N; i += step) s += at(a + i) * at(b + i);
    }
    return s;
  };
  let prev = 0; // input position of the previous chosen window
  for (let k = 0; k * Hs < outLen; k++) {
    let pos = Math.round(k * Ha);
    if (k > 0) {
      const target = prev + Hs; // natural continuation of the previous window
      const coarse = 4;
      let best = -Infinity;
      let bestD = 0;
      for (let d = -tol; d <= tol; d += coarse) {
        const c = corr(pos + d, target, coarse);
        if (c > best) [best, bestD] = [c, d];
      }
      let fine = bestD;
      best = -Infinity;
      for (let d = bestD - coarse + 1; d < bestD + coarse; d++) {
        const c = corr(pos + d, target, 2);
        if (c > best) [best, fine] = [c, d];
      }
      pos += fine;
    }
    const o = k * Hs;
    for (let i = 0; i < N; i++) {
      out[o + i] += at(pos + i) * win[i];
      norm[o + i] += win[i];
    }
    prev = pos;
  }
  const y = new Float64Array(outLen);
  for (let i = 0; i < outLen; i++) y[i] = norm[i] > 1e-3 ? out[i] / norm[i] : 0;
  return { samples: y, sampleRate: sr };
}

/** Shifts the pitch by `semitones` keeping the duration: WSOLA stretch, then a speed change. */
export function pitchShift(clip: Clip, semitones: number): Clip {
  const r = 2 ** (semitones / 12);
  const stretched = timeStretch(clip, r);
  const shifted = speed(stretched, r);
  return { samples: shifted.samples.slice(0, clip.samples.length), sampleRate: clip.sampleRate };
}

// --- The near-duplicate variants measured in docs/quality.md ("Audio quality") --------------------------

/**
 * Transformations a near-duplicate fingerprint must survive: speed ±10 % (resampling: speed and
 * pitch together), pitch ±2 semitones (duration kept), white noise at 20 dB SNR, silence padding
 * (at an offset that is not a whole number of analysis blocks), gain × 0.5.
 */
export const NEAR_DUPLICATE_VARIANTS: Record<string, (clip: Clip) => Clip> = {
  'speed 0.9×': (c) => speed(c, 0.9),
  'speed 1.1×': (c) => speed(c, 1.1),
  'pitch +2 st': (c) => pitchShift(c, 2),
  'pitch −2 st': (c) => pitchShift(c, -2),
  'noise 20 dB': (c) => addNoise(c, 20, 7),
  'silence pad': (c) => padSilence(c, 0.7131, 1.3),
  'gain ×0.5': (c) => gain(c, 0.5),
};
