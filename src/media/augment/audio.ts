/**
 * Audio augmentation ops (issue 9) on decoded samples, written back as WAV with wavefile. Pure:
 * samples in, samples out; the seeded generator drives every random part, so the same clip, ops
 * and seed give the same bytes.
 *
 * Derived audio is mono (the channels averaged, as the quality analyser reads them) and written as
 * 16-bit PCM at the clip's sample rate (telephone: 8 kHz), clipped to full scale. Packages, not
 * hand-rolled numerics, for the hard parts:
 * - resampling (`speed`, `telephone`): libsamplerate's medium sinc converter (121 dB SNR, 90 %
 *   of the band: beyond what 16-bit output holds; its best converter, 145 dB, is 3× slower, 25× real
 *   time at 48 kHz) (@alexanderolsen/libsamplerate-js, WASM, BSD-2);
 * - tempo and pitch changes that keep the other (`time_stretch`, `pitch_shift`): SoundTouch's
 *   WSOLA (soundtouchjs, LGPL-2.1, used unmodified as a library; rubberband-wasm sounds better but
 *   is GPL). It emits only whole processing blocks, so the input is padded with 1 s of silence and
 *   the output trimmed to the expected length;
 * - FFTs (`telephone`'s band, `reverb`'s convolution): fft.js (MIT).
 *
 * Ops: gain {db}; shift {seconds} (positive delays: silence in front, the end cut; the length
 * kept); pad {before, after} (seconds of silence); add_noise {snrDb, colour} (white, pink by Paul
 * Kellet's filter, brown by a leaky integrator; or the `noise` clip the caller gives for a
 * `noiseKey`, looped to length) scaled so that signal power ÷ noise power over the whole clip is
 * exactly snrDb; speed {factor} (resampled like tape: 1.25 plays 25 % faster and higher);
 * time_stretch {factor} (a rate as for speed, pitch kept); pitch_shift {semitones} (duration kept);
 * reverb {roomSize, wet} (a seeded exponentially decaying noise impulse response, RT60 0.2–2 s by
 * roomSize, mixed at `wet` at the dry signal's RMS, the length kept); telephone (resampled to
 * 8 kHz, then 300–3400 Hz with 100 Hz raised-cosine edges, zero outside).
 */
import LibSampleRate from '@alexanderolsen/libsamplerate-js';
import FFT from 'fft.js';
import { SimpleFilter, SoundTouch } from 'soundtouchjs';
import wavefile from 'wavefile';
import { decodeWav } from '../quality/audio.js';
import { gaussian } from './random.js';
import type { ResolvedOp } from './recipe.js';

const { WaveFile } = wavefile;
const { create: createResampler, ConverterType } = LibSampleRate;

export interface Clip {
  /** Mono samples, full scale ±1. */
  samples: Float32Array;
  sampleRate: number;
}

export interface AudioAugmentOptions {
  /** The clip named by an add_noise `noiseKey` (the caller reads that item's audio). */
  noiseClip?: (key: string) => Clip | undefined;
}

/** Decodes a WAV to a mono clip (throws INVALID_MEDIA / UNSUPPORTED_MEDIA as the analyser does). */
export function decodeClip(bytes: Uint8Array): Clip {
  const d = decodeWav(bytes);
  return { samples: d.samples, sampleRate: d.sampleRate };
}

/** 16-bit PCM mono WAV of a clip, clipped to full scale. */
export function encodeWav(clip: Clip): Buffer {
  const pcm = new Int16Array(clip.samples.length);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(Math.max(-1, Math.min(1, clip.samples[i])) * 32767);
  const wav = new WaveFile();
  wav.fromScratch(1, clip.sampleRate, '16', pcm);
  return Buffer.from(wav.toBuffer());
}

function power(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return x.length ? s / x.length : 0;
}

/**
 * One converter per thread, reused: creating one instantiates libsamplerate's WASM module (~30 ms,
 * more than resampling a short clip). Setting the rates resets it; `simple` then converts one
 * whole clip, with no await between the two, so concurrent calls cannot interleave.
 */
let converter: ReturnType<typeof createResampler> | null = null;

async function resample(x: Float32Array, from: number, to: number): Promise<Float32Array> {
  converter ??= createResampler(1, from, to, { converterType: ConverterType.SRC_SINC_MEDIUM_QUALITY });
  const src = await converter;
  src.inputSampleRate = from;
  src.outputSampleRate = to;
  return src.simple(x);
}

/** A WAV's samples mixed down to mono at `rate` (resampled as above only when it differs). */
export async function monoAt(bytes: Uint8Array, rate: number): Promise<Clip> {
  const clip = decodeClip(bytes);
  if (clip.sampleRate === rate) return clip;
  return { samples: await resample(clip.samples, clip.sampleRate, rate), sampleRate: rate };
}

function colouredNoise(n: number, colour: string, random: () => number): Float32Array {
  const normal = gaussian(random);
  const out = new Float32Array(n);
  if (colour === 'pink') {
    // Paul Kellet's refined pink filter (−3 dB/octave within 0.05 dB above 9 Hz at 44.1 kHz).
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0; // prettier-ignore
    for (let i = 0; i < n; i++) {
      const w = normal();
      b0 = 0.99886 * b0 + w * 0.0555179;
      b1 = 0.99332 * b1 + w * 0.0750759;
      b2 = 0.969 * b2 + w * 0.153852;
      b3 = 0.8665 * b3 + w * 0.3104856;
      b4 = 0.55 * b4 + w * 0.5329522;
      b5 = -0.7616 * b5 - w * 0.016898;
      out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
      b6 = w * 0.115926;
    }
  } else if (colour === 'brown') {
    // Integrated white noise (−6 dB/octave), leaky so that it does not wander off.
    let y = 0;
    for (let i = 0; i < n; i++) {
      y = 0.998 * y + normal();
      out[i] = y;
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = normal();
  }
  return out;
}

/** Runs SoundTouch over a clip: `tempo` (a rate) and `semitones`; the output trimmed to `length` frames. */
function soundTouch(clip: Clip, tempo: number, semitones: number, length: number): Float32Array {
  const st = new SoundTouch();
  st.stretch.setParameters(clip.sampleRate, 0, 0, 8);
  st.tempo = tempo;
  st.pitchSemitones = semitones;
  const input = clip.samples;
  const total = input.length + clip.sampleRate; // 1 s of silence flushes the last blocks
  const source = {
    extract(target: Float32Array, numFrames: number, position: number): number {
      const n = Math.max(0, Math.min(numFrames, total - position));
      for (let i = 0; i < n; i++) {
        const j = position + i;
        const v = j < input.length ? input[j] : 0;
        target[2 * i] = v;
        target[2 * i + 1] = v;
      }
      return n;
    },
  };
  const filter = new SimpleFilter(source, st);
  const out = new Float32Array(length);
  const block = new Float32Array(8192 * 2);
  let got = 0;
  while (got < length) {
    const n = filter.extract(block, 8192);
    if (n === 0) break;
    for (let i = 0; i < n && got < length; i++) out[got++] = block[2 * i];
  }
  return out;
}

/** Linear convolution by FFT, the first `x.length` samples. */
function convolve(x: Float32Array, h: Float32Array): Float32Array {
  let size = 2;
  while (size < x.length + h.length) size <<= 1;
  const fft = new FFT(size);
  const a = fft.createComplexArray() as number[];
  const b = fft.createComplexArray() as number[];
  const xa = new Array<number>(size).fill(0);
  const hb = new Array<number>(size).fill(0);
  for (let i = 0; i < x.length; i++) xa[i] = x[i];
  for (let i = 0; i < h.length; i++) hb[i] = h[i];
  fft.realTransform(a, xa);
  fft.completeSpectrum(a);
  fft.realTransform(b, hb);
  fft.completeSpectrum(b);
  for (let k = 0; k < size; k++) {
    const re = a[2 * k] * b[2 * k] - a[2 * k + 1] * b[2 * k + 1];
    const im = a[2 * k] * b[2 * k + 1] + a[2 * k + 1] * b[2 * k];
    a[2 * k] = re;
    a[2 * k + 1] = im;
  }
  const y = fft.createComplexArray() as number[];
  fft.inverseTransform(y, a);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = y[2 * i];
  return out;
}

/** Keeps lo..hi Hz of a clip (raised-cosine edges `edge` Hz wide), by FFT of the whole clip. */
function bandPass(x: Float32Array, sampleRate: number, lo: number, hi: number, edge: number): Float32Array {
  let size = 2;
  while (size < x.length) size <<= 1;
  const fft = new FFT(size);
  const spec = fft.createComplexArray() as number[];
  const input = new Array<number>(size).fill(0);
  for (let i = 0; i < x.length; i++) input[i] = x[i];
  fft.realTransform(spec, input);
  fft.completeSpectrum(spec);
  const gain = (f: number) => {
    if (f < lo - edge || f > hi + edge) return 0;
    if (f < lo) return 0.5 - 0.5 * Math.cos((Math.PI * (f - (lo - edge))) / edge);
    if (f > hi) return 0.5 + 0.5 * Math.cos((Math.PI * (f - hi)) / edge);
    return 1;
  };
  for (let k = 0; k < size; k++) {
    const f = (Math.min(k, size - k) * sampleRate) / size;
    const g = gain(f);
    spec[2 * k] *= g;
    spec[2 * k + 1] *= g;
  }
  const y = fft.createComplexArray() as number[];
  fft.inverseTransform(y, spec);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = y[2 * i];
  return out;
}

const num = (p: ResolvedOp['params'], k: string) => p[k] as number;

type Step = (c: Clip, p: ResolvedOp['params'], random: () => number, opts: AudioAugmentOptions) => Promise<Clip>;

const STEPS: Readonly<Record<string, Step>> = {
  gain: async (c, p) => {
    const g = 10 ** (num(p, 'db') / 20);
    return { ...c, samples: c.samples.map((v) => v * g) };
  },
  shift: async (c, p) => {
    const by = Math.round(num(p, 'seconds') * c.sampleRate);
    const out = new Float32Array(c.samples.length);
    for (let i = 0; i < out.length; i++) {
      const j = i - by;
      if (j >= 0 && j < c.samples.length) out[i] = c.samples[j];
    }
    return { ...c, samples: out };
  },
  pad: async (c, p) => {
    const before = Math.round(num(p, 'before') * c.sampleRate);
    const after = Math.round(num(p, 'after') * c.sampleRate);
    const out = new Float32Array(before + c.samples.length + after);
    out.set(c.samples, before);
    return { ...c, samples: out };
  },
  add_noise: async (c, p, random, opts) => {
    const n = c.samples.length;
    let noise: Float32Array;
    if (typeof p.noiseKey === 'string') {
      const clip = opts.noiseClip?.(p.noiseKey);
      if (!clip || clip.samples.length === 0) throw new Error(`noise clip "${p.noiseKey}" is not available`);
      const src = clip.sampleRate === c.sampleRate ? clip.samples : await resample(clip.samples, clip.sampleRate, c.sampleRate);
      noise = new Float32Array(n);
      // Looped from a seeded offset, so that copies do not all get the same stretch of noise.
      const offset = Math.floor(random() * src.length);
      for (let i = 0; i < n; i++) noise[i] = src[(offset + i) % src.length];
    } else {
      noise = colouredNoise(n, (p.colour as string) ?? 'white', random);
    }
    const ps = power(c.samples);
    const pn = power(noise);
    // A silent clip has no level to be relative to: the noise goes in at snrDb below full scale.
    const target = (ps > 0 ? ps : 1) / 10 ** (num(p, 'snrDb') / 10);
    const k = pn > 0 ? Math.sqrt(target / pn) : 0;
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = c.samples[i] + k * noise[i];
    return { ...c, samples: out };
  },
  speed: async (c, p) => ({ ...c, samples: await resample(c.samples, c.sampleRate, c.sampleRate / num(p, 'factor')) }),
  time_stretch: async (c, p) => {
    const f = num(p, 'factor');
    return { ...c, samples: soundTouch(c, f, 0, Math.round(c.samples.length / f)) };
  },
  pitch_shift: async (c, p) => ({ ...c, samples: soundTouch(c, 1, num(p, 'semitones'), c.samples.length) }),
  reverb: async (c, p, random) => {
    const rt60 = 0.2 + 1.8 * num(p, 'roomSize');
    const len = Math.max(1, Math.round(rt60 * c.sampleRate));
    const normal = gaussian(random);
    const ir = new Float32Array(len);
    let e = 0;
    for (let i = 0; i < len; i++) {
      ir[i] = normal() * Math.exp((-6.9078 * i) / len); // −60 dB at RT60
      e += ir[i] * ir[i];
    }
    for (let i = 0; i < len; i++) ir[i] /= Math.sqrt(e);
    const wetSig = convolve(c.samples, ir);
    const scale = Math.sqrt(power(c.samples) / (power(wetSig) || 1));
    const w = num(p, 'wet');
    return { ...c, samples: c.samples.map((v, i) => (1 - w) * v + w * scale * wetSig[i]) };
  },
  telephone: async (c) => {
    const x = c.sampleRate === 8000 ? c.samples : await resample(c.samples, c.sampleRate, 8000);
    return { samples: bandPass(x, 8000, 300, 3400, 100), sampleRate: 8000 };
  },
};

/** The audio ops this module applies. */
export const AUDIO_OPS: readonly string[] = Object.freeze(Object.keys(STEPS));

/** Applies resolved ops in order to a clip. */
export async function augmentClip(clip: Clip, ops: readonly ResolvedOp[], random: () => number, opts: AudioAugmentOptions = {}): Promise<Clip> {
  let cur = clip;
  for (const o of ops) {
    const step = STEPS[o.op];
    if (!step) throw new Error(`not an audio op: ${o.op}`);
    cur = await step(cur, o.params, random, opts);
  }
  return cur;
}
