// `tuneset/trainer` for JavaScript callers: the TypeScript module through tsx's loader (no build step).
const { register } = await import('tsx/esm/api');
register();
const m = await import('../src/trainer/index.ts');
export const { train, TASKS, TrainError, resolveBackend, describeBackend, TfjsExport, loadModel, saveModel } = m;
