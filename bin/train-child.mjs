// The process a trainExport job runs (src/modules/trainer/service.ts): train() with the options in
// argv[2] (JSON). Epoch lines go to stdout for the job's progress; a refusal exits 2 with its
// message on stderr.
const { register } = await import('tsx/esm/api');
register();
const { train, TrainError } = await import('../src/trainer/index.ts');
try {
  await train({ ...JSON.parse(process.argv[2]), log: (line) => console.log(line) });
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(e instanceof TrainError ? 2 : 1);
}
