/**
 * Coverage (issue 9), the public face: the spec model (axes as data, defaults per modality,
 * validated patches) and the counting of a ref's items on them. Not yet wired to storage or the
 * API (setCoverageSpec, Dataset.coverage, `tuneset coverage` come next: docs/augmentation.md).
 */
export { DEFAULT_COVERAGE_SPECS, mergeCoverageSpec, requestedAxes, type AxisSpec, type CoverageSpec } from './spec.js';
export { bucketOf, CoverageCounter, MAX_GRID_CELLS, UNKNOWN, type Coverage, type CoverageItem } from './grid.js';
