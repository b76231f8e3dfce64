/**
 * Worker thread of augmentation: decodes a source blob, applies one derived copy's resolved ops
 * and encodes the result, so that neither the DSP of audio ops nor the per-pixel work of image
 * ops runs on the server's event loop. Requests name files (the blob store's paths); replies carry
 * the encoded bytes (transferred, not copied) and the one measurement the use case needs to update
 * declared attributes (an image's mean luma).
 */
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { augmentClip, decodeClip, encodeWav, type Clip } from '../../media/augment/audio.js';
import { augmentImage } from '../../media/augment/image.js';
import { seededRandom } from '../../media/augment/random.js';
import type { ResolvedOp } from '../../media/augment/recipe.js';
import type { MediaInfo } from '../../media/types.js';

export interface AugmentWorkRequest {
  id: number;
  kind: 'image' | 'audio';
  file: string;
  ops: ResolvedOp[];
  /** Names the copy's generator for the seeded parts of ops (noise, a random crop position). */
  seedName: string;
  maxPixels: number;
  /** add_noise noiseKey → the noise item's audio file. */
  noiseFiles?: Record<string, string>;
  /** Measure the output's mean luma (only when the source declares a lighting attribute). */
  wantLuma?: boolean;
}

export interface AugmentWorkResult {
  bytes: Uint8Array;
  mimeType: string;
  width?: number;
  height?: number;
  /** Mean of Rec. 601 luma over the output pixels (images, when asked). */
  meanLuma?: number;
  /** What a probe of the bytes would say: they were encoded here, so they are not decoded again to find out. */
  info: MediaInfo;
}

export type AugmentWorkReply = { id: number; result: AugmentWorkResult } | { id: number; error: string };

/** Decoded noise clips, by file (a recipe names a few; they are reused for every copy). */
const noiseCache = new Map<string, Clip>();
const NOISE_CACHE_MAX = 8;

function noiseClip(files: Record<string, string> | undefined) {
  return (key: string): Clip | undefined => {
    const file = files?.[key];
    if (!file) return undefined;
    let c = noiseCache.get(file);
    if (!c) {
      c = decodeClip(fs.readFileSync(file));
      if (noiseCache.size >= NOISE_CACHE_MAX) noiseCache.delete(noiseCache.keys().next().value!);
      noiseCache.set(file, c);
    }
    return c;
  };
}

async function work(req: AugmentWorkRequest): Promise<AugmentWorkResult> {
  const random = seededRandom(req.seedName);
  if (req.kind === 'audio') {
    const clip = decodeClip(fs.readFileSync(req.file));
    const out = await augmentClip(clip, req.ops, random, { noiseClip: noiseClip(req.noiseFiles) });
    const info: MediaInfo = { kind: 'audio', mimeType: 'audio/wav', width: null, height: null, sampleRate: out.sampleRate, channels: 1, bitsPerSample: 16, durationSeconds: out.samples.length / out.sampleRate };
    return { bytes: encodeWav(out), mimeType: 'audio/wav', info };
  }
  const out = await augmentImage(req.file, req.ops, random, { maxPixels: req.maxPixels });
  const info: MediaInfo = { kind: 'image', mimeType: out.mimeType, width: out.width, height: out.height, sampleRate: null, channels: null, bitsPerSample: null, durationSeconds: null };
  let meanLuma: number | undefined;
  if (req.wantLuma) {
    // The analyser measures luma on at most 512 px too; shrink-on-load keeps this decode cheap.
    const sharp = (await import('sharp')).default;
    const stats = await sharp(out.bytes).resize(512, 512, { fit: 'inside', withoutEnlargement: true }).greyscale().stats();
    meanLuma = stats.channels[0].mean;
  }
  return { bytes: out.bytes, mimeType: out.mimeType, width: out.width, height: out.height, meanLuma, info };
}

const port = parentPort!;
port.on('message', (req: AugmentWorkRequest) => {
  work(req).then(
    (result) => {
      const bytes = new Uint8Array(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength);
      // A Buffer may share a pooled ArrayBuffer: transfer only one it owns whole.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const reply: AugmentWorkReply = { id: req.id, result: { ...result, bytes: own ? bytes : bytes.slice() } };
      const r = reply.result as AugmentWorkResult;
      port.postMessage(reply, [r.bytes.buffer as ArrayBuffer]);
    },
    (e: unknown) => port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies AugmentWorkReply),
  );
});
