/**
 * Runs every benchmark in sequence, each in its own child process, then prints a summary table
 * built from the JSON line each one ends with.
 *
 *   node --import tsx bench/run-all.ts [--quiet] [--strict] [name ...]
 *
 * --quiet   do not echo each benchmark's report while it runs
 * --strict  exit 1 when a benchmark misses its target (by default only a crash exits non-zero)
 * name      run only these (e.g. `commit-scale import-images`)
 */
import path from 'node:path';
import { BENCH_DIR, lastJson, machineLine, nowMs, runChild } from './lib.js';

const BENCHES = ['import-text', 'commit-scale', 'read-old-version', 'import-images', 'score-images', 'augment-images', 'augment-audio', 'export-text', 'export-images', 'dedup-scale', 'event-loop', 'memory'] as const;
/** Each benchmark is meant to finish in ~3 minutes (memory: ~5); this is the hard stop. */
const TIMEOUT_MS = 10 * 60_000;

const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const strict = args.includes('--strict');
const only = args.filter((a) => !a.startsWith('--'));
for (const o of only) {
  if (!(BENCHES as readonly string[]).includes(o)) {
    console.error(`unknown benchmark "${o}"; known: ${BENCHES.join(', ')}`);
    process.exit(2);
  }
}
const selected = only.length ? BENCHES.filter((b) => only.includes(b)) : [...BENCHES];

interface Row {
  bench: string;
  seconds: number;
  json: Record<string, unknown> | null;
  code: number | null;
  tail: string;
}

/** The figures worth a glance in the table, per benchmark (everything is in the JSON line anyway). */
const DETAILS: Record<string, (j: Record<string, unknown>) => string> = {
  'import-text': (j) =>
    `${j.ourRowsPerSec} vs ${j.floorRowsPerSec} rows/s, peak RSS ${j.peakRssMB} MB (< ${j.peakRssTargetMB})${j.dataSource === 'synthesised' ? ', SYNTHESISED data' : ''}`,
  'commit-scale': (j) => `commit ${j.commit100kMs} ms @100k vs ${j.commit1kMs} ms @1k, growth ${j.growthBytesPerRound} B/round`,
  'read-old-version': (j) =>
    `old ${j.oldMs} ms vs head ${j.headMs} ms @${j.items} items${j.fellBack ? ' (FELL BACK)' : ''}, branch² ×${j.branchOfBranchRatio}`,
  'import-images': (j) => `${j.ourImagesPerSec} vs ${j.floorImagesPerSec} images/s (${j.images} images)`,
  'score-images': (j) => `${j.ourImagesPerSec} vs ${j.floorImagesPerSec} images/s (${j.images} images, scoring job)`,
  'augment-images': (j) => `${j.ourImagesPerSec} vs ${j.floorImagesPerSec} images/s (${j.images} images, flip + brightness + jpeg)`,
  'augment-audio': (j) => `${j.realTimeFactor}× real time (>= 50; decode + encode ${j.floorRealTimeFactor}×) over ${j.audioMinutes} min`,
  'event-loop': (j) =>
    `worst event-loop delay: wav ${j.wavMaxMs} ms, anon ${j.anonMaxMs} ms, audit ${j.auditMaxMs} ms (<= 100; idle floor ${j.idleFloorMs} ms)`,
  memory: (j) =>
    `117k vs 10k ×${JSON.stringify(j.growth)}, peaks at 117k ${JSON.stringify(j.peakRssMB117k)} MB (<= 400, growth <= 1.3)`,
  'export-text': (j) => `${j.oursSeconds} s vs floor ${j.floorSeconds} s, RSS ${j.rssMb} MB (×${j.rssGrowth} of 10k)${j.peerSeconds ? `, datasets peer ${j.peerSeconds} s` : ''}`,
  'export-images': (j) => `TFJS ${j.oursSeconds} s vs bare resize ${j.floorSeconds} s (${j.items} images), HF_IMAGEFOLDER vs copies ×${j.copyRatio}`,
  'dedup-scale': (j) => `Hamming r=${j.hammingRadius} ×${j.hammingSpeedup}, MinHash ×${j.minhashSpeedup}, recall ${j.recall ?? '-'}`,
};

async function main(): Promise<void> {
  console.log(`run-all: ${selected.join(', ')}`);
  console.log(machineLine());
  const rows: Row[] = [];
  for (const bench of selected) {
    console.log(`\n=== ${bench} ${'='.repeat(Math.max(0, 70 - bench.length))}`);
    const t0 = nowMs();
    const r = await runChild(path.join(BENCH_DIR, `${bench}.ts`), [], { echo: !quiet, timeoutMs: TIMEOUT_MS });
    const seconds = (nowMs() - t0) / 1000;
    const json = r.json ?? lastJson(r.stdout);
    rows.push({ bench, seconds, json, code: r.code, tail: r.stderr.trim().split('\n').slice(-5).join('\n') });
    if (quiet) console.log(json ? JSON.stringify(json) : `(no result; exit ${r.code})`);
  }

  const table = rows.map((r) => ({
    bench: r.bench,
    ratio: r.json ? String(r.json.ratio) : '-',
    target: r.json ? String(r.json.target) : '-',
    result: !r.json ? `CRASH (exit ${r.code})` : r.json.pass ? 'PASS' : 'FAIL',
    time: `${r.seconds.toFixed(0)} s`,
    details: r.json ? (DETAILS[r.bench]?.(r.json) ?? '') : r.tail.split('\n').pop() ?? '',
  }));
  const cols = ['bench', 'ratio', 'result', 'time', 'target', 'details'] as const;
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...table.map((t) => t[c].length))])) as Record<(typeof cols)[number], number>;
  const line = (t: Record<(typeof cols)[number], string>) => cols.map((c) => t[c].padEnd(width[c])).join('  ').trimEnd();
  console.log('\n=== summary ' + '='.repeat(60));
  console.log(line(Object.fromEntries(cols.map((c) => [c, c])) as Record<(typeof cols)[number], string>));
  console.log(cols.map((c) => '-'.repeat(width[c])).join('  '));
  for (const t of table) console.log(line(t));
  const crashed = rows.filter((r) => !r.json);
  const failed = rows.filter((r) => r.json && !r.json.pass);
  console.log(`\n${rows.length - crashed.length - failed.length} passed, ${failed.length} missed their target, ${crashed.length} crashed`);
  for (const r of crashed) console.log(`--- ${r.bench} stderr (last lines):\n${r.tail}`);
  if (crashed.length || (strict && failed.length)) process.exitCode = 1;
}

await main();
