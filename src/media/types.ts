/** What probing a media file tells (src/media/probe.ts). */
export interface MediaInfo {
  kind: 'image' | 'audio';
  mimeType: string;
  width: number | null;
  height: number | null;
  sampleRate: number | null;
  channels: number | null;
  bitsPerSample: number | null;
  durationSeconds: number | null;
}

export interface ProbeOptions {
  /** sharp's limitInputPixels (width × height); 0 means no limit, as in sharp. */
  maxImagePixels: number;
  /** The file's bytes when the caller holds them already (saves re-reading the file). */
  data?: Buffer;
}
