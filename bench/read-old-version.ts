/**
 * Bench: is reading an old version as fast as reading the head?
 *
 *   node --import tsx bench/read-old-version.ts [items]      (default 100000)
 *
 * A text dataset of N items (real import path, committed; if the change rounds on 100k items would
 * take more than ~75 s on this machine, it falls back to 20k items and says so), then COMMITS commits on main, each
 * changing ~100 items: 80 updates and 10 additions (imported as a JSONL file through
 * app.imports.runNow) and 10 removals (app.items.remove). Then a 100-item page (app.items.list,
 * first = 100) is read at PAGES cursors spread across the key space, at the version 50 commits back
 * and at the head (branch main), interleaved. The head is the floor:
 * ratio = median(old) ÷ median(head) (target ≤ 1.5).
 *
 * For information: the same read on a branch of a branch (main@-30 → feature, 5 commits →
 * feature2, 5 commits + 100 uncommitted changes), against the head of main.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DatasetRow } from '../src/db/schema/index.js';
import { keyCursor, toGlobalId } from '../src/ids.js';
import {
  ACTOR,
  createDataset,
  emit,
  keyOf,
  machineLine,
  median,
  nowMs,
  openApp,
  quantile,
  readSeedPairs,
  round,
  runImport,
  tempDir,
  writeKeyedTextJsonl,
  type BenchApp,
  rng,
} from './lib.js';

const REQUESTED_N = Number(process.argv[2] ?? 100_000);
/** Items of the smaller dataset used when the big one would take too long to build. */
const FALLBACK_N = 20_000;
/** Build budget for the change rounds; past it (projected after 3 rounds) we fall back to FALLBACK_N. */
const ROUNDS_BUDGET_MS = 75_000;
let N = REQUESTED_N;
const COMMITS = 55;
const BACK = 50;
const PAGES = 10;
const REPEATS = 15;
const RATIO_TARGET = 1.5;

interface State {
  b: BenchApp;
  ds: DatasetRow;
  live: Set<string>;
  rand: () => number;
  seq: number;
}

function pickLive(s: State, count: number, exclude: Set<string>): string[] {
  const out: string[] = [];
  let guard = 0;
  while (out.length < count && guard++ < count * 100) {
    const k = keyOf(Math.floor(s.rand() * N));
    if (s.live.has(k) && !exclude.has(k) && !out.includes(k)) out.push(k);
  }
  return out;
}

/** ~100 changes on a branch (80 updates + 10 adds imported, 10 removes); commits unless told not to. */
async function changeRound(s: State, branch: string, commit: boolean): Promise<number | null> {
  const r = ++s.seq;
  const updates = pickLive(s, 80, new Set());
  const removes = pickLive(s, 10, new Set(updates));
  // additions fall inside the key space: k0012345~a17 sorts right after k0012345
  const adds = Array.from({ length: 10 }, (_, i) => `${keyOf(Math.floor(s.rand() * N))}~a${r}.${i}`);
  const rows = [
    ...updates.map((key) => ({ key, prompt: `updated prompt for ${key}`, response: `round ${r} on ${branch}` })),
    ...adds.map((key) => ({ key, prompt: `added prompt ${key}`, response: `added in round ${r} on ${branch}` })),
  ];
  const rel = `round-${r}.jsonl`;
  fs.writeFileSync(path.join(s.b.importRoot, rel), rows.map((x) => JSON.stringify(x)).join('\n') + '\n');
  await runImport(s.b.app, s.ds, rel, 'JSONL', null, branch);
  fs.rmSync(path.join(s.b.importRoot, rel));
  s.b.app.items.remove(ACTOR, s.ds, branch, removes);
  if (branch === 'main') {
    for (const k of removes) s.live.delete(k);
    for (const k of adds) s.live.add(k);
  }
  if (!commit) return null;
  return s.b.app.versions.commit(ACTOR, s.ds, branch, `round ${r}: 80 updates, 10 adds, 10 removes`).id;
}

/** Builds the dataset and its history; null when `mayGiveUp` and the rounds would blow the budget. */
async function build(dir: string, n: number, mayGiveUp: boolean): Promise<{ s: State; versions: number[] } | null> {
  const b = openApp(dir, `data-${n}`);
  const t0 = nowMs();
  writeKeyedTextJsonl(path.join(b.importRoot, 'base.jsonl'), n, readSeedPairs());
  const ds = createDataset(b.app, 'TEXT_PAIR', 'read-old');
  await runImport(b.app, ds, 'base.jsonl', 'JSONL', `import ${n} items`);
  fs.rmSync(path.join(b.importRoot, 'base.jsonl'));
  const tBase = nowMs();
  const s: State = { b, ds, live: new Set(Array.from({ length: n }, (_, i) => keyOf(i))), rand: rng(42), seq: 0 };
  const versions: number[] = [];
  const rounds = COMMITS + 11;
  for (let c = 0; c < COMMITS; c++) {
    versions.push((await changeRound(s, 'main', true))!);
    if (mayGiveUp && c === 2 && ((nowMs() - tBase) / 3) * rounds > ROUNDS_BUDGET_MS) {
      console.log(`  (${n} items: ${((nowMs() - tBase) / 3).toFixed(0)} ms per change round × ${rounds} rounds > ${ROUNDS_BUDGET_MS / 1000} s)`);
      b.close();
      fs.rmSync(b.dataDir, { recursive: true, force: true });
      return null;
    }
    if (c === COMMITS - 31) {
      // branch of a branch, from main 30 commits before the end
      b.app.versions.createBranch(ACTOR, ds, 'feature', 'main');
    }
  }
  for (let c = 0; c < 5; c++) await changeRound(s, 'feature', true);
  b.app.versions.createBranch(ACTOR, ds, 'feature2', 'feature');
  for (let c = 0; c < 5; c++) await changeRound(s, 'feature2', true);
  await changeRound(s, 'feature2', false); // uncommitted changes on top
  console.log(`built ${n} items: base import ${((tBase - t0) / 1000).toFixed(1)} s, ${rounds} change rounds ${((nowMs() - tBase) / 1000).toFixed(1)} s`);
  return { s, versions };
}

function timeRead(s: State, ref: string, after: string | null): number {
  const t0 = nowMs();
  const page = s.b.app.items.list(ACTOR, s.ds, ref, 100, after);
  const ms = nowMs() - t0;
  if (page.nodes.length !== 100) throw new Error(`page at ${ref} after ${after} has ${page.nodes.length} items`);
  return ms;
}

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('read-old');
  let b: BenchApp | null = null;
  try {
    console.log(`read-old-version: 100-item pages at head vs ${BACK} commits back, ${N} items wanted, ${COMMITS} commits of ~100 changes`);
    console.log(machineLine());
    let built: Awaited<ReturnType<typeof build>> = null;
    for (const n of N === FALLBACK_N ? [N] : [N, FALLBACK_N]) {
      N = n;
      built = await build(dir, n, n !== FALLBACK_N);
      if (built) break;
      console.log(`building ${n} items would take too long here: falling back to ${FALLBACK_N} items`);
    }
    if (!built) throw new Error('could not build the dataset');
    b = built.s.b;
    const { s, versions } = built;
    const oldRef = toGlobalId('Version', versions[versions.length - 1 - BACK]);
    const cursors: Array<string | null> = [null, ...Array.from({ length: PAGES - 1 }, (_, i) => keyCursor(keyOf(Math.floor(((i + 1) * N) / PAGES) - 37)))];
    const refs = { head: 'main', old: oldRef, branch2: 'feature2' } as const;
    const times: Record<keyof typeof refs, number[]> = { head: [], old: [], branch2: [] };
    // warm-up: one pass over everything
    for (const c of cursors) for (const r of Object.values(refs)) timeRead(s, r, c);
    for (let rep = 0; rep < REPEATS; rep++) {
      const names = (rep % 2 ? ['old', 'head', 'branch2'] : ['head', 'old', 'branch2']) as Array<keyof typeof refs>;
      for (const c of cursors) for (const n of names) times[n].push(timeRead(s, refs[n], c));
    }

    const mh = median(times.head);
    const mo = median(times.old);
    const mb = median(times.branch2);
    const ratio = mo / mh;
    const line = (name: string, xs: number[]) =>
      `${name.padEnd(44)} median ${median(xs).toFixed(3)} ms  p10 ${quantile(xs, 0.1).toFixed(3)}  p90 ${quantile(xs, 0.9).toFixed(3)}  (${xs.length} reads)`;
    console.log('');
    console.log(line('head (branch main)', times.head));
    console.log(line(`version ${BACK} commits back`, times.old));
    console.log(line('feature2 (branch of a branch, + staged)', times.branch2));
    const pass = ratio <= RATIO_TARGET;
    if (N !== REQUESTED_N) console.log(`NOTE: measured on ${N} items, not ${REQUESTED_N} (the ${REQUESTED_N}-item history took too long to build here)`);
    console.log(`ratio old/head: ${ratio.toFixed(3)} (target ≤ ${RATIO_TARGET}) ${pass ? 'PASS' : 'FAIL'}`);
    console.log(`for information: branch-of-a-branch/head ${(mb / mh).toFixed(3)}`);
    emit({
      bench: 'read-old-version',
      ratio: round(ratio, 4),
      target: `ratio <= ${RATIO_TARGET}`,
      pass,
      items: N,
      requestedItems: REQUESTED_N,
      fellBack: N !== REQUESTED_N,
      commits: COMMITS,
      headMs: round(mh),
      oldMs: round(mo),
      branchOfBranchMs: round(mb),
      branchOfBranchRatio: round(mb / mh, 4),
      reads: times.head.length,
    });
  } finally {
    b?.close();
    cleanup();
  }
}

await main();
