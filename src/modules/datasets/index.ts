/** datasets: the dataset rows. The public face other modules import. */
export { MODALITIES, type DatasetModel, type Modality } from './model.js';
export { DatasetsService, type NewDatasetInput } from './service.js';
