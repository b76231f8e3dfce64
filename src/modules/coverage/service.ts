import { tx, type Db } from '../../db/connection.js';
import type { DatasetRow } from '../../db/schema/index.js';
import { BadUserInputError } from '../../errors.js';
import { nowIso } from '../../ids.js';
import { yieldToLoop } from '../../lib/yield.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { DatasetsService } from '../datasets/index.js';
import type { MeasuredItem, QualityService } from '../quality/index.js';
import type { ResolvedRef, VersionsService } from '../versions/index.js';
import { CoverageCounter, MAX_GRID_CELLS, type Coverage } from './grid.js';
import type { CoverageRepository } from './repository.js';
import { DEFAULT_COVERAGE_SPECS, mergeCoverageSpec, requestedAxes, type CoverageSpec } from './spec.js';

/** Items read per page of a coverage scan (a request gets in between pages). */
const SCAN_PAGE = 1000;
export const MAX_MIN_PER_CELL = 1_000_000;

export interface CoverageSpecVersionModel {
  version: number;
  spec: CoverageSpec;
  createdAt: string | null;
  createdBy: string | null;
}

export interface CoverageRequest {
  axes?: readonly string[] | null;
  minPerCell?: number | null;
  byLabel?: boolean | null;
}

export interface CoverageModel extends Coverage {
  ref: string;
  specVersion: number;
  minPerCell: number;
  axisNames: string[];
}

/**
 * Coverage specs (versioned per dataset like the quality policy: version 0 is the modality's
 * defaults, each setCoverageSpec adds a version, a commit records the one in force) and the
 * coverage of a ref, counted from what quality measured and what items declare, streamed a page at
 * a time into bounded counts (grid.ts).
 */
export class CoverageService {
  private readonly cache = new Map<string, CoverageSpec>();

  constructor(
    private readonly db: Db,
    private readonly repo: CoverageRepository,
    private readonly datasets: DatasetsService,
    private readonly versions: VersionsService,
    private readonly quality: QualityService,
  ) {}

  spec(dataset: DatasetRow, version: number): CoverageSpec {
    if (version === 0) return DEFAULT_COVERAGE_SPECS[dataset.modality];
    const k = `${dataset.id}:${version}`;
    let s = this.cache.get(k);
    if (!s) {
      const row = this.repo.get(dataset.id, version);
      s = row ? (JSON.parse(row.spec) as CoverageSpec) : DEFAULT_COVERAGE_SPECS[dataset.modality];
      this.cache.set(k, s);
    }
    return s;
  }

  currentVersion(dataset: DatasetRow): number {
    return this.datasets.coverageSpecVersion(dataset.id);
  }

  /** The spec a ref is measured with: a version's own (recorded at commit), a branch's the current one. */
  specVersionAt(dataset: DatasetRow, resolved: ResolvedRef): number {
    return resolved.kind === 'version' ? resolved.version.coverageSpecVersion : this.currentVersion(dataset);
  }

  history(dataset: DatasetRow): CoverageSpecVersionModel[] {
    const rows = this.repo.list(dataset.id).map((r) => ({ version: r.version, spec: JSON.parse(r.spec) as CoverageSpec, createdAt: r.createdAt, createdBy: r.createdBy }));
    return [...rows, { version: 0, spec: DEFAULT_COVERAGE_SPECS[dataset.modality], createdAt: null, createdBy: null }];
  }

  /** Records the patch merged over the current spec as a new version (BAD_USER_INPUT naming the setting). */
  setSpec(actor: Actor, dataset: DatasetRow, patch: unknown): { version: number; spec: CoverageSpec } {
    requireRole(actor, 'curator');
    return tx(this.db, () => {
      const cur = this.currentVersion(dataset);
      const current = this.spec(dataset, cur);
      const merged = mergeCoverageSpec(dataset.modality, current, patch);
      if (JSON.stringify(merged) === JSON.stringify(current)) {
        throw new BadUserInputError('The coverage spec is unchanged: give at least one axis with a new definition', { field: 'spec' });
      }
      const version = cur + 1;
      this.repo.insert({ datasetId: dataset.id, version, spec: JSON.stringify(merged), createdAt: nowIso(), createdBy: actor.name });
      this.datasets.setCoverageSpecVersion(dataset.id, version);
      return { version, spec: merged };
    });
  }

  /** Calls `fn` with every item of a ref and its measurements, a page at a time (yielding in between). */
  async scan(resolved: ResolvedRef, fn: (item: MeasuredItem) => void): Promise<number> {
    let after = '';
    let n = 0;
    for (;;) {
      const page = this.quality.metricsPage(resolved, after, SCAN_PAGE);
      for (const item of page) fn(item);
      n += page.length;
      if (page.length < SCAN_PAGE) return n;
      after = page[page.length - 1].key;
      await yieldToLoop();
    }
  }

  /**
   * Dataset.coverage. Without `axes`, every axis of the spec on which at least one item has a known
   * bucket (an axis nobody declares would make every cell empty); a note names the ones left out.
   */
  async coverage(actor: Actor, dataset: DatasetRow, ref: string, req: CoverageRequest = {}): Promise<CoverageModel> {
    requireRole(actor, 'viewer');
    const minPerCell = req.minPerCell ?? 5;
    if (!Number.isInteger(minPerCell) || minPerCell < 1 || minPerCell > MAX_MIN_PER_CELL) {
      throw new BadUserInputError(`minPerCell must be a whole number in 1..${MAX_MIN_PER_CELL}`, { field: 'minPerCell' });
    }
    const resolved = this.versions.resolveRef(dataset, ref);
    const specVersion = this.specVersionAt(dataset, resolved);
    const spec = this.spec(dataset, specVersion);
    const asked = req.axes && req.axes.length > 0;
    let axes = requestedAxes(spec, req.axes);
    const notes: string[] = [];
    if (!asked) {
      // A first pass picks the axes: those with a known value at this ref, and no more than fit a
      // grid (the axes with the most values, such as a speaker per item, go first).
      const probe = new CoverageCounter(spec, axes, false, true);
      await this.scan(resolved, (item) => probe.add(item));
      const sizes = new Map(axes.map((a, i) => [a, probe.bucketCounts()[i]] as const));
      const empty = axes.filter((a) => sizes.get(a) === 0);
      if (empty.length && empty.length < axes.length) {
        axes = axes.filter((a) => !empty.includes(a));
        notes.push(`axes with no known value at this ref are left out: ${empty.join(', ')} (ask for them by name to see them)`);
      }
      const dropped: string[] = [];
      const cells = () => axes.reduce((n, a) => n * Math.max(1, sizes.get(a)!), 1);
      while (axes.length > 1 && cells() > MAX_GRID_CELLS) {
        const widest = [...axes].sort((a, b) => sizes.get(b)! - sizes.get(a)!)[0];
        axes = axes.filter((a) => a !== widest);
        dropped.push(`${widest} (${sizes.get(widest)} values)`);
      }
      if (dropped.length) notes.push(`left out to keep the grid under ${MAX_GRID_CELLS} cells: ${dropped.join(', ')} (ask for fewer axes by name to see them)`);
    }
    const counter = new CoverageCounter(spec, axes, req.byLabel ?? false);
    await this.scan(resolved, (item) => counter.add(item));
    const result = counter.result(minPerCell);
    return { ...result, notes: [...notes, ...result.notes], ref, specVersion, minPerCell, axisNames: axes };
  }
}
