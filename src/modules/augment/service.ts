import pLimit from 'p-limit';
import type { Config } from '../../config.js';
import { yieldToLoop } from '../../lib/yield.js';
import type { AugmentPlanRow, DatasetRow, JobRow, MediaRow } from '../../db/schema/index.js';
import { AppError, BadUserInputError, NotFoundError } from '../../errors.js';
import { decodeKeyCursor, expectId, keyCursor, nowIso, pageSize } from '../../ids.js';
import type { Page } from '../../lib/page.js';
import { buildFamilies, familiesFrom, type FamilyIndex, type FamilyModel } from './families.js';
import { rewriteWords, augmentText } from '../../media/augment/text.js';
import { seededRandom } from '../../media/augment/random.js';
import { resolveChain, type ResolvedOp } from '../../media/augment/recipe.js';
import type { StagedBlob, BlobStore } from '../../storage/blob-store.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { CoverageService } from '../coverage/index.js';
import type { DatasetsService } from '../datasets/index.js';
import { checkKey, type ItemFilterInput, type ItemModel, type ItemsService } from '../items/index.js';
import type { JobContext, JobsService } from '../jobs/index.js';
import type { MediaService } from '../media/index.js';
import type { QualityService } from '../quality/index.js';
import { sortKeysDeep, type Derivation, type ItemContent, type ItemWriter, type ResolvedRef, type VersionsService } from '../versions/index.js';
import { Augmenter } from './augmenter.js';
import { checkRecipe, derivedAttributes, intendedFlags, noiseKeys, OP_MODALITY, type Chain, type ChainInput } from './chains.js';
import type { AugmentParams, AugmentPlanModel, AugmentResult, FlaggedCopy } from './model.js';
import { GapPlanner, MAX_PLAN_CHAINS } from './planner.js';
import type { AugmentRepository } from './repository.js';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Derived items written per transaction. */
const WRITE_BATCH = 32;
/** Most derived items one job may make (sources × copies). */
export const MAX_DERIVED_PER_JOB = 200_000;
const MAX_FLAGGED_LISTED = 100;
/** Ref states whose family index is kept. */
const FAMILY_CACHE = 4;

export interface AugmentDeps {
  writer: ItemWriter;
  config: Config;
  blobs: BlobStore;
  datasets: DatasetsService;
  versions: VersionsService;
  items: ItemsService;
  media: MediaService;
  jobs: JobsService;
  quality: QualityService;
  coverage: CoverageService;
}

export interface AugmentInput {
  dataset: string;
  branch?: string | null;
  from?: string | null;
  filter?: ItemFilterInput | null;
  recipe?: readonly ChainInput[] | null;
  seed?: number | null;
}

export interface PlanInput {
  ref?: string | null;
  axes?: readonly string[] | null;
  minPerCell?: number | null;
  maxNewItems?: number | null;
}

/** A stored plan, as augment applies it. */
export interface PlanSpec {
  id: number;
  recipe: ChainInput[];
  sources: Array<{ key: string; chains: number[] }>;
  ref: string;
  /** Why the plan no longer applies (the ref moved, the spec changed), or null. */
  stale: string | null;
}

function toPlanModel(r: AugmentPlanRow): AugmentPlanModel {
  const req = JSON.parse(r.request) as { axes: string[]; minPerCell: number; maxNewItems: number; specVersion: number };
  const exp = JSON.parse(r.expected) as AugmentPlanModel['expected'] & { unfillable: AugmentPlanModel['unfillable']; notes: string[] };
  const { unfillable, notes, ...expected } = exp;
  return {
    id: r.id,
    datasetId: r.datasetId,
    ref: r.ref,
    versionId: r.versionId,
    axes: req.axes,
    minPerCell: req.minPerCell,
    maxNewItems: req.maxNewItems,
    specVersion: req.specVersion,
    recipe: JSON.parse(r.recipe) as Chain[],
    sources: JSON.parse(r.sources) as AugmentPlanModel['sources'],
    expected,
    unfillable,
    notes,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
  };
}

/** One source item with the chains it gets. */
interface SourceWork {
  item: ItemModel;
  chains: number[];
}

/**
 * The key of copy `copy` of chain `chain` of a source: deterministic, so a re-run updates it. A
 * plan's copies are keyed within the plan (`~p<plan>.<chain>.<copy>`): its chains are numbered
 * per plan, and a later plan must not overwrite an earlier plan's copies.
 */
export function derivedKey(sourceKey: string, chain: number, copy: number, plan: number | null = null): string {
  return plan === null ? `${sourceKey}~${chain}.${copy}` : `${sourceKey}~p${plan}.${chain}.${copy}`;
}

/**
 * Augmentation: a recipe (or a stored plan) applied to the items of a ref, written as derived
 * items on a branch — uncommitted changes a curator reviews and commits — then scored, with the
 * copies that came out flagged reported (intended or not). Media work runs in worker threads.
 */
export class AugmentService {
  private readonly augmenter: Augmenter;
  private readonly familyCache = new Map<string, Promise<FamilyIndex>>();

  constructor(
    private readonly d: AugmentDeps,
    private readonly repo: AugmentRepository,
  ) {
    this.augmenter = new Augmenter(undefined, d.config.workerIdleMs);
    d.jobs.onInterrupted('augment', (job) => this.undo(job));
  }

  /**
   * Checks everything an augment job needs before it is created (a bad recipe, a branch that is
   * not writable, a noise clip or plan source not in the ref, nothing to augment: BAD_USER_INPUT,
   * nothing written) and creates the job.
   */
  prepare(actor: Actor, dataset: DatasetRow, input: AugmentInput, plan: PlanSpec | null): { job: JobRow; params: AugmentParams } {
    requireRole(actor, 'curator');
    const branch = input.branch ?? 'main';
    const target = this.d.versions.resolveRef(dataset, branch);
    if (target.kind !== 'branch') throw new BadUserInputError(`"${branch}" is not a branch: derived items are written on a branch`, { field: 'branch' });
    const from = input.from ?? plan?.ref ?? branch;
    const resolved = this.d.versions.resolveRef(dataset, from);
    const recipe = checkRecipe(plan ? plan.recipe : input.recipe, dataset.modality, plan ? MAX_PLAN_CHAINS : undefined);
    const seed = input.seed ?? 0;
    // GraphQL's Int (the seed is read back as Augmentation.seed).
    if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 31) throw new BadUserInputError('seed must be a 32-bit whole number', { field: 'seed' });
    if (plan && input.filter) throw new BadUserInputError('A plan names its own sources: give a filter or a plan, not both', { field: 'filter' });
    for (const n of noiseKeys(recipe)) {
      const item = this.d.items.get(actor, dataset, resolved, n.key);
      if (!item || !item.mediaSha256 || !this.d.blobs.localPath(item.mediaSha256)) {
        throw new BadUserInputError(`Chain ${n.chain}, op ${n.opIndex} ("add_noise"): noiseKey "${n.key}" is not an item with local audio at ${from}`, {
          field: `recipe[${n.chain}].ops[${n.opIndex}].params.noiseKey`,
          chain: n.chain,
          op: 'add_noise',
          key: n.key,
        });
      }
    }
    // Originals by default; a filter naming a source (derivedFrom) asks for its copies.
    const filter = plan ? null : { ...(input.filter ?? {}), derived: input.filter?.derived ?? (input.filter?.derivedFrom != null) };
    let sources: number;
    if (plan) {
      if (plan.stale) throw new BadUserInputError(`The plan is stale: ${plan.stale}; plan again`, { field: 'plan' });
      for (let i = 0; i < plan.sources.length; i += 500) {
        const keys = plan.sources.slice(i, i + 500).map((s) => s.key);
        const found = this.d.items.getMany(actor, dataset, resolved, keys);
        const missing = keys.find((k) => !found.has(k));
        if (missing !== undefined) throw new BadUserInputError(`Plan source "${missing}" is not an item at ${from}`, { field: 'plan', key: missing });
      }
      sources = plan.sources.length;
    } else {
      sources = this.d.items.list(actor, dataset, resolved, 1, null, filter).totalCount();
      if (sources === 0) throw new BadUserInputError(`No item at ${from} matches the filter: nothing to augment`, { field: 'filter' });
    }
    const perSource = recipe.reduce((n, c) => n + c.copies, 0);
    if (!plan && sources * perSource > MAX_DERIVED_PER_JOB) {
      throw new BadUserInputError(`${sources} sources × ${perSource} copies is over ${MAX_DERIVED_PER_JOB} derived items a job: narrow the filter`, { field: 'recipe' });
    }
    const params: AugmentParams = { datasetId: dataset.id, branch: target.branch.name, from, filter, recipe, seed, plan: plan ? { id: plan.id, sources: plan.sources } : null };
    return { job: this.d.jobs.create(actor, 'augment', dataset.id, params), params };
  }

  /**
   * The job: sources page by page, copies made in workers a batch at a time, each batch written in
   * one transaction, then all of them scored. A job that does not finish — a cancel, an error, a
   * crash (undone at the next start) — leaves the branch as it found it: its writes are taken back.
   */
  async run(actor: Actor, p: AugmentParams, ctx: JobContext): Promise<AugmentResult> {
    const dataset = this.d.datasets.byId(p.datasetId);
    if (!dataset) throw new AppError('NOT_FOUND', 'The dataset was deleted');
    // Revisions above the mark are this job's or written by others after it started.
    const mark = this.d.writer.revisionMark();
    this.d.jobs.setRevisionMark(ctx.jobId, mark);
    const unflushed = new Set<StagedBlob>();
    try {
      return await this.runFrom(actor, dataset, p, ctx, mark, unflushed);
    } catch (e) {
      await Promise.all([...unflushed].map((b) => this.d.blobs.discard(b).catch(() => {})));
      try {
        this.undoWrites(dataset, p.branch, ctx.jobId, mark);
      } catch {
        // The app is closing: the next start finds the job unfinished and undoes it then.
      }
      throw e;
    }
  }

  private undoWrites(dataset: DatasetRow, branchName: string, jobId: number, mark: number): number {
    return this.d.versions.undoJobWrites(dataset, branchName, jobId, mark);
  }


  /** Recovery of an augment job interrupted with its process: its writes are taken back. */
  private undo(job: JobRow): void {
    if (job.revisionMark === null) return;
    const params = JSON.parse(job.params) as AugmentParams;
    const dataset = this.d.datasets.byId(params.datasetId);
    if (dataset) this.undoWrites(dataset, params.branch, job.id, job.revisionMark);
  }

  private async runFrom(actor: Actor, dataset: DatasetRow, p: AugmentParams, ctx: JobContext, mark: number, unflushed: Set<StagedBlob>): Promise<AugmentResult> {
    const resolved = this.d.versions.resolveRef(dataset, p.from);
    const spec = this.d.coverage.spec(dataset, this.d.coverage.currentVersion(dataset));
    const result: AugmentResult = {
      branch: p.branch, from: p.from, seed: p.seed, plan: p.plan ? String(p.plan.id) : null,
      sources: 0, created: 0, updated: 0, unchanged: 0, refused: 0, failed: 0,
      flaggedCount: 0, intendedCount: 0, unexpectedCount: 0, flagged: [], seconds: { copies: 0, scoring: 0 },
    };
    const t0 = performance.now();
    const written: Array<{ revisionId: number; key: string; intended: Set<string> }> = [];
    const noiseFiles = this.noiseFiles(actor, dataset, resolved, p.recipe);
    const copiesOf = (chains: readonly number[]) => chains.reduce((n, c) => n + p.recipe[c].copies, 0);
    ctx.setTotal(
      p.plan
        ? p.plan.sources.reduce((n, s) => n + copiesOf(s.chains), 0)
        : this.d.items.list(actor, dataset, resolved, 1, null, p.filter as ItemFilterInput).totalCount() * copiesOf(p.recipe.map((_, i) => i)),
    );
    type Made = { key: string; content: ItemContent; staged: StagedBlob | null; media: MediaRow | null; intended: Set<string> };
    const write = async (batch: Made[]) => {
      if (!batch.length) return;
      const staged = batch.flatMap((b) => (b.staged ? [b.staged] : []));
      await this.d.media.commitPrepared(staged);
      for (const b of staged) unflushed.delete(b);
      const media = batch.flatMap((b) => (b.media ? [b.media] : []));
      const r = this.d.items.writeDerived(actor, dataset, p.branch, batch, media, ctx.jobId);
      const intendedOf = new Map(batch.map((b) => [b.key, b.intended]));
      for (const i of r.written) {
        if (i.op === 'ADDED') result.created++;
        else result.updated++;
        written.push({ revisionId: i.revisionId, key: i.key, intended: intendedOf.get(i.key)! });
      }
      result.unchanged += r.unchanged.length;
      for (const x of r.refused) {
        result.refused++;
        ctx.error({ row: null, file: x.key, code: 'CONFLICT', message: x.message });
      }
      ctx.advance(batch.length, r.refused.length);
    };
    const limit = pLimit(4);
    for await (const page of this.sourcePages(actor, dataset, resolved, p)) {
      // A source written since the job started (a copy this job made, read back on the branch it
      // writes) is never augmented again.
      const sources = page.filter((s) => s.item.revisionId <= mark);
      result.sources += sources.length;
      const copies = sources.flatMap((s) => s.chains.flatMap((c) => Array.from({ length: p.recipe[c].copies }, (_, k) => ({ s, chain: c, copy: k }))));
      for (let i = 0; i < copies.length; i += WRITE_BATCH) {
        if (ctx.cancelled) ctx.advance(0);
        // Every copy of the batch settles before the batch is written: nothing runs on after a failure.
        const made = await Promise.all(
          copies.slice(i, i + WRITE_BATCH).map((w) =>
            limit(async (): Promise<Made | null> => {
              const key = derivedKey(w.s.item.key, w.chain, w.copy, p.plan?.id ?? null);
              try {
                checkKey(key);
                const m = await this.makeCopy(actor, dataset, w.s.item, p, w.chain, w.copy, spec, noiseFiles);
                if (m.staged) unflushed.add(m.staged);
                return { key, ...m };
              } catch (e) {
                result.failed++;
                const code = e instanceof AppError ? e.code : 'INTERNAL_SERVER_ERROR';
                ctx.error({ row: null, file: key, code, message: e instanceof Error ? e.message : String(e) });
                return null;
              }
            }),
          ),
        );
        const ok = made.filter((m): m is Made => m !== null);
        if (made.length > ok.length) ctx.advance(made.length - ok.length, made.length - ok.length);
        await write(ok);
        await yieldToLoop();
      }
    }
    const t1 = performance.now();
    // Derived items are scored like any others, here (a job cannot wait for another job).
    await this.d.quality.scorePending(dataset.id);
    result.seconds = { copies: round3((t1 - t0) / 1000), scoring: round3((performance.now() - t1) / 1000) };
    await this.report(dataset, written, result);
    return result;
  }

  /** Sources a page at a time: a plan's own list, or the items at `from` matching the filter (originals by default). */
  private async *sourcePages(actor: Actor, dataset: DatasetRow, resolved: ResolvedRef, p: AugmentParams): AsyncGenerator<SourceWork[]> {
    const all = p.recipe.map((_, i) => i);
    if (p.plan) {
      const list = p.plan.sources;
      for (let i = 0; i < list.length; i += 100) {
        const slice = list.slice(i, i + 100);
        const found = this.d.items.getMany(actor, dataset, resolved, slice.map((s) => s.key));
        yield slice.flatMap((s) => {
          const item = found.get(s.key);
          return item ? [{ item, chains: s.chains }] : [];
        });
      }
      return;
    }
    let after: string | null = null;
    for (;;) {
      const page = this.d.items.list(actor, dataset, resolved, 100, after, p.filter as ItemFilterInput);
      if (page.nodes.length) yield page.nodes.map((item) => ({ item, chains: all }));
      if (!page.hasNextPage) return;
      after = page.cursors[page.cursors.length - 1];
    }
  }

  /** Audio files of the noise clips a recipe names (read at `from`). */
  private noiseFiles(actor: Actor, dataset: DatasetRow, resolved: ResolvedRef, recipe: readonly Chain[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const n of noiseKeys(recipe)) {
      const item = this.d.items.get(actor, dataset, resolved, n.key);
      const file = item?.mediaSha256 ? this.d.blobs.localPath(item.mediaSha256) : null;
      if (file) out[n.key] = file;
    }
    return out;
  }

  /** One derived copy: its ops resolved from the seed, its media made in a worker, its content. */
  private async makeCopy(
    actor: Actor,
    dataset: DatasetRow,
    src: ItemModel,
    p: AugmentParams,
    chain: number,
    copy: number,
    spec: ReturnType<CoverageService['spec']>,
    noiseFiles: Record<string, string>,
  ): Promise<{ content: ItemContent; staged: StagedBlob | null; media: MediaRow | null; intended: Set<string> }> {
    const kind = OP_MODALITY[dataset.modality];
    const ops = resolveChain(p.recipe[chain].ops as Array<{ op: string; params?: unknown }>, kind, p.seed, src.key, chain, copy);
    const seedName = `${p.seed}\u0000${src.key}\u0000${chain}\u0000${copy}\u0000apply`;
    let staged: StagedBlob | null = null;
    let media: MediaRow | null = null;
    let meanLuma: number | undefined;
    let caption = src.caption;
    let prompt = src.prompt;
    if (kind === 'text') {
      const random = seededRandom(seedName);
      for (const o of ops) prompt = augmentText(prompt ?? '', o, random);
    } else {
      const file = src.mediaSha256 ? this.d.blobs.localPath(src.mediaSha256) : null;
      if (!file) throw new AppError('INVALID_MEDIA', `The media of "${src.key}" is not available locally`);
      const wantLuma = kind === 'image' && 'lighting' in src.attributes;
      const out = await this.augmenter.run({ kind, file, ops, seedName, maxPixels: this.d.config.maxImagePixels, noiseFiles, wantLuma });
      meanLuma = out.meanLuma;
      const prepared = await this.d.media.prepareBytes(out.bytes, actor, out.info);
      staged = prepared.staged;
      media = prepared.row;
      for (const o of ops) {
        const map = o.op === 'flip_horizontal' ? o.params.captionMap : undefined;
        if (map && caption) caption = rewriteWords(caption, map as Record<string, string>);
      }
    }
    const derivation: Derivation = {
      from: { key: src.key, revision: String(src.revisionId) },
      chain,
      copy,
      seed: p.seed,
      ops: ops.map((o: ResolvedOp) => ({ op: o.op, params: { ...o.params }, modelFree: true })),
      plan: p.plan ? String(p.plan.id) : null,
    };
    const content: ItemContent = {
      prompt,
      response: src.response,
      mediaSha256: media ? media.sha256 : src.mediaSha256,
      caption,
      transcript: src.transcript,
      labels: [...src.labels],
      attributes: sortKeysDeep(derivedAttributes(src.attributes, ops, spec, { meanLuma })) as Record<string, unknown>,
      status: src.status,
      derivation,
    };
    return { content, staged, media, intended: intendedFlags(ops) };
  }

  /** Fills the result's flagged copies from their stored quality (own flags, current policy). */
  private async report(dataset: DatasetRow, written: ReadonlyArray<{ revisionId: number; key: string; intended: Set<string> }>, result: AugmentResult): Promise<void> {
    const policyVersion = this.d.datasets.policyVersion(dataset.id);
    for (let i = 0; i < written.length; i += 500) {
      const slice = written.slice(i, i + 500);
      const q = this.d.quality.qualities(slice.map((w) => ({ revisionId: w.revisionId, policyVersion })));
      slice.forEach((w, j) => {
        const flags = (q[j]?.flags ?? []).filter((f) => f !== 'EXACT_DUPLICATE' && f !== 'NEAR_DUPLICATE');
        if (!flags.length) return;
        const copy: FlaggedCopy = { key: w.key, flags, intended: flags.filter((f) => w.intended.has(f)), unexpected: flags.filter((f) => !w.intended.has(f)) };
        result.flaggedCount++;
        if (copy.unexpected.length) result.unexpectedCount++;
        else result.intendedCount++;
        if (result.flagged.length < MAX_FLAGGED_LISTED) result.flagged.push(copy);
      });
      await yieldToLoop();
    }
  }

  /**
   * planAugmentation: plans the copies that would fill the ref's under-filled cells (planner.ts)
   * and stores the plan; `augment(input: {plan})` applies it.
   */
  async plan(actor: Actor, dataset: DatasetRow, input: PlanInput): Promise<AugmentPlanModel> {
    requireRole(actor, 'curator');
    const ref = input.ref ?? 'main';
    const minPerCell = input.minPerCell ?? 5;
    const maxNewItems = input.maxNewItems ?? 1000;
    if (!Number.isInteger(maxNewItems) || maxNewItems < 1 || maxNewItems > MAX_DERIVED_PER_JOB) {
      throw new BadUserInputError(`maxNewItems must be a whole number in 1..${MAX_DERIVED_PER_JOB}`, { field: 'maxNewItems' });
    }
    // The coverage as it is: validates axes and minPerCell, and picks the axes with data.
    const now = await this.d.coverage.coverage(actor, dataset, ref, { axes: input.axes, minPerCell });
    const resolved = this.d.versions.resolveRef(dataset, ref);
    const spec = this.d.coverage.spec(dataset, now.specVersion);
    const planner = new GapPlanner(OP_MODALITY[dataset.modality], spec, now.axisNames, minPerCell, maxNewItems);
    await this.d.coverage.scan(resolved, (item) => planner.add(item));
    const p = await planner.plan();
    const row = {
      datasetId: dataset.id,
      ref,
      versionId: resolved.version?.id ?? null,
      request: JSON.stringify({ axes: now.axisNames, minPerCell, maxNewItems, specVersion: now.specVersion }),
      recipe: JSON.stringify(p.recipe),
      sources: JSON.stringify(p.sources),
      expected: JSON.stringify({ ...p.expected, unfillable: p.unfillable, notes: [...p.notes, ...now.notes.filter((n) => !p.notes.includes(n))] }),
      createdAt: nowIso(),
      createdBy: actor.name,
    };
    const id = this.repo.insertPlan(row);
    return toPlanModel({ id, ...row });
  }

  getPlan(actor: Actor, id: number): AugmentPlanModel | null {
    requireRole(actor, 'viewer');
    const row = this.repo.plan(id);
    return row ? toPlanModel(row) : null;
  }

  plans(actor: Actor, dataset: DatasetRow, first: number | null | undefined): AugmentPlanModel[] {
    requireRole(actor, 'viewer');
    return this.repo.plans(dataset.id, Math.max(1, Math.min(first ?? 20, 100))).map(toPlanModel);
  }

  /**
   * The plan augment applies: its recipe, each source's chains, and the ref it was planned at
   * (each source must still be there when it is applied).
   */
  planFor(actor: Actor, dataset: DatasetRow, planGid: string, recipe: readonly ChainInput[] | null | undefined): PlanSpec {
    const id = expectId('AugmentPlan', planGid, 'plan');
    const plan = this.getPlan(actor, id);
    if (!plan || plan.datasetId !== dataset.id) throw new NotFoundError('AugmentPlan', planGid);
    if (recipe && recipe.length) throw new BadUserInputError('Give a recipe or a plan, not both', { field: 'recipe' });
    if (plan.sources.length === 0) throw new BadUserInputError('The plan proposes no copies (nothing it could fill): nothing to augment', { field: 'plan' });
    const byKey = new Map<string, number[]>();
    for (const s of plan.sources) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s.chain]);
    // A plan answers the coverage it saw: a ref that moved to another commit, or another spec, may have other gaps.
    const now = this.d.versions.resolveRef(dataset, plan.ref);
    let stale: string | null = null;
    if ((now.version?.id ?? null) !== plan.versionId) stale = `${plan.ref} is at another commit than when it was planned`;
    else if (this.d.coverage.specVersionAt(dataset, now) !== plan.specVersion) stale = 'the coverage spec changed since it was planned';
    return {
      id,
      recipe: plan.recipe,
      sources: [...byKey.entries()].map(([key, chains]) => ({ key, chains })),
      ref: plan.ref,
      stale,
    };
  }

  /** Dataset.families: families at a ref with at least minSize members, by id (cursor: the last id). */
  async families(actor: Actor, dataset: DatasetRow, ref: string, first: number | null | undefined, after: string | null | undefined, minSize: number | null | undefined): Promise<Page<FamilyModel>> {
    requireRole(actor, 'viewer');
    const min = minSize ?? 2;
    if (!Number.isInteger(min) || min < 1) throw new BadUserInputError('minSize must be a whole number ≥ 1', { field: 'minSize' });
    const limit = pageSize(first);
    const index = await this.familyIndex(dataset, this.d.versions.resolveRef(dataset, ref));
    const afterId = after ? decodeKeyCursor(after) : '';
    const { nodes, hasNextPage, total } = familiesFrom(index, min, afterId, limit);
    return { nodes, cursors: nodes.map((f) => keyCursor(f.id)), hasNextPage, totalCount: () => total };
  }

  /** Item.family of an item at the ref it was read at (`stateKey`: its ReadContext's, when known); alone, its own key. */
  async familyOf(dataset: DatasetRow, resolved: ResolvedRef, key: string, stateKey?: string): Promise<string> {
    return (await this.familyIndex(dataset, resolved, stateKey)).familyOf.get(key) ?? key;
  }

  /** The family index of a ref state, cached per state (a list of 100 items builds it once). */
  familyIndex(dataset: DatasetRow, resolved: ResolvedRef, stateKey?: string): Promise<FamilyIndex> {
    const state = stateKey ?? this.d.quality.readContext(dataset, resolved).stateKey;
    let p = this.familyCache.get(state);
    if (!p) {
      p = buildFamilies(dataset, resolved, this.d.versions, this.d.quality);
      p.catch(() => this.familyCache.delete(state));
      if (this.familyCache.size >= FAMILY_CACHE) this.familyCache.delete(this.familyCache.keys().next().value!);
      this.familyCache.set(state, p);
    } else {
      this.familyCache.delete(state);
      this.familyCache.set(state, p);
    }
    return p;
  }

  close(): void {
    this.augmenter.close();
  }
}
