/**
 * Bench (issue 10): the export job writing WordNet pairs (all 117,659 when wordnet-base is
 * installed, else the 3k sample varied to that count) as JSONL + OPENAI_CHAT, split 80/10/10
 * stratified by the lexicographer file, vs a floor of writing the same rows as JSONL with a bare
 * loop over a better-sqlite3 iterator, same data, same run. Each side runs in a child process
 * (its peak RSS measured there); ours also at 10k pairs, for memory growth.
 *
 *   node --import tsx bench/export-text.ts [count]
 *
 * Targets: ratio ≥ 0.5 (the issue's; it names PARQUET too, not built yet, so this times the two
 * text formats), and peak RSS at the full count ≤ 1.3 × at 10k.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toGlobalId } from '../src/ids.js';
import { createExport } from '../src/modules/exports/commands/create-export.js';
import { ACTOR, createDataset, emit, lastJson, machineLine, nowMs, openApp, round, runChild, runImport, tempDir, wordnetPairsJsonl } from './lib.js';

const SELF = fileURLToPath(import.meta.url);
const COUNT = Number(process.argv[2]?.startsWith('--') ? 117_659 : (process.argv[2] ?? 117_659)) || 117_659;
const TARGET = 0.5;

/** Builds a data folder with n pairs, imported and committed (labels: the lexicographer file). */
async function build(dir: string, n: number): Promise<void> {
  const file = path.join(dir, 'imports', 'wordnet.jsonl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = path.join(dir, 'raw.jsonl');
  wordnetPairsJsonl(raw, n);
  const rows = fs.readFileSync(raw, 'utf8').split('\n').filter(Boolean).slice(0, n);
  fs.writeFileSync(
    file,
    rows
      .map((l) => {
        const r = JSON.parse(l) as { prompt: string; response: string; lexname?: string; synset?: string };
        const label = r.lexname ?? String(r.synset ?? 'x').split('.')[1] ?? 'x';
        return JSON.stringify({ prompt: r.prompt, response: r.response, labels: [label] });
      })
      .join('\n'),
  );
  const { app, close } = openApp(dir);
  try {
    const d = createDataset(app, 'TEXT_PAIR', 'wordnet');
    await runImport(app, d, 'wordnet.jsonl', 'JSONL', 'wordnet');
  } finally {
    close();
  }
}

async function ours(dir: string): Promise<void> {
  const { app, close } = openApp(dir);
  try {
    const d = app.datasets.byName(ACTOR, 'wordnet')!;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const t0 = nowMs();
    const r = createExport(
      { app, actor: ACTOR },
      { dataset: toGlobalId('Dataset', d.id), spec: { split: { train: 0.8, validation: 0.1, test: 0.1, stratifyBy: 'label' } }, formats: ['JSONL', 'OPENAI_CHAT'], name: `run-${Date.now()}` },
    );
    const job = await r.done;
    if (job.state !== 'SUCCEEDED') throw new Error(`export ${job.state}: ${app.jobs.errors(job.id, 1)[0]?.message}`);
    loop.disable();
    console.error(`phases: ${JSON.stringify(JSON.parse(job.result!).seconds)}; event loop: max ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`);
    console.log(JSON.stringify({ ms: nowMs() - t0, rows: app.versions.itemCount(app.versions.resolveRef(d, 'main')), rssMb: process.resourceUsage().maxRSS / 1024 }));
  } finally {
    close();
  }
}

function floor(dir: string): void {
  const { app, close } = openApp(dir);
  try {
    const out = path.join(dir, 'floor.jsonl');
    const t0 = nowMs();
    const fd = fs.openSync(out, 'w');
    let buf = '';
    let rows = 0;
    for (const r of app.db.$client.prepare('SELECT key, prompt, response, labels FROM item_revisions WHERE deleted = 0 ORDER BY key').iterate() as Iterable<{ key: string; prompt: string; response: string; labels: string }>) {
      buf += JSON.stringify({ key: r.key, prompt: r.prompt, response: r.response, labels: JSON.parse(r.labels) }) + '\n';
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
      rows++;
    }
    fs.writeSync(fd, buf);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    console.log(JSON.stringify({ ms: nowMs() - t0, rows, rssMb: process.resourceUsage().maxRSS / 1024 }));
  } finally {
    close();
  }
}

async function child(kind: string, dir: string): Promise<void> {
  if (kind === 'build') return build(dir, Number(process.argv[5]));
  if (kind === 'ours') return ours(dir);
  return floor(dir);
}

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('export-text');
  try {
    console.log(`export-text: the export job (JSONL + OPENAI_CHAT, stratified 80/10/10) vs a bare JSONL loop over a better-sqlite3 iterator`);
    console.log(machineLine());
    const big = path.join(dir, 'big');
    const small = path.join(dir, 'small');
    for (const [d, n] of [[big, COUNT], [small, 10_000]] as const) {
      fs.mkdirSync(d, { recursive: true });
      const b = await runChild(SELF, ['--child', 'build', d, String(n)], { timeoutMs: 900_000 });
      if (b.code !== 0) throw new Error(`build failed: ${b.stderr.slice(-2000)}`);
    }
    type R = { ms: number; rows: number; rssMb: number };
    const run = async (kind: string, d: string) => {
      const r = await runChild(SELF, ['--child', kind, d], { timeoutMs: 900_000, echo: kind === 'ours' });
      const j = lastJson(r.stdout) as R | null;
      if (r.code !== 0 || !j) throw new Error(`${kind} failed: ${r.stderr.slice(-2000)}`);
      return j;
    };
    if (process.argv.includes('--ours-only')) {
      console.log(await run('ours', big));
      return;
    }
    const f1 = await run('floor', big);
    const o = await run('ours', big);
    const f2 = await run('floor', big);
    const o10 = await run('ours', small);
    const floorMs = (f1.ms + f2.ms) / 2;
    const ratio = floorMs / o.ms;
    const growth = o.rssMb / o10.rssMb;
    console.log(`data : ${o.rows} pairs`);
    console.log(`ours : ${(o.ms / 1000).toFixed(2)} s (${Math.round(o.rows / (o.ms / 1000))} rows/s), peak RSS ${o.rssMb.toFixed(0)} MB; at 10k ${o10.rssMb.toFixed(0)} MB`);
    console.log(`floor: ${(f1.ms / 1000).toFixed(2)} / ${(f2.ms / 1000).toFixed(2)} s`);
    console.log(`ratio: ${ratio.toFixed(3)} (target ≥ ${TARGET}) ${ratio >= TARGET ? 'PASS' : 'FAIL'}; RSS ${o.rows} ÷ 10k = ${growth.toFixed(2)} (target ≤ 1.3) ${growth <= 1.3 ? 'PASS' : 'FAIL'}`);
    emit({ bench: 'export-text', ratio: round(ratio, 4), target: `ratio >= ${TARGET}, rss growth <= 1.3`, pass: ratio >= TARGET && growth <= 1.3, rows: o.rows, oursSeconds: round(o.ms / 1000, 2), floorSeconds: round(floorMs / 1000, 2), rssMb: round(o.rssMb, 0), rss10kMb: round(o10.rssMb, 0), rssGrowth: round(growth, 3) });
  } finally {
    cleanup();
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();
