import { tx } from '../../../db/connection.js';
import type { DatasetRow } from '../../../db/schema/index.js';
import { nowIso } from '../../../ids.js';
import type { CommandContext } from '../../command-context.js';
import type { NewDatasetInput } from '../service.js';

/**
 * createDataset: the dataset row, its history (root lineage + an empty main) and its first quality
 * policy, in one transaction: a refused policy setting leaves no dataset behind.
 */
export function createDataset({ app, actor }: CommandContext, input: NewDatasetInput): DatasetRow {
  app.datasets.validateNew(actor, input);
  return tx(app.db, () => {
    const now = nowIso();
    const dataset = app.datasets.insert(actor, input, now);
    app.versions.initDataset(actor, dataset.id, now);
    app.quality.initialPolicy(dataset.id, input, actor, now);
    return app.datasets.byId(dataset.id)!;
  });
}
