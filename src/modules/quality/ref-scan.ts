/**
 * One pass over the live items of a ref, in key-ordered pages: the inputs of its duplicate
 * analysis and, when asked, its audit aggregated page by page. The same code runs on the main
 * thread (small refs, with a yield between pages) and in the ref-scan worker thread (big refs,
 * over the worker's own read-only connection, inside one read transaction). Only plain data in
 * and out, so that a job and its result cross a thread boundary as they are.
 */
import type { Modality } from '../datasets/index.js';
import type { Layer } from '../versions/index.js';
import { AuditAccumulator, type AuditModel, type AuditTarget } from './audit.js';
import type { PackedDuplicates } from './duplicates-pack.js';
import { DuplicateInputs, findDuplicates, type DuplicateAnalysis, type DuplicateInput } from './duplicates.js';
import type { QualityPolicy } from './policy.js';
import type { QualityRepository } from './repository.js';

export interface RefScanJob {
  layers: Layer[];
  policyVersion: number;
  modality: Modality;
  policy: QualityPolicy;
  /** Also aggregate the audit of the ref (otherwise only its duplicate analysis). */
  audit: AuditTarget | null;
}

export interface RefScanResult {
  /** The duplicate analysis (the known one when given). */
  duplicates: DuplicateAnalysis;
  /** Whether `duplicates` was computed by this pass (not the known one). */
  analysed: boolean;
  /** `duplicates` packed, when it came so from the ref-scan worker (kept as is). */
  packed?: PackedDuplicates;
  audit: AuditModel | null;
  /**
   * What the duplicate analysis alone costs done in one go (reading the pages and the search,
   * without the audit's aggregation and the yields), in ms: QualityService decides from it whether
   * item reads may re-analyse the ref synchronously. 0 when the analysis was known.
   */
  analysisMs: number;
}

export interface RefScanOptions {
  /** Rows read per page. */
  pageSize: number;
  /** Awaited between pages (a main-thread pass yields to other requests there). */
  pause?: () => Promise<void>;
  /** The ref's duplicate analysis when known already (cached): no duplicate search then. */
  known?: DuplicateAnalysis | null;
}

/** The duplicate search of a ref under its policy (the settings of its modality). */
export function analyseDuplicates(modality: Modality, policy: QualityPolicy, inputs: DuplicateInputs | readonly DuplicateInput[]): DuplicateAnalysis {
  const radius = modality === 'AUDIO_TRANSCRIPT' ? policy.audio.nearDuplicateRadius : policy.image.nearDuplicateRadius;
  return findDuplicates(modality, inputs, { radius, jaccard: policy.text.nearDuplicateJaccard });
}

export async function scanRef(repo: QualityRepository, job: RefScanJob, opts: RefScanOptions): Promise<RefScanResult> {
  // Sized from the ref's count, so nothing is copied to grow; text signatures held at 8 bits and
  // the pairs found checked against the stored ones (DuplicateInputs).
  const count = repo.countLive(job.layers);
  const acc = job.audit ? new AuditAccumulator(job.modality, job.policy, count) : null;
  const inputs = opts.known ? null : new DuplicateInputs(job.modality, count, (id) => repo.nearSig(id));
  let analysisMs = 0;
  for (let after = ''; ; ) {
    const t0 = performance.now();
    const page = repo.scanRefPage(job.layers, job.policyVersion, after, opts.pageSize);
    if (inputs) {
      for (const r of page) {
        if (!r.scored) continue;
        inputs.push(r.key, r.score, r.exact_key, r.near_sig, r.caption_key, r.id);
      }
    }
    analysisMs += performance.now() - t0;
    if (acc) for (const r of page) acc.add(r);
    if (page.length < opts.pageSize) break;
    after = page[page.length - 1].key;
    if (opts.pause) await opts.pause();
  }
  let duplicates = opts.known;
  if (!duplicates) {
    const t0 = performance.now();
    duplicates = analyseDuplicates(job.modality, job.policy, inputs!);
    analysisMs += performance.now() - t0;
    if (opts.pause) await opts.pause();
  }
  const audit = acc && job.audit ? acc.finish(job.audit, duplicates) : null;
  return { duplicates, analysed: !opts.known, audit, analysisMs };
}
