import type { DatasetRow } from '../../../db/schema/index.js';
import type { CommandContext } from '../../command-context.js';
import type { CoverageModel, CoverageRequest } from '../service.js';

/** Dataset.coverage (and `tuneset coverage`): the coverage of a ref. */
export function getCoverage({ app, actor }: CommandContext, dataset: DatasetRow, args: CoverageRequest & { ref?: string | null }): Promise<CoverageModel> {
  return app.coverage.coverage(actor, dataset, args.ref ?? 'main', args);
}
