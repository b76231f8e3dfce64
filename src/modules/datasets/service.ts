import { tx, type Db } from '../../db/connection.js';
import { checkFreeText } from '../../lib/text-guard.js';
import type { DatasetRow } from '../../db/schema/index.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { decodeIdCursor, expectId, idCursor, nowIso, pageSize } from '../../ids.js';
import { requireRole, type Actor } from '../auth/roles.js';
import type { Page } from '../items/service.js';
import type { Modality } from '../items/model.js';
import { checkDatasetName } from '../names.js';
import type { VersionsRepository } from '../versions/repository.js';
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

const MODALITIES: readonly Modality[] = ['TEXT_PAIR', 'IMAGE_CAPTION', 'AUDIO_TRANSCRIPT'];

export class DatasetsService {
  constructor(
    private readonly db: Db,
    private readonly repo: DatasetsRepository,
    private readonly versions: VersionsRepository,
    /** Writes the new dataset's first quality policy (inside the creating transaction). */
    private readonly initPolicy: (datasetId: number, input: NewDatasetInput, actor: Actor, now: string) => void,
  ) {}

  create(actor: Actor, input: NewDatasetInput): DatasetRow {
    requireRole(actor, 'admin');
    checkDatasetName(input.name);
    if (!(MODALITIES as readonly string[]).includes(input.modality)) {
      throw new BadUserInputError(`Unknown modality ${input.modality}`, { field: 'modality' });
    }
    if (input.description && input.description.length > 10_000) {
      throw new BadUserInputError('description is longer than 10000 characters', { field: 'description' });
    }
    if (input.description) checkFreeText(input.description, 'description');
    return tx(this.db, () => {
      if (this.repo.byName(input.name)) throw new ConflictError(`Dataset "${input.name}" already exists`, { name: input.name });
      const now = nowIso();
      const row = {
        name: input.name,
        modality: input.modality as Modality,
        description: input.description ?? null,
        rootLineageId: null,
        policyVersion: 1,
        createdAt: now,
        createdBy: actor.name,
      };
      const id = this.repo.insert(row);
      const lineageId = this.versions.insertLineage(id, null, null);
      this.repo.setRootLineage(id, lineageId);
      this.versions.insertBranch({ datasetId: id, name: 'main', lineageId, headSeq: 0, headVersionId: null, createdAt: now, createdBy: actor.name });
      this.initPolicy(id, input, actor, now);
      return { ...row, id, rootLineageId: lineageId };
    });
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
