export * from './datasets.js';
export * from './media.js';
export * from './items.js';
export * from './versions.js';
export * from './jobs.js';
export * from './auth.js';
export * from './quality.js';
export * from './augment.js';
