/**
 * Issue 7: an audit (and the duplicate analysis it shares a pass with) of a big text ref must not
 * hold the server's event loop: its synchronous steps (page reads, duplicate search, aggregation)
 * used to hold it for 0.5–1.7 s at 117k pairs, stalling every other request. A WordNet-style text
 * dataset is built from the 3k real pairs of the corpus (each pair's prompt answered by other
 * glosses on later rounds, so pairs stay distinct and the real near duplicates stay), imported and
 * scored through the real path; then an audit runs while the event-loop delay is sampled.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import type { App } from '../../src/app.js';
import { expectId, toGlobalId } from '../../src/ids.js';
import { buildAudit } from '../../src/modules/quality/audit.js';
import { findDuplicates } from '../../src/modules/quality/duplicates.js';
import type { QualityDeps } from '../../src/modules/quality/service.js';
import { buildActor, buildDataset, buildTestApp } from '../helpers/factories.js';
import { CORPUS } from '../helpers/server.js';
import { importItemsNow } from '../../src/modules/imports/commands/import-items.js';
import { listItems } from '../../src/modules/items/commands/list-items.js';

/** Pairs in the dataset: today's code stalled ≈ 0.4–0.6 s here on a 2-core box; the search alone grows faster than linearly. */
const PAIRS = 50_000;
/** A structural bound (the target is 100 ms; timer jitter of a loaded CI box stays well below this). */
const MAX_DELAY_MS = 250;
/**
 * Tries of a measurement (caches emptied before each): a box shared with other CPU-heavy processes
 * can starve a process for a moment, which the monitor cannot tell from a blocked loop; a pass that
 * blocks it does so every time.
 */
const TRIES = 3;

const admin = buildActor();
const viewer = buildActor({ name: 'viewer', role: 'viewer' });

async function waitForJob(app: App, gid: string) {
  for (;;) {
    const j = app.jobs.byId(expectId('Job', gid))!;
    if (j.state !== 'QUEUED' && j.state !== 'RUNNING') return j;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function writePairs(file: string, n: number): void {
  const seed = fs
    .readFileSync(path.join(CORPUS, 'text', 'wordnet-pairs-3k.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { prompt: string; response: string });
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = seed[i % seed.length];
    const round = Math.floor(i / seed.length);
    const response = round === 0 ? s.response : seed[(i + 7919 * round) % seed.length].response;
    lines.push(JSON.stringify({ key: `k${String(i).padStart(7, '0')}`, prompt: s.prompt, response }));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** Runs fn while sampling the event-loop delay (10 ms resolution); returns its result and the worst delay (ms). */
async function withDelayMonitor<T>(fn: () => Promise<T>): Promise<{ value: T; maxDelayMs: number; ms: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const t0 = performance.now();
  try {
    const value = await fn();
    return { value, maxDelayMs: h.max / 1e6, ms: performance.now() - t0 };
  } finally {
    h.disable();
  }
}

describe('an audit of a big text ref', () => {
  test('never holds the event loop long, and gives the same audit as one synchronous pass', { timeout: 120_000 }, async (tc) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-audit-loop-'));
    writePairs(path.join(root, 'pairs.jsonl'), PAIRS);
    const t = buildTestApp({ importRoot: root });
    try {
      const d = buildDataset(t.app, { targetTask: 'llama-2-7b' });
      const job = await importItemsNow({ app: t.app, actor: admin }, { dataset: toGlobalId('Dataset', d.id), path: 'pairs.jsonl', format: 'JSONL', commitMessage: 'pairs' });
      assert.equal(job.state, 'SUCCEEDED', job.error ?? '');
      const scoring = await waitForJob(t.app, (JSON.parse(job.result!) as { scoreJob: string }).scoreJob);
      assert.equal(scoring.state, 'SUCCEEDED');
      await new Promise((r) => setTimeout(r, 100));

      /** Nothing cached: the next audit or analysis is a cold pass. */
      const forget = () => {
        t.app.quality.refs.invalidate(d.id);
        t.app.quality.audits.invalidate(d.id);
      };
      /** The measurement with the least worst delay of up to TRIES (nothing cached before each). */
      const leastDelay = async <T>(what: string, fn: () => Promise<T>) => {
        let best: Awaited<ReturnType<typeof withDelayMonitor<T>>> | undefined;
        for (let i = 0; i < TRIES && !(best && best.maxDelayMs < MAX_DELAY_MS); i++) {
          forget();
          const m = await withDelayMonitor(fn);
          tc.diagnostic(`${what}: ${Math.round(m.ms)} ms, worst event-loop delay ${Math.round(m.maxDelayMs)} ms`);
          if (!best || m.maxDelayMs < best.maxDelayMs) best = m;
        }
        return best!;
      };

      // An audit of main with nothing cached (the duplicate search runs in the same pass).
      const { value: audit, maxDelayMs, ms } = await leastDelay(`audit of ${PAIRS} pairs`, () => t.app.quality.audit(viewer, d, 'main'));
      assert.equal(audit.itemCount, PAIRS);
      assert.equal(audit.scoredCount, PAIRS);
      assert.ok(maxDelayMs < MAX_DELAY_MS, `the audit (${Math.round(ms)} ms) held the event loop for ${Math.round(maxDelayMs)} ms`);

      // The same figures as one synchronous pass over the same rows (the pre-issue-7 path).
      const deps = (t.app.quality as unknown as { d: QualityDeps }).d;
      const read = t.app.quality.readContext(d, t.app.versions.resolveRef(d, 'main'));
      const policy = t.app.quality.policy(d.id, read.policyVersion);
      const rows = [];
      for (let after = ''; ; ) {
        const page = deps.repo.scanRefPage(read.resolved.layers, read.policyVersion, after, 5000);
        rows.push(...page);
        if (page.length < 5000) break;
        after = page[page.length - 1].key;
      }
      const inputs = rows.filter((r) => r.scored).map((r) => ({ key: r.key, score: r.score, exactKey: r.exact_key, nearSig: r.near_sig, captionKey: r.caption_key }));
      const duplicates = findDuplicates('TEXT_PAIR', inputs, { radius: policy.image.nearDuplicateRadius, jaccard: policy.text.nearDuplicateJaccard });
      const expected = buildAudit({ ref: 'main', modality: 'TEXT_PAIR', policy, policyVersion: read.policyVersion, task: policy.targetTask, rows, duplicates, catalogue: t.app.quality.catalogue });
      assert.deepEqual(audit, expected);
      assert.ok(audit.duplicateClusterCount > 0, 'the real near duplicates of the sample are found');

      // The diff against the import's version: two audits of the same items.
      const version = t.app.versions.historyPage(admin, d, 'main', 1, null).nodes[0];
      const diff = await leastDelay('auditDiff', () => t.app.quality.auditDiff(viewer, d, toGlobalId('Version', version.id), 'main'));
      assert.ok(diff.maxDelayMs < MAX_DELAY_MS, `auditDiff held the event loop for ${Math.round(diff.maxDelayMs)} ms`);
      assert.deepEqual({ ...diff.value.from, ref: 'main' }, expected);
      assert.equal(diff.value.itemCountDelta, 0);
      assert.equal(diff.value.duplicateClusterDelta, 0);

      // A listing filtered on a duplicate flag waits for a fresh analysis, off the event loop too.
      const nearKeys = [...duplicates.flags].filter(([, f]) => (f as Set<string>).has('NEAR_DUPLICATE')).map(([k]) => k).sort();
      const listed = await leastDelay('items(filter: NEAR_DUPLICATE)', () =>
        listItems({ app: t.app, actor: viewer }, d, { ref: 'main', first: 100, filter: { flags: ['NEAR_DUPLICATE'] } }),
      );
      assert.ok(listed.maxDelayMs < MAX_DELAY_MS, `the filtered listing held the event loop for ${Math.round(listed.maxDelayMs)} ms`);
      assert.deepEqual(listed.value.nodes.map((n) => n.key), nearKeys.slice(0, 100));

      // Clusters come from the analysis the audit made; a pass on the main thread (no worker) agrees.
      const clusters = await t.app.quality.clustersPage(viewer, d, 'main', 100, null);
      assert.equal(clusters.totalCount(), duplicates.clusters.length);
      assert.deepEqual(clusters.nodes.map((c) => c.keys), duplicates.clusters.slice(0, 100).map((c) => c.keys));
      forget();
      deps.scanWorkerMin = Number.POSITIVE_INFINITY;
      assert.deepEqual(await t.app.quality.audit(viewer, d, 'main'), expected);
    } finally {
      t.cleanup();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
