/**
 * Bench (issue 10): the export job writing WordNet pairs (all 117,659 when wordnet-base is
 * installed, else the 3k sample varied to that count) as JSONL + OPENAI_CHAT + PARQUET, split 80/10/10
 * stratified by the lexicographer file (45 classes), vs a floor of writing the same rows as JSONL with a bare
 * loop over a better-sqlite3 iterator, same data, same run. Each side runs in a child process
 * (its peak RSS measured there); ours also at 10k pairs, for memory growth.
 *
 *   node --import tsx bench/export-text.ts [count]
 *
 * Targets: ratio ≥ 0.5 (the issue's), and peak RSS at the full count ≤ 1.3 × at 10k.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toGlobalId } from '../src/ids.js';
import { createExport } from '../src/modules/exports/commands/create-export.js';
import { hubPython, runPython } from '../tests/helpers/python.js';
import { ACTOR, createDataset, emit, lastJson, machineLine, nowMs, openApp, round, runChild, runImport, tempDir, wordnetPairsJsonl } from './lib.js';

const SELF = fileURLToPath(import.meta.url);
const COUNT = Number(process.argv[2]?.startsWith('--') ? 117_659 : (process.argv[2] ?? 117_659)) || 117_659;
const TARGET = 0.5;

/**
 * The WordNet lexicographer file of each synset ("noun.00001740" → "lex03", one of 45), read from
 * wordnet-base's data files: the label the peer's figures were measured with.
 */
function lexFiles(): Map<string, string> {
  const out = new Map<string, string>();
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    const file = `/usr/share/wordnet/data.${pos}`;
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!/^\d{8} /.test(line)) continue;
      out.set(`${pos}.${line.slice(0, 8)}`, `lex${line.slice(9, 11)}`);
    }
  }
  return out;
}

/** Builds a data folder with n pairs, imported and committed (labels: the lexicographer file). */
async function build(dir: string, n: number): Promise<void> {
  const file = path.join(dir, 'imports', 'wordnet.jsonl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = path.join(dir, 'raw.jsonl');
  wordnetPairsJsonl(raw, n);
  const lex = lexFiles();
  const rows = fs.readFileSync(raw, 'utf8').split('\n').filter(Boolean).slice(0, n);
  fs.writeFileSync(
    file,
    rows
      .map((l) => {
        const r = JSON.parse(l) as { prompt: string; response: string; synset?: string };
        const synset = String(r.synset ?? 'x.x');
        // without wordnet-base (the 3k sample varied): the part of speech
        const label = lex.get(synset.split('.').slice(0, 2).join('.')) ?? synset.split('.')[0];
        return JSON.stringify({ prompt: r.prompt, response: r.response, labels: [label] });
      })
      .join('\n'),
  );
  const { app, close } = openApp(dir);
  try {
    const d = createDataset(app, 'TEXT_PAIR', 'wordnet');
    await runImport(app, d, 'wordnet.jsonl', 'JSONL', 'wordnet');
    // scored and audited, as a curated export would be: scores, flags and duplicate clusters
    // (families) are real work here; the audit's duplicate analysis of the commit is kept
    await app.quality.scorePending(d.id);
    await app.quality.audit(ACTOR, d, 'main');
  } finally {
    close();
  }
}

async function ours(dir: string): Promise<void> {
  const { app, close } = openApp(dir);
  try {
    const d = app.datasets.byName(ACTOR, 'wordnet')!;
    // cold: as if no audit had run since scoring (the commit's duplicate analysis is computed afresh)
    if (process.argv[5] === 'cold') app.db.$client.prepare('DELETE FROM duplicate_analyses').run();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const t0 = nowMs();
    // where the peak is: the sample with the highest RSS, with its heap / array buffers and time
    let peak = { rss: 0, heap: 0, buffers: 0, atS: 0 };
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      if (m.rss > peak.rss) peak = { rss: m.rss, heap: m.heapUsed, buffers: m.arrayBuffers, atS: (nowMs() - t0) / 1000 };
    }, 25);
    const r = createExport(
      { app, actor: ACTOR },
      { dataset: toGlobalId('Dataset', d.id), spec: { split: { train: 0.8, validation: 0.1, test: 0.1, stratifyBy: 'label' } }, formats: (process.env.BENCH_FORMATS ?? 'JSONL,OPENAI_CHAT,PARQUET').split(','), name: `run-${Date.now()}` },
    );
    const job = await r.done;
    if (job.state !== 'SUCCEEDED') throw new Error(`export ${job.state}: ${app.jobs.errors(job.id, 1)[0]?.message}`);
    loop.disable();
    clearInterval(sample);
    const mb = (x: number) => `${Math.round(x / 1e6)} MB`;
    console.error(`phases (s): ${JSON.stringify(JSON.parse(job.result!).seconds)}; event loop: max ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`);
    console.error(`peak RSS ${mb(peak.rss)} at ${peak.atS.toFixed(1)} s: main heap ${mb(peak.heap)}, array buffers ${mb(peak.buffers)}, the rest (code, worker threads, SQLite cache) ${mb(peak.rss - peak.heap - peak.buffers)}`);
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

/**
 * The peer a user would pick instead: Hugging Face `datasets` loading the same JSONL, two
 * stratified splits (80/10/10, by the same label), each split to JSON lines and to Parquet.
 */
const PEER = `
import json, resource, sys, time
from datasets import load_dataset
src, out = sys.argv[1], sys.argv[2]
t0 = time.time()
ds = load_dataset("json", data_files=src, split="train")
ds = ds.map(lambda r: {"label": r["labels"][0]}).class_encode_column("label")
a = ds.train_test_split(test_size=0.2, stratify_by_column="label", seed=0)
b = a["test"].train_test_split(test_size=0.5, stratify_by_column="label", seed=0)
for name, d in (("train", a["train"]), ("validation", b["train"]), ("test", b["test"])):
    d.to_json(f"{out}/{name}.jsonl")
    d.to_parquet(f"{out}/{name}.parquet")
print(json.dumps({"ms": (time.time() - t0) * 1000, "rows": len(ds), "rssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

async function child(kind: string, dir: string): Promise<void> {
  if (kind === 'build') return build(dir, Number(process.argv[5]));
  if (kind === 'ours') return ours(dir);
  return floor(dir);
}

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('export-text');
  try {
    console.log(`export-text: the export job (JSONL + OPENAI_CHAT + PARQUET, stratified 80/10/10) vs a bare JSONL loop over a better-sqlite3 iterator`);
    console.log(machineLine());
    const big = path.join(dir, 'big');
    const small = path.join(dir, 'small');
    for (const [d, n] of [[big, COUNT], [small, 10_000]] as const) {
      fs.mkdirSync(d, { recursive: true });
      const b = await runChild(SELF, ['--child', 'build', d, String(n)], { timeoutMs: 900_000 });
      if (b.code !== 0) throw new Error(`build failed: ${b.stderr.slice(-2000)}`);
    }
    type R = { ms: number; rows: number; rssMb: number };
    const run = async (kind: string, d: string, mode = 'cold') => {
      const r = await runChild(SELF, ['--child', kind, d, mode], { timeoutMs: 900_000, echo: kind === 'ours' });
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
    const warm = await run('ours', big, 'warm');
    const o10 = await run('ours', small);
    const floorMs = (f1.ms + f2.ms) / 2;
    const ratio = floorMs / o.ms;
    const growth = o.rssMb / o10.rssMb;
    const py = hubPython();
    let peer: R | null = null;
    if (py.python) {
      const out = path.join(dir, 'peer');
      fs.mkdirSync(out, { recursive: true });
      peer = runPython(py.python, PEER, [path.join(big, 'imports', 'wordnet.jsonl'), out]) as R;
      console.log(`peer : Hugging Face datasets, load → 2 stratified splits → to_json → to_parquet: ${(peer.ms / 1000).toFixed(2)} s, peak RSS ${peer.rssMb.toFixed(0)} MB; ours is ${(peer.ms / o.ms).toFixed(1)}× as fast (target ≥ 10×)`);
    } else console.log(`peer : skipped (${py.reason})`);
    console.log(`data : ${o.rows} pairs`);
    console.log(`ours : ${(o.ms / 1000).toFixed(2)} s (${Math.round(o.rows / (o.ms / 1000))} rows/s), peak RSS ${o.rssMb.toFixed(0)} MB; at 10k ${o10.rssMb.toFixed(0)} MB (cold: the commit's duplicate analysis computed in the export)`);
    console.log(`ours : ${(warm.ms / 1000).toFixed(2)} s, peak RSS ${warm.rssMb.toFixed(0)} MB with the analysis the audit kept (ratio ${(floorMs / warm.ms).toFixed(3)}; peer ${peer ? (peer.ms / warm.ms).toFixed(1) + '×' : 'n/a'})`);
    console.log(`floor: ${(f1.ms / 1000).toFixed(2)} / ${(f2.ms / 1000).toFixed(2)} s`);
    console.log(`ratio: ${ratio.toFixed(3)} (target ≥ ${TARGET}) ${ratio >= TARGET ? 'PASS' : 'FAIL'}; RSS ${o.rows} ÷ 10k = ${growth.toFixed(2)} (target ≤ 1.3) ${growth <= 1.3 ? 'PASS' : 'FAIL'}`);
    emit({ bench: 'export-text', ratio: round(ratio, 4), target: `ratio >= ${TARGET}, rss growth <= 1.3`, pass: ratio >= TARGET && growth <= 1.3, rows: o.rows, oursSeconds: round(o.ms / 1000, 2), oursWarmSeconds: round(warm.ms / 1000, 2), floorSeconds: round(floorMs / 1000, 2), rssMb: round(o.rssMb, 0), rss10kMb: round(o10.rssMb, 0), rssGrowth: round(growth, 3), peerSeconds: peer ? round(peer.ms / 1000, 2) : null, peerRssMb: peer ? round(peer.rssMb, 0) : null });
  } finally {
    cleanup();
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();
