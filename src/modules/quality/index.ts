/** quality: measurements, policies, scores, duplicates and audits. The public face other modules import. */
export type { QualityCondition } from './conditions.js';
export type { AuditDiffModel, DuplicateClusterModel } from './model.js';
export { QualityService, type MeasuredItem, type PolicyVersionModel, type QualityModel } from './service.js';
