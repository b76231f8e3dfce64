// Worker entry: worker threads do not inherit tsx's loader from the main thread, so register it
// here before loading the TypeScript worker (the fallback when the entry cannot be bundled).
import { register } from 'tsx/esm/api';

register();
await import('./export-worker.ts');
