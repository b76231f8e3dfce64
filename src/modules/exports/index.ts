/**
 * exports (issue 10, in progress): so far the splitter — leakage-free, stratified, stable
 * train/validation/test assignment of groups (families merged with groupBy values). The export
 * job, formats, manifest and report are not built yet (docs/exports.md).
 */
export { assignSplits, groupItems, SPLITS, type Split, type SplitGroup, type SplitItem, type SplitResult, type SplitTargets } from './split.js';
