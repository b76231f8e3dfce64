/**
 * The trainer module's public face (`import { train } from 'tuneset/trainer'`): fine-tunes a model
 * from an export's TFJS format. See docs/trainer.md.
 */
export { train, TASKS, TrainError, type TaskName, type TrainOptions, type TrainResult } from './train.js';
export { resolveBackend, describeBackend, type BackendChoice, type ResolvedBackend } from './backend.js';
export { TfjsExport, type TfjsItem, type TfjsSchema } from './export-reader.js';
export { loadModel, saveModel } from './model-io.js';
