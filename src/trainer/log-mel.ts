/**
 * Log-mel spectrograms of 16 kHz mono clips, the input of keyword models: Hann frames (25 ms
 * every 10 ms by default, as the Speech Commands models; 40 ms every 20 ms for the fully connected
 * model of Zhang et al., "Hello Edge", 2017), an FFT of the next power of two (fft.js), power
 * spectra through a triangular mel filterbank (HTK mel scale), log, then per-clip mean / variance
 * normalisation so that recording gain does not count. A clip is first cut to a fixed length at
 * its loudest window (where a keyword is), or padded.
 */
import FFT from 'fft.js';

export interface LogMelOptions {
  sampleRate: number;
  /** Samples a clip is cut or padded to. */
  length: number;
  mels: number;
  /** Frame length and hop, in samples (default 400 and 160: 25 ms and 10 ms at 16 kHz). */
  frame?: number;
  hop?: number;
}

export function frameCount(length: number, frame = 400, hop = 160): number {
  return 1 + Math.floor((length - frame) / hop);
}

const hz2mel = (f: number) => 2595 * Math.log10(1 + f / 700);
const mel2hz = (m: number) => 700 * (10 ** (m / 2595) - 1);

/** Triangular mel filters over the bins of an n-point FFT, [mels][n / 2 + 1], from 20 Hz to Nyquist. */
export function melFilterbank(sampleRate: number, mels: number, nfft: number): Float32Array[] {
  const BINS = nfft / 2 + 1;
  const lo = hz2mel(20);
  const hi = hz2mel(sampleRate / 2);
  const centres = Array.from({ length: mels + 2 }, (_, i) => mel2hz(lo + ((hi - lo) * i) / (mels + 1)));
  const binHz = sampleRate / nfft;
  return Array.from({ length: mels }, (_, m) => {
    const [a, b, c] = [centres[m], centres[m + 1], centres[m + 2]];
    const w = new Float32Array(BINS);
    for (let k = 0; k < BINS; k++) {
      const f = k * binHz;
      w[k] = f <= a || f >= c ? 0 : f <= b ? (f - a) / (b - a) : (c - f) / (c - b);
    }
    return w;
  });
}

/** The `length` samples of a clip with the most energy (a window sliding by HOP samples), zero-padded when shorter. */
export function loudestWindow(samples: Float32Array, length: number, HOP = 160): Float32Array {
  if (samples.length <= length) {
    const out = new Float32Array(length);
    out.set(samples, Math.floor((length - samples.length) / 2));
    return out;
  }
  // running sum of squares per HOP block
  const blocks = Math.floor(samples.length / HOP);
  const energy = new Float64Array(blocks + 1);
  for (let b = 0; b < blocks; b++) {
    let e = 0;
    for (let i = b * HOP; i < (b + 1) * HOP; i++) e += samples[i] * samples[i];
    energy[b + 1] = energy[b] + e;
  }
  const span = Math.floor(length / HOP);
  let best = 0;
  let bestE = -1;
  for (let b = 0; b + span <= blocks; b++) {
    const e = energy[b + span] - energy[b];
    if (e > bestE) [bestE, best] = [e, b];
  }
  const start = Math.min(best * HOP, samples.length - length);
  return samples.slice(start, start + length);
}

/** Reusable state of one feature extractor (FFT plan, window, filterbank). */
export class LogMel {
  private readonly fft: FFT;
  private readonly window: Float32Array;
  private readonly bank: Float32Array[];
  private readonly frameIn: number[];
  private readonly spectrum: number[];
  private readonly frame: number;
  private readonly hop: number;
  private readonly bins: number;
  readonly frames: number;

  constructor(readonly o: LogMelOptions) {
    if (o.sampleRate !== 16_000) throw new Error(`log-mel features expect 16 kHz audio, the export has ${o.sampleRate} Hz`);
    this.frame = o.frame ?? 400;
    this.hop = o.hop ?? 160;
    const nfft = 2 ** Math.ceil(Math.log2(this.frame));
    this.bins = nfft / 2 + 1;
    this.fft = new FFT(nfft);
    this.window = Float32Array.from({ length: this.frame }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (this.frame - 1)));
    this.bank = melFilterbank(o.sampleRate, o.mels, nfft);
    this.frameIn = new Array<number>(nfft).fill(0);
    this.spectrum = this.fft.createComplexArray() as number[];
    this.frames = frameCount(o.length, this.frame, this.hop);
  }

  /** [frames × mels], row-major, written into `out` at `offset`. */
  compute(samples: Float32Array, out: Float32Array, offset = 0): void {
    const clip = loudestWindow(samples, this.o.length, this.hop);
    const { mels } = this.o;
    const BINS = this.bins;
    const power = new Float32Array(BINS);
    for (let t = 0; t < this.frames; t++) {
      const s = t * this.hop;
      for (let i = 0; i < this.frame; i++) this.frameIn[i] = clip[s + i] * this.window[i];
      this.fft.realTransform(this.spectrum, this.frameIn);
      for (let k = 0; k < BINS; k++) power[k] = this.spectrum[2 * k] ** 2 + this.spectrum[2 * k + 1] ** 2;
      for (let m = 0; m < mels; m++) {
        const w = this.bank[m];
        let e = 0;
        for (let k = 0; k < BINS; k++) e += w[k] * power[k];
        out[offset + t * mels + m] = Math.log(e + 1e-10);
      }
    }
    // per-clip normalisation (gain and channel do not count)
    const n = this.frames * mels;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += out[offset + i];
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (out[offset + i] - mean) ** 2;
    const sd = Math.sqrt(v / n) || 1;
    for (let i = 0; i < n; i++) out[offset + i] = (out[offset + i] - mean) / sd;
  }
}
