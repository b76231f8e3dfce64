/**
 * One export job, in two passes over the commit's items in key order (a commit never changes, so
 * both passes see the same items in the same order and an item is known by its position):
 *
 * 1. select — filter, dedupe, target limits (before anything is written), caps; what is kept goes
 *    into SplitColumns (typed arrays: a few bytes an item, whatever the item holds), split in the
 *    worker thread;
 * 2. write — each kept item's split code is read by position; media prepared a page at a time
 *    with bounded concurrency (target transforms staged in the temporary folder, tensors for
 *    TFJS), then written in key order; the written text / images / audio hashed afresh for the
 *    leakage check (MinHash and audio prints in the worker, pHash on libvips' threads).
 *
 * Memory is a page of items plus the per-item typed arrays and hashes; nothing keeps an object
 * per item for the whole ref.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import sharp from 'sharp';
import type { DatasetRow } from '../../db/schema/index.js';
import { AppError, ExportConstraintError } from '../../errors.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { toGlobalId } from '../../ids.js';
import { yieldToLoop } from '../../lib/yield.js';
import { sharpInputOptions } from '../../media/image.js';
import { imagePhash } from '../../media/leak-hashes.js';
import { MINHASH_PERMUTATIONS, type QualityFlag } from '../../media/quality/types.js';
import type { Actor } from '../auth/index.js';
import type { ItemModel } from '../items/index.js';
import type { JobContext } from '../jobs/index.js';
import { canonicalJson, type ResolvedRef } from '../versions/index.js';
import type { ExportComputer } from './exporter.js';
import { FormatWriter, type ExportExtras, type ExportItem } from './formats.js';
import { buildReport, reportMarkdown, type ReportInput } from './report.js';
import type { ExportDeps, ExportParams } from './types.js';
import { Interner, NONE, orderHash, SPLITS, type Split, type SplitColumns } from './split.js';
import { aspectBucket, targetViolation } from './target.js';
import { AUDIO_RATE, DEFAULT_IMAGE_SIZE } from './tfjs.js';

/** Items a page: text pages are large (cheap rows); media pages small (their bytes are held). */
const TEXT_PAGE = 1000;
const MEDIA_PAGE = 64;
export const MEDIA_CONCURRENCY = 4;
const MAX_LISTED = 1000;
const FLUSH_MS = 100;

const hashOf = (s: string) => crypto.hash('sha256', s);
/** A text field as the UTF-8 bytes TFJS shards hold. */
const enc = (s: string | null) => new Uint8Array(Buffer.from(s ?? '', 'utf8'));

/** A field in the spec's notation (`label`, `attributes.<name>`) of an item: a string or null. */
export function fieldOf(item: ItemModel, field: string): string | null {
  if (field === 'label') return item.labels[0] ?? null;
  const v = item.attributes[field.slice('attributes.'.length)];
  return v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v);
}

/** A growable typed column. */
class Column<T extends Int32Array | Float64Array | Uint8Array> {
  n = 0;
  constructor(
    public a: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = this.make(Math.max(16, this.a.length * 2));
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): T {
    return this.a.slice(0, this.n) as T;
  }
}
const ints = (n = 1024) => new Column(new Int32Array(n), (m) => new Int32Array(m));
const floats = (n = 1024) => new Column(new Float64Array(n), (m) => new Float64Array(m));
const bytes = (n = 1024) => new Column(new Uint8Array(n), (m) => new Uint8Array(m));

export class ExportRun {
  private readonly excludedCounts: Record<string, number> = {};
  private readonly excluded: Array<{ key: string; reason: string }> = [];
  private readonly violations: Array<{ key: string; reason: string }> = [];
  private violationCount = 0;
  private lastFlush = 0;
  private readonly timings: Record<string, number> = {};

  constructor(
    private readonly d: ExportDeps,
    private readonly computer: ExportComputer,
    private readonly actor: Actor,
    private readonly p: ExportParams,
    private readonly ctx: JobContext,
    private readonly tmp: string,
  ) {}

  private exclude(key: string, reason: string): void {
    this.excludedCounts[reason] = (this.excludedCounts[reason] ?? 0) + 1;
    if (this.excluded.length < MAX_LISTED) this.excluded.push({ key, reason });
  }

  private async tick(n: number): Promise<void> {
    this.ctx.advance(n);
    // a cancel request is read back often (not only every 250 ms)
    if (performance.now() - this.lastFlush >= FLUSH_MS) {
      this.ctx.flush();
      this.lastFlush = performance.now();
    }
    await yieldToLoop();
  }

  private time(name: string, since: number): number {
    const now = performance.now();
    this.timings[name] = Math.round(now - since) / 1000;
    return now;
  }

  async execute(): Promise<{ splits: Record<Split, number>; fingerprint: string; summary: Record<string, unknown> }> {
    const { d, p } = this;
    const dataset = d.datasets.byId(p.datasetId);
    if (!dataset) throw new NotFoundError('Dataset', String(p.datasetId));
    const version = d.versions.resolveRef(dataset, toGlobalId('Version', p.versionId));
    const total = d.versions.itemCount(version);
    this.ctx.setTotal(total * 2);
    let t = performance.now();
    this.computer.warmUp();
    const sel = await this.select(dataset, version);
    // (the version's duplicate analysis is in hand — the ref-scan worker's memory can go)
    d.quality.releaseScanner();
    t = this.time('select', t);
    // Off the event loop: the assignment walks every group.
    const groupsOf = { family: sel.columns.family.slice(), values: sel.columns.values.slice(), valueStart: sel.columns.valueStart.slice() };
    const split = await this.computer.split(sel.columns, { shares: p.spec.split.shares, seed: p.spec.split.seed });
    t = this.time('split', t);
    const codes = new Uint8Array(total).fill(NONE);
    sel.positions.forEach((pos, j) => (codes[pos] = split.codes[j]));
    // The leakage check on groups: families and groupBy values seen in more than one split (0 by construction).
    const crossing = crossingGroups(split.codes, groupsOf, sel.familyNames, sel.valueNames);

    await fsp.rm(this.tmp, { recursive: true, force: true });
    await fsp.mkdir(this.tmp, { recursive: true });
    const w = await this.write(dataset, version, codes, total);
    t = this.time('write', t);

    const policy = d.quality.policy(dataset.id, sel.policyVersion);
    const radius = dataset.modality === 'AUDIO_TRANSCRIPT' ? policy.audio.nearDuplicateRadius : policy.image.nearDuplicateRadius;
    const near = (await this.computer.pairs(w.leak.sigs.subarray(0, w.leak.count * MINHASH_PERMUTATIONS), w.leak.count, w.leak.hashes, { jaccard: policy.text.nearDuplicateJaccard, radius }))
      .map((x) => ({ a: w.leak.owners[x.a], b: w.leak.owners[x.b] }))
      .filter((x) => codes[x.a] !== codes[x.b]);
    const exampleKeys = await this.keysAt(dataset, version, near.slice(0, 20).flatMap((x) => [x.a, x.b]));
    t = this.time('leakage', t);

    const input: ReportInput = {
      dataset: dataset.name,
      modality: dataset.modality,
      version: { id: p.versionId, hash: version.version!.hash },
      splits: w.counts,
      groups: split.groups,
      droppedCopies: split.droppedCopies,
      classes: w.classes,
      scoreHistogram: w.scores,
      flagCounts: w.flags,
      excluded: { counts: this.excludedCounts, items: this.excluded },
      target: p.spec.target ? { ...p.spec.target, violations: this.violationCount, listed: this.violations, aspectBuckets: w.buckets } : null,
      coverage: await this.coverage(dataset, version),
      leakage: {
        groupsCrossingSplits: crossing.length,
        examples: crossing.slice(0, 20),
        nearDuplicatePairsAcrossSplits: near.length,
        nearDuplicateExamples: near.slice(0, 20).map((x) => ({ a: exampleKeys.get(x.a)!, b: exampleKeys.get(x.b)!, splits: [SPLITS[codes[x.a]], SPLITS[codes[x.b]]] })),
        method: dataset.modality === 'TEXT_PAIR' ? 'MinHash of the written prompt and response (as the text analyser signs a pair)' : dataset.modality === 'IMAGE_CAPTION' ? 'pHash of the written images' : 'fingerprints of the written audio',
      },
    };
    const report = buildReport(input);
    const reportJson = JSON.stringify(report, null, 2) + '\n';
    const md = reportMarkdown(report);
    await fsp.writeFile(path.join(this.tmp, 'report.json'), reportJson);
    await fsp.writeFile(path.join(this.tmp, 'report.md'), md);
    const files = [
      ...w.files,
      { path: 'report.json', sha256: hashOf(reportJson), bytes: Buffer.byteLength(reportJson) },
      { path: 'report.md', sha256: hashOf(md), bytes: Buffer.byteLength(md) },
    ].sort((a, b) => (a.path < b.path ? -1 : 1));
    // No time or id in the manifest: the same version and spec give the same bytes.
    const manifest = {
      dataset: dataset.name,
      modality: dataset.modality,
      version: { hash: version.version!.hash },
      spec: JSON.parse(canonicalJson(p.spec)),
      formats: p.formats,
      splits: w.counts,
      droppedCopies: split.droppedCopies,
      excluded: Object.values(this.excludedCounts).reduce((a, b) => a + b, 0),
      files,
    };
    const manifestJson = JSON.stringify(manifest, null, 2) + '\n';
    await fsp.writeFile(path.join(this.tmp, 'manifest.json'), manifestJson);
    const final = path.join(d.config.exportRoot, p.path);
    await fsp.mkdir(path.dirname(final), { recursive: true });
    if (fs.existsSync(final)) throw new ConflictError(`The destination "${p.path}" appeared while exporting`, { field: 'destination' });
    await fsp.rename(this.tmp, final);
    const fingerprint = hashOf(manifestJson);
    return { splits: w.counts, fingerprint, summary: { path: final, fingerprint, splits: w.counts, excluded: this.excludedCounts, droppedCopies: split.droppedCopies, seconds: this.timings } };
  }

  private async *pages(dataset: DatasetRow, version: ResolvedRef): AsyncGenerator<ItemModel[]> {
    const size = dataset.modality === 'TEXT_PAIR' ? TEXT_PAGE : MEDIA_PAGE;
    for (let after = ''; ; ) {
      const page = this.d.items.scanPage(this.actor, dataset, version, after, size);
      if (page.length) yield page;
      if (page.length < size) return;
      after = page[page.length - 1].key;
    }
  }

  /** Pass 1. */
  private async select(dataset: DatasetRow, version: ResolvedRef) {
    const { d, p } = this;
    const { spec } = p;
    const read = d.quality.readContext(dataset, version);
    // The version's duplicate analysis (off the event loop for a big ref; cached): dedupe keeps
    // the best-scored member of each cluster.
    const dupOut = new Set<string>();
    if (spec.filter.dedupe) {
      for (const keys of await d.quality.duplicateGroups(dataset, version)) {
        const items = d.items.getMany(this.actor, dataset, version, keys);
        const present = keys.filter((k) => items.has(k));
        const q = d.quality.scores(present.map((k) => ({ revisionId: items.get(k)!.revisionId, policyVersion: read.policyVersion })));
        const scored = present.map((k, i) => ({ k, s: q[i]?.score ?? -1 })).sort((a, b) => b.s - a.s || (a.k < b.k ? -1 : 1));
        for (const x of scored.slice(1)) dupOut.add(x.k);
      }
    }
    const families = await d.augment.familyIndex(dataset, version, read.stateKey);
    const flagsOf = d.quality.flagReader(dataset, read);
    const familyIds = new Interner();
    const valueIds = new Interner();
    const classIds = new Interner();
    const cols = { pos: ints(), family: ints(), valueStart: ints(), values: ints(), derived: bytes(), cls: ints(), birth: ints(), hash: floats() };
    cols.valueStart.push(0);
    const needsText = p.formats.includes('OPENAI_CHAT') || p.formats.includes('ALPACA');
    const f = spec.filter;
    const target = spec.target;
    let pos = 0;
    for await (const page of this.pages(dataset, version)) {
      const q = d.quality.scores(page.map((i) => ({ revisionId: i.revisionId, policyVersion: read.policyVersion })));
      const births = d.versions.birthEpochs(dataset, page.map((i) => i.key));
      const media = target && dataset.modality !== 'TEXT_PAIR' ? this.mediaOf(page) : null;
      for (let j = 0; j < page.length; j++, pos++) {
        const item = page[j];
        const qual = q[j];
        const flags = qual ? flagsOf(item.key, qual.flags) : [];
        const flagged = f.excludeFlags.find((x) => flags.includes(x as QualityFlag));
        if (f.statuses && !f.statuses.includes(item.status)) this.exclude(item.key, 'status');
        else if (f.labels && !item.labels.some((l) => f.labels!.includes(l))) this.exclude(item.key, 'labels');
        else if (f.minScore !== null && (qual?.score ?? -1) < f.minScore) this.exclude(item.key, qual ? 'minScore' : 'not scored');
        else if (flagged) this.exclude(item.key, `flag ${flagged}`);
        else if (dupOut.has(item.key)) this.exclude(item.key, 'duplicate (dedupe keeps the best-scored member)');
        else if (needsText && (!item.prompt?.trim() || !item.response?.trim())) this.exclude(item.key, 'empty prompt or response (chat formats need both)');
        else {
          const m = media?.get(item.mediaSha256 ?? '') ?? null;
          const why = target ? targetViolation(target, { ...item, media: m }) : null;
          if (why) {
            this.violationCount++;
            if (this.violations.length < MAX_LISTED) this.violations.push({ key: item.key, reason: why });
            this.exclude(item.key, `target ${target!.preset}`);
            continue;
          }
          cols.pos.push(pos);
          // a family of several is numbered by its id; an item alone gets a number of its own (negative), no map entry
          const fam = families.familyOf.get(item.key);
          cols.family.push(fam === undefined ? -1 - cols.pos.n : familyIds.id(fam));
          for (const g of spec.split.groupBy) {
            const v = fieldOf(item, g);
            if (v !== null) cols.values.push(valueIds.id(`${g}=${v}`));
          }
          cols.valueStart.push(cols.values.n);
          cols.derived.push(item.derivation != null ? 1 : 0);
          const cls = spec.split.stratifyBy ? fieldOf(item, spec.split.stratifyBy) : null;
          cols.cls.push(cls === null ? -1 : classIds.id(cls));
          cols.birth.push(births.get(item.key) ?? 0);
          cols.hash.push(orderHash(spec.split.seed, item.key));
        }
      }
      await this.tick(page.length);
    }
    if (target && target.onViolation === 'FAIL' && this.violationCount > 0) {
      throw new ExportConstraintError(`${this.violationCount} item(s) break the ${target.preset} target (onViolation: FAIL); nothing was written`, {
        count: this.violationCount,
        violations: this.violations.slice(0, 100),
      });
    }
    let columns: SplitColumns<ArrayBufferLike> = {
      n: cols.pos.n,
      family: cols.family.done(),
      valueStart: cols.valueStart.done(),
      values: cols.values.done(),
      derived: cols.derived.done(),
      cls: cols.cls.done(),
      classNames: classIds.names,
      birth: cols.birth.done(),
      hash: cols.hash.done(),
    };
    let positions: Int32Array = cols.pos.done();
    if (spec.maxPerClass !== null || spec.maxItems !== null) [columns, positions] = await this.caps(columns, positions, dataset, version);
    if (columns.n === 0) throw new BadUserInputError('Nothing to export: no item passes the filter', { field: 'spec.filter', excluded: this.excludedCounts });
    return { columns, positions, familyNames: familyIds.names, valueNames: valueIds.names, policyVersion: read.policyVersion };
  }

  /** maxPerClass / maxItems: the first in seed-hash order (never row order); the rest excluded. */
  private async caps(c: SplitColumns<ArrayBufferLike>, positions: Int32Array, dataset: DatasetRow, version: ResolvedRef): Promise<[SplitColumns<ArrayBufferLike>, Int32Array]> {
    const { spec } = this.p;
    const order = Int32Array.from({ length: c.n }, (_, i) => i).sort((a, b) => c.hash[a] - c.hash[b] || a - b);
    const keep = new Uint8Array(c.n);
    const perClass = new Map<number, number>();
    let kept = 0;
    const dropped: Array<{ j: number; reason: string }> = [];
    for (const j of order) {
      const k = c.cls[j];
      if (spec.maxPerClass !== null && (perClass.get(k) ?? 0) >= spec.maxPerClass) dropped.push({ j, reason: 'maxPerClass' });
      else if (spec.maxItems !== null && kept >= spec.maxItems) dropped.push({ j, reason: 'maxItems' });
      else {
        keep[j] = 1;
        kept++;
        perClass.set(k, (perClass.get(k) ?? 0) + 1);
      }
    }
    // the keys of what was dropped, for the report (read back by position, a page at a time)
    const keyAt = await this.keysAt(dataset, version, dropped.slice(0, MAX_LISTED).map((x) => positions[x.j]));
    for (const x of dropped) this.exclude(keyAt.get(positions[x.j]) ?? `#${positions[x.j]}`, x.reason);
    const idx = [...keep.keys()].filter((j) => keep[j]);
    const pick = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const out = new (a.constructor as new (n: number) => T)(idx.length);
      idx.forEach((j, i) => (out[i] = a[j]));
      return out;
    };
    const valueStart = new Int32Array(idx.length + 1);
    const values: number[] = [];
    idx.forEach((j, i) => {
      for (let v = c.valueStart[j]; v < c.valueStart[j + 1]; v++) values.push(c.values[v]);
      valueStart[i + 1] = values.length;
    });
    return [{ ...c, n: idx.length, family: pick(c.family), valueStart, values: Int32Array.from(values), derived: pick(c.derived), cls: pick(c.cls), birth: pick(c.birth), hash: pick(c.hash) }, pick(positions)];
  }

  /** Keys at some positions of the key-ordered scan (read up to the last one asked, yielding between pages). */
  private async keysAt(dataset: DatasetRow, version: ResolvedRef, positions: number[]): Promise<Map<number, string>> {
    const want = new Set(positions);
    const last = Math.max(-1, ...positions);
    const out = new Map<number, string>();
    let pos = 0;
    for (let after = ''; pos <= last; ) {
      const page = this.d.items.scanPage(this.actor, dataset, version, after, TEXT_PAGE);
      for (const it of page) if (want.has(pos++)) out.set(pos - 1, it.key);
      if (page.length < TEXT_PAGE) break;
      after = page[page.length - 1].key;
      await yieldToLoop();
    }
    return out;
  }

  private mediaOf(page: readonly ItemModel[]) {
    return new Map(
      this.d.media
        .getMany(page.flatMap((i) => (i.mediaSha256 ? [i.mediaSha256] : [])))
        .flatMap((m) => (m ? [[m.sha256, m] as const] : [])),
    );
  }

  /** Pass 2. */
  private async write(dataset: DatasetRow, version: ResolvedRef, codes: Uint8Array, total: number) {
    const { d, p } = this;
    const { spec } = p;
    const read = d.quality.readContext(dataset, version);
    const families = await d.augment.familyIndex(dataset, version, read.stateKey);
    const flagsOf = d.quality.flagReader(dataset, read);
    const imageSize = spec.target?.imageSize ?? DEFAULT_IMAGE_SIZE;
    const writer = new FormatWriter(this.tmp, p.formats, dataset.modality, imageSize);
    const staging = path.join(this.tmp, '.staging');
    // one signature a written pair, allocated once (growing by doubling would hold up to twice that)
    let written = 0;
    for (let i = 0; i < codes.length; i++) if (codes[i] !== NONE) written++;
    const leak = { sigs: new Uint32Array(dataset.modality === 'TEXT_PAIR' ? written * MINHASH_PERMUTATIONS : 0), count: 0, hashes: [] as string[], owners: [] as number[] };
    const pendingSigs: Array<Promise<void>> = [];
    const counts: Record<Split, number> = { train: 0, validation: 0, test: 0 };
    const scores = new Array<number>(10).fill(0);
    const flagCounts: Record<string, number> = {};
    const classes = new Map<string, [number, number, number]>();
    const buckets: Record<string, number> = {};
    const limit = pLimit(MEDIA_CONCURRENCY);
    let pos = 0;
    try {
      for await (const page of this.pages(dataset, version)) {
        const q = d.quality.scores(page.map((i) => ({ revisionId: i.revisionId, policyVersion: read.policyVersion })));
        const media = this.mediaOf(page);
        const storedHashes = dataset.modality === 'TEXT_PAIR' ? new Map<string, string>() : d.quality.mediaHashes(dataset.modality, [...media.keys()]);
        const chosen = page.map((_, j) => codes[pos + j]);
        pos += page.length;
        const items: Array<{ out: ExportItem; s: number } | null> = page.map((item, j) => {
          const s = chosen[j];
          if (s === NONE) return null;
          const qual = q[j];
          const m = item.mediaSha256 ? media.get(item.mediaSha256) : undefined;
          const file = item.mediaSha256 ? d.blobs.localPath(item.mediaSha256) : null;
          if (item.mediaSha256 && (!m || !file)) throw new AppError('INVALID_MEDIA', `The media of "${item.key}" is not available locally`);
          return {
            s,
            out: {
              key: item.key,
              prompt: item.prompt,
              response: item.response,
              caption: item.caption,
              transcript: item.transcript,
              labels: item.labels,
              attributes: item.attributes,
              status: item.status,
              score: qual?.score ?? null,
              flags: qual ? flagsOf(item.key, qual.flags) : [],
              family: families.familyOf.get(item.key) ?? item.key,
              derivedFrom: item.derivation?.from.key ?? null,
              media: m && file ? { sha256: m.sha256, file, mimeType: m.mimeType, durationSeconds: m.durationSeconds, width: m.width, height: m.height, sampleRate: m.sampleRate, channels: m.channels } : null,
            },
          };
        });
        // media work for the page, a few at a time; written below in key order
        const extras = await Promise.all(items.map((x) => (x?.out.media ? limit(() => this.prepare(x.out, staging, imageSize, storedHashes)) : Promise.resolve(x ? this.textExtras(x.out) : null))));
        const texts: Array<[string | null, string | null]> = [];
        const textOwners: number[] = [];
        const audioFiles: string[] = [];
        const audioOwners: number[] = [];
        for (let j = 0; j < items.length; j++) {
          const x = items[j];
          if (!x) continue;
          const s = SPLITS[x.s];
          const e = extras[j]!;
          await writer.write(x.out, s, e);
          // items are known by their position in the key-ordered scan (keys looked up for the report's examples only)
          const idx = pos - page.length + j;
          if (dataset.modality === 'TEXT_PAIR') {
            texts.push([x.out.prompt, x.out.response]);
            textOwners.push(idx);
          } else if (dataset.modality === 'IMAGE_CAPTION' && e.phash) {
            leak.hashes.push(e.phash);
            leak.owners.push(idx);
          } else if (dataset.modality === 'AUDIO_TRANSCRIPT' && x.out.media) {
            const known = storedHashes.get(x.out.media.sha256);
            if (known) {
              leak.hashes.push(known);
              leak.owners.push(idx);
            } else {
              audioFiles.push(x.out.media.file);
              audioOwners.push(idx);
            }
          }
          counts[s]++;
          if (x.out.score !== null) scores[Math.min(9, Math.floor(x.out.score * 10))]++;
          for (const fl of x.out.flags) flagCounts[fl] = (flagCounts[fl] ?? 0) + 1;
          const it = page[j];
          const cls = spec.split.stratifyBy ? (fieldOf(it, spec.split.stratifyBy) ?? '(none)') : '(all)';
          let c = classes.get(cls);
          if (!c) classes.set(cls, (c = [0, 0, 0]));
          c[x.s]++;
          if (spec.target?.preset === 'image-generation' && x.out.media?.width && x.out.media.height) {
            const b = aspectBucket(x.out.media.width, x.out.media.height);
            buckets[b] = (buckets[b] ?? 0) + 1;
          }
        }
        // fresh hashes of what was written, computed in the worker while the next page is read
        if (texts.length) pendingSigs.push(this.computer.minhashPairs(texts).then((sigs) => appendSigs(leak, sigs, textOwners)));
        if (audioFiles.length) {
          pendingSigs.push(
            this.computer.audioprints(audioFiles).then((hs) =>
              hs.forEach((h, i) => {
                if (!h) return;
                leak.hashes.push(h);
                leak.owners.push(audioOwners[i]);
              }),
            ),
          );
        }
        // at most two batches in flight: memory stays a page or two
        while (pendingSigs.length > 2) await pendingSigs.shift();
        await this.tick(page.length);
      }
      await Promise.all(pendingSigs);
      if (pos !== total) throw new Error(`export pass 2 read ${pos} items, pass 1 ${total}`);
      await writer.close();
      await fsp.rm(staging, { recursive: true, force: true });
    } catch (e) {
      writer.abort();
      throw e;
    }
    return { files: writer.files, counts, scores, flags: Object.fromEntries(Object.entries(flagCounts).sort()), classes, buckets, leak };
  }

  private textExtras(out: ExportItem): ExportExtras & { phash?: string } {
    if (!this.p.formats.includes('TFJS')) return {};
    return { tensors: { prompt: enc(out.prompt), response: enc(out.response) } };
  }

  /**
   * An item's media for the formats: transformed where the target says so (staged, then written
   * like any blob), bytes for PARQUET, tensors for TFJS, and the pHash of the written image.
   */
  private async prepare(out: ExportItem, staging: string, imageSize: number, stored: ReadonlyMap<string, string>): Promise<ExportExtras & { phash?: string }> {
    const { formats, spec } = this.p;
    const m = out.media!;
    const e: ExportExtras & { phash?: string } = {};
    const maxPixels = this.d.config.maxImagePixels;
    if (m.mimeType.startsWith('image/')) {
      const size = spec.target?.imageSize ?? null;
      if (size !== null) {
        // resized (shorter side) and centre-cropped, re-encoded in the original's format
        const img = sharp(m.file, sharpInputOptions(maxPixels)).autoOrient().resize(size, size, { fit: 'cover' });
        const buf = await (m.mimeType === 'image/png' ? img.png() : m.mimeType === 'image/webp' ? img.webp({ quality: 90 }) : img.jpeg({ quality: 90 })).toBuffer();
        await this.stage(out, buf, staging, { width: size, height: size });
      }
      if (formats.includes('TFJS')) {
        const raw = await sharp(out.media!.file, sharpInputOptions(maxPixels)).autoOrient().resize(imageSize, imageSize, { fit: 'cover' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
        if (raw.info.channels !== 3) throw new AppError('INVALID_MEDIA', `The image of "${out.key}" did not decode to RGB`);
        e.tensors = { image: new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength), caption: enc(out.caption) };
      }
      // the written file's pHash: the analyser's of these very bytes when it measured them, else computed now
      e.phash = stored.get(out.media!.sha256) ?? (await imagePhash(out.media!.file, maxPixels));
    } else {
      const rate = spec.target?.sampleRate ?? null;
      const needsWav = rate !== null && (m.sampleRate !== rate || m.channels !== 1);
      if (needsWav || formats.includes('TFJS')) {
        const r = await this.computer.mono(m.file, needsWav ? rate! : AUDIO_RATE, needsWav);
        if (r.wav) await this.stage(out, Buffer.from(r.wav.buffer, r.wav.byteOffset, r.wav.byteLength), staging, { sampleRate: rate, channels: 1 });
        if (formats.includes('TFJS')) {
          const samples = needsWav && rate !== AUDIO_RATE ? (await this.computer.mono(m.file, AUDIO_RATE, false)).samples : r.samples;
          e.tensors = { audio: new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), transcript: enc(out.transcript) };
        }
      }
    }
    if (formats.includes('PARQUET')) e.bytes = await fsp.readFile(out.media!.file);
    return e;
  }

  /** Writes transformed media into the staging folder; the item then points at it. */
  private async stage(out: ExportItem, buf: Buffer, staging: string, info: Partial<NonNullable<ExportItem['media']>>): Promise<void> {
    const sha256 = crypto.hash('sha256', buf);
    const file = path.join(staging, sha256);
    await fsp.mkdir(staging, { recursive: true });
    await fsp.writeFile(file, buf);
    out.media = { ...out.media!, ...info, sha256, file, mimeType: out.media!.mimeType === 'audio/x-wav' ? 'audio/wav' : out.media!.mimeType };
  }

  private async coverage(dataset: DatasetRow, version: ResolvedRef): Promise<unknown> {
    if (dataset.modality === 'TEXT_PAIR') return null;
    try {
      const c = await this.d.coverage.coverage(this.actor, dataset, toGlobalId('Version', version.version!.id));
      return { score: c.score, items: c.items, specVersion: c.specVersion, minPerCell: c.minPerCell, axes: c.axes.map((a) => ({ name: a.name, buckets: a.buckets })), missing: c.missing.slice(0, 20), notes: c.notes };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }
}

function appendSigs(leak: { sigs: Uint32Array; count: number; owners: number[] }, sigs: Uint32Array, owners: number[]): void {
  const need = (leak.count + owners.length) * MINHASH_PERMUTATIONS;
  if (need > leak.sigs.length) {
    const grown = new Uint32Array(Math.max(need, leak.sigs.length * 2));
    grown.set(leak.sigs.subarray(0, leak.count * MINHASH_PERMUTATIONS));
    leak.sigs = grown;
  }
  leak.sigs.set(sigs, leak.count * MINHASH_PERMUTATIONS);
  leak.count += owners.length;
  leak.owners.push(...owners);
}

/** Families and groupBy values whose kept items landed in more than one split (must be none). */
function crossingGroups(codes: Uint8Array, g: { family: Int32Array; values: Int32Array; valueStart: Int32Array }, familyNames: string[], valueNames: string[]): string[] {
  const famMask = new Uint8Array(familyNames.length);
  const valMask = new Uint8Array(valueNames.length);
  for (let j = 0; j < codes.length; j++) {
    if (codes[j] === NONE) continue;
    const bit = 1 << codes[j];
    if (g.family[j] >= 0) famMask[g.family[j]] |= bit;
    for (let v = g.valueStart[j]; v < g.valueStart[j + 1]; v++) valMask[g.values[v]] |= bit;
  }
  const many = (m: number) => (m & (m - 1)) !== 0;
  return [...[...famMask.keys()].filter((i) => many(famMask[i])).map((i) => `family:${familyNames[i]}`), ...[...valMask.keys()].filter((i) => many(valMask[i])).map((i) => valueNames[i])];
}
