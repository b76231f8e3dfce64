import type { ApiTokenRow } from '../../db/schema/index.js';

export type ApiTokenModel = ApiTokenRow;
