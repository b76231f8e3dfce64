import pLimit from 'p-limit';
import { tx, withDeferredSync } from '../../db/connection.js';
import type { DatasetRow, JobRow, MediaAnalysisRow, MediaRow } from '../../db/schema/index.js';
import { nowIso } from '../../ids.js';
import { yieldToLoop } from '../../lib/yield.js';
import type { TextAnalysis } from '../../media/quality/text.js';
import type { Metrics } from '../../media/quality/types.js';
import type { Actor } from '../auth/index.js';
import type { JobContext } from '../jobs/index.js';
import { MediaMeasurer, MEDIA_WORKERS } from './media-measurer.js';
import type { QualityPolicies } from './policies.js';
import type { PendingRevision } from './repository.js';
import { analyzerVersionFor, ANALYZER_VERSIONS, measureItem, measureMedia, prepareMeasuring, scoreItem, type MediaMeasurement } from './scorer.js';
import type { QualityDeps } from './model.js';
import { TextMeasurer } from './text-measurer.js';

/** Revisions measured per transaction (≈ 50 ms of text analysis: requests get in between). */
const TEXT_CHUNK = 250;
/** Revisions re-scored per transaction (no analysis, only thresholds). */
const RESCORE_CHUNK = 1000;
/** A scoring job with at least this many text pairs measures them in a worker thread (~1 s to start). */
const TEXT_WORKER_MIN = 2000;
/** Text-measuring worker threads (the job's own thread writes meanwhile). */
const TEXT_WORKERS = 2;
const MEDIA_CHUNK = 64;
/** Blobs measured at once (sharp's pool is one thread here: keep several in flight; audio queues for the media workers). */
export const MEDIA_CONCURRENCY = 4;
/** Inline scoring of a mutation measures at most this many new blobs ... */
const INLINE_MEDIA_LIMIT = 16;
/** ... of at most this many bytes in all (≈ 1 s of audio analysis); more go to a scoring job. */
export const INLINE_MEDIA_BYTES = 32 * 1024 * 1024;

/**
 * Measuring and scoring: a mutation's own revisions (inline within a budget), the scoring job
 * (every unmeasured revision of a dataset, text measured in worker threads ahead of the writes,
 * audio in the media workers) and the re-score job of a new policy. `changed` is told whenever
 * stored scores of a dataset changed (its ref analyses and audits are stale then).
 */
export class Scoring {
  /** Scoring jobs queued and not started yet, per dataset. */
  private readonly scheduled = new Map<number, JobRow>();
  private readonly textMeasurer: TextMeasurer;
  /** Audio is measured in these worker threads, never on the event loop (see measureMedia). */
  private readonly mediaMeasurer: MediaMeasurer;

  constructor(
    private readonly d: QualityDeps,
    private readonly policies: QualityPolicies,
    private readonly changed: (datasetId: number) => void,
  ) {
    this.textMeasurer = new TextMeasurer(TEXT_WORKERS, d.config.workerIdleMs);
    this.mediaMeasurer = new MediaMeasurer(MEDIA_WORKERS, undefined, d.config.workerIdleMs);
  }

  /**
   * Measures and scores the given revisions now (a mutation's own items). Blobs not measured yet
   * are measured here (off the event loop, but the mutation waits) while within the inline budget,
   * at most INLINE_MEDIA_LIMIT blobs of INLINE_MEDIA_BYTES in all; beyond it a scoring job takes
   * them (returned) and their quality stays null until it has run.
   */
  async scoreRevisions(dataset: DatasetRow, revisionIds: readonly number[]): Promise<JobRow | null> {
    const pending = this.d.repo.revisionsForScoring(revisionIds);
    if (pending.length === 0) return null;
    const shas = [...new Set(pending.map((r) => r.media_sha256).filter((s): s is string => s !== null))];
    const known = new Set(this.d.repo.mediaAnalyses(shas, analyzerVersionFor(dataset.modality) ?? 0).map((a) => a.sha256));
    const missing = shas.filter((s) => !known.has(s));
    if (missing.length > INLINE_MEDIA_LIMIT) return this.schedule(dataset.id);
    const bytes = this.mediaRows(missing).reduce((n, m) => n + m.byteSize, 0);
    if (bytes > INLINE_MEDIA_BYTES) return this.schedule(dataset.id);
    await this.scoreChunk(dataset, pending);
    return null;
  }

  /** Queues a scoring job for the dataset, or returns the one already queued. */
  schedule(datasetId: number, actor: Actor = { name: 'system', role: 'admin', tokenId: null }): JobRow {
    const queued = this.scheduled.get(datasetId);
    // (A queued job may have been cancelled meanwhile: then queue a new one.)
    if (queued && this.d.jobs.byId(queued.id)?.state === 'QUEUED') return queued;
    const job = this.d.jobs.create(actor, 'score', datasetId, { datasetId });
    this.scheduled.set(datasetId, job);
    void this.d.jobs.enqueue(job, async (ctx) => {
      this.scheduled.delete(datasetId);
      return this.scorePending(datasetId, ctx);
    });
    return job;
  }

  /** The stored media rows of these blobs (unknown ones left out). */
  private mediaRows(shas: readonly string[]): MediaRow[] {
    return this.d.media.getMany(shas).filter((m) => m !== null);
  }

  /** Loads what scoring needs (a server calls it at startup, off the first request's path). */
  warmUp(): Promise<void> {
    return prepareMeasuring();
  }

  /** Startup: datasets left with unmeasured revisions (a crash, an import by a stopped process). */
  recover(): number {
    // Items measured by an older media analyser are measured again (their blobs analysed anew).
    this.d.repo.forgetStaleMeasurements('IMAGE_CAPTION', ANALYZER_VERSIONS.image);
    this.d.repo.forgetStaleMeasurements('AUDIO_TRANSCRIPT', ANALYZER_VERSIONS.audio);
    const ids = this.d.repo.datasetsWithPending();
    for (const id of ids) this.schedule(id);
    return ids.length;
  }

  /** Measures and scores every unmeasured live revision of a dataset (the scoring job). */
  async scorePending(datasetId: number, ctx?: JobContext): Promise<{ scored: number }> {
    const dataset = this.d.datasets.byId(datasetId);
    if (!dataset) return { scored: 0 };
    const total = this.d.repo.countPending(datasetId);
    ctx?.setTotal(total);
    const chunk = dataset.modality === 'TEXT_PAIR' ? TEXT_CHUNK : MEDIA_CHUNK;
    // Many text pairs: measured in a worker thread, one chunk ahead of the writes here.
    const inWorker = dataset.modality === 'TEXT_PAIR' && total >= TEXT_WORKER_MIN;
    const measure = (rows: PendingRevision[]) =>
      inWorker && rows.length ? this.textMeasurer.measure(rows.map((r) => ({ prompt: r.prompt, response: r.response }))).catch(() => undefined) : null;
    const inFlight: Array<{ rows: PendingRevision[]; measuring: ReturnType<typeof measure> }> = [];
    let after = 0;
    const fetchNext = () => {
      const rows = this.d.repo.pendingRevisions(datasetId, after, chunk);
      if (rows.length) after = rows[rows.length - 1].id;
      return rows;
    };
    let scored = 0;
    for (;;) {
      // Keep TEXT_WORKERS chunks being measured ahead of the one written here.
      while (inFlight.length < (inWorker ? TEXT_WORKERS : 1)) {
        const rows = fetchNext();
        if (!rows.length) break;
        inFlight.push({ rows, measuring: measure(rows) });
      }
      const head = inFlight.shift();
      if (!head) break;
      // (A failed worker leaves `undefined`: the chunk is measured here instead.)
      await this.scoreChunk(dataset, head.rows, (await head.measuring) ?? undefined);
      scored += head.rows.length;
      ctx?.advance(head.rows.length);
      // Let requests in between chunks.
      await yieldToLoop();
    }
    return { scored };
  }

  private async scoreChunk(dataset: DatasetRow, rows: readonly PendingRevision[], texts?: readonly TextAnalysis[]): Promise<void> {
    // 1. blobs (outside any transaction: decoding is slow and async)
    const shas = [...new Set(rows.map((r) => r.media_sha256).filter((s): s is string => s !== null))];
    const measured = new Map<string, MediaMeasurement>();
    const analyzer = analyzerVersionFor(dataset.modality) ?? 0;
    for (const a of this.d.repo.mediaAnalyses(shas, analyzer)) {
      measured.set(a.sha256, { metrics: JSON.parse(a.metrics) as Metrics, exactKey: a.exactKey, hash64: a.hash64 });
    }
    const todo = this.mediaRows(shas.filter((s) => !measured.has(s)));
    const fresh: MediaAnalysisRow[] = [];
    const limit = pLimit(MEDIA_CONCURRENCY);
    await Promise.all(
      todo.map((m) =>
        limit(async () => {
          const file = this.d.blobs.localPath(m.sha256);
          const r: MediaMeasurement = file
            ? await measureMedia(m.kind, file, this.d.config.maxImagePixels, this.mediaMeasurer)
            : { metrics: { analysisError: 'blob not available locally' }, exactKey: null, hash64: null };
          measured.set(m.sha256, r);
          fresh.push({ sha256: m.sha256, analyzer, metrics: JSON.stringify(r.metrics), exactKey: r.exactKey, hash64: r.hash64, createdAt: nowIso() });
        }),
      ),
    );
    // 2. text measurements and scores (pure, fast), then one transaction
    // Text analysis needs the language detector (a big module: its first load holds the event
    // loop for a few hundred ms); audio items measure their transcripts without it.
    if (dataset.modality !== 'AUDIO_TRANSCRIPT') await prepareMeasuring();
    const version = this.d.datasets.policyVersion(dataset.id);
    const policy = this.policies.policy(dataset.id, version);
    const items = rows.map((r, i) => {
      const m = measureItem(dataset.modality, r, r.media_sha256 ? (measured.get(r.media_sha256) ?? null) : null, texts?.[i]);
      const s = scoreItem(dataset.modality, m.metrics, policy);
      return { r, m, s };
    });
    // Measurements can always be recomputed (unmeasured revisions are found again after a crash):
    // no fsync of their own per chunk; the job's final state, written FULL, makes them durable.
    withDeferredSync(this.d.db, () => tx(this.d.db, () => {
      this.d.repo.upsertMediaAnalysis(fresh);
      this.d.repo.insertItemQuality(
        items.map(({ r, m }) => ({
          revisionId: r.id,
          datasetId: dataset.id,
          metrics: JSON.stringify(m.metrics),
          exactKey: m.exactKey,
          nearSig: m.nearSig,
          captionKey: m.captionKey,
        })),
      );
      this.d.repo.insertScores(items.map(({ r, s }) => ({ revisionId: r.id, policyVersion: version, score: s.score, flags: JSON.stringify(s.flags) })));
    }));
    this.changed(dataset.id);
  }

  /** Scores every measured revision of the dataset under a policy version (the re-score job). */
  async rescore(datasetId: number, policyVersion: number, ctx?: JobContext): Promise<{ rescored: number }> {
    const dataset = this.d.datasets.byId(datasetId);
    if (!dataset) return { rescored: 0 };
    // Revisions not measured yet are measured (and scored) first.
    await this.scorePending(datasetId);
    const policy = this.policies.policy(datasetId, policyVersion);
    ctx?.setTotal(this.d.repo.countMeasured(datasetId));
    let after = 0;
    let n = 0;
    for (;;) {
      const rows = this.d.repo.unscoredAt(datasetId, policyVersion, after, RESCORE_CHUNK);
      if (rows.length === 0) break;
      after = rows[rows.length - 1].revision_id;
      const scores = rows.map((r) => {
        const s = scoreItem(dataset.modality, JSON.parse(r.metrics) as Metrics, policy);
        return { revisionId: r.revision_id, policyVersion, score: s.score, flags: JSON.stringify(s.flags) };
      });
      withDeferredSync(this.d.db, () => tx(this.d.db, () => this.d.repo.insertScores(scores)));
      n += rows.length;
      ctx?.advance(rows.length);
      // Let requests in between chunks.
      await yieldToLoop();
    }
    this.changed(datasetId);
    return { rescored: n };
  }

  /** Stops the measuring worker threads (the app is closing). */
  close(): void {
    this.textMeasurer.close();
    this.mediaMeasurer.close();
  }
}
