import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { createApp, type App } from './app.js';
import { configFromEnv, type Config } from './config.js';
import { AppError, StartupError } from './errors.js';
import { toGlobalId } from './ids.js';
import type { Actor } from './modules/auth/roles.js';
import type { ImportFormat } from './modules/imports/formats.js';
import { formatAudit } from './modules/quality/format.js';
import { assertLoopbackBind } from './server/guards.js';
import { startServer } from './server/http.js';
import { createDataset } from './modules/datasets/commands/create-dataset.js';
import { importItemsNow } from './modules/imports/commands/import-items.js';
import { augmentNow } from './modules/augment/commands/augment.js';
import { planAugmentation } from './modules/augment/commands/plan-augmentation.js';
import { getCoverage } from './modules/coverage/commands/get-coverage.js';
import { formatCoverage } from './modules/coverage/format.js';
import { heatmapPng } from './modules/coverage/heatmap.js';
import { createExport } from './modules/exports/commands/create-export.js';
import YAML from 'yaml';
import { TASK_NAMES } from './trainer/task-names.js';

interface CommonOpts {
  data?: string;
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is 0-65535');
  return n;
}

function cliActor(): Actor {
  return { name: `cli:${os.userInfo().username}`, role: 'admin', tokenId: null };
}

function withApp<T>(config: Config, fn: (app: App) => Promise<T> | T): Promise<T> {
  const app = createApp(config);
  return Promise.resolve()
    .then(() => fn(app))
    .finally(() => app.close());
}

function fail(e: unknown): never {
  if (e instanceof AppError) {
    console.error(`error ${e.code}: ${e.message}`);
    process.exit(2);
  }
  if (e instanceof StartupError) {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
  console.error(e);
  process.exit(1);
}

/** Waits for a queued in-process job with a progress bar (the CLI's process runs it). */
async function followJob(app: App, jobGid: string, label: string): Promise<void> {
  const actor = cliActor();
  const bar = new cliProgress.SingleBar(
    { format: `${label} |{bar}| {percentage}% {value}/{total} items, ETA {eta_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0);
  for (;;) {
    const cur = app.jobs.get(actor, jobGid);
    if (!cur) break;
    if (cur.total) bar.setTotal(cur.total);
    bar.update(cur.processed);
    if (cur.state !== 'QUEUED' && cur.state !== 'RUNNING') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  bar.stop();
}

const program = new Command();
program.name('tuneset').description('Versioned, quality-scored fine-tuning datasets over GraphQL').showHelpAfterError();

program
  .command('serve')
  .description('start the GraphQL server (default 127.0.0.1:4000, data in ./data)')
  .option('--port <port>', 'port (env PORT)', port)
  .option('--host <host>', 'address to bind (env HOST)')
  .option('--data <dir>', 'data folder: SQLite file + blobs (env TUNESET_DATA)')
  .option('--import-root <dir>', 'folder server-side imports may read (default <data>/imports)')
  .option('--dev', 'loopback only: requests without a token act as a local admin')
  .action(async (o: CommonOpts & { port?: number; host?: string; dev?: boolean; importRoot?: string }) => {
    const config = configFromEnv({ port: o.port, host: o.host, dataDir: o.data, dev: o.dev ?? false, importRoot: o.importRoot });
    // Before anything is created: a refused --dev bind must not have made (and lost) the first token.
    if (config.dev) await assertLoopbackBind(config.host).catch(fail);
    fs.mkdirSync(config.importRoot, { recursive: true });
    let app: App;
    try {
      app = createApp(config);
    } catch (e) {
      // A bad setting (an unreadable task catalogue, a data folder we cannot open): say which, no stack.
      console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    }
    const interrupted = app.jobs.recoverInterrupted({ otherHosts: 'dead' });
    app.exports.removeLeftovers();
    const rescoring = app.quality.recover();
    // Load the language detector now, not in the first request that scores text.
    void app.quality.warmUp();
    await app.blobs.removeStaleTemp();
    const token = app.auth.bootstrapAdminToken();
    const running = await startServer(app).catch(fail);
    const lines = [`Tuneset listening on ${running.url}/graphql`, `  data: ${config.dataDir}`, `  imports: ${config.importRoot}`];
    if (interrupted) lines.push(`  ${interrupted} job(s) left unfinished by the last run were marked FAILED`);
    if (rescoring) lines.push(`  ${rescoring} dataset(s) have items still to score: a scoring job was queued for each`);
    if (config.dev) lines.push('  --dev: requests without a token act as a local admin (loopback only)');
    if (token) {
      lines.push(
        '',
        'First start: an admin API token was created. It is shown this once (only its hash is stored):',
        '',
        `    ${token}`,
        '',
        `Use it as:  curl -H 'Authorization: Bearer ${token}' ${running.url}/graphql ...`,
      );
    }
    console.log(lines.join('\n'));
    const shutdown = async () => {
      await running.stop();
      running.server.close();
      app.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('import')
  .description('import items into a dataset from a file or folder, with a progress bar')
  .argument('<dataset>', 'dataset name')
  .argument('<path>', 'JSONL file/folder, HF imagefolder/audiofolder, or NeMo manifest')
  .option('--format <format>', 'JSONL | HF_IMAGEFOLDER | HF_AUDIOFOLDER | NEMO_MANIFEST (guessed when absent)')
  .option('--branch <branch>', 'branch to write to', 'main')
  .option('-m, --message <message>', 'commit the imported changes with this message')
  .option('--root <dir>', 'folder the import may read below (default: the current folder)')
  .option('--no-score', 'do not score the imported items now (the server or `tuneset audit` scores them later)')
  .option('--data <dir>', 'data folder (env TUNESET_DATA)')
  .action(async (datasetName: string, p: string, o: CommonOpts & { format?: string; branch: string; message?: string; root?: string; score: boolean }) => {
    const root = path.resolve(o.root ?? process.cwd());
    const config = configFromEnv({ dataDir: o.data, importRoot: root });
    await withApp(config, async (app) => {
      const actor = cliActor();
      const dataset = app.datasets.byName(actor, datasetName);
      if (!dataset) throw new AppError('NOT_FOUND', `No dataset named "${datasetName}"`);
      const abs = path.resolve(p);
      const isDir = fs.existsSync(abs) && fs.statSync(abs).isDirectory();
      const format = (o.format ??
        (dataset.modality === 'TEXT_PAIR'
          ? 'JSONL'
          : dataset.modality === 'IMAGE_CAPTION'
            ? 'HF_IMAGEFOLDER'
            : isDir
              ? 'HF_AUDIOFOLDER'
              : 'NEMO_MANIFEST')) as ImportFormat;
      const bar = new cliProgress.SingleBar(
        { format: 'import |{bar}| {percentage}% {value}/{total} rows, {failed} failed, ETA {eta_formatted}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      let timer: NodeJS.Timeout | undefined;
      const job = await importItemsNow(
        { app, actor },
        { dataset: toGlobalId('Dataset', dataset.id), branch: o.branch, path: path.relative(root, abs) || '.', format, commitMessage: o.message ?? null, score: o.score },
        (j) => {
          bar.start(1, 0, { failed: 0 });
          timer = setInterval(() => {
            const cur = app.jobs.byId(j.id);
            if (cur?.total) bar.setTotal(cur.total);
            if (cur) bar.update(cur.processed, { failed: cur.failed });
          }, 200);
        },
      );
      clearInterval(timer);
      bar.update(job.processed, { failed: job.failed });
      bar.stop();
      const errors = app.jobs.errors(job.id, 20);
      for (const e of errors) console.error(`  ${e.file ?? ''}${e.row ? `:${e.row}` : ''}  ${e.code}  ${e.message}`);
      if (job.failed > errors.length) console.error(`  ... and ${job.failed - errors.length} more`);
      console.log(`${job.state}: ${job.result ?? job.error ?? ''}`);
      if (job.state !== 'SUCCEEDED') process.exitCode = 1;
      const scoreJob = job.result ? (JSON.parse(job.result) as { scoreJob?: string | null }).scoreJob : null;
      if (scoreJob) await followJob(app, scoreJob, 'score ');
    }).catch(fail);
  });

const token = program.command('token').description('manage API tokens');
token
  .command('create')
  .requiredOption('--role <role>', 'viewer | labeller | curator | admin')
  .requiredOption('--name <name>', 'who or what uses it')
  .option('--data <dir>', 'data folder (env TUNESET_DATA)')
  .action(async (o: CommonOpts & { role: string; name: string }) => {
    await withApp(configFromEnv({ dataDir: o.data }), (app) => {
      const { token: secret, row } = app.auth.createToken(null, o.name, o.role);
      console.log(`Created ${row.role} token "${row.name}" (id ${row.id}). It is shown this once:\n\n    ${secret}\n`);
    }).catch(fail);
  });
token
  .command('list')
  .option('--data <dir>', 'data folder (env TUNESET_DATA)')
  .action(async (o: CommonOpts) => {
    await withApp(configFromEnv({ dataDir: o.data }), (app) => {
      for (const t of app.auth.list(null)) {
        console.log(`${t.id}\t${t.prefix}…\t${t.role}\t${t.name}\t${t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? 'never'}`}`);
      }
    }).catch(fail);
  });
token
  .command('revoke')
  .argument('<id>', 'token id (from token list)')
  .option('--data <dir>', 'data folder (env TUNESET_DATA)')
  .action(async (id: string, o: CommonOpts) => {
    await withApp(configFromEnv({ dataDir: o.data }), (app) => {
      const t = app.auth.revoke(null, Number(id));
      console.log(`Revoked token ${t.id} (${t.name})`);
    }).catch(fail);
  });

const dataset = program.command('dataset').description('manage datasets');
dataset
  .command('create')
  .argument('<name>')
  .requiredOption('--modality <modality>', 'TEXT_PAIR | IMAGE_CAPTION | AUDIO_TRANSCRIPT')
  .option('--description <text>')
  .option('--target-language <bcp47>', 'language text should be in (default en)')
  .option('--target-task <key>', 'task-catalogue key for the readiness verdict (see config/tasks.json)')
  .option('--data <dir>', 'data folder (env TUNESET_DATA)')
  .action(async (name: string, o: CommonOpts & { modality: string; description?: string; targetLanguage?: string; targetTask?: string }) => {
    await withApp(configFromEnv({ dataDir: o.data }), (app) => {
      const d = createDataset({ app, actor: cliActor() }, {
        name,
        modality: o.modality,
        description: o.description,
        targetLanguage: o.targetLanguage,
        targetTask: o.targetTask,
      });
      console.log(`Created ${d.modality} dataset "${d.name}" (${toGlobalId('Dataset', d.id)})`);
    }).catch(fail);
  });
dataset
  .command('list')
  .option('--data <dir>', 'data folder (env TUNESET_DATA)')
  .action(async (o: CommonOpts) => {
    await withApp(configFromEnv({ dataDir: o.data }), (app) => {
      for (let after: string | null = null; ; ) {
        const page = app.datasets.list(cliActor(), 100, after);
        for (const d of page.nodes) console.log(`${d.name}\t${d.modality}\t${d.description ?? ''}`);
        if (!page.hasNextPage) break;
        after = page.cursors.at(-1)!;
      }
    }).catch(fail);
  });

program
  .command('audit')
  .description('quality audit of a dataset at a ref: flags, scores, balance, duplicates, readiness')
  .argument('<dataset>', 'dataset name')
  .option('--ref <ref>', 'branch, tag or version', 'main')
  .option('--task <key>', 'judge readiness against this task instead of the declared one')
  .option('--json', 'print the audit as JSON')
  .option('--no-score', 'do not score items that are still unscored first')
  .option('--data <dir>', 'data folder (env TUNESET_DATA)')
  .action(async (datasetName: string, o: CommonOpts & { ref: string; task?: string; json?: boolean; score: boolean }) => {
    await withApp(configFromEnv({ dataDir: o.data }), async (app) => {
      const actor = cliActor();
      const d = app.datasets.byName(actor, datasetName);
      if (!d) throw new AppError('NOT_FOUND', `No dataset named "${datasetName}"`);
      if (o.score) {
        const { scored } = await app.quality.scorePending(d.id);
        if (scored && !o.json) console.error(`scored ${scored} items that were still unscored`);
      }
      const audit = await app.quality.audit(actor, d, o.ref, o.task);
      console.log(o.json ? JSON.stringify(audit, null, 2) : formatAudit(d.name, audit));
    }).catch(fail);
  });

function list(v: string): string[] {
  return v.split(',').map((x) => x.trim()).filter(Boolean);
}

function wholeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('a whole number');
  return n;
}

program
  .command('coverage')
  .description('augmentation coverage of a dataset at a ref: buckets per axis, heat maps of axis pairs, gaps')
  .argument('<dataset>', 'dataset name')
  .option('--ref <ref>', 'branch, tag or version', 'main')
  .option('--axes <a,b>', 'axes to cover (default: every axis with data)', list)
  .option('--min-per-cell <n>', 'items a cell needs to count as covered', wholeNumber, 5)
  .option('--by-label', 'the score and gaps of each label too')
  .option('--json', 'print the coverage as JSON')
  .option('--png <file>', 'write the heat maps as a PNG picture')
  .option('--data <dir>', 'data folder (env TUNESET_DATA)')
  .action(async (datasetName: string, o: CommonOpts & { ref: string; axes?: string[]; minPerCell: number; byLabel?: boolean; json?: boolean; png?: string }) => {
    await withApp(configFromEnv({ dataDir: o.data }), async (app) => {
      const actor = cliActor();
      const d = app.datasets.byName(actor, datasetName);
      if (!d) throw new AppError('NOT_FOUND', `No dataset named "${datasetName}"`);
      const c = await getCoverage({ app, actor }, d, { ref: o.ref, axes: o.axes, minPerCell: o.minPerCell, byLabel: o.byLabel ?? false });
      console.log(o.json ? JSON.stringify(c, null, 2) : formatCoverage(d.name, c));
      if (o.png) {
        fs.writeFileSync(o.png, await heatmapPng(c));
        if (!o.json) console.error(`heat map written to ${o.png}`);
      }
    }).catch(fail);
  });

program
  .command('augment')
  .description('make derived items on a branch (uncommitted) from a recipe file, or plan and fill coverage gaps')
  .argument('<dataset>', 'dataset name')
  .option('--recipe <file>', 'JSON: a list of chains [{"ops": [{"op", "params"}], "copies"}]')
  .option('--fill-gaps', 'plan the copies that fill the coverage gaps (--axes, --min-per-cell, --max-new) and apply the plan')
  .option('--branch <name>', 'branch the copies are written on', 'main')
  .option('--from <ref>', 'ref the sources are read at (default: the branch)')
  .option('--seed <n>', 'seed of sampled parameters', wholeNumber, 0)
  .option('--axes <a,b>', 'with --fill-gaps: the axes to fill', list)
  .option('--min-per-cell <n>', 'with --fill-gaps: items a cell needs', wholeNumber, 5)
  .option('--max-new <n>', 'with --fill-gaps: most copies to make', wholeNumber, 1000)
  .option('--data <dir>', 'data folder (env TUNESET_DATA)')
  .action(async (datasetName: string, o: CommonOpts & { recipe?: string; fillGaps?: boolean; branch: string; from?: string; seed: number; axes?: string[]; minPerCell: number; maxNew: number }) => {
    await withApp(configFromEnv({ dataDir: o.data }), async (app) => {
      const actor = cliActor();
      const d = app.datasets.byName(actor, datasetName);
      if (!d) throw new AppError('NOT_FOUND', `No dataset named "${datasetName}"`);
      if (!o.recipe === !o.fillGaps) throw new AppError('BAD_USER_INPUT', 'Give --recipe FILE or --fill-gaps (one of them)');
      let plan: string | null = null;
      let recipe = null;
      if (o.fillGaps) {
        const p = await planAugmentation({ app, actor }, { dataset: toGlobalId('Dataset', d.id), ref: o.from ?? o.branch, axes: o.axes, minPerCell: o.minPerCell, maxNewItems: o.maxNew });
        console.error(`plan: ${p.sources.length} copies in ${p.recipe.length} chains; expected coverage ${(p.expected.scoreBefore * 100).toFixed(1)}% → ${(p.expected.score * 100).toFixed(1)}%`);
        for (const u of p.unfillable.slice(0, 10)) console.error(`  no op reaches ${u.values.join(' / ')}`);
        if (p.sources.length === 0) return;
        plan = toGlobalId('AugmentPlan', p.id);
      } else {
        try {
          recipe = JSON.parse(fs.readFileSync(o.recipe!, 'utf8'));
        } catch (e) {
          throw new AppError('BAD_USER_INPUT', `Cannot read the recipe ${o.recipe}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      let follow: Promise<void> = Promise.resolve();
      const job = await augmentNow({ app, actor }, { dataset: toGlobalId('Dataset', d.id), branch: o.branch, from: o.from, seed: o.seed, recipe, plan }, (j) => {
        follow = followJob(app, toGlobalId('Job', j.id), 'augment');
      });
      await follow;
      const result = job.result ? JSON.parse(job.result) : null;
      if (job.state !== 'SUCCEEDED') throw new AppError('BAD_USER_INPUT', `augment ${job.state.toLowerCase()}: ${job.error ?? ''}`);
      console.log(JSON.stringify(result, null, 2));
    }).catch(fail);
  });

program
  .command('train')
  .description('fine-tune a model from an export folder (its tfjs/ format); writes model/, metrics.json, training-curves.png')
  .argument('<exportDir>', 'an export folder (the one holding manifest.json)')
  .requiredOption('--task <task>', `the task: ${TASK_NAMES.join(', ')}`)
  .option('--out <dir>', 'where the run is written (default <exportDir>/runs/<task>-<time>)')
  .option('--epochs <n>', 'most epochs in all (default 20)', (v) => Number(v))
  .option('--backend <b>', 'auto | tensorflow | wasm | cpu', 'auto')
  .option('--base <base>', 'pretrain | none | a LayersModel directory', 'pretrain')
  .option('--seed <n>', 'shuffling and initialisation seed', (v) => Number(v), 0)
  .option('--batch-size <n>', 'batch size', (v) => Number(v), 32)
  .option('--unfreeze-top <k>', 'weighted base layers unfrozen after the head phase', (v) => Number(v), 2)
  .action(async (exportDir: string, o: { task: string; out?: string; epochs?: number; backend: string; base: string; seed: number; batchSize: number; unfreezeTop: number }) => {
    const out = o.out ?? path.join(exportDir, 'runs', `${o.task}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(o.backend)) fail(new AppError('BAD_USER_INPUT', `--backend must be auto, tensorflow, wasm or cpu, not ${o.backend}`));
    for (const [k, v] of [['--epochs', o.epochs ?? 20], ['--batch-size', o.batchSize], ['--unfreeze-top', o.unfreezeTop]] as const) {
      if (!Number.isInteger(v) || v < (k === '--unfreeze-top' ? 0 : 1)) fail(new AppError('BAD_USER_INPUT', `${k} must be a whole number`));
    }
    // TensorFlow.js is loaded for this command only (it costs every other command ~0.5 s and memory)
    const { train, TrainError } = await import('./trainer/index.js');
    try {
      const r = await train({ exportDir, task: o.task, out, epochs: o.epochs, backend: o.backend as 'auto', base: o.base, seed: o.seed, batchSize: o.batchSize, unfreezeTop: o.unfreezeTop });
      console.log(r.out);
    } catch (e) {
      fail(e instanceof TrainError ? new AppError('BAD_USER_INPUT', e.message) : e);
    }
  });

program
  .command('export')
  .description('export a commit of a dataset: filtered, split without leakage, in the given formats')
  .argument('<dataset>', 'dataset name')
  .requiredOption('--spec <file>', 'the export spec, JSON or YAML ({filter, split, maxPerClass, maxItems, target})')
  .requiredOption('--format <f,f>', 'formats: JSONL, OPENAI_CHAT, ALPACA, HF_IMAGEFOLDER, HF_AUDIOFOLDER, NEMO_MANIFEST, COCO_CAPTIONS, PARQUET, TFJS', list)
  .option('--ref <ref>', 'branch (its head commit), tag or version', 'main')
  .option('--out <dir>', 'the folder to write (it must not exist; default under <data>/exports)')
  .option('--name <name>', 'a name for the export')
  .option('--data <dir>', 'data folder (env TUNESET_DATA)')
  .action(async (datasetName: string, o: CommonOpts & { spec: string; format: string[]; ref: string; out?: string; name?: string }) => {
    const out = o.out ? path.resolve(o.out) : null;
    const config = configFromEnv({ dataDir: o.data, ...(out ? { exportRoot: path.dirname(out) } : {}) });
    await withApp(config, async (app) => {
      const actor = cliActor();
      const d = app.datasets.byName(actor, datasetName);
      if (!d) throw new AppError('NOT_FOUND', `No dataset named "${datasetName}"`);
      let spec: unknown;
      try {
        spec = YAML.parse(fs.readFileSync(o.spec, 'utf8'));
      } catch (e) {
        throw new AppError('BAD_USER_INPUT', `Cannot read the spec ${o.spec}: ${e instanceof Error ? e.message : String(e)}`);
      }
      let follow: Promise<void> = Promise.resolve();
      const r = createExport({ app, actor }, { dataset: toGlobalId('Dataset', d.id), ref: o.ref, spec, formats: o.format.map((f) => f.toUpperCase()), name: o.name, destination: out ? path.basename(out) : null }, (j) => {
        follow = followJob(app, toGlobalId('Job', j.id), 'export');
      });
      const job = await r.done;
      await follow;
      if (job.state !== 'SUCCEEDED') {
        const err = app.jobs.errors(job.id, 1)[0];
        const code = err?.code === 'BAD_USER_INPUT' || err?.code === 'EXPORT_CONSTRAINT_VIOLATED' ? err.code : 'INTERNAL_SERVER_ERROR';
        throw new AppError(code, `export ${job.state.toLowerCase()}: ${err?.message ?? job.error ?? ''}`);
      }
      console.log(app.exports.absolutePath(app.exports.get(actor, r.export.id)!));
    }).catch(fail);
  });

// (A bad setting, read before an action's own error handling, is one line too.)
await program.parseAsync(process.argv).catch(fail);
