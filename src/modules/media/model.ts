import type { MediaRow } from '../../db/schema/index.js';

export type MediaModel = MediaRow;
