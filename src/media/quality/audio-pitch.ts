/**
 * The voice's fundamental frequency (F0) for the audio analyser: the `pitch` coverage axis of
 * issue 9 needs a real estimator, and YIN (de Cheveigné & Kawahara 2002, from the `pitchfinder`
 * package) is the standard one. Streamed like the rest of the analysis: PitchSampler keeps at most
 * MAX_WINDOWS windows of 64 ms (decimated to 16–32 kHz by box averaging, plenty for F0 under
 * 500 Hz; 1024 samples at 16 kHz), evenly spaced over the file, so its memory and its cost (YIN is O(window²)) do not grow
 * with the file's length: at most 96 × 0.5 M operations, ~20–40 ms a file here.
 *
 * Windows under −50 dBFS or under the noise floor are not asked; YIN's own aperiodicity threshold
 * leaves out unvoiced sounds and noise. The result is
 * the median F0 over the windows that gave one (and its 10th and 90th percentiles), null with
 * fewer than MIN_PITCHED windows.
 */
import { YIN } from 'pitchfinder';

/** 64 ms windows at the decimated rate (1024 samples at 16 kHz). */
const WINDOW_SECONDS = 0.064;
const MAX_WINDOWS = 96;
/** Fewer windows with a pitch than this give no F0 (too little voiced audio to say). */
export const MIN_PITCHED = 5;
/** F0 outside this range is not a speaking voice (YIN's octave errors land outside it too). */
const MIN_HZ = 50;
const MAX_HZ = 500;

export interface PitchResult {
  /** Median F0 (Hz) of the windows with a pitch; null when fewer than MIN_PITCHED. */
  medianHz: number | null;
  p10Hz: number | null;
  p90Hz: number | null;
  /** Windows that gave an F0. */
  pitched: number;
}

export class PitchSampler {
  private readonly decim: number;
  private readonly rate: number;
  private readonly size: number;
  /** Raw sample index where each window starts. */
  private readonly starts: Float64Array;
  private readonly windows: Float32Array[];
  /** Per window: decimated samples filled, and the raw sum and count of the one being averaged. */
  private readonly filled: Int32Array;
  private readonly acc: Float64Array;
  private readonly accCount: Int32Array;
  private seen = 0;

  constructor(sampleRate: number, n: number) {
    this.decim = Math.max(1, Math.floor(sampleRate / 16000));
    this.rate = sampleRate / this.decim;
    this.size = Math.max(64, Math.round(WINDOW_SECONDS * this.rate));
    const span = this.size * this.decim;
    const count = n >= span ? Math.min(MAX_WINDOWS, Math.floor(n / span)) : 0;
    this.starts = new Float64Array(count);
    for (let i = 0; i < count; i++) this.starts[i] = count === 1 ? 0 : Math.floor((i * (n - span)) / (count - 1));
    this.windows = Array.from({ length: count }, () => new Float32Array(this.size));
    this.filled = new Int32Array(count);
    this.acc = new Float64Array(count);
    this.accCount = new Int32Array(count);
  }

  /** The next samples (mono, full scale ±1), in order; chunks of any size. */
  push(samples: Float32Array): void {
    const from = this.seen;
    const to = from + samples.length;
    const span = this.size * this.decim;
    for (let w = 0; w < this.starts.length; w++) {
      const s = this.starts[w];
      if (s >= to) break;
      if (s + span <= from) continue;
      const win = this.windows[w];
      let k = this.filled[w];
      let acc = this.acc[w];
      let cnt = this.accCount[w];
      // Decimated sample k averages raw samples s + k·decim … s + (k + 1)·decim − 1.
      for (let j = Math.max(from, s + k * this.decim + cnt), end = Math.min(to, s + span); j < end; j++) {
        acc += samples[j - from];
        if (++cnt === this.decim) {
          win[k++] = acc / this.decim;
          acc = 0;
          cnt = 0;
        }
      }
      this.filled[w] = k;
      this.acc[w] = acc;
      this.accCount[w] = cnt;
    }
    this.seen = to;
  }

  /** F0 of the windows whose mean power is at least `minPower`. */
  finish(minPower: number): PitchResult {
    const detect = YIN({ sampleRate: this.rate, threshold: 0.15 });
    const f0: number[] = [];
    for (let w = 0; w < this.windows.length; w++) {
      if (this.filled[w] < this.size) continue;
      const win = this.windows[w];
      let p = 0;
      for (let i = 0; i < this.size; i++) p += win[i] * win[i];
      if (p / this.size < minPower) continue;
      const f = detect(win);
      if (f !== null && f >= MIN_HZ && f <= MAX_HZ) f0.push(f);
    }
    if (f0.length < MIN_PITCHED) return { medianHz: null, p10Hz: null, p90Hz: null, pitched: f0.length };
    f0.sort((a, b) => a - b);
    const q = (x: number) => f0[Math.min(f0.length - 1, Math.floor(x * f0.length))];
    return { medianHz: q(0.5), p10Hz: q(0.1), p90Hz: q(0.9), pitched: f0.length };
  }
}
