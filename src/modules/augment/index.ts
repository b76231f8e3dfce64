/**
 * augment: derived items made by recipes of ops (or by stored gap-filling plans) with their
 * lineage, and families (an item, its derived copies and its duplicates). The public face.
 */
export { AugmentService, derivedKey, MAX_DERIVED_PER_JOB, type AugmentInput, type PlanInput } from './service.js';
export type { AugmentParams, AugmentPlanModel, AugmentResult } from './model.js';
export type { FamilyIndex, FamilyModel } from './families.js';
