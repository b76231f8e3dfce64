/**
 * Audio quality analysis: pure functions over the bytes of one WAV file (no DB, no file system:
 * the bytes come through a WavSource, in memory here or a file in ./audio-file.ts).
 *
 * analyzeAudio decodes (PCM 8/16/24/32, float32; any rate; any channels → mono float at the native
 * rate) a chunk at a time, so that memory stays bounded whatever the length, makes one pass over
 * the samples collecting 5 ms block sums (of 60 excerpts of 10 s for audio over 10 min: see
 * MAX_FRAMED_BLOCKS), and derives from them the metrics behind every flag (clipping, energy VAD,
 * SNR), the exact-duplicate key (sampleHash, over every sample) and the 64-bit near-duplicate
 * fingerprint. transcriptMetrics adds the transcript's measurements and
 * audioFlags turns the merged metrics into flags under a policy, without decoding anything.
 * See docs/quality.md ("Audio quality") for the definitions, the thresholds and the measurements behind them.
 */
import { createHash, type Hash } from 'node:crypto';
import { bytesSource, readWavLayout, type WavLayout, type WavSource } from '../audio.js';
import { invalidMedia } from '../errors.js';
import type { AudioFlag, Metrics } from './types.js';
import { hammingDistance64 } from './hash64.js';
import { PitchSampler } from './audio-pitch.js';

// =============================================================================================
// Decoding
// =============================================================================================

/** A WAV decoded to mono float at its native sample rate. */
export interface DecodedAudio {
  /** Mono samples, full scale = ±1: the mean of the channels, rounded to float32. */
  samples: Float32Array;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 'pcm' (integer) or 'float' (IEEE float 32). */
  encoding: 'pcm' | 'float';
  /** Float samples that were NaN or ±Infinity (decoded as 0). */
  nonFiniteSamples: number;
}

export { bytesSource, readWavLayout, type WavLayout, type WavSource } from '../audio.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Converts the first `out.length` frames of `bytes` to mono float32 (full scale ±1, the channels
 * averaged in float64), straight from the bytes (wavefile's getSamples is ~20× slower); returns
 * how many float samples were NaN or ±Infinity (read as 0). One loop per encoding so that the
 * inner loop stays monomorphic.
 */
export function decodeFrames(layout: WavLayout, bytes: Uint8Array, out: Float32Array): number {
  const frames = out.length;
  const { channels, bitsPerSample } = layout;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inv = 1 / channels;
  let nonFinite = 0;
  let p = 0;
  if (layout.encoding === 'float') {
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 4) {
        const v = dv.getFloat32(p, true);
        if (Number.isFinite(v)) s += v;
        else nonFinite++;
      }
      out[i] = s * inv;
    }
  } else if (bitsPerSample === 16 && LITTLE_ENDIAN && bytes.byteOffset % 2 === 0) {
    // Fast path: a typed-array view on the samples (aligned, little-endian host).
    const view = new Int16Array(bytes.buffer, bytes.byteOffset, frames * channels);
    if (channels === 1) {
      for (let i = 0; i < frames; i++) out[i] = view[i] / 32768;
    } else {
      for (let i = 0, q = 0; i < frames; i++) {
        let s = 0;
        for (let c = 0; c < channels; c++) s += view[q++];
        out[i] = (s * inv) / 32768;
      }
    }
  } else if (bitsPerSample === 16) {
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 2) s += dv.getInt16(p, true);
      out[i] = (s * inv) / 32768;
    }
  } else if (bitsPerSample === 24) {
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 3) s += ((bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16)) << 8) >> 8;
      out[i] = (s * inv) / 8388608;
    }
  } else if (bitsPerSample === 32) {
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 4) s += dv.getInt32(p, true);
      out[i] = (s * inv) / 2147483648;
    }
  } else {
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 1) s += bytes[p] - 128;
      out[i] = (s * inv) / 128;
    }
  }
  return nonFinite;
}

/**
 * Decodes a whole RIFF/WAVE file held in memory (readWavLayout, then decodeFrames over all of its
 * samples): a building block for tools and tests. analyzeAudio does not use it; it streams.
 */
export function decodeWav(bytes: Uint8Array): DecodedAudio {
  const layout = readWavLayout(bytesSource(bytes));
  const samples = new Float32Array(layout.frames);
  const nonFinite = decodeFrames(layout, bytes.subarray(layout.dataAt, layout.dataAt + layout.frames * layout.blockAlign), samples);
  return {
    samples,
    sampleRate: layout.sampleRate,
    channels: layout.channels,
    bitsPerSample: layout.bitsPerSample,
    encoding: layout.encoding,
    nonFiniteSamples: nonFinite,
  };
}
// =============================================================================================
// Framing: the one pass over the samples
// =============================================================================================

/** Blocks of 5 ms are the time grid of the fingerprint; frames of 4 blocks (20 ms) that of the VAD. */
export const BLOCK_SECONDS = 0.005;
export const BLOCKS_PER_FRAME = 4;
/** |sample| at or above this (full scale = 1) counts as clipped: −0.09 dBFS, i.e. 32440 of 32767. */
export const CLIP_LEVEL = 0.99;

/**
 * Signals of up to this many blocks (10 min at 5 ms) are framed whole. Longer ones keep the block
 * sums of EXCERPTS evenly spaced excerpts of EXCERPT_BLOCKS blocks (10 min in all, ~3 MB of sums
 * whatever the length): VAD, noise floor, SNR and fingerprint are measured on those, everything
 * else (duration, peak, clipping, DC, RMS, sampleHash) on every sample. See docs/quality.md ("Long audio").
 */
export const MAX_FRAMED_BLOCKS = 120_000;
export const EXCERPTS = 60;
/** 10 s; a whole number of frames. */
export const EXCERPT_BLOCKS = 2000;

/** Per-block and per-frame measurements of one signal. */
export interface Framing {
  blockSamples: number;
  /** Mean power of each 5 ms block, with the DC of its 20 ms frame removed. */
  blockPower: Float64Array;
  /**
   * Mean power of the lagged difference y[n] − y[n−τ] of y, the signal low-passed at LOWPASS_HZ,
   * τ = DIFF_LAG_SECONDS in samples: a spectral weighting 2 − 2·cos(2πfτ), ≈ (2πfτ)² in the pass
   * band. Its ratio to the power is a measure of brightness (mean squared frequency).
   */
  blockDiffPower: Float64Array;
  /** DC-removed mean power of each 20 ms frame (a trailing partial frame counts if ≥ 10 ms). */
  framePower: Float64Array;
  /** Samples in each frame (the last may be short). */
  frameSamples: Int32Array;
  /**
   * 0 when the blocks and frames cover the whole signal. A signal of more than MAX_FRAMED_BLOCKS
   * blocks has its block and frame arrays cut from EXCERPTS excerpts, one after the other, this
   * many frames each (peak, clipped, dcOffset and meanPower still cover every sample).
   */
  excerptFrames: number;
  peak: number;
  clipped: number;
  dcOffset: number;
  meanPower: number;
}

/**
 * The brightness measure looks at the signal low-passed at 6 kHz (2nd-order Butterworth): what a
 * 16 kHz file can hold, and the band where white noise would otherwise dominate the difference
 * signal (its power grows like f²). See docs/quality.md ("Audio quality") for the measurements behind it.
 */
export const LOWPASS_HZ = 6000;
/**
 * Lag of the difference signal: one sample at 16 kHz. A fixed lag in seconds (not one sample)
 * keeps the brightness measure the same for the same audio at 16, 44.1 or 48 kHz.
 */
export const DIFF_LAG_SECONDS = 1 / 16000;

/** Block powers with the DC of each 20 ms frame removed, and the frame powers. */
function removeFrameDc(
  blockSum: Float64Array,
  blockSq: Float64Array,
  n: number,
  B: number,
  nFrames: number,
): { block: Float64Array; frame: Float64Array } {
  const nBlocks = blockSum.length;
  const block = new Float64Array(nBlocks);
  const frame = new Float64Array(nFrames);
  for (let b0 = 0, f = 0; b0 < nBlocks; b0 += BLOCKS_PER_FRAME, f++) {
    const b1 = Math.min(nBlocks, b0 + BLOCKS_PER_FRAME);
    const count = Math.min(n, b1 * B) - b0 * B;
    let s = 0;
    let ss = 0;
    for (let b = b0; b < b1; b++) {
      s += blockSum[b];
      ss += blockSq[b];
    }
    const mean = s / count;
    if (f < nFrames) frame[f] = Math.max(0, ss / count - mean * mean);
    for (let b = b0; b < b1; b++) {
      const len = Math.min(n, (b + 1) * B) - b * B;
      block[b] = Math.max(0, (blockSq[b] - 2 * mean * blockSum[b]) / len + mean * mean);
    }
  }
  return { block, frame };
}

/**
 * The one pass over the samples: per 5 ms block, Σx and Σx² of the signal, Σ(y[n] − y[n−τ])² of
 * its low-passed version y, plus the peak and the clipped-sample count. Everything else is
 * computed from these block sums. Per-frame DC removal (as Kaldi does per frame): a DC offset is
 * not signal, and removing the file's global mean instead would turn digital-silence padding
 * into a "noise floor".
 *
 * The samples arrive in chunks of any size (push), so a long file is never held whole; the result
 * is the same as one pass over all of them (the same operations in the same order). A signal of
 * more than MAX_FRAMED_BLOCKS blocks keeps the block sums of EXCERPTS excerpts only (see there):
 * its memory does not grow with its length.
 */
export class Framer {
  private readonly B: number;
  private readonly c0: number;
  private readonly c1: number;
  private readonly c2: number;
  private readonly c3: number;
  private readonly lag: number;
  /** The last τ values of y, as a ring. */
  private readonly history: Float64Array;
  /** First block of each excerpt, in order; null when every block is kept. */
  private readonly starts: Float64Array | null;
  private readonly blockSum: Float64Array;
  private readonly blockSq: Float64Array;
  private readonly blockDiffPower: Float64Array;
  private slot = 0;
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;
  private peak = 0;
  private clipped = 0;
  private total = 0;
  private totalSq = 0;
  /** Samples pushed so far; index of the block being summed, samples in it so far and its sums. */
  private seen = 0;
  private block = 0;
  private inBlock = 0;
  private s = 0;
  private ss = 0;
  private dd = 0;
  /** The excerpt being kept, and block sums kept so far. */
  private excerpt = 0;
  private kept = 0;

  constructor(
    sampleRate: number,
    /** Samples that will be pushed in all. */
    private readonly n: number,
  ) {
    const B = Math.max(1, Math.round(sampleRate * BLOCK_SECONDS));
    this.B = B;
    // RBJ biquad low-pass, Q = 1/√2.
    const w0 = (2 * Math.PI * Math.min(LOWPASS_HZ, 0.45 * sampleRate)) / sampleRate;
    const alpha = Math.sin(w0) / Math.SQRT2;
    const cos = Math.cos(w0);
    const a0 = 1 + alpha;
    this.c0 = (1 - cos) / 2 / a0;
    this.c1 = (1 - cos) / a0;
    this.c2 = (-2 * cos) / a0;
    this.c3 = (1 - alpha) / a0;
    this.lag = Math.max(1, Math.round(sampleRate * DIFF_LAG_SECONDS));
    this.history = new Float64Array(this.lag);
    const nBlocks = Math.ceil(n / B);
    if (nBlocks <= MAX_FRAMED_BLOCKS) {
      this.starts = null;
    } else {
      // Evenly spaced over the whole blocks, on the 20 ms frame grid; never overlapping (the
      // spacing is at least (MAX_FRAMED_BLOCKS − EXCERPT_BLOCKS) / (EXCERPTS − 1) = EXCERPT_BLOCKS).
      const full = Math.floor(n / B);
      this.starts = new Float64Array(EXCERPTS);
      for (let i = 0; i < EXCERPTS; i++) {
        const raw = Math.floor((i * (full - EXCERPT_BLOCKS)) / (EXCERPTS - 1));
        this.starts[i] = raw - (raw % BLOCKS_PER_FRAME);
      }
    }
    const keep = this.starts ? EXCERPTS * EXCERPT_BLOCKS : nBlocks;
    this.blockSum = new Float64Array(keep);
    this.blockSq = new Float64Array(keep);
    this.blockDiffPower = new Float64Array(keep);
  }

  /** The next samples of the signal. */
  push(samples: Float32Array): void {
    const { B, c0, c1, c2, c3, lag, history } = this;
    let { x1, x2, y1, y2, slot, peak, clipped, s, ss, dd, inBlock } = this;
    const len = samples.length;
    if (this.seen + len > this.n) throw new RangeError(`Framer: ${this.seen + len} samples pushed, ${this.n} announced`);
    let i = 0;
    while (i < len) {
      const end = Math.min(len, i + (B - inBlock));
      inBlock += end - i;
      for (; i < end; i++) {
        const v = samples[i];
        const a = v < 0 ? -v : v;
        if (a > peak) peak = a;
        if (a >= CLIP_LEVEL) clipped++;
        s += v;
        ss += v * v;
        const y = c0 * (v + x2) + c1 * x1 - c2 * y1 - c3 * y2;
        x2 = x1;
        x1 = v;
        y2 = y1;
        y1 = y;
        const d = y - history[slot];
        history[slot] = y;
        if (++slot === lag) slot = 0;
        dd += d * d;
      }
      if (inBlock === B) {
        this.closeBlock(s, ss, dd, B);
        s = 0;
        ss = 0;
        dd = 0;
        inBlock = 0;
      }
    }
    this.seen += len;
    this.x1 = x1;
    this.x2 = x2;
    this.y1 = y1;
    this.y2 = y2;
    this.slot = slot;
    this.peak = peak;
    this.clipped = clipped;
    this.s = s;
    this.ss = ss;
    this.dd = dd;
    this.inBlock = inBlock;
  }

  private closeBlock(s: number, ss: number, dd: number, count: number): void {
    const b = this.block++;
    this.total += s;
    this.totalSq += ss;
    let k = b;
    if (this.starts) {
      // (Blocks between the excerpts count in the totals only.)
      if (this.excerpt >= EXCERPTS) return;
      const start = this.starts[this.excerpt];
      if (b < start) return;
      k = this.kept++;
      if (b === start + EXCERPT_BLOCKS - 1) this.excerpt++;
    }
    this.blockSum[k] = s;
    this.blockSq[k] = ss;
    this.blockDiffPower[k] = dd / count;
  }

  /** The measurements, once every announced sample has been pushed. */
  finish(): Framing {
    const { n, B } = this;
    if (this.seen !== n) throw new RangeError(`Framer: ${this.seen} samples pushed, ${n} announced`);
    if (this.inBlock > 0) {
      this.closeBlock(this.s, this.ss, this.dd, this.inBlock);
      this.inBlock = 0;
    }
    let nFrames: number;
    let frameSamples: Int32Array;
    let full: { block: Float64Array; frame: Float64Array };
    if (this.starts) {
      // Whole frames only, each excerpt EXCERPT_BLOCKS / BLOCKS_PER_FRAME of them.
      nFrames = this.kept / BLOCKS_PER_FRAME;
      frameSamples = new Int32Array(nFrames).fill(BLOCKS_PER_FRAME * B);
      full = removeFrameDc(this.blockSum, this.blockSq, this.kept * B, B, nFrames);
    } else {
      const nBlocks = this.blockSum.length;
      nFrames = Math.floor(nBlocks / BLOCKS_PER_FRAME);
      const rest = nBlocks - nFrames * BLOCKS_PER_FRAME;
      if (rest > 0 && (rest >= BLOCKS_PER_FRAME / 2 || nFrames === 0)) nFrames++;
      frameSamples = new Int32Array(nFrames);
      for (let f = 0; f < nFrames; f++) frameSamples[f] = Math.min(n, (f + 1) * BLOCKS_PER_FRAME * B) - f * BLOCKS_PER_FRAME * B;
      full = removeFrameDc(this.blockSum, this.blockSq, n, B, nFrames);
    }
    const dc = n > 0 ? this.total / n : 0;
    return {
      blockSamples: B,
      blockPower: full.block,
      blockDiffPower: this.blockDiffPower,
      framePower: full.frame,
      frameSamples,
      excerptFrames: this.starts ? EXCERPT_BLOCKS / BLOCKS_PER_FRAME : 0,
      peak: this.peak,
      clipped: this.clipped,
      dcOffset: dc,
      meanPower: n > 0 ? Math.max(0, this.totalSq / n - dc * dc) : 0,
    };
  }
}

/** The one pass (see Framer) over samples held in memory. */
export function frameAudio(samples: Float32Array, sampleRate: number): Framing {
  const framer = new Framer(sampleRate, samples.length);
  framer.push(samples);
  return framer.finish();
}

// =============================================================================================
// Voice activity and SNR
// =============================================================================================

/** Frames with an RMS under ~1 LSB of 16-bit audio (−90 dBFS) are digital silence. */
export const DIGITAL_SILENCE_DB = -90;
/** The noise floor: this percentile of the frame powers (between the first and last audible frame). */
export const NOISE_PERCENTILE = 0.05;
/** The loud-speech reference: this percentile of the same frames. */
export const REFERENCE_PERCENTILE = 0.95;
/** A frame is voiced when it is at least this far above the noise floor ... */
export const VAD_MARGIN_DB = 6;
/** ... and no further than this below the loud-speech reference. */
export const VAD_RANGE_DB = 40;
/** Voiced runs shorter than this (frames) are clicks, not speech ... */
export const MIN_VOICED_RUN_FRAMES = 2;
/** ... and unvoiced gaps up to this long (frames; 100 ms) inside speech are stop closures. */
export const MAX_GAP_FRAMES = 5;

const SILENCE_POWER = 10 ** (DIGITAL_SILENCE_DB / 10);

export interface VoiceActivity {
  /** 1 for each voiced 20 ms frame. */
  voiced: Uint8Array;
  /** Linear powers; null when the file is digital silence throughout. */
  noiseFloor: number | null;
  reference: number | null;
  threshold: number | null;
  /** Mean power of the voiced frames; null when none is voiced. */
  speechPower: number | null;
}

function toDb(p: number): number {
  return 10 * Math.log10(Math.max(p, 1e-15));
}

function percentile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Noise floor (5th percentile) and loud-speech reference (95th percentile) of the frame powers.
 * Leading and trailing digital silence is padding, not part of the recording, so the percentiles
 * are taken between the first and the last audible frame (digital silence inside that span counts,
 * at −90 dBFS, so a clean recording gated to zero between words has a −90 dBFS floor). Null for
 * digital silence throughout.
 */
export function powerLevels(framePower: Float64Array): { noiseFloor: number; reference: number } | null {
  const n = framePower.length;
  let first = 0;
  while (first < n && framePower[first] <= SILENCE_POWER) first++;
  if (first === n) return null;
  let last = n - 1;
  while (framePower[last] <= SILENCE_POWER) last--;
  const span = new Float64Array(last - first + 1);
  for (let i = first; i <= last; i++) span[i - first] = Math.max(framePower[i], SILENCE_POWER);
  span.sort();
  return { noiseFloor: percentile(span, NOISE_PERCENTILE), reference: percentile(span, REFERENCE_PERCENTILE) };
}

/**
 * Energy VAD with an adaptive threshold: voiced = frame power > max(noise floor + 6 dB,
 * reference − 40 dB, digital silence), then clicks (< 40 ms) removed and gaps ≤ 100 ms bridged.
 * `segmentFrames` > 0: the frames are excerpts of that many frames each (Framing.excerptFrames),
 * and no run is joined across two of them.
 */
export function voiceActivity(framePower: Float64Array, segmentFrames = 0): VoiceActivity {
  const n = framePower.length;
  const voiced = new Uint8Array(n);
  const levels = powerLevels(framePower);
  if (!levels) return { voiced, noiseFloor: null, reference: null, threshold: null, speechPower: null };
  const { noiseFloor, reference } = levels;
  const threshold = Math.max(noiseFloor * 10 ** (VAD_MARGIN_DB / 10), reference * 10 ** (-VAD_RANGE_DB / 10), SILENCE_POWER);
  for (let i = 0; i < n; i++) voiced[i] = framePower[i] > threshold ? 1 : 0;

  const segment = segmentFrames > 0 ? segmentFrames : n;
  for (let lo = 0; lo < n; lo += segment) {
    const hi = Math.min(n, lo + segment);
    const forRuns = (value: number, fn: (start: number, end: number) => void): void => {
      let i = lo;
      while (i < hi) {
        if (voiced[i] !== value) {
          i++;
          continue;
        }
        let j = i;
        while (j < hi && voiced[j] === value) j++;
        fn(i, j);
        i = j;
      }
    };
    forRuns(1, (s, e) => {
      if (e - s < MIN_VOICED_RUN_FRAMES) voiced.fill(0, s, e);
    });
    forRuns(0, (s, e) => {
      if (s > lo && e < hi && e - s <= MAX_GAP_FRAMES) voiced.fill(1, s, e);
    });
  }
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (voiced[i]) {
      sum += framePower[i];
      count++;
    }
  }
  return { voiced, noiseFloor, reference, threshold, speechPower: count > 0 ? sum / count : null };
}

/** The SNR is not estimated from fewer frames than this (0.5 s): too few for the percentiles. */
export const MIN_SNR_FRAMES = 25;

/**
 * Estimated SNR in dB: the noise-corrected speech power over the noise floor,
 * 10·log10((P_speech − P_noise) / P_noise), where P_speech is the mean power of the voiced frames
 * (speech + noise) or, when no frame is voiced, the loud-speech reference (95th percentile frame).
 * Floored at −30 dB. Null for digital silence throughout and for audio shorter than
 * MIN_SNR_FRAMES frames (a 0.3 s excerpt of running speech has no pause to measure noise in).
 */
export function estimateSnrDb(vad: VoiceActivity): number | null {
  if (vad.noiseFloor === null || vad.reference === null || vad.voiced.length < MIN_SNR_FRAMES) return null;
  const signal = vad.speechPower ?? vad.reference;
  return toDb(Math.max(signal - vad.noiseFloor, vad.noiseFloor * 1e-3) / vad.noiseFloor);
}

// =============================================================================================
// Fingerprint
// =============================================================================================

/** Blocks count towards the fingerprint only this far below the loud-speech reference ... */
export const FP_RANGE_DB = 20;
/** ... and this far above the noise floor. */
export const FP_NOISE_MARGIN_DB = 6;
/** Energy-quantile trim of the envelope window (each side) and its extension (fraction of it). */
const FP_TRIM = 0.02;
const FP_EXTEND = 0.05;
const FP_ENVELOPE_BITS = 32;
const FP_SPECTRAL_BITS = 32;

/** Inverse of a cumulative sum (c[0] = 0, c[i + 1] = c[i] + w[i]), linear within blocks. */
function inverseCumulative(c: Float64Array, v: number): number {
  let lo = 0;
  let hi = c.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (c[mid] < v) lo = mid;
    else hi = mid;
  }
  const d = c[hi] - c[lo];
  return lo + (d > 0 ? Math.min(1, Math.max(0, (v - c[lo]) / d)) : 0);
}

/** Σ x over the (fractional) block interval [t0, t1); blocks outside the signal count as 0. */
function integrate(c: Float64Array, t0: number, t1: number): number {
  const at = (t: number): number => {
    if (t <= 0) return 0;
    const n = c.length - 1;
    if (t >= n) return c[n];
    const i = Math.floor(t);
    return c[i] + (c[i + 1] - c[i]) * (t - i);
  };
  return at(t1) - at(t0);
}

function cumulative(x: ArrayLike<number>): Float64Array {
  const c = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) c[i + 1] = c[i] + x[i];
  return c;
}

/**
 * The 64-bit fingerprint, as 16 hex characters (see docs/quality.md ("Audio quality") for the measurements).
 *
 * Time axis: block weights w = √max(0, P − L), where L = max(reference − 20 dB, noise floor + 6 dB),
 * i.e. only the loud part of the speech counts, in a gain-, noise- and padding-independent way;
 * W(t) is their cumulative sum. Positions are expressed as fractions of W, so a uniform time
 * scaling (speed change) or added silence cancels out.
 * - Bits 0–31 (envelope): the window between the 2 % and 98 % points of W, widened by 5 % each
 *   side, is cut into 33 equal segments; bit k = mean w of segment k+1 > that of segment k.
 * - Bits 32–63 (brightness): the span of W is cut into 32 segments of equal weight; for each,
 *   S = log((ΣΔy² − noise) / (Σx² − noise)), the noise-corrected ratio of the power of the
 *   lagged difference (see blockDiffPower) to the power: a brightness, ≈ mean squared frequency;
 *   bit = S above the median S. A pitch or speed change scales every frequency by the same
 *   factor, which shifts every S by about the same amount, so the comparison with the median
 *   cancels it. The noise terms are the mean block power and difference power of the blocks at
 *   the noise floor (≤ 1.5 × floor).
 * A file with nothing above L (digital silence) gets all zero bits.
 */
export function computeFingerprint(framing: Framing, levels: { noiseFloor: number; reference: number } | null): string {
  const bp = framing.blockPower;
  const dp = framing.blockDiffPower;
  const nb = bp.length;
  if (!levels) return '0'.repeat(16);
  const floor = levels.noiseFloor;
  const level = Math.max(levels.reference * 10 ** (-FP_RANGE_DB / 10), floor * 10 ** (FP_NOISE_MARGIN_DB / 10));
  const w = new Float64Array(nb);
  for (let i = 0; i < nb; i++) w[i] = bp[i] > level ? Math.sqrt(bp[i] - level) : 0;
  const cw = cumulative(w);
  const total = cw[nb];
  if (!(total > 0)) return '0'.repeat(16);

  const bits: number[] = [];
  // Envelope bits.
  let a = inverseCumulative(cw, total * FP_TRIM);
  let b = inverseCumulative(cw, total * (1 - FP_TRIM));
  const ext = (b - a) * FP_EXTEND;
  a -= ext;
  b += ext;
  const segs = FP_ENVELOPE_BITS + 1;
  const env = new Float64Array(segs);
  for (let k = 0; k < segs; k++) {
    const t0 = a + ((b - a) * k) / segs;
    const t1 = a + ((b - a) * (k + 1)) / segs;
    env[k] = integrate(cw, t0, t1) / Math.max(t1 - t0, 1e-9);
  }
  for (let k = 0; k < FP_ENVELOPE_BITS; k++) bits.push(env[k + 1] > env[k] ? 1 : 0);

  // Brightness bits. The noise's own power and difference power, from the blocks at the floor.
  let noiseP = 0;
  let noiseD = 0;
  let noiseCount = 0;
  for (let i = 0; i < nb; i++) {
    if (bp[i] > SILENCE_POWER && bp[i] <= floor * 1.5) {
      noiseP += bp[i];
      noiseD += dp[i];
      noiseCount++;
    }
  }
  if (noiseCount > 0) {
    noiseP /= noiseCount;
    noiseD /= noiseCount;
  }
  const cp = cumulative(bp);
  const cd = cumulative(dp);
  const bright = new Float64Array(FP_SPECTRAL_BITS);
  let t0 = 0;
  while (w[t0] === 0) t0++; // the first weighted block (total > 0, so there is one)
  for (let k = 0; k < FP_SPECTRAL_BITS; k++) {
    const t1 = inverseCumulative(cw, (total * (k + 1)) / FP_SPECTRAL_BITS);
    const len = t1 - t0;
    const p = Math.max(integrate(cp, t0, t1) - noiseP * len, 1e-15);
    const d = Math.max(integrate(cd, t0, t1) - noiseD * len, 1e-15);
    bright[k] = Math.log(d / p);
    t0 = t1;
  }
  const median = Float64Array.from(bright).sort()[FP_SPECTRAL_BITS >> 1];
  for (let k = 0; k < FP_SPECTRAL_BITS; k++) bits.push(bright[k] > median ? 1 : 0);

  let hex = '';
  for (let i = 0; i < 64; i += 4) hex += ((bits[i] << 3) | (bits[i + 1] << 2) | (bits[i + 2] << 1) | bits[i + 3]).toString(16);
  return hex;
}

/** Hamming distance of two 64-bit fingerprints (16 hex characters each). */
export const fingerprintDistance = hammingDistance64;

// =============================================================================================
// Analysis, transcript metrics, flags
// =============================================================================================

export interface AudioPolicy {
  /** CLIPPING: more than this fraction of the samples at |x| ≥ 0.99 full scale. */
  maxClippingFraction: number;
  /** LOW_SNR: estimated SNR under this (dB). */
  minSnrDb: number;
  /** MOSTLY_SILENCE: voiced fraction of the duration under this. */
  minVoicedFraction: number;
  /** TOO_SHORT: shorter than this (seconds). */
  minDurationSeconds: number;
  /** TOO_LONG: longer than this (seconds); 30 s is Whisper's input window. */
  maxDurationSeconds: number;
  /** LOW_SAMPLE_RATE: under this (Hz). */
  minSampleRate: number;
  /** SPEECH_RATE_IMPLAUSIBLE: characters per voiced second outside [min, max] ... */
  minCharsPerSecond: number;
  maxCharsPerSecond: number;
  /** ... or words per voiced second outside [min, max]. */
  minWordsPerSecond: number;
  maxWordsPerSecond: number;
  /** NEAR_DUPLICATE: fingerprints at most this Hamming distance apart. */
  nearDuplicateRadius: number;
}

/** Defaults and the measurements that justify them: docs/quality.md ("Audio quality"). */
export const DEFAULT_AUDIO_POLICY: Readonly<AudioPolicy> = Object.freeze({
  maxClippingFraction: 0.001,
  minSnrDb: 10,
  minVoicedFraction: 0.3,
  minDurationSeconds: 0.5,
  maxDurationSeconds: 30,
  minSampleRate: 16000,
  minCharsPerSecond: 8,
  maxCharsPerSecond: 30,
  minWordsPerSecond: 1.5,
  maxWordsPerSecond: 5,
  nearDuplicateRadius: 8,
});

export interface AudioAnalysis {
  metrics: Metrics;
  /**
   * Hex SHA-256 of the sample rate as a little-endian uint32 followed by the decoded mono samples
   * as little-endian float32 (full scale ±1; see decodeWav for the mix-down). Equal for the same
   * audio in any container or encoding that holds the same sample values: 16-, 24-bit and float32
   * copies of 16-bit audio, a stereo file with identical channels and its mono original.
   */
  sampleHash: string;
  /** 64-bit fingerprint as 16 hex characters; compare with fingerprintDistance. */
  fingerprint: string;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function roundOrNull(x: number | null, digits: number): number | null {
  return x === null || !Number.isFinite(x) ? null : round(x, digits);
}

/** Significant-digit rounding for small fractions (clipping fraction, DC offset). */
function roundSig(x: number, digits: number): number {
  return x === 0 || !Number.isFinite(x) ? 0 : Number(x.toPrecision(digits));
}

/** sampleHash fed in chunks: the same digest as sampleHash over all the samples at once. */
export class SampleHasher {
  private readonly hash: Hash;

  constructor(sampleRate: number) {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(sampleRate >>> 0, 0);
    this.hash = createHash('sha256').update(head);
  }

  update(samples: Float32Array): void {
    if (LITTLE_ENDIAN) {
      this.hash.update(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
    } else {
      const le = Buffer.alloc(samples.length * 4);
      for (let i = 0; i < samples.length; i++) le.writeFloatLE(samples[i], i * 4);
      this.hash.update(le);
    }
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export function sampleHash(samples: Float32Array, sampleRate: number): string {
  const hasher = new SampleHasher(sampleRate);
  hasher.update(samples);
  return hasher.digest();
}

/** Windows quieter than this (dBFS) are not asked for a pitch. */
const PITCH_MIN_DB = -50;

/** Sample bytes read and decoded at a time: one analysis holds ~5× this, whatever the file's length. */
const CHUNK_BYTES = 1 << 20;

/**
 * Decodes a WAV held in memory and measures it (analyzeWav over its bytes). Throws
 * (a MediaError: INVALID_MEDIA / UNSUPPORTED_MEDIA) for a file that is not a readable WAV; never returns
 * partial results.
 */
export function analyzeAudio(bytes: Uint8Array): AudioAnalysis {
  return analyzeWav(bytesSource(bytes));
}

/**
 * Measures a WAV read through `src`, streaming: its samples are read, decoded, hashed and framed
 * CHUNK_BYTES at a time, so that memory stays bounded (a few MB) whatever the file's length; see
 * Framer for how audio over 10 min is framed. Synchronous and CPU-bound (~1 s per 25 M samples on
 * the 2-core box): a server runs it in a worker thread. Throws as analyzeAudio does.
 */
export function analyzeWav(src: WavSource): AudioAnalysis {
  const layout = readWavLayout(src);
  const { sampleRate, blockAlign, frames: n } = layout;
  const framer = new Framer(sampleRate, n);
  const hasher = new SampleHasher(sampleRate);
  const pitch = new PitchSampler(sampleRate, n);
  const chunkFrames = Math.max(1, Math.floor(CHUNK_BYTES / blockAlign));
  const buffer = new Float32Array(Math.min(chunkFrames, n));
  let nonFinite = 0;
  for (let f = 0; f < n; f += chunkFrames) {
    const m = Math.min(chunkFrames, n - f);
    const bytes = src.read(layout.dataAt + f * blockAlign, m * blockAlign);
    if (bytes.length < m * blockAlign) throw invalidMedia(`WAV ended at frame ${f} of ${n} while its samples were read`);
    const samples = m === buffer.length ? buffer : buffer.subarray(0, m);
    nonFinite += decodeFrames(layout, bytes, samples);
    framer.push(samples);
    hasher.update(samples);
    pitch.push(samples);
  }
  const framing = framer.finish();
  const vad = voiceActivity(framing.framePower, framing.excerptFrames);
  // F0 of the windows above −50 dBFS and not under the noise floor (−3 dB): YIN itself turns down
  // noise and unvoiced sounds; a steady voice or tone is its own noise floor, so the VAD's margin
  // would leave it out.
  const f0 = pitch.finish(Math.max(10 ** (PITCH_MIN_DB / 10), vad.noiseFloor === null ? 0 : vad.noiseFloor / 2));
  let voicedSamples = 0;
  for (let i = 0; i < vad.voiced.length; i++) if (vad.voiced[i]) voicedSamples += framing.frameSamples[i];
  const duration = n / sampleRate;
  // Excerpts of a long file: their voiced fraction, over the whole duration.
  let analysedSamples = n;
  if (framing.excerptFrames > 0) {
    analysedSamples = 0;
    for (let i = 0; i < framing.frameSamples.length; i++) analysedSamples += framing.frameSamples[i];
  }
  const voicedSeconds = framing.excerptFrames > 0 ? (voicedSamples / analysedSamples) * duration : voicedSamples / sampleRate;
  const metrics: Metrics = {
    durationSeconds: round(duration, 3),
    sampleRate,
    channels: layout.channels,
    bitsPerSample: layout.bitsPerSample,
    encoding: layout.encoding,
    peak: round(framing.peak, 4),
    peakDb: round(toDb(framing.peak * framing.peak), 1),
    clippedSamples: framing.clipped,
    clippingFraction: roundSig(framing.clipped / n, 3),
    dcOffset: roundSig(framing.dcOffset, 3),
    rmsDb: round(toDb(framing.meanPower), 1),
    noiseFloorDb: roundOrNull(vad.noiseFloor === null ? null : toDb(vad.noiseFloor), 1),
    speechLevelDb: roundOrNull(vad.speechPower === null ? null : toDb(vad.speechPower), 1),
    snrDb: roundOrNull(estimateSnrDb(vad), 1),
    voicedSeconds: round(voicedSeconds, 3),
    voicedFraction: round(duration > 0 ? Math.min(1, voicedSeconds / duration) : 0, 3),
    pitchHz: roundOrNull(f0.medianHz, 1),
    pitchP10Hz: roundOrNull(f0.p10Hz, 1),
    pitchP90Hz: roundOrNull(f0.p90Hz, 1),
    nonFiniteSamples: nonFinite,
  };
  // Only for audio measured through excerpts: the seconds behind VAD, SNR and fingerprint.
  if (framing.excerptFrames > 0) metrics.analysedSeconds = round(analysedSamples / sampleRate, 3);
  return { metrics, sampleHash: hasher.digest(), fingerprint: computeFingerprint(framing, powerLevels(framing.framePower)) };
}

/** Characters and words of a transcript, the way the rates count them. */
function countTranscript(transcript: string): { chars: number; words: number } {
  const text = transcript.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (!text) return { chars: 0, words: 0 };
  const words = text.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return { chars: Array.from(text).length, words };
}

/**
 * Transcript measurements against the audio's metrics: characters (Unicode code points after
 * trimming and collapsing whitespace to single spaces, punctuation included, as NeMo's len(text)),
 * words (whitespace-separated tokens with a letter or digit), and both per second of VOICED audio
 * (null when there is no transcript text or no voiced audio).
 */
export function transcriptMetrics(transcript: string | null, audio: Metrics): Metrics {
  const { chars, words } = countTranscript(transcript ?? '');
  const voiced = typeof audio.voicedSeconds === 'number' ? audio.voicedSeconds : 0;
  const rated = chars > 0 && voiced > 0;
  return {
    transcriptChars: chars,
    transcriptWords: words,
    charsPerSecond: rated ? round(chars / voiced, 2) : null,
    wordsPerSecond: rated ? round(words / voiced, 2) : null,
  };
}

function num(m: Metrics, key: string): number | null {
  const v = m[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Flags from the merged metrics of analyzeAudio and transcriptMetrics. A flag whose metric is
 * missing or null does not fire: LOW_SNR needs an SNR (none for digital silence throughout or
 * under 0.5 s), TRANSCRIPT_EMPTY needs transcriptMetrics. SPEECH_RATE_IMPLAUSIBLE needs a
 * non-empty transcript and voiced audio (silence with a transcript is MOSTLY_SILENCE, an empty
 * transcript is TRANSCRIPT_EMPTY; neither is also a speech-rate problem), and is not raised
 * together with LOW_SNR: in heavy noise the energy VAD finds only the loudest syllables, so the
 * voiced duration the rate divides by is not to be trusted.
 */
export function audioFlags(metrics: Metrics, policy: AudioPolicy = DEFAULT_AUDIO_POLICY): AudioFlag[] {
  const flags: AudioFlag[] = [];
  const clipping = num(metrics, 'clippingFraction');
  if (clipping !== null && clipping > policy.maxClippingFraction) flags.push('CLIPPING');
  const snr = num(metrics, 'snrDb');
  if (snr !== null && snr < policy.minSnrDb) flags.push('LOW_SNR');
  const voicedFraction = num(metrics, 'voicedFraction');
  if (voicedFraction !== null && voicedFraction < policy.minVoicedFraction) flags.push('MOSTLY_SILENCE');
  const duration = num(metrics, 'durationSeconds');
  if (duration !== null && duration < policy.minDurationSeconds) flags.push('TOO_SHORT');
  if (duration !== null && duration > policy.maxDurationSeconds) flags.push('TOO_LONG');
  const rate = num(metrics, 'sampleRate');
  if (rate !== null && rate < policy.minSampleRate) flags.push('LOW_SAMPLE_RATE');
  const chars = num(metrics, 'transcriptChars');
  if (chars === 0) flags.push('TRANSCRIPT_EMPTY');
  const cps = num(metrics, 'charsPerSecond');
  const wps = num(metrics, 'wordsPerSecond');
  if (chars !== null && chars > 0 && cps !== null && wps !== null && !flags.includes('LOW_SNR')) {
    if (cps < policy.minCharsPerSecond || cps > policy.maxCharsPerSecond || wps < policy.minWordsPerSecond || wps > policy.maxWordsPerSecond) {
      flags.push('SPEECH_RATE_IMPLAUSIBLE');
    }
  }
  return flags;
}
