/** jobs: background jobs with progress, errors, cancellation and recovery. The public face other modules import. */
export { JobsService, MAX_STORED_ERRORS, type JobContext, type JobErrorInput, type JobHandler, type RecoveryHandler } from './service.js';
