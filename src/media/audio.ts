/**
 * WAV probing. Only the RIFF header and the chunk headers are read (never the samples), and every
 * size the header declares is checked against the bytes actually present in the file.
 *
 * Accepted: RIFF/WAVE with PCM 8/16/24/32-bit or IEEE float 32-bit, also as WAVE_FORMAT_EXTENSIBLE
 * with a PCM/float sub-format; any sample rate; one or more channels.
 *
 * Tolerated header quirks (deliberately, because common writers produce them):
 * - RIFF size = file size − 8 ± 1: writers disagree on whether the pad byte after an odd-sized
 *   last chunk is counted, and some omit the pad byte itself.
 * - Streaming placeholders: a RIFF size of 0 or 0xFFFFFFFF (written by tools that cannot seek back,
 *   e.g. recording to a pipe). The data chunk then runs to the end of the file if its own size is
 *   also a placeholder (0 or 0xFFFFFFFF); a trailing partial frame is ignored in that case only.
 *   A real, non-placeholder data size is always checked strictly.
 * Everything else that does not add up is INVALID_MEDIA; a WAV in another encoding (ADPCM, A-law,
 * µ-law, MP3, 64-bit float, ...) is UNSUPPORTED_MEDIA. A WAV without a single audio frame is
 * INVALID_MEDIA.
 */
import fsSync from 'node:fs';
import wavefile from 'wavefile';
import { invalidMedia, unsupportedMedia } from './errors.js';
import type { MediaInfo } from './types.js';

const { WaveFile } = wavefile;

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Names for the error message when someone sends a WAV in an encoding we do not take. */
const FORMAT_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG',
  0x0055: 'MPEG Layer 3',
  0x00ff: 'AAC',
  0x2000: 'AC-3',
};

/**
 * KSDATAFORMAT_SUBTYPE_* GUIDs are `<format code>-0000-0010-8000-00AA00389B71`; as wavefile reads
 * them (four little-endian uint32) the last three words are fixed.
 */
const SUBFORMAT_GUID_TAIL = [0x00100000, 0xaa000080, 0x719b3800];

const PLACEHOLDER_SIZES = new Set([0, 0xffffffff]);
/** A fmt chunk is 16, 18 or 40 bytes in practice; anything far bigger is not a real header. */
const MAX_FMT_BYTES = 4096;
/** Bound on the chunk walk, so a file of millions of tiny chunks cannot keep us busy. */
const MAX_CHUNKS = 10_000;

/** The fields of wavefile's `fmt` object that we use (its typings declare it as `object`). */
export interface FmtFields {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  cbSize: number;
  validBitsPerSample: number;
  subformat: number[];
}

interface ChunkRef {
  /** Offset of the chunk body (just after the 8-byte header). */
  offset: number;
  size: number;
}

function chunkName(id: string): string {
  return JSON.stringify(id);
}

function hex4(n: number): string {
  return `0x${n.toString(16).padStart(4, '0').toUpperCase()}`;
}

/**
 * Parses a fmt chunk body with wavefile. wavefile only parses whole files from a buffer, so we hand
 * it a minimal RIFF made of the real fmt chunk and an empty data chunk: the samples are never read.
 */
export function parseFmt(body: Buffer): FmtFields {
  const padded = body.length + (body.length & 1);
  const mini = Buffer.alloc(12 + 8 + padded + 8);
  mini.write('RIFF', 0, 'latin1');
  mini.writeUInt32LE(mini.length - 8, 4);
  mini.write('WAVE', 8, 'latin1');
  mini.write('fmt ', 12, 'latin1');
  mini.writeUInt32LE(body.length, 16);
  body.copy(mini, 20);
  mini.write('data', 20 + padded, 'latin1');
  mini.writeUInt32LE(0, 24 + padded);
  const wav = new WaveFile();
  try {
    wav.fromBuffer(mini, false);
  } catch (e) {
    throw invalidMedia(`WAV fmt chunk could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  return wav.fmt as FmtFields;
}

export interface Encoding {
  /** 1 (PCM) or 3 (float), after resolving WAVE_FORMAT_EXTENSIBLE. */
  code: number;
  bitsPerSample: number;
}

/** Resolves the sample encoding, throwing UNSUPPORTED_MEDIA for anything but PCM 8/16/24/32 and float 32. */
export function resolveEncoding(fmt: FmtFields, fmtSize: number): Encoding {
  let code = fmt.audioFormat;
  if (code === WAVE_FORMAT_EXTENSIBLE) {
    if (fmtSize < 40 || fmt.cbSize < 22) {
      throw invalidMedia(
        `WAV fmt chunk says WAVE_FORMAT_EXTENSIBLE but is only ${fmtSize} bytes (needs 40 with the extension)`,
      );
    }
    const [sub, ...tail] = fmt.subformat;
    if (!tail.every((word, i) => word === SUBFORMAT_GUID_TAIL[i])) {
      throw unsupportedMedia('WAV with a non-standard WAVE_FORMAT_EXTENSIBLE sub-format GUID is not supported', {
        detected: 'audio/wav',
      });
    }
    code = sub;
    if (fmt.validBitsPerSample > fmt.bitsPerSample) {
      throw invalidMedia(
        `WAV fmt chunk claims ${fmt.validBitsPerSample} valid bits in a ${fmt.bitsPerSample}-bit sample container`,
      );
    }
  }
  const bits = fmt.bitsPerSample;
  if (code === WAVE_FORMAT_PCM) {
    if (bits === 8 || bits === 16 || bits === 24 || bits === 32) return { code, bitsPerSample: bits };
    throw unsupportedMedia(`${bits}-bit PCM WAV is not supported (8, 16, 24 or 32-bit only)`, {
      detected: 'audio/wav',
    });
  }
  if (code === WAVE_FORMAT_IEEE_FLOAT) {
    if (bits === 32) return { code, bitsPerSample: bits };
    throw unsupportedMedia(`${bits}-bit float WAV is not supported (32-bit float only)`, {
      detected: 'audio/wav',
    });
  }
  const name = FORMAT_NAMES[code];
  throw unsupportedMedia(
    `WAV audio format ${hex4(code)}${name ? ` (${name})` : ''} is not supported; only PCM (8/16/24/32-bit) and IEEE float (32-bit)`,
    { detected: 'audio/wav', audioFormat: code },
  );
}

/**
 * Random access to the bytes of one WAV, read synchronously: held in memory (bytesSource) or a
 * file on disk (fileSource). Headers are read through it, and the quality analysis reads the
 * samples a chunk at a time, so that a long file is never held (nor decoded) whole.
 */
export interface WavSource {
  /** Bytes in the file. */
  readonly size: number;
  /** The `length` bytes at `position`, fewer only at the end of the file; the view may be overwritten by the next read. */
  read(position: number, length: number): Uint8Array;
}

/** A WavSource over bytes in memory (views, no copies). */
export function bytesSource(bytes: Uint8Array): WavSource {
  return { size: bytes.length, read: (position, length) => bytes.subarray(position, position + length) };
}

/** A WavSource over an open file descriptor (synchronous reads into one growing buffer). */
export function fileSource(fd: number): WavSource {
  const size = fsSync.fstatSync(fd).size;
  // (allocUnsafeSlow: a buffer of its own at offset 0, so that 16-bit samples are aligned.)
  let buffer = Buffer.allocUnsafeSlow(64 * 1024);
  return {
    size,
    read(position, length) {
      const want = Math.max(0, Math.min(length, size - position));
      if (want > buffer.length) buffer = Buffer.allocUnsafeSlow(want);
      let got = 0;
      while (got < want) {
        const n = fsSync.readSync(fd, buffer, got, want - got, position + got);
        if (n === 0) break;
        got += n;
      }
      return buffer.subarray(0, got);
    },
  };
}

/** What readWavLayout finds: where the samples are and how they are encoded. */
export interface WavLayout {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  encoding: 'pcm' | 'float';
  /** Bytes per frame (one sample of every channel). */
  blockAlign: number;
  /** Offset of the first sample byte. */
  dataAt: number;
  /** Whole frames of audio (a streamed file's trailing partial frame is not one). */
  frames: number;
}

/** Headers as bytes (a copy: a WavSource's views may be overwritten by its next read). */
function readBytes(src: WavSource, position: number, length: number): Buffer {
  return Buffer.from(src.read(position, length));
}

/**
 * The one RIFF/WAVE walker (probing on upload and the quality analysis both use it): the RIFF
 * header, the chunk headers and the fmt chunk, never the samples; every declared size checked
 * against the bytes present (see the header comment for the tolerated quirks).
 */
export function readWavLayout(src: WavSource): WavLayout {
  const fileSize = src.size;
  const head = readBytes(src, 0, 12);
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') {
    throw invalidMedia('Not a RIFF/WAVE file (bad header)');
  }

  const riffSize = head.readUInt32LE(4);
  const streaming = PLACEHOLDER_SIZES.has(riffSize);
  /** Where the RIFF header says the file ends. */
  const riffEnd = streaming ? fileSize : riffSize + 8;

  // --- Chunk walk: headers only ----------------------------------------------------------
  // Sizes are checked against the bytes physically present, and the walk stops at the RIFF end,
  // so that a file cut short reports the audio it lost ("claims N bytes, only M present") and a
  // wrong RIFF size (too big, too small, junk appended) reports the RIFF size below.
  let fmt: ChunkRef | null = null;
  let data: ChunkRef | null = null;
  let offset = 12;
  let chunks = 0;
  /** Set for a streamed file whose data chunk size is a placeholder: audio runs to EOF. */
  let dataRunsToEof = false;
  while (offset + 8 <= fileSize && offset + 8 <= riffEnd) {
    if (++chunks > MAX_CHUNKS) throw invalidMedia(`WAV has more than ${MAX_CHUNKS} chunks`);
    const hdr = readBytes(src, offset, 8);
    const id = hdr.toString('latin1', 0, 4);
    const size = hdr.readUInt32LE(4);
    const body = offset + 8;
    const present = fileSize - body;
    if (id === 'data') {
      if (data) throw invalidMedia('WAV has more than one data chunk');
      if (streaming && PLACEHOLDER_SIZES.has(size)) {
        // Streamed file: the audio runs to the end of the file (see the header comment).
        data = { offset: body, size: present };
        dataRunsToEof = true;
        break;
      }
      if (size > present) {
        throw invalidMedia(`WAV header claims ${size} bytes of audio, only ${present} present`, {
          declaredBytes: size,
          presentBytes: present,
        });
      }
      data = { offset: body, size };
    } else {
      if (size > present) {
        throw invalidMedia(`WAV chunk ${chunkName(id)} at byte ${offset} claims ${size} bytes, only ${present} present`);
      }
      if (id === 'fmt ') {
        if (fmt) throw invalidMedia('WAV has more than one fmt chunk');
        fmt = { offset: body, size };
      }
    }
    offset = body + size + (size & 1); // chunks are word-aligned
  }

  // --- RIFF size against the file size ----------------------------------------------------
  if (!streaming && Math.abs(riffEnd - fileSize) > 1) {
    throw invalidMedia(`WAV RIFF header claims ${riffEnd} bytes, the file has ${fileSize}`, {
      declaredBytes: riffEnd,
      fileBytes: fileSize,
    });
  }
  // One byte left over is a pad byte (see the header comment); more is junk.
  if (!dataRunsToEof && fileSize - offset > 1) {
    throw invalidMedia(`WAV has ${fileSize - offset} stray bytes after its last chunk at byte ${offset}`);
  }
  if (!fmt) throw invalidMedia('WAV has no fmt chunk');
  if (!data) throw invalidMedia('WAV has no data chunk');
  if (fmt.size < 16) throw invalidMedia(`WAV fmt chunk is ${fmt.size} bytes, at least 16 are needed`);
  if (fmt.size > MAX_FMT_BYTES) throw invalidMedia(`WAV fmt chunk of ${fmt.size} bytes is not plausible`);

  // --- fmt fields (parsed by wavefile) and their consistency -------------------------------
  const f = parseFmt(readBytes(src, fmt.offset, fmt.size));
  const enc = resolveEncoding(f, fmt.size);
  if (f.numChannels < 1) throw invalidMedia('WAV fmt chunk declares 0 channels');
  if (f.sampleRate <= 0) throw invalidMedia('WAV fmt chunk declares a sample rate of 0');
  const expectedAlign = (f.numChannels * enc.bitsPerSample) / 8;
  if (f.blockAlign !== expectedAlign) {
    throw invalidMedia(
      `WAV blockAlign is ${f.blockAlign}, expected channels × bits / 8 = ${f.numChannels} × ${enc.bitsPerSample} / 8 = ${expectedAlign}`,
      { blockAlign: f.blockAlign, expected: expectedAlign },
    );
  }
  const expectedRate = f.sampleRate * f.blockAlign;
  if (f.byteRate !== expectedRate) {
    throw invalidMedia(
      `WAV byteRate is ${f.byteRate}, expected sampleRate × blockAlign = ${f.sampleRate} × ${f.blockAlign} = ${expectedRate}`,
      { byteRate: f.byteRate, expected: expectedRate },
    );
  }

  // --- data size --------------------------------------------------------------------------
  if (!dataRunsToEof && data.size % f.blockAlign !== 0) {
    throw invalidMedia(`WAV data chunk is ${data.size} bytes, not a whole number of ${f.blockAlign}-byte frames`);
  }
  const frames = Math.floor(data.size / f.blockAlign);
  if (frames === 0) throw invalidMedia('WAV contains no audio frames');
  return {
    sampleRate: f.sampleRate,
    channels: f.numChannels,
    bitsPerSample: enc.bitsPerSample,
    encoding: enc.code === WAVE_FORMAT_IEEE_FLOAT ? 'float' : 'pcm',
    blockAlign: f.blockAlign,
    dataAt: data.offset,
    frames,
  };
}

/** Probes a WAV on disk (headers only; see readWavLayout). */
export async function probeWav(filePath: string): Promise<MediaInfo> {
  const fd = fsSync.openSync(filePath, 'r');
  try {
    const l = readWavLayout(fileSource(fd));
    return {
      kind: 'audio',
      mimeType: 'audio/wav',
      width: null,
      height: null,
      sampleRate: l.sampleRate,
      channels: l.channels,
      bitsPerSample: l.bitsPerSample,
      durationSeconds: l.frames / l.sampleRate,
    };
  } finally {
    fsSync.closeSync(fd);
  }
}
