/**
 * coverage: the spec model (axes as data, defaults per modality, validated patches), its versions
 * (setCoverageSpec), and the coverage of a ref's items on it (Dataset.coverage). The public face.
 */
export { DEFAULT_COVERAGE_SPECS, mergeCoverageSpec, requestedAxes, type AxisSpec, type CoverageSpec } from './spec.js';
export { bucketOf, CoverageCounter, gridScore, MAX_GRID_CELLS, SEP, UNKNOWN, type CellCount, type Coverage, type CoverageItem } from './grid.js';
export { CoverageService, type CoverageModel, type CoverageRequest, type CoverageSpecVersionModel } from './service.js';
