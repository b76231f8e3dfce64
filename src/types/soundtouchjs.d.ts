/** The part of soundtouchjs 0.3 (LGPL-2.1, no bundled types) that src/media/augment/audio.ts uses. */
declare module 'soundtouchjs' {
  export class Stretch {
    setParameters(sampleRate: number, sequenceMs: number, seekWindowMs: number, overlapMs: number): void;
  }
  export class SoundTouch {
    stretch: Stretch;
    tempo: number;
    rate: number;
    pitchSemitones: number;
  }
  /** Interleaved stereo float frames in, through `pipe`, out. */
  export class SimpleFilter {
    constructor(source: { extract(target: Float32Array, numFrames: number, position: number): number }, pipe: SoundTouch, callback?: () => void);
    extract(target: Float32Array, numFrames: number): number;
  }
}
