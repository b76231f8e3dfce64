/**
 * Worker thread of audits and duplicate analyses of big refs: reads the ref over its own
 * read-only connection to the database file, inside one read transaction (a consistent snapshot;
 * WAL readers never block the writer), and runs the aggregation and the duplicate search here, so
 * that the server's thread only posts the job and receives a small, packed result. The analyses
 * made here are kept (a few ref states), so that an audit of a state analysed before needs no
 * second search and nothing big is ever sent to this thread.
 */
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Db } from '../../db/connection.js';
import { RevisionReads } from '../versions/index.js';
import type { AuditModel } from './audit.js';
import type { DuplicateAnalysis } from './duplicates.js';
import { packDuplicates, packedTransferList, type PackedDuplicates } from './duplicates-pack.js';
import { scanRef, type RefScanJob } from './ref-scan.js';
import { QualityRepository } from './repository.js';
import { Lru } from '../../lib/lru.js';

export interface RefScanRequest {
  id: number;
  /** The database file (the server's connection's file). */
  file: string;
  job: RefScanJob;
  /** Names the ref state and its scores: analyses are kept under it. */
  stateKey: string;
  /** Send the duplicate analysis back (the server has none of this state). */
  wantDuplicates: boolean;
}

export interface RefScanReplyResult {
  audit: AuditModel | null;
  duplicates: PackedDuplicates | null;
  /** See RefScanResult.analysisMs (of the pass that made the analysis). */
  analysisMs: number;
}

export type RefScanReply = { id: number; result: RefScanReplyResult } | { id: number; error: string };

/**
 * Rows per page. Small pages keep the young generation small (with RefScanner's cap on it): the
 * rows of a page are garbage as soon as they are aggregated (5,000-row pages: ~30 MB more RSS at 117k).
 */
const WORKER_PAGE = 1000;
/** Analyses kept here (the latest few: an audit usually follows its analysis closely). */
const KEPT = 4;

const connections = new Map<string, { client: Database.Database; repo: QualityRepository }>();
const kept = new Lru<string, { analysis: DuplicateAnalysis; ms: number }>(KEPT);

function open(file: string) {
  let c = connections.get(file);
  if (!c) {
    const client = new Database(file, { readonly: true, fileMustExist: true });
    client.pragma('busy_timeout = 10000');
    // A scan reads each page once: a small cache does as well, and the worker's memory stays flat.
    client.pragma('cache_size = -2048');
    // The repositories only prepare statements on the raw connection.
    const db = { $client: client } as unknown as Db;
    c = { client, repo: new QualityRepository(db, new RevisionReads(db)) };
    connections.set(file, c);
  }
  return c;
}

async function run(req: RefScanRequest): Promise<RefScanReplyResult> {
  const { client, repo } = open(req.file);
  const key = `${req.file}|${req.stateKey}`;
  const known = kept.get(key);
  if (known && !req.job.audit) return { audit: null, duplicates: req.wantDuplicates ? packDuplicates(known.analysis) : null, analysisMs: known.ms };
  client.exec('BEGIN');
  try {
    const r = await scanRef(repo, req.job, { pageSize: WORKER_PAGE, known: known?.analysis });
    const ms = known ? known.ms : r.analysisMs;
    kept.set(key, { analysis: r.duplicates, ms });
    return { audit: r.audit, duplicates: req.wantDuplicates ? packDuplicates(r.duplicates) : null, analysisMs: ms };
  } finally {
    client.exec('COMMIT');
  }
}

const port = parentPort!;
// One job at a time, in order.
let queue = Promise.resolve();
port.on('message', (req: RefScanRequest) => {
  queue = queue.then(async () => {
    try {
      const result = await run(req);
      port.postMessage({ id: req.id, result } satisfies RefScanReply, result.duplicates ? packedTransferList(result.duplicates) : []);
    } catch (e) {
      port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies RefScanReply);
    }
  });
});
