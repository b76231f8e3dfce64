import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { DatasetRow, ExportRow, JobRow } from '../../db/schema/index.js';
import { AppError, BadUserInputError, ConflictError, InvalidPathError, NotFoundError } from '../../errors.js';
import { decodeIdCursor, idCursor, nowIso, pageSize, toGlobalId } from '../../ids.js';
import { tx, type Db } from '../../db/connection.js';
import type { Page } from '../../lib/page.js';
import { isInside } from '../../lib/paths.js';
import { yieldToLoop } from '../../lib/yield.js';
import { AUDIO_FLAGS, DUPLICATE_FLAGS, IMAGE_FLAGS, TEXT_FLAGS, type QualityFlag } from '../../media/quality/types.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { AugmentService } from '../augment/index.js';
import type { DatasetsService } from '../datasets/index.js';
import type { ItemModel, ItemsService } from '../items/index.js';
import type { JobContext, JobsService } from '../jobs/index.js';
import type { MediaService } from '../media/index.js';
import type { QualityService } from '../quality/index.js';
import { canonicalJson, type ResolvedRef, type VersionsService } from '../versions/index.js';
import type { BlobStore } from '../../storage/blob-store.js';
import { FormatWriter, type ExportItem } from './formats.js';
import { imagePhash, LeakHashes } from '../../media/leak-hashes.js';
import type { ExportsRepository } from './repository.js';
import { checkExportSpec, checkFormats, type ExportFormat, type ExportSpec } from './spec.js';
import { SPLITS, type Split, type SplitItem } from './split.js';
import { ExportComputer } from './exporter.js';

/** Items read per page (each page's writes and reads then yield to the event loop). */
const PAGE = 500;
const MAX_EXCLUDED_LISTED = 1000;
const TMP_PREFIX = '.tmp-export-';

export interface ExportDeps {
  db: Db;
  config: Config;
  blobs: BlobStore;
  datasets: DatasetsService;
  versions: VersionsService;
  items: ItemsService;
  media: MediaService;
  jobs: JobsService;
  quality: QualityService;
  augment: AugmentService;
  repo: ExportsRepository;
}

export interface CreateExportInput {
  ref?: string | null;
  spec: unknown;
  formats: readonly string[];
  name?: string | null;
  destination?: string | null;
}

interface ExportParams {
  exportId: number;
  datasetId: number;
  versionId: number;
  spec: ExportSpec;
  formats: ExportFormat[];
  path: string;
}

const FLAGS: Record<DatasetRow['modality'], readonly string[]> = {
  TEXT_PAIR: [...TEXT_FLAGS, ...DUPLICATE_FLAGS],
  IMAGE_CAPTION: [...IMAGE_FLAGS, ...DUPLICATE_FLAGS],
  AUDIO_TRANSCRIPT: [...AUDIO_FLAGS, ...DUPLICATE_FLAGS],
};

/** A field in the spec's notation (`label`, `attributes.<name>`) of an item: a string or null. */
function fieldOf(item: ItemModel, field: string): string | null {
  if (field === 'label') return item.labels[0] ?? null;
  const v = item.attributes[field.slice('attributes.'.length)];
  return v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v);
}

const hashOf = (s: string) => crypto.hash('sha256', s);

/**
 * Exports: a commit's items filtered by quality, split without leakage (split.ts), checked,
 * written in the asked formats into a temporary folder under the export root that is renamed into
 * place at the end, with manifest.json (every file and its sha256) and report.json / report.md.
 */
export class ExportsService {
  private readonly computer: ExportComputer;

  constructor(private readonly d: ExportDeps) {
    d.jobs.onInterrupted('export', (job) => this.interrupted(job));
    this.computer = new ExportComputer(d.config.workerIdleMs);
  }

  close(): void {
    this.computer.close();
  }

  get root(): string {
    return this.d.config.exportRoot;
  }

  /** Resolves a destination below the export root (INVALID_PATH otherwise, CONFLICT when taken). */
  destination(rel: string): { rel: string; abs: string } {
    if (typeof rel !== 'string' || rel.length === 0 || rel.length > 500 || rel.includes('\0') || path.isAbsolute(rel)) {
      throw new InvalidPathError('destination must be a relative folder below the export root', { field: 'destination' });
    }
    const root = path.resolve(this.root);
    const abs = path.resolve(root, rel);
    if (!isInside(root, abs) || abs === root || path.basename(abs).startsWith(TMP_PREFIX)) {
      throw new InvalidPathError(`"${rel}" lies outside the export root`, { field: 'destination', path: rel });
    }
    fs.mkdirSync(root, { recursive: true });
    // The deepest existing folder on the way must not resolve outside the root (a symlink out).
    let probe = path.dirname(abs);
    while (!fs.existsSync(probe)) probe = path.dirname(probe);
    if (!isInside(fs.realpathSync(root), fs.realpathSync(probe))) throw new InvalidPathError(`"${rel}" resolves outside the export root`, { field: 'destination', path: rel });
    if (fs.existsSync(abs)) throw new ConflictError(`The destination "${rel}" exists already`, { field: 'destination', path: rel });
    return { rel: path.relative(root, abs), abs };
  }

  /** Checks everything (ref → commit, spec, formats, destination) and creates the export row and its job. */
  prepare(actor: Actor, dataset: DatasetRow, input: CreateExportInput): { export: ExportRow; job: JobRow; params: ExportParams } {
    requireRole(actor, 'curator');
    const ref = input.ref ?? 'main';
    const resolved = this.d.versions.resolveRef(dataset, ref);
    // A branch exports its head commit: uncommitted edits are never exported.
    const version = resolved.version;
    if (!version) throw new BadUserInputError(`Branch "${ref}" has no commit to export`, { field: 'ref' });
    const spec = checkExportSpec(input.spec, dataset.modality, FLAGS[dataset.modality]);
    const formats = checkFormats(input.formats, dataset.modality);
    if (input.name != null && (typeof input.name !== 'string' || input.name.length === 0 || input.name.length > 200)) {
      throw new BadUserInputError('name must be 1 to 200 characters', { field: 'name' });
    }
    if (input.destination != null) this.destination(input.destination);
    return tx(this.d.db, () => {
    const job = this.d.jobs.create(actor, 'export', dataset.id, { datasetId: dataset.id });
    const row = this.d.repo.insert({
      datasetId: dataset.id,
      versionId: version.id,
      name: input.name ?? null,
      spec: canonicalJson(spec),
      formats: JSON.stringify(formats),
      state: 'RUNNING',
      splits: null,
      fingerprint: null,
      path: '',
      jobId: job.id,
      createdAt: nowIso(),
      createdBy: actor.name,
    });
    const safe = (x: string) => x.replace(/[^A-Za-z0-9._-]/g, '_');
    const dest = this.destination(input.destination ?? path.join(safe(dataset.name), safe(input.name ?? `export-${row.id}`)));
    this.d.repo.setPath(row.id, dest.rel);
    return { export: { ...row, path: dest.rel }, job, params: { exportId: row.id, datasetId: dataset.id, versionId: version.id, spec, formats, path: dest.rel } };
    });
  }

  async run(actor: Actor, p: ExportParams, ctx: JobContext): Promise<Record<string, unknown>> {
    const tmp = path.join(this.root, `${TMP_PREFIX}${p.exportId}`);
    try {
      const r = await this.write(actor, p, ctx, tmp);
      this.d.repo.finish(p.exportId, 'SUCCEEDED', r.splits, r.fingerprint);
      return r.summary;
    } catch (e) {
      await fsp.rm(tmp, { recursive: true, force: true }).catch(() => {});
      this.d.repo.finish(p.exportId, ctx.cancelled ? 'CANCELLED' : 'FAILED', null, null);
      throw e;
    }
  }

  private async write(actor: Actor, p: ExportParams, ctx: JobContext, tmp: string) {
    const dataset = this.d.datasets.byId(p.datasetId);
    if (!dataset) throw new NotFoundError('Dataset', String(p.datasetId));
    const version = this.d.versions.resolveRef(dataset, toGlobalId('Version', p.versionId));
    const read = this.d.quality.readContext(dataset, version);
    const { spec } = p;
    ctx.setTotal(this.d.versions.itemCount(version) * 2);

    // Pass 1: what is kept, and the split inputs of what is kept.
    const excluded: Array<{ key: string; reason: string }> = [];
    const excludedCounts: Record<string, number> = {};
    const exclude = (key: string, reason: string) => {
      excludedCounts[reason] = (excludedCounts[reason] ?? 0) + 1;
      if (excluded.length < MAX_EXCLUDED_LISTED) excluded.push({ key, reason });
    };
    const dupOut = new Set<string>();
    // The version's duplicate analysis, off the event loop for a big ref; the flags read per item
    // below come from it (cached).
    const t0 = performance.now();
    const dupGroups = await this.d.quality.duplicateGroups(dataset, version);
    const tDup = performance.now();
    if (spec.filter.dedupe) {
      const groups = dupGroups;
      for (const keys of groups) {
        const items = this.d.items.getMany(actor, dataset, version, keys);
        const present = keys.filter((k) => items.has(k));
        const q = this.d.quality.qualities(present.map((k) => ({ revisionId: items.get(k)!.revisionId, policyVersion: read.policyVersion })));
        const scored = present.map((k, i) => ({ k, s: q[i]?.score ?? -1 })).sort((a, b) => b.s - a.s || (a.k < b.k ? -1 : 1));
        for (const x of scored.slice(1)) dupOut.add(x.k);
      }
    }
    const families = await this.d.augment.familyIndex(dataset, version, read.stateKey);
    const kept: SplitItem[] = [];
    const needsText = p.formats.includes('OPENAI_CHAT') || p.formats.includes('ALPACA');
    const perClassKept = new Map<string, number>();
    const candidates: Array<{ item: SplitItem; order: string }> = [];
    for await (const page of this.pages(actor, dataset, version)) {
      const q = this.d.quality.qualities(page.map((i) => ({ revisionId: i.revisionId, policyVersion: read.policyVersion })));
      const births = this.d.versions.birthEpochs(dataset, page.map((i) => i.key));
      for (let j = 0; j < page.length; j++) {
        const item = page[j];
        const qual = q[j];
        const flags = qual ? this.d.quality.flagsAt(dataset, read, item.key, qual.flags) : [];
        const f = spec.filter;
        if (f.statuses && !f.statuses.includes(item.status)) exclude(item.key, 'status');
        else if (f.labels && !item.labels.some((l) => f.labels!.includes(l))) exclude(item.key, 'labels');
        else if (f.minScore !== null && (qual?.score ?? -1) < f.minScore) exclude(item.key, qual ? 'minScore' : 'not scored');
        else if (f.excludeFlags.some((x) => flags.includes(x as QualityFlag))) exclude(item.key, `flag ${f.excludeFlags.find((x) => flags.includes(x as QualityFlag))}`);
        else if (dupOut.has(item.key)) exclude(item.key, 'duplicate (dedupe keeps the best-scored member)');
        else if (needsText && (!item.prompt?.trim() || !item.response?.trim())) exclude(item.key, 'empty prompt or response (chat formats need both)');
        else {
          const family = families.familyOf.get(item.key);
          const cls = spec.split.stratifyBy ? fieldOf(item, spec.split.stratifyBy) : null;
          const groupValues = spec.split.groupBy.flatMap((g) => {
            const v = fieldOf(item, g);
            return v === null ? [] : [`${g}=${v}`];
          });
          candidates.push({
            item: { key: item.key, family: family ?? item.key, groupValues, derived: item.derivation != null, cls, birth: births.get(item.key) ?? 0 },
            order: hashOf(`${spec.split.seed}\u0000${item.key}`),
          });
        }
      }
      // Progress and a cancel request are read back every page (not only every 250 ms).
      ctx.flush();
      ctx.advance(page.length);
      await yieldToLoop();
    }
    const tPass1 = performance.now();
    // maxPerClass / maxItems: the first in seed-hash order (never row order).
    candidates.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    for (const c of candidates) {
      const k = c.item.cls ?? '';
      if (spec.maxPerClass !== null && (perClassKept.get(k) ?? 0) >= spec.maxPerClass) exclude(c.item.key, 'maxPerClass');
      else if (spec.maxItems !== null && kept.length >= spec.maxItems) exclude(c.item.key, 'maxItems');
      else {
        kept.push(c.item);
        perClassKept.set(k, (perClassKept.get(k) ?? 0) + 1);
      }
    }
    if (kept.length === 0) throw new BadUserInputError('Nothing to export: no item passes the filter', { field: 'spec.filter', excluded: excludedCounts });
    // Off the event loop: the assignment walks every group (~1.5 s at 117k items).
    const split = await this.computer.split(kept, { shares: spec.split.shares, seed: spec.split.seed });
    const tSplit = performance.now();
    const splitOf = new Map<string, Split | null>(kept.map((it, i) => [it.key, split.splitOf[i]]));

    // Pass 2: the files, in key order.
    await fsp.rm(tmp, { recursive: true, force: true });
    await fsp.mkdir(tmp, { recursive: true });
    const writer = new FormatWriter(tmp, p.formats);
    // The leakage check's fresh pass: text and image hashes of what is written (audio: not yet).
    const leak = new LeakHashes();
    const writtenKeys: string[] = [];
    const writtenSplits: Split[] = [];
    const counts: Record<Split, number> = { train: 0, validation: 0, test: 0 };
    const stats = { scores: new Array<number>(10).fill(0), flags: {} as Record<string, number>, classes: new Map<string, Record<Split, number>>() };
    try {
      for await (const page of this.pages(actor, dataset, version)) {
        const q = this.d.quality.qualities(page.map((i) => ({ revisionId: i.revisionId, policyVersion: read.policyVersion })));
        const media = new Map(
          this.d.media
            .getMany(page.flatMap((i) => (i.mediaSha256 ? [i.mediaSha256] : [])))
            .flatMap((m) => (m ? [[m.sha256, m] as const] : [])),
        );
        for (let j = 0; j < page.length; j++) {
          const item = page[j];
          const s = splitOf.get(item.key);
          if (!s) continue;
          const qual = q[j];
          const flags = qual ? this.d.quality.flagsAt(dataset, read, item.key, qual.flags) : [];
          const m = item.mediaSha256 ? media.get(item.mediaSha256) : undefined;
          const file = item.mediaSha256 ? this.d.blobs.localPath(item.mediaSha256) : null;
          if (item.mediaSha256 && (!m || !file)) throw new AppError('INVALID_MEDIA', `The media of "${item.key}" is not available locally`);
          const out: ExportItem = {
            key: item.key,
            prompt: item.prompt,
            response: item.response,
            caption: item.caption,
            transcript: item.transcript,
            labels: item.labels,
            attributes: item.attributes,
            status: item.status,
            score: qual?.score ?? null,
            flags,
            family: families.familyOf.get(item.key) ?? item.key,
            derivedFrom: item.derivation?.from.key ?? null,
            media: m && file ? { sha256: m.sha256, file, mimeType: m.mimeType, durationSeconds: m.durationSeconds, width: m.width, height: m.height } : null,
          };
          await writer.write(out, s);
          const idx = writtenKeys.push(item.key) - 1;
          writtenSplits.push(s);
          if (dataset.modality === 'TEXT_PAIR') leak.addText(idx, `${item.prompt ?? ''}\n${item.response ?? ''}`);
          else if (dataset.modality === 'IMAGE_CAPTION' && out.media) leak.addPhash(idx, await imagePhash(out.media.file, this.d.config.maxImagePixels));
          counts[s]++;
          if (qual) stats.scores[Math.min(9, Math.floor(qual.score * 10))]++;
          for (const fl of flags) stats.flags[fl] = (stats.flags[fl] ?? 0) + 1;
          const cls = spec.split.stratifyBy ? (fieldOf(item, spec.split.stratifyBy) ?? '(none)') : '(all)';
          let c = stats.classes.get(cls);
          if (!c) stats.classes.set(cls, (c = { train: 0, validation: 0, test: 0 }));
          c[s]++;
        }
        // Progress and a cancel request are read back every page (not only every 250 ms).
      ctx.flush();
      ctx.advance(page.length);
        await yieldToLoop();
      }
      await writer.close();
    } catch (e) {
      writer.abort();
      throw e;
    }
    // The leakage check: families and groupBy values seen in more than one split (0 by construction).
    const sides = new Map<string, Set<Split>>();
    kept.forEach((it, i) => {
      const s = split.splitOf[i];
      if (!s) return;
      for (const k of [`family:${it.family}`, ...it.groupValues]) {
        let set = sides.get(k);
        if (!set) sides.set(k, (set = new Set()));
        set.add(s);
      }
    });
    const crossing = [...sides.entries()].filter(([, v]) => v.size > 1).map(([k]) => k);
    const policy = this.d.quality.policy(dataset.id, read.policyVersion);
    const { sigs, hashes } = leak.collected();
    const near = (await this.computer.pairs(sigs, hashes, { jaccard: policy.text.nearDuplicateJaccard, radius: policy.image.nearDuplicateRadius }))
      .map((x) => ({ a: leak.owners[x.a], b: leak.owners[x.b] }))
      .filter((x) => writtenSplits[x.a] !== writtenSplits[x.b]);
    const report = {
      dataset: dataset.name,
      version: { id: p.versionId, hash: version.version!.hash },
      splits: counts,
      groups: split.groups,
      droppedCopies: split.droppedCopies,
      classBalance: Object.fromEntries(
        [...stats.classes.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([cls, c]) => {
          const n = c.train + c.validation + c.test;
          return [cls, Object.fromEntries(SPLITS.map((s) => [s, { count: c[s], share: n ? Number((c[s] / n).toFixed(4)) : 0 }]))];
        }),
      ),
      scoreHistogram: stats.scores,
      flagCounts: Object.fromEntries(Object.entries(stats.flags).sort()),
      excluded: { counts: Object.fromEntries(Object.entries(excludedCounts).sort()), items: excluded },
      leakage: {
        groupsCrossingSplits: crossing.length,
        examples: crossing.slice(0, 20),
        // Recomputed from the written text / images (MinHash, pHash), not read from stored clusters.
        nearDuplicatePairsAcrossSplits: dataset.modality === 'AUDIO_TRANSCRIPT' ? null : near.length,
        nearDuplicateExamples: near.slice(0, 20).map((x) => ({ a: writtenKeys[x.a], b: writtenKeys[x.b], splits: [writtenSplits[x.a], writtenSplits[x.b]] })),
      },
    };
    const reportJson = JSON.stringify(report, null, 2) + '\n';
    await fsp.writeFile(path.join(tmp, 'report.json'), reportJson);
    const md = reportMarkdown(report);
    await fsp.writeFile(path.join(tmp, 'report.md'), md);
    const files = [
      ...writer.files,
      { path: 'report.json', sha256: hashOf(reportJson), bytes: Buffer.byteLength(reportJson) },
      { path: 'report.md', sha256: hashOf(md), bytes: Buffer.byteLength(md) },
    ].sort((a, b) => (a.path < b.path ? -1 : 1));
    // No time or id in the manifest: the same version and spec give the same bytes.
    const manifest = {
      dataset: dataset.name,
      modality: dataset.modality,
      version: { hash: version.version!.hash },
      spec: JSON.parse(canonicalJson(spec)),
      formats: p.formats,
      splits: counts,
      droppedCopies: split.droppedCopies,
      excluded: Object.values(excludedCounts).reduce((a, b) => a + b, 0),
      files,
    };
    const manifestJson = JSON.stringify(manifest, null, 2) + '\n';
    await fsp.writeFile(path.join(tmp, 'manifest.json'), manifestJson);
    const final = path.join(this.root, p.path);
    await fsp.mkdir(path.dirname(final), { recursive: true });
    if (fs.existsSync(final)) throw new ConflictError(`The destination "${p.path}" appeared while exporting`, { field: 'destination' });
    await fsp.rename(tmp, final);
    const fingerprint = hashOf(manifestJson);
    const sec = (a: number, b: number) => Math.round(b - a) / 1000;
    const seconds = { duplicates: sec(t0, tDup), select: sec(tDup, tPass1), split: sec(tPass1, tSplit), write: sec(tSplit, performance.now()) };
    return { splits: counts, fingerprint, summary: { path: final, fingerprint, splits: counts, excluded: excludedCounts, droppedCopies: split.droppedCopies, seconds } };
  }

  private async *pages(actor: Actor, dataset: DatasetRow, version: ResolvedRef): AsyncGenerator<ItemModel[]> {
    for (let after = ''; ; ) {
      const page = this.d.items.scanPage(actor, dataset, version, after, PAGE);
      if (page.length) yield page;
      if (page.length < PAGE) return;
      after = page[page.length - 1].key;
    }
  }


  /** An export whose process stopped: its temporary folder goes, its row says FAILED. */
  private interrupted(job: JobRow): void {
    const row = this.d.repo.byJob(job.id);
    if (!row) return;
    fs.rmSync(path.join(this.root, `${TMP_PREFIX}${row.id}`), { recursive: true, force: true });
    this.d.repo.finish(row.id, 'FAILED', null, null);
  }

  /** Startup: temporary folders no running export owns are removed. */
  removeLeftovers(): number {
    if (!fs.existsSync(this.root)) return 0;
    let n = 0;
    for (const e of fs.readdirSync(this.root)) {
      if (!e.startsWith(TMP_PREFIX)) continue;
      const id = Number(e.slice(TMP_PREFIX.length));
      const row = this.d.repo.get(id);
      const job = row?.jobId ? this.d.jobs.byId(row.jobId) : undefined;
      if (job && (job.state === 'QUEUED' || job.state === 'RUNNING')) continue;
      fs.rmSync(path.join(this.root, e), { recursive: true, force: true });
      n++;
    }
    return n;
  }

  get(actor: Actor, id: number): ExportRow | null {
    requireRole(actor, 'viewer');
    const row = this.d.repo.get(id);
    return row ? this.effective(row) : null;
  }

  /** A row still RUNNING whose job ended without running it (cancelled while queued) says how the job ended. */
  private effective(row: ExportRow): ExportRow {
    if (row.state !== 'RUNNING' || !row.jobId) return row;
    const job = this.d.jobs.byId(row.jobId);
    return job && (job.state === 'CANCELLED' || job.state === 'FAILED') ? { ...row, state: job.state } : row;
  }

  list(actor: Actor, dataset: DatasetRow, first: number | null | undefined, after: string | null | undefined): Page<ExportRow> {
    requireRole(actor, 'viewer');
    const limit = pageSize(first);
    const before = after ? decodeIdCursor(after) : Number.MAX_SAFE_INTEGER;
    const rows = this.d.repo.list(dataset.id, before, limit + 1);
    const nodes = rows.slice(0, limit).map((r) => this.effective(r));
    return { nodes, cursors: nodes.map((r) => idCursor(r.id)), hasNextPage: rows.length > limit, totalCount: () => this.d.repo.count(dataset.id) };
  }

  /** manifest.json or report.json of a finished export (null before it is written). */
  readJson(row: ExportRow, file: 'manifest.json' | 'report.json'): unknown {
    if (row.state !== 'SUCCEEDED') return null;
    try {
      return JSON.parse(fs.readFileSync(path.join(this.root, row.path, file), 'utf8'));
    } catch {
      return null;
    }
  }

  absolutePath(row: ExportRow): string {
    return path.join(this.root, row.path);
  }
}

function reportMarkdown(r: { dataset: string; version: { hash: string }; splits: Record<Split, number>; groups: number; droppedCopies: number; classBalance: Record<string, Record<string, { count: number; share: number }>>; excluded: { counts: Record<string, number> }; leakage: { groupsCrossingSplits: number; nearDuplicatePairsAcrossSplits: number | null } }): string {
  const lines = [
    `# Export of ${r.dataset} @ ${r.version.hash.slice(0, 12)}`,
    '',
    `| split | items |`,
    `| --- | --- |`,
    ...SPLITS.map((s) => `| ${s} | ${r.splits[s]} |`),
    '',
    `Groups: ${r.groups}. Augmented copies dropped (their group is not in train): ${r.droppedCopies}. Groups crossing splits: ${r.leakage.groupsCrossingSplits}. Near-duplicate pairs across splits, recomputed from the written files: ${r.leakage.nearDuplicatePairsAcrossSplits ?? 'not computed for audio'}.`,
    '',
    '## Class balance',
    '',
    '| class | train | validation | test |',
    '| --- | --- | --- | --- |',
    ...Object.entries(r.classBalance).map(([c, v]) => `| ${c} | ${v.train.count} (${(v.train.share * 100).toFixed(1)} %) | ${v.validation.count} (${(v.validation.share * 100).toFixed(1)} %) | ${v.test.count} (${(v.test.share * 100).toFixed(1)} %) |`),
    '',
    '## Excluded',
    '',
    ...(Object.keys(r.excluded.counts).length ? Object.entries(r.excluded.counts).map(([k, n]) => `- ${k}: ${n}`) : ['- none']),
    '',
  ];
  return lines.join('\n');
}
