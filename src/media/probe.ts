/**
 * Media probing: what is this file, really? The type is sniffed from the bytes (file-type); a file
 * name's extension or a client's Content-Type is never consulted. Accepted: JPEG, PNG, WebP images
 * (see ./image.ts) and WAV audio (see ./audio.ts). Everything else is UNSUPPORTED_MEDIA, naming what
 * was detected; an accepted type whose contents do not hold together is INVALID_MEDIA.
 *
 * This module knows nothing of the database or the blob store: it looks at one local file.
 */
import fs from 'node:fs/promises';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { unsupportedMedia } from './errors.js';
import { probeWav } from './audio.js';
import { IMAGE_FORMATS, probeImage } from './image.js';

/** What probing a media file tells us. Fields that do not apply to the kind are null. */
export type { MediaInfo, ProbeOptions } from './types.js';
import type { MediaInfo, ProbeOptions } from './types.js';

export const ACCEPTED_MEDIA = 'JPEG, PNG, WebP or WAV';

/** Rough check for plain text, only to give a better error message than "unrecognised". */
async function looksLikeText(filePath: string): Promise<boolean> {
  const fh = await fs.open(filePath, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (head.includes(0)) return false;
    // Valid UTF-8, allowing for a multi-byte character cut at the end of the sample.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
      return true;
    } catch {
      return false;
    }
  } finally {
    await fh.close();
  }
}

export async function probeMedia(filePath: string, opts: ProbeOptions): Promise<MediaInfo> {
  const size = opts.data ? opts.data.length : (await fs.stat(filePath)).size;
  if (size === 0) {
    throw unsupportedMedia(`Empty file; expected ${ACCEPTED_MEDIA}`, { detected: 'empty' });
  }
  const type = opts.data ? await fileTypeFromBuffer(opts.data) : await fileTypeFromFile(filePath);
  if (type?.mime === 'audio/wav') return probeWav(filePath);
  if (type && IMAGE_FORMATS[type.mime]) return probeImage(opts.data ?? filePath, type.mime, opts);

  if (type) {
    throw unsupportedMedia(
      `Unsupported media type ${type.mime} (.${type.ext}); expected ${ACCEPTED_MEDIA}`,
      { detected: type.mime },
    );
  }
  if (await looksLikeText(filePath)) {
    throw unsupportedMedia(`Unsupported media: the file is plain text; expected ${ACCEPTED_MEDIA}`, {
      detected: 'text/plain',
    });
  }
  throw unsupportedMedia(`Unrecognised file format; expected ${ACCEPTED_MEDIA}`, { detected: null });
}
