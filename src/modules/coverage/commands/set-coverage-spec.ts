import type { DatasetRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';
import type { CoverageSpec } from '../spec.js';

/** setCoverageSpec: a new spec version, the patch merged over the current spec. */
export function setCoverageSpec({ app, actor }: CommandContext, input: { dataset: string; spec: unknown }): { dataset: DatasetRow; version: number; spec: CoverageSpec } {
  const dataset = app.datasets.require(actor, input.dataset);
  const r = app.coverage.setSpec(actor, dataset, input.spec);
  return { dataset: app.datasets.byId(dataset.id)!, ...r };
}
