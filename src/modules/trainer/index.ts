/** training runs through the API (issue 11): trainExport and Export.trainingRuns; the trainer itself is src/trainer. */
export { TrainingService, type TrainingDeps } from './service.js';
export { TrainingRepository } from './repository.js';
