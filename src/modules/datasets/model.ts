import type { DatasetRow } from '../../db/schema/index.js';

export type DatasetModel = DatasetRow;

/** What a dataset's items pair: text with text, an image with a caption, audio with a transcript. */
export type Modality = 'TEXT_PAIR' | 'IMAGE_CAPTION' | 'AUDIO_TRANSCRIPT';

export const MODALITIES: readonly Modality[] = ['TEXT_PAIR', 'IMAGE_CAPTION', 'AUDIO_TRANSCRIPT'];
