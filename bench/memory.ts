/**
 * bench/memory (issue 14): peak RSS of one operation in a fresh process, at two dataset sizes, so
 * that growth with the dataset shows: import, scoring, audit, duplicateClusters and export of 10k and
 * 117,659 WordNet text pairs, and of 2k derived images. Each operation runs in its own child
 * process on the database the previous step left, and reports its peak RSS (VmHWM: getrusage's
 * maxRSS would not do, Linux carries it over from the parent at fork, 400 MB after deriving images)
 * and, sampled every 25 ms, where the memory was at its highest: the main thread's JS heap, its
 * external memory (Buffers, typed arrays), and the rest (worker threads, native code, the SQLite
 * page cache).
 *
 * Then the server: `tuneset serve`'s app on the text data, its RSS idle, at its peak during a
 * burst of reads (an audit, duplicate clusters, 30 pages of items, a duplicate-flag filter), and
 * idle again once its worker threads have stopped (TUNESET_WORKER_IDLE_MS, 3 s here). Target:
 * under 300 MB idle, before and after the burst.
 *
 *   node --import tsx bench/memory.ts [--skip-images]
 *
 * Targets (issue 14): every operation ≤ 400 MB at 117k, and 117k ≤ 1.3 × 10k. The floor each ratio
 * is read against is the same operation at 10k, same run; a bare `node` with the app loaded and
 * nothing done is printed too (the base every operation starts from).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toGlobalId } from '../src/ids.js';
import { createExport } from '../src/modules/exports/commands/create-export.js';
import { ACTOR, createDataset, deriveImages, emit, gql, machineLine, openApp, round, runChild, runImport, tempDir, wordnetPairsJsonl } from './lib.js';

const SELF = fileURLToPath(import.meta.url);
const TARGET_MB = 400;
const TARGET_GROWTH = 1.3;
const WORDNET_FALLBACK = 117_659;
const OPS = ['base', 'import', 'score', 'audit', 'clusters', 'export'] as const;
type Op = (typeof OPS)[number];

// ------------------------------------------------------------------------------------------ child

interface Sample {
  rssMB: number;
  heapMB: number;
  externalMB: number;
}

/** Samples memory every 25 ms; keeps the sample with the highest RSS. */
function sampler(): { stop: () => Sample } {
  let peak: Sample = { rssMB: 0, heapMB: 0, externalMB: 0 };
  const take = () => {
    const m = process.memoryUsage();
    if (m.rss / 1e6 > peak.rssMB) peak = { rssMB: m.rss / 1e6, heapMB: m.heapUsed / 1e6, externalMB: m.external / 1e6 };
  };
  const timer = setInterval(take, 25);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}

async function child(op: Op, dir: string, kind: 'text' | 'images'): Promise<void> {
  const s = sampler();
  const t0 = performance.now();
  const { app, close } = openApp(dir);
  const name = kind === 'text' ? 'pairs' : 'images';
  let items = 0;
  if (op === 'import') {
    const d = createDataset(app, kind === 'text' ? 'TEXT_PAIR' : 'IMAGE_CAPTION', name);
    const { result } = await runImport(app, d, kind === 'text' ? 'pairs.jsonl' : 'images', kind === 'text' ? 'JSONL' : 'HF_IMAGEFOLDER', 'import');
    items = result.added;
  } else if (op !== 'base') {
    const d = app.datasets.byName(ACTOR, name)!;
    if (op === 'score') items = (await app.quality.scorePending(d.id)).scored;
    if (op === 'audit') items = (await app.quality.audit(ACTOR, d, 'main')).itemCount;
    if (op === 'clusters') items = (await app.quality.clustersPage(ACTOR, d, 'main', 100, null)).totalCount();
    if (op === 'export') {
      // the committed import, split 80/10/10, in a line format and Parquet (media embedded for images)
      const formats = kind === 'text' ? ['JSONL', 'PARQUET'] : ['HF_IMAGEFOLDER', 'PARQUET'];
      const r = createExport({ app, actor: ACTOR }, { dataset: toGlobalId('Dataset', d.id), spec: { split: { train: 0.8, validation: 0.1, test: 0.1 } }, formats, name: `memory-${Date.now()}` } as never);
      const job = await r.done;
      if (job.state !== 'SUCCEEDED') throw new Error(`export ${job.state}: ${app.jobs.errors(job.id, 1)[0]?.message}`);
      items = Object.values(JSON.parse(job.result!).splits as Record<string, number>).reduce((a, b) => a + b, 0);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  close();
  const peak = s.stop();
  // The high-water mark of this process's own address space (kB), which exec starts afresh.
  const maxRssMB = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024 / 1e6;
  console.log(
    JSON.stringify({
      op,
      items,
      seconds: round(seconds, 2),
      peakRssMB: Math.round(maxRssMB),
      atPeak: { rssMB: Math.round(peak.rssMB), heapMB: Math.round(peak.heapMB), externalMB: Math.round(peak.externalMB), otherMB: Math.round(peak.rssMB - peak.heapMB - peak.externalMB) },
    }),
  );
}

// ----------------------------------------------------------------------------------- server child

const WORKER_IDLE_MS = 3000;
const IDLE_TARGET_MB = 300;

/** Child: the server on the bench's data folder, reporting its RSS (now, and the peak since the last reset) over IPC. */
async function serve(dir: string): Promise<void> {
  // (Imported here: the other children measure the CLI's footprint, without the HTTP server's modules.)
  const { createApp } = await import('../src/app.js');
  const { loadConfig } = await import('../src/config.js');
  const { startServer } = await import('../src/server/http.js');
  const app = createApp(
    loadConfig({ NODE_ENV: 'test', TUNESET_WORKER_IDLE_MS: process.env.BENCH_WORKER_IDLE_MS ?? String(WORKER_IDLE_MS) }, { dataDir: path.join(dir, 'data'), importRoot: path.join(dir, 'imports'), port: 0 }),
  );
  const viewer = app.auth.createToken(null, 'bench-viewer', 'viewer').token;
  await app.quality.warmUp();
  const running = await startServer(app);
  let peak = 0;
  const mb = () => process.memoryUsage().rss / 1e6;
  setInterval(() => (peak = Math.max(peak, mb())), 25).unref();
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'reset') {
      peak = mb();
      process.send!({ ok: true });
    } else if (m.cmd === 'report') {
      const m = process.memoryUsage();
      const threads = Number(/Threads:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
      process.send!({ rssMB: Math.round(mb()), peakMB: Math.round(Math.max(peak, mb())), heapMB: Math.round(m.heapTotal / 1e6), externalMB: Math.round(m.external / 1e6), threads });
    } else if (m.cmd === 'stop') {
      void running.stop().then(() => {
        running.server.close();
        app.close();
        process.exit(0);
      });
    }
  });
  process.send!({ url: running.url, viewer });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ServerRow {
  idleMB: number;
  burstPeakMB: number;
  /** Idle again, after the first burst and after a second one. */
  afterMB: number;
  afterSecondMB: number;
  /** OS threads idle, in the burst, after it (a worker thread while it runs). */
  threads: number[];
}

/** The server's RSS idle, during a burst of reads, and idle again after it. */
async function serverPhase(dir: string, dataset: string): Promise<ServerRow> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--serve', dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<any>((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`server child exited (${code})`)));
  });
  try {
    const { url, viewer } = await next();
    const ask = async (cmd: string) => {
      const reply = next();
      child.send({ cmd });
      return reply;
    };
    await sleep(2000);
    const idle = await ask('report');
    const ds = `dataset(name: ${JSON.stringify(dataset)})`;
    const burstOnce = async () => {
      await gql(url, viewer, `{ ${ds} { audit { itemCount meanScore flagCounts { flag count } lengths { field chars { p50 } } } } }`);
      await gql(url, viewer, `{ ${ds} { duplicateClusters(first: 100) { totalCount nodes { kind keys } } } }`);
      let after: string | null = null;
      for (let i = 0; i < 30; i++) {
        const d = await gql(url, viewer, `query($after: String) { ${ds} { items(first: 100, after: $after) { pageInfo { endCursor } nodes { key quality { score flags } } } } }`, { after });
        after = d.dataset.items.pageInfo.endCursor;
      }
      await gql(url, viewer, `{ ${ds} { items(first: 100, filter: { flags: [NEAR_DUPLICATE] }) { nodes { key } } } }`);
    };
    await ask('reset');
    await burstOnce();
    const burst = await ask('report');
    // Workers stop WORKER_IDLE_MS after their last job; V8 gives memory back shortly after.
    await sleep(WORKER_IDLE_MS + 5000);
    const later = await ask('report');
    // A second burst: what stays after the first is reused, not added to.
    await burstOnce();
    await sleep(WORKER_IDLE_MS + 5000);
    const again = await ask('report');
    return { idleMB: idle.rssMB, burstPeakMB: burst.peakMB, afterMB: later.rssMB, afterSecondMB: again.rssMB, threads: [idle.threads, burst.threads, later.threads] };
  } finally {
    child.send({ cmd: 'stop' });
    await new Promise((r) => child.once('exit', r));
  }
}

// ------------------------------------------------------------------------------------------ main

interface Row {
  op: Op;
  items: number;
  seconds: number;
  peakRssMB: number;
  atPeak: { rssMB: number; heapMB: number; externalMB: number; otherMB: number };
}

async function runOps(label: string, dir: string, kind: 'text' | 'images'): Promise<Map<Op, Row>> {
  const out = new Map<Op, Row>();
  for (const op of OPS) {
    const r = await runChild(SELF, ['--child', op, dir, kind], { timeoutMs: 15 * 60_000 });
    if (r.code !== 0 || !r.json) throw new Error(`${label} ${op} failed (${r.code}): ${r.stderr.slice(-2000)}`);
    const row = r.json as unknown as Row;
    out.set(op, row);
    const p = row.atPeak;
    // "other" is native memory: the worker threads (their heaps and buffers), SQLite, code. What
    // it holds beyond the idle app's own (the base op) is, in these operations, the workers' share.
    const beyond = op === 'base' ? '' : `, of which beyond the base ${p.otherMB - out.get('base')!.atPeak.otherMB}`;
    console.log(
      `${label.padEnd(12)} ${op.padEnd(9)} ${String(row.items).padStart(7)} items  ${String(row.seconds).padStart(6)} s  peak RSS ${String(row.peakRssMB).padStart(5)} MB  (at peak: main heap ${p.heapMB}, external ${p.externalMB}, other ${p.otherMB}${beyond} MB)`,
    );
  }
  return out;
}

async function main(): Promise<void> {
  console.log('memory: peak RSS per operation, each in a fresh process');
  console.log(machineLine());
  const skipImages = process.argv.includes('--skip-images');
  const { dir, cleanup } = tempDir('memory');
  try {
    const all = path.join(dir, 'all.jsonl');
    const gen = wordnetPairsJsonl(all, WORDNET_FALLBACK);
    console.log(`text: ${gen.rows} pairs, ${gen.source}`);
    const lines = fs.readFileSync(all, 'utf8').split('\n').filter(Boolean);
    const sizes = [
      { label: '10k pairs', n: 10_000 },
      { label: `${Math.round(lines.length / 1000)}k pairs`, n: lines.length },
    ];
    const results: Array<{ label: string; rows: Map<Op, Row> }> = [];
    const servers: Array<{ label: string } & ServerRow> = [];
    for (const s of sizes) {
      const sub = path.join(dir, `text-${s.n}`);
      fs.mkdirSync(path.join(sub, 'imports'), { recursive: true });
      fs.writeFileSync(path.join(sub, 'imports', 'pairs.jsonl'), lines.slice(0, s.n).join('\n') + '\n');
      results.push({ label: s.label, rows: await runOps(s.label, sub, 'text') });
      const srv = await serverPhase(sub, 'pairs');
      servers.push({ label: s.label, ...srv });
      console.log(
        `${s.label.padEnd(12)} server    idle ${srv.idleMB} MB, burst peak ${srv.burstPeakMB} MB, idle after it ${srv.afterMB} MB, after a second ${srv.afterSecondMB} MB (target < ${IDLE_TARGET_MB} idle); threads ${srv.threads.join(' → ')}`,
      );
    }
    if (!skipImages) {
      const sub = path.join(dir, 'images-2k');
      const imgs = await deriveImages(path.join(sub, 'imports', 'images'), { count: 2000, seed: 14, maxExtraWidth: 900, degrade: true });
      console.log(`images: ${imgs.files.length} derived from the corpus photos, ${round(imgs.bytes / 1e6, 1)} MB`);
      results.push({ label: '2k images', rows: await runOps('2k images', sub, 'images') });
    }
    const small = results[0].rows;
    const big = results[1].rows;
    const growth = Object.fromEntries(OPS.filter((o) => o !== 'base').map((o) => [o, round(big.get(o)!.peakRssMB / small.get(o)!.peakRssMB, 2)]));
    const peak117 = Object.fromEntries(OPS.map((o) => [o, big.get(o)!.peakRssMB]));
    const worstGrowth = Math.max(...Object.values(growth));
    const worstPeak = Math.max(...OPS.filter((o) => o !== 'base').map((o) => big.get(o)!.peakRssMB));
    console.log(`117k vs 10k: ${Object.entries(growth).map(([o, g]) => `${o} ×${g}`).join(', ')} (target ≤ ${TARGET_GROWTH})`);
    console.log(`worst peak at 117k: ${worstPeak} MB (target ≤ ${TARGET_MB})`);
    emit({
      bench: 'memory',
      ratio: worstGrowth,
      target: `every operation <= ${TARGET_MB} MB at 117k and 117k <= ${TARGET_GROWTH} x 10k`,
      pass: worstGrowth <= TARGET_GROWTH && worstPeak <= TARGET_MB && servers.every((x) => Math.max(x.idleMB, x.afterMB, x.afterSecondMB) < IDLE_TARGET_MB),
      server: servers,
      growth,
      peakRssMB117k: peak117,
      peakRssMB10k: Object.fromEntries(OPS.map((o) => [o, small.get(o)!.peakRssMB])),
      peakRssMBImages: results[2] ? Object.fromEntries(OPS.map((o) => [o, results[2].rows.get(o)!.peakRssMB])) : null,
      atPeak117k: Object.fromEntries(OPS.map((o) => [o, big.get(o)!.atPeak])),
      dataSource: gen.source,
    });
  } finally {
    cleanup();
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3]);
// (--server-only DIR: the server phase alone, on a folder an earlier run left.)
else if (process.argv[2] === '--server-only') console.log(await serverPhase(process.argv[3], 'pairs'));
else if (process.argv[2] === '--child') await child(process.argv[3] as Op, process.argv[4], process.argv[5] as 'text' | 'images');
else await main();
