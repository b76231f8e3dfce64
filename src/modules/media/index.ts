/** media: uploaded images and WAVs (blob rows, probing, signed URLs). The public face other modules import. */
export { MediaService, type IngestResult, type MediaRow, type UploadMeta } from './service.js';
