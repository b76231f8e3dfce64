import type { DatasetRow } from '../../db/schema/index.js';

export type DatasetModel = DatasetRow;
