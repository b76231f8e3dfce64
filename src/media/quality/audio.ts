/**
 * Audio quality analysis: pure functions over the bytes of one WAV file (no DB, no file system).
 *
 * analyzeAudio decodes (PCM 8/16/24/32, float32; any rate; any channels → mono float at the native
 * rate), makes one pass over the samples collecting 5 ms block sums, and derives from them the
 * metrics behind every flag (clipping, energy VAD, SNR), the exact-duplicate key (sampleHash) and
 * the 64-bit near-duplicate fingerprint. transcriptMetrics adds the transcript's measurements and
 * audioFlags turns the merged metrics into flags under a policy, without decoding anything.
 * See docs/quality.md ("Audio quality") for the definitions, the thresholds and the measurements behind them.
 */
import { createHash } from 'node:crypto';
import wavefile from 'wavefile';
import { InvalidMediaError } from '../../errors.js';
import { resolveEncoding, type FmtFields } from '../audio.js';
import type { AudioFlag, Metrics } from './types.js';
import { hammingDistance64 } from './hash64.js';

const { WaveFile } = wavefile;

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

const PLACEHOLDER_SIZES = new Set([0, 0xffffffff]);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MAX_CHUNKS = 10_000;
const MAX_FMT_BYTES = 4096;

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/**
 * Decodes a RIFF/WAVE file held in memory: PCM 8/16/24/32-bit or IEEE float 32 (also as
 * WAVE_FORMAT_EXTENSIBLE), any rate, any number of channels. The container is checked as strictly
 * as probeWav (src/media/audio.ts) checks it, with the same tolerated quirks (RIFF size ± 1,
 * streaming placeholder sizes); anything that does not add up throws an InvalidMediaError (an
 * UnsupportedMediaError for encodings we do not take), never a crash or a silent partial decode.
 * wavefile parses the fmt chunk; the samples are converted here, straight from the bytes (wavefile's
 * getSamples is ~20× slower).
 */
export function decodeWav(bytes: Uint8Array): DecodedAudio {
  const len = bytes.length;
  if (len < 12 || fourcc(bytes, 0) !== 'RIFF' || fourcc(bytes, 8) !== 'WAVE') {
    throw new InvalidMediaError('Not a RIFF/WAVE file (bad header)');
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffSize = dv.getUint32(4, true);
  const streaming = PLACEHOLDER_SIZES.has(riffSize);
  const riffEnd = streaming ? len : riffSize + 8;
  if (!streaming && Math.abs(riffEnd - len) > 1) {
    throw new InvalidMediaError(`WAV RIFF header claims ${riffEnd} bytes, the file has ${len}`);
  }

  // Chunk walk (headers only), every declared size checked against the bytes present.
  let fmtAt = -1;
  let fmtSize = 0;
  let dataAt = -1;
  let dataSize = 0;
  let dataRunsToEof = false;
  let offset = 12;
  let chunks = 0;
  while (offset + 8 <= len && offset + 8 <= riffEnd) {
    if (++chunks > MAX_CHUNKS) throw new InvalidMediaError(`WAV has more than ${MAX_CHUNKS} chunks`);
    const id = fourcc(bytes, offset);
    const size = dv.getUint32(offset + 4, true);
    const body = offset + 8;
    const present = len - body;
    if (id === 'data') {
      if (dataAt >= 0) throw new InvalidMediaError('WAV has more than one data chunk');
      dataAt = body;
      if (streaming && PLACEHOLDER_SIZES.has(size)) {
        dataSize = present;
        dataRunsToEof = true;
        break;
      }
      if (size > present) {
        throw new InvalidMediaError(`WAV header claims ${size} bytes of audio, only ${present} present`);
      }
      dataSize = size;
    } else {
      if (size > present) {
        throw new InvalidMediaError(`WAV chunk ${JSON.stringify(id)} at byte ${offset} claims ${size} bytes, only ${present} present`);
      }
      if (id === 'fmt ') {
        if (fmtAt >= 0) throw new InvalidMediaError('WAV has more than one fmt chunk');
        fmtAt = body;
        fmtSize = size;
      }
    }
    offset = body + size + (size & 1);
  }
  if (!dataRunsToEof && len - offset > 1) {
    throw new InvalidMediaError(`WAV has ${len - offset} stray bytes after its last chunk at byte ${offset}`);
  }
  if (fmtAt < 0) throw new InvalidMediaError('WAV has no fmt chunk');
  if (dataAt < 0) throw new InvalidMediaError('WAV has no data chunk');
  if (fmtSize < 16) throw new InvalidMediaError(`WAV fmt chunk is ${fmtSize} bytes, at least 16 are needed`);
  if (fmtSize > MAX_FMT_BYTES) throw new InvalidMediaError(`WAV fmt chunk of ${fmtSize} bytes is not plausible`);

  // The fmt fields, parsed by wavefile (headers only: samples=false).
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes, false);
  } catch (e) {
    throw new InvalidMediaError(`WAV could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const fmt = wav.fmt as FmtFields;
  const enc = resolveEncoding(fmt, fmtSize);
  const channels = fmt.numChannels;
  const sampleRate = fmt.sampleRate;
  if (channels < 1) throw new InvalidMediaError('WAV fmt chunk declares 0 channels');
  if (!(sampleRate > 0)) throw new InvalidMediaError('WAV fmt chunk declares a sample rate of 0');
  const bytesPerSample = enc.bitsPerSample / 8;
  const blockAlign = channels * bytesPerSample;
  if (fmt.blockAlign !== blockAlign) {
    throw new InvalidMediaError(`WAV blockAlign is ${fmt.blockAlign}, expected channels × bits / 8 = ${blockAlign}`);
  }
  if (fmt.byteRate !== sampleRate * blockAlign) {
    throw new InvalidMediaError(`WAV byteRate is ${fmt.byteRate}, expected sampleRate × blockAlign = ${sampleRate * blockAlign}`);
  }
  if (!dataRunsToEof && dataSize % blockAlign !== 0) {
    throw new InvalidMediaError(`WAV data chunk is ${dataSize} bytes, not a whole number of ${blockAlign}-byte frames`);
  }
  const frames = Math.floor(dataSize / blockAlign);
  if (frames === 0) throw new InvalidMediaError('WAV contains no audio frames');

  // Samples → mono float32. One loop per encoding so that the inner loop stays monomorphic.
  const out = new Float32Array(frames);
  const inv = 1 / channels;
  let nonFinite = 0;
  let p = dataAt;
  if (enc.code === 3) {
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 4) {
        const v = dv.getFloat32(p, true);
        if (Number.isFinite(v)) s += v;
        else nonFinite++;
      }
      out[i] = s * inv;
    }
  } else if (enc.bitsPerSample === 16 && LITTLE_ENDIAN && (bytes.byteOffset + dataAt) % 2 === 0) {
    // Fast path: a typed-array view on the samples (aligned, little-endian host).
    const view = new Int16Array(bytes.buffer, bytes.byteOffset + dataAt, frames * channels);
    if (channels === 1) {
      for (let i = 0; i < frames; i++) out[i] = view[i] / 32768;
    } else {
      for (let i = 0, q = 0; i < frames; i++) {
        let s = 0;
        for (let c = 0; c < channels; c++) s += view[q++];
        out[i] = (s * inv) / 32768;
      }
    }
  } else if (enc.bitsPerSample === 16) {
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 2) s += dv.getInt16(p, true);
      out[i] = (s * inv) / 32768;
    }
  } else if (enc.bitsPerSample === 24) {
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 3) s += ((bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16)) << 8) >> 8;
      out[i] = (s * inv) / 8388608;
    }
  } else if (enc.bitsPerSample === 32) {
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
  return {
    samples: out,
    sampleRate,
    channels,
    bitsPerSample: enc.bitsPerSample,
    encoding: enc.code === 3 ? 'float' : 'pcm',
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
 */
export function frameAudio(samples: Float32Array, sampleRate: number): Framing {
  const n = samples.length;
  const B = Math.max(1, Math.round(sampleRate * BLOCK_SECONDS));
  const nBlocks = Math.ceil(n / B);
  const blockSum = new Float64Array(nBlocks);
  const blockSq = new Float64Array(nBlocks);
  const blockDiffPower = new Float64Array(nBlocks);
  // RBJ biquad low-pass, Q = 1/√2.
  const w0 = (2 * Math.PI * Math.min(LOWPASS_HZ, 0.45 * sampleRate)) / sampleRate;
  const alpha = Math.sin(w0) / Math.SQRT2;
  const cos = Math.cos(w0);
  const a0 = 1 + alpha;
  const b0 = (1 - cos) / 2 / a0;
  const b1 = (1 - cos) / a0;
  const a1 = (-2 * cos) / a0;
  const a2 = (1 - alpha) / a0;
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  const lag = Math.max(1, Math.round(sampleRate * DIFF_LAG_SECONDS));
  const history = new Float64Array(lag); // the last τ values of y, as a ring
  let slot = 0;
  let peak = 0;
  let clipped = 0;
  let total = 0;
  let totalSq = 0;
  for (let b = 0; b < nBlocks; b++) {
    const start = b * B;
    const end = Math.min(n, start + B);
    let s = 0;
    let ss = 0;
    let dd = 0;
    for (let i = start; i < end; i++) {
      const v = samples[i];
      const a = v < 0 ? -v : v;
      if (a > peak) peak = a;
      if (a >= CLIP_LEVEL) clipped++;
      s += v;
      ss += v * v;
      const y = b0 * (v + x2) + b1 * x1 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = v;
      y2 = y1;
      y1 = y;
      const d = y - history[slot];
      history[slot] = y;
      if (++slot === lag) slot = 0;
      dd += d * d;
    }
    blockSum[b] = s;
    blockSq[b] = ss;
    blockDiffPower[b] = dd / (end - start);
    total += s;
    totalSq += ss;
  }

  let nFrames = Math.floor(nBlocks / BLOCKS_PER_FRAME);
  const rest = nBlocks - nFrames * BLOCKS_PER_FRAME;
  if (rest > 0 && (rest >= BLOCKS_PER_FRAME / 2 || nFrames === 0)) nFrames++;
  const frameSamples = new Int32Array(nFrames);
  for (let f = 0; f < nFrames; f++) frameSamples[f] = Math.min(n, (f + 1) * BLOCKS_PER_FRAME * B) - f * BLOCKS_PER_FRAME * B;
  const full = removeFrameDc(blockSum, blockSq, n, B, nFrames);
  const dc = n > 0 ? total / n : 0;
  return {
    blockSamples: B,
    blockPower: full.block,
    blockDiffPower,
    framePower: full.frame,
    frameSamples,
    peak,
    clipped,
    dcOffset: dc,
    meanPower: n > 0 ? Math.max(0, totalSq / n - dc * dc) : 0,
  };
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
 */
export function voiceActivity(framePower: Float64Array): VoiceActivity {
  const n = framePower.length;
  const voiced = new Uint8Array(n);
  const levels = powerLevels(framePower);
  if (!levels) return { voiced, noiseFloor: null, reference: null, threshold: null, speechPower: null };
  const { noiseFloor, reference } = levels;
  const threshold = Math.max(noiseFloor * 10 ** (VAD_MARGIN_DB / 10), reference * 10 ** (-VAD_RANGE_DB / 10), SILENCE_POWER);
  for (let i = 0; i < n; i++) voiced[i] = framePower[i] > threshold ? 1 : 0;

  const forRuns = (value: number, fn: (start: number, end: number) => void): void => {
    let i = 0;
    while (i < n) {
      if (voiced[i] !== value) {
        i++;
        continue;
      }
      let j = i;
      while (j < n && voiced[j] === value) j++;
      fn(i, j);
      i = j;
    }
  };
  forRuns(1, (s, e) => {
    if (e - s < MIN_VOICED_RUN_FRAMES) voiced.fill(0, s, e);
  });
  forRuns(0, (s, e) => {
    if (s > 0 && e < n && e - s <= MAX_GAP_FRAMES) voiced.fill(1, s, e);
  });
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

export function sampleHash(samples: Float32Array, sampleRate: number): string {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(sampleRate >>> 0, 0);
  const hash = createHash('sha256').update(head);
  if (LITTLE_ENDIAN) {
    hash.update(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
  } else {
    const le = Buffer.alloc(samples.length * 4);
    for (let i = 0; i < samples.length; i++) le.writeFloatLE(samples[i], i * 4);
    hash.update(le);
  }
  return hash.digest('hex');
}

/**
 * Decodes a WAV and measures it. Throws (InvalidMediaError / UnsupportedMediaError) for a file that
 * is not a readable WAV; never returns partial results.
 */
export function analyzeAudio(bytes: Uint8Array): AudioAnalysis {
  const audio = decodeWav(bytes);
  const { samples, sampleRate } = audio;
  const framing = frameAudio(samples, sampleRate);
  const vad = voiceActivity(framing.framePower);
  let voicedSamples = 0;
  for (let i = 0; i < vad.voiced.length; i++) if (vad.voiced[i]) voicedSamples += framing.frameSamples[i];
  const duration = samples.length / sampleRate;
  const voicedSeconds = voicedSamples / sampleRate;
  const metrics: Metrics = {
    durationSeconds: round(duration, 3),
    sampleRate,
    channels: audio.channels,
    bitsPerSample: audio.bitsPerSample,
    encoding: audio.encoding,
    peak: round(framing.peak, 4),
    peakDb: round(toDb(framing.peak * framing.peak), 1),
    clippedSamples: framing.clipped,
    clippingFraction: roundSig(framing.clipped / samples.length, 3),
    dcOffset: roundSig(framing.dcOffset, 3),
    rmsDb: round(toDb(framing.meanPower), 1),
    noiseFloorDb: roundOrNull(vad.noiseFloor === null ? null : toDb(vad.noiseFloor), 1),
    speechLevelDb: roundOrNull(vad.speechPower === null ? null : toDb(vad.speechPower), 1),
    snrDb: roundOrNull(estimateSnrDb(vad), 1),
    voicedSeconds: round(voicedSeconds, 3),
    voicedFraction: round(duration > 0 ? Math.min(1, voicedSeconds / duration) : 0, 3),
    nonFiniteSamples: audio.nonFiniteSamples,
  };
  return { metrics, sampleHash: sampleHash(samples, sampleRate), fingerprint: computeFingerprint(framing, powerLevels(framing.framePower)) };
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
