/** The seeded generator of src/lib/rng.ts (bench/lib.ts re-exports it too). */
export { rng } from '../../src/lib/rng.js';
