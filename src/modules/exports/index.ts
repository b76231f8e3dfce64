/**
 * exports (issue 10): a commit's items filtered, checked against a target, split without leakage
 * and written in the asked formats with manifest and report (docs/exports.md).
 */
export { assignSplits, groupItems, SPLITS, type Split, type SplitGroup, type SplitItem, type SplitResult, type SplitTargets } from './split.js';
export type { ExportsService } from './service.js';
