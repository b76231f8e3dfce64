// Worker entry: worker threads do not inherit tsx's loader from the main thread, so register it
// here before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./ref-scan-worker.ts');
