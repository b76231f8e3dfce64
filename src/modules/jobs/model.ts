import type { JobErrorRow, JobRow } from '../../db/schema/index.js';

export type JobModel = JobRow;
export type JobErrorModel = JobErrorRow;
