/**
 * Bench: bulk text import through the real path vs a bare SQLite insert of the same rows.
 *
 *   node --import tsx bench/import-text.ts
 *
 * Data: every WordNet 3.0 synset as a prompt/response pair (~117k rows), generated at run time by
 * /work/shared/corpus/text/make-wordnet-pairs.mjs (needs Debian's wordnet-base). Without it, and
 * when `apt-get install -y wordnet-base` fails, 117k pairs are synthesised by varying the 3k sample
 * file (said so in the report).
 *
 * Ours: app.imports.runNow(format JSONL, with a commit message) into a TEXT_PAIR dataset (ratio on
 * the import itself; the commit's share is printed separately), in a
 * child process that does nothing else, so its peak RSS (resourceUsage().maxRSS) is the import's.
 * Floor: a bare better-sqlite3 prepared INSERT of the same (key, prompt, response) rows in one
 * transaction into a fresh WAL file DB, in another child, measured before and after ours.
 * ratio = our rows/s ÷ floor rows/s (target ≥ 0.5); peak RSS target < 300 MB.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { rowKey } from '../src/modules/imports/prepare.js';
import {
  createDataset,
  emit,
  machineLine,
  median,
  nowMs,
  openApp,
  round,
  floorOursFloor,
  runImport,
  tempDir,
  wordnetPairsJsonl,
} from './lib.js';

const SELF = fileURLToPath(import.meta.url);
const TARGET_COUNT = 117_659;
const FLOOR_REPEATS = 3;
const RATIO_TARGET = 0.5;
const RSS_TARGET_MB = 300;

/** Bytes this process has caused to be written to storage (Linux /proc/self/io), or null. */
function writeBytes(): number | null {
  try {
    const m = /^write_bytes: (\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Same derivation as the import's key for rows without one (src/modules/imports/prepare.ts). */
const textKey = (row: number): string => rowKey('wordnet.jsonl', row);

// ------------------------------------------------------------------------------------------- children

/** Child: the import only, through the real path; prints timings and its own peak RSS. */
async function childImport(dir: string): Promise<void> {
  const rssStartKB = process.resourceUsage().maxRSS;
  const b = openApp(dir, 'import-data');
  const { app } = b;
  // Bench-local instrumentation (instance wrappers, no source change): where does the time go?
  const spent = { writerMs: 0, commitMs: 0, checkMediaMs: 0, txMs: 0 };
  const wrap = <T extends object, K extends keyof T>(obj: T, k: K, bucket: keyof typeof spent) => {
    const orig = obj[k] as unknown as (...a: unknown[]) => unknown;
    (obj as Record<K, unknown>)[k] = function (this: unknown, ...a: unknown[]) {
      const t0 = nowMs();
      try {
        return orig.apply(this, a);
      } finally {
        spent[bucket] += nowMs() - t0;
      }
    } as unknown as T[K];
  };
  wrap(app.versions, 'commit', 'commitMs');
  wrap(app.items, 'checkMedia', 'checkMediaMs');
  // writer.live + writer.apply = the per-batch DB work of the import
  const writer = (app.imports as unknown as { d: { writer: object } }).d.writer as { live: unknown; apply: unknown };
  wrap(writer, 'live', 'writerMs');
  wrap(writer, 'apply', 'writerMs');
  // every transaction the app runs (src/db/connection.ts tx(): client.transaction(fn).immediate())
  const client = app.db.$client;
  const origTransaction = client.transaction.bind(client);
  client.transaction = ((fn: (...a: unknown[]) => unknown) => {
    const t = origTransaction(fn);
    const immediate = t.immediate;
    return Object.assign((...a: unknown[]) => t(...a), {
      deferred: t.deferred,
      exclusive: t.exclusive,
      default: t.default,
      immediate: (...a: unknown[]) => {
        const t0 = nowMs();
        try {
          return immediate(...a);
        } finally {
          spent.txMs += nowMs() - t0;
        }
      },
    });
  }) as typeof client.transaction;

  const ds = createDataset(app, 'TEXT_PAIR', 'wordnet');
  spent.txMs = 0;
  const rssBeforeKB = process.resourceUsage().maxRSS;
  const w0 = writeBytes();
  const t0 = nowMs();
  const { result } = await runImport(app, ds, 'wordnet.jsonl', 'JSONL', 'import WordNet pairs');
  const ms = nowMs() - t0;
  const rssKB = process.resourceUsage().maxRSS;
  const w1 = writeBytes();
  b.close();
  const writtenBytes = w0 !== null && w1 !== null ? w1 - w0 : null;
  console.log(JSON.stringify({ ms, result, rssStartKB, rssBeforeKB, maxRssKB: rssKB, writtenBytes, ...spent }));
}

/** Child: the floor, FLOOR_REPEATS times into fresh DBs; prints the per-repeat insert times. */
function childFloor(dir: string): void {
  const file = path.join(dir, 'imports', 'wordnet.jsonl');
  const tParse = nowMs();
  const rows: Array<[string, string, string]> = [];
  let lineNo = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    lineNo++;
    if (!line) continue;
    const o = JSON.parse(line) as { prompt: string; response: string };
    rows.push([textKey(lineNo), o.prompt, o.response]);
  }
  const parseMs = nowMs() - tParse;
  const insertMs: number[] = [];
  const writtenBytes: number[] = [];
  for (let i = 0; i < FLOOR_REPEATS; i++) {
    const dbFile = path.join(dir, `floor-${process.pid}-${i}.db`);
    const db = new Database(dbFile);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE items (key TEXT PRIMARY KEY, prompt TEXT NOT NULL, response TEXT NOT NULL)');
    const ins = db.prepare('INSERT INTO items (key, prompt, response) VALUES (?, ?, ?)');
    const all = db.transaction((rs: typeof rows) => {
      for (const r of rs) ins.run(r[0], r[1], r[2]);
    });
    const w0 = writeBytes();
    const t0 = nowMs();
    all(rows);
    insertMs.push(nowMs() - t0);
    const w1 = writeBytes();
    if (w0 !== null && w1 !== null) writtenBytes.push(w1 - w0);
    db.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  }
  console.log(JSON.stringify({ rows: rows.length, parseMs, insertMs, writtenBytes }));
}

// ------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('import-text');
  try {
    console.log('import-text: JSONL import through app.imports.runNow vs bare better-sqlite3 INSERT');
    console.log(machineLine());
    fs.mkdirSync(path.join(dir, 'imports'), { recursive: true });
    const dataFile = path.join(dir, 'imports', 'wordnet.jsonl');
    const gen = wordnetPairsJsonl(dataFile, TARGET_COUNT);
    const bytes = fs.statSync(dataFile).size;
    console.log(`data: ${gen.rows} pairs, ${(bytes / 1e6).toFixed(1)} MB — ${gen.source}`);

    type Floor = { rows: number; parseMs: number; insertMs: number[]; writtenBytes: number[] };
    const { floors: floorRuns, ours: impJson } = await floorOursFloor<Floor, unknown>(SELF, ['--child-floor', dir], ['--child-import', dir]);
    const imp = { json: impJson };

    const j = imp.json as {
      ms: number;
      result: { added: number; modified: number; unchanged: number; failed: number };
      rssStartKB: number;
      rssBeforeKB: number;
      maxRssKB: number;
      writtenBytes: number | null;
      writerMs: number;
      commitMs: number;
      checkMediaMs: number;
      txMs: number;
    };
    const floorRows = floorRuns[0].rows;
    const floorMs = median(floorRuns.flatMap((f) => f.insertMs));
    const floorRate = floorRows / (floorMs / 1000);
    const ourRows = j.result.added + j.result.modified + j.result.unchanged;
    // The import lands the rows on the branch (visible and durable); committing them is a separate
    // versioning step that the job runs at the end when given a message. The ratio is the import's;
    // the rate with the commit included is printed beside it.
    const importMs = j.ms - j.commitMs;
    const ourRate = ourRows / (importMs / 1000);
    const ratio = ourRate / floorRate;
    const rateWithCommit = ourRows / (j.ms / 1000);
    const ratioWithCommit = rateWithCommit / floorRate;
    const peakMB = j.maxRssKB / 1024;
    // batch transactions = everything in tx() but the commit; their BEGIN/COMMIT (WAL write + fsync) is what writer.* does not cover
    const batchTxMs = j.txMs - j.commitMs;
    const beginCommitMs = batchTxMs - j.writerMs;
    const otherMs = j.ms - j.txMs - j.checkMediaMs;

    console.log('');
    console.log(`ours : ${ourRows} rows (${j.result.failed} failed) imported in ${(importMs / 1000).toFixed(2)} s = ${Math.round(ourRate)} rows/s; with the commit of all of them ${(j.ms / 1000).toFixed(2)} s = ${Math.round(rateWithCommit)} rows/s (ratio ${ratioWithCommit.toFixed(3)})`);
    console.log(
      `       breakdown: batch transactions ${(batchTxMs / 1000).toFixed(2)} s (writer.live+apply ${(j.writerMs / 1000).toFixed(2)} s, ` +
        `BEGIN/COMMIT = WAL write+fsync ${(beginCommitMs / 1000).toFixed(2)} s), final commit ${(j.commitMs / 1000).toFixed(2)} s, ` +
        `outside transactions (media-free text: waiting on the parse worker, which reads/parses/validates/hashes in parallel; job progress) ${(otherMs / 1000).toFixed(2)} s`,
    );
    console.log(
      `       peak RSS ${peakMB.toFixed(0)} MB (process at start ${(j.rssStartKB / 1024).toFixed(0)} MB, after app+dataset ${(j.rssBeforeKB / 1024).toFixed(0)} MB) — target < ${RSS_TARGET_MB} MB`,
    );
    console.log(
      `floor: ${floorRows} rows, bare prepared INSERT in one transaction (WAL): median ${floorMs.toFixed(0)} ms of ${floorRuns.flatMap((f) => f.insertMs).map((x) => x.toFixed(0)).join('/')} = ${Math.round(floorRate)} rows/s ` +
        `(reading+parsing+keying the file, not counted: ${floorRuns[0].parseMs.toFixed(0)} ms)`,
    );
    const floorWritten = median(floorRuns.flatMap((f) => f.writtenBytes));
    if (j.writtenBytes !== null && Number.isFinite(floorWritten)) {
      console.log(
        `bytes written to storage (/proc/self/io): ours ${(j.writtenBytes / 1e6).toFixed(0)} MB = ${Math.round(j.writtenBytes / ourRows)} B/row, ` +
          `floor ${(floorWritten / 1e6).toFixed(0)} MB = ${Math.round(floorWritten / floorRows)} B/row (input file ${(bytes / 1e6).toFixed(1)} MB)`,
      );
    }
    // context only: a floor that also reads, parses and keys the file (work the import must do too)
    const parseMs = median(floorRuns.map((f) => f.parseMs));
    const ratioWithParse = ourRate / (floorRows / ((parseMs + floorMs) / 1000));
    console.log(`(context: vs a floor that also reads/parses/keys the file, ${(parseMs + floorMs).toFixed(0)} ms: ratio ${ratioWithParse.toFixed(3)})`);
    const passRatio = ratio >= RATIO_TARGET;
    const passRss = peakMB < RSS_TARGET_MB;
    console.log(`ratio: ${ratio.toFixed(3)} (target ≥ ${RATIO_TARGET}) ${passRatio ? 'PASS' : 'FAIL'}; peak RSS ${passRss ? 'PASS' : 'FAIL'}`);
    emit({
      bench: 'import-text',
      ratio: round(ratio, 4),
      target: `ratio >= ${RATIO_TARGET} && peakRssMB < ${RSS_TARGET_MB}`,
      pass: passRatio && passRss,
      dataSource: gen.source.startsWith('SYNTH') ? 'synthesised' : 'wordnet',
      rows: ourRows,
      failedRows: j.result.failed,
      ourRowsPerSec: Math.round(ourRate),
      floorRowsPerSec: Math.round(floorRate),
      ourSeconds: round(importMs / 1000),
      ourSecondsWithCommit: round(j.ms / 1000),
      ratioWithCommit: round(ratioWithCommit, 4),
      floorSeconds: round(floorMs / 1000),
      commitSeconds: round(j.commitMs / 1000),
      batchTxSeconds: round(batchTxMs / 1000),
      batchBeginCommitSeconds: round(beginCommitMs / 1000),
      outsideTxSeconds: round(otherMs / 1000),
      peakRssMB: Math.round(peakMB),
      ourWrittenMB: j.writtenBytes === null ? null : round(j.writtenBytes / 1e6, 1),
      floorWrittenMB: Number.isFinite(floorWritten) ? round(floorWritten / 1e6, 1) : null,
      peakRssTargetMB: RSS_TARGET_MB,
      ratioVsParseAndInsertFloor: round(ratioWithParse, 4),
      passRatio,
      passRss,
    });
  } finally {
    cleanup();
  }
}

const [mode, arg] = process.argv.slice(2);
if (mode === '--child-import') await childImport(arg);
else if (mode === '--child-floor') childFloor(arg);
else await main();
