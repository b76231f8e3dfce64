#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so the package needs no build step.
// libuv's thread pool (fs, crypto, sharp's async work) defaults to 4 threads; bulk media imports
// keep more files in flight than that, and fsyncs must not starve image decoding. It must be set
// before the pool is first used, so here, before anything else loads.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { register } = await import('tsx/esm/api');
register();
await import('../src/main.ts');
