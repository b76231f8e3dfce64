import { tx, type Db } from '../../db/connection.js';
import { checkFreeText } from '../../lib/text-guard.js';
import type { DatasetRow } from '../../db/schema/index.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { decodeIdCursor, expectId, idCursor, nowIso, pageSize } from '../../ids.js';
import { requireRole, type Actor } from '../auth/index.js';
import type { Page } from '../../lib/page.js';
import { MODALITIES, type Modality } from './model.js';
import { checkDatasetName } from '../names.js';
import type { DatasetsRepository } from './repository.js';

export interface NewDatasetInput {
  name: string;
  modality: string;
  description?: string | null;
  /** BCP-47 tag of the text's language (default "en"). */
  targetLanguage?: string | null;
  /** Task-catalogue key for the readiness verdict. */
  targetTask?: string | null;
}


export class DatasetsService {
  constructor(
    private readonly db: Db,
    private readonly repo: DatasetsRepository,
  ) {}

  /** Checks a new dataset's own fields (the createDataset use case checks the rest). */
  validateNew(actor: Actor, input: NewDatasetInput): void {
    requireRole(actor, 'admin');
    checkDatasetName(input.name);
    if (!(MODALITIES as readonly string[]).includes(input.modality)) {
      throw new BadUserInputError(`Unknown modality ${input.modality}`, { field: 'modality' });
    }
    if (input.description && input.description.length > 10_000) {
      throw new BadUserInputError('description is longer than 10000 characters', { field: 'description' });
    }
    if (input.description) checkFreeText(input.description, 'description');
  }

  /** Inserts a validated dataset (inside the createDataset use case's transaction). */
  insert(actor: Actor, input: NewDatasetInput, now: string): DatasetRow {
    if (this.repo.byName(input.name)) throw new ConflictError(`Dataset "${input.name}" already exists`, { name: input.name });
    const row = {
      name: input.name,
      modality: input.modality as Modality,
      description: input.description ?? null,
      rootLineageId: null,
      policyVersion: 1,
      coverageSpecVersion: 0,
      createdAt: now,
      createdBy: actor.name,
    };
    return { ...row, id: this.repo.insert(row) };
  }

  /** Records the lineage a dataset's history starts from (versions makes it). */
  setRootLineage(datasetId: number, lineageId: number): void {
    this.repo.setRootLineage(datasetId, lineageId);
  }

  /** The dataset's quality policy version now: a commit records it, a branch is read with it. */
  policyVersion(datasetId: number): number {
    return this.repo.policyVersion(datasetId);
  }

  setPolicyVersion(datasetId: number, version: number): void {
    this.repo.setPolicyVersion(datasetId, version);
  }

  /** The dataset's coverage spec version now (0: the defaults): a commit records it. */
  coverageSpecVersion(datasetId: number): number {
    return this.repo.coverageSpecVersion(datasetId);
  }

  setCoverageSpecVersion(datasetId: number, version: number): void {
    this.repo.setCoverageSpecVersion(datasetId, version);
  }

  delete(actor: Actor, datasetGid: string): number {
    requireRole(actor, 'admin');
    const id = expectId('Dataset', datasetGid, 'dataset');
    return tx(this.db, () => {
      if (!this.repo.byId(id)) throw new NotFoundError('Dataset', datasetGid);
      this.repo.delete(id);
      return id;
    });
  }

  byName(actor: Actor, name: string): DatasetRow | null {
    requireRole(actor, 'viewer');
    return this.repo.byName(name) ?? null;
  }

  /** The dataset behind a Dataset id given in a mutation input (NOT_FOUND if none). */
  require(actor: Actor, datasetGid: string): DatasetRow {
    requireRole(actor, 'viewer');
    const id = expectId('Dataset', datasetGid, 'dataset');
    const row = this.repo.byId(id);
    if (!row) throw new NotFoundError('Dataset', datasetGid);
    return row;
  }

  byId(id: number): DatasetRow | undefined {
    return this.repo.byId(id);
  }

  byIds(ids: readonly number[]): DatasetRow[] {
    return this.repo.byIds(ids);
  }

  list(actor: Actor, first: number | null | undefined, after: string | null | undefined): Page<DatasetRow> {
    requireRole(actor, 'viewer');
    const limit = pageSize(first);
    const afterId = after ? decodeIdCursor(after) : 0;
    const rows = this.repo.page(afterId, limit + 1);
    const nodes = rows.slice(0, limit);
    return {
      nodes,
      cursors: nodes.map((n) => idCursor(n.id)),
      hasNextPage: rows.length > limit,
      totalCount: () => this.repo.count(),
    };
  }
}
