import type { CommandContext } from '../../command-context.js';
import type { AugmentPlanModel } from '../model.js';
import type { PlanInput } from '../service.js';

/** planAugmentation: the copies that would fill the ref's coverage gaps, stored as a plan. */
export function planAugmentation({ app, actor }: CommandContext, input: PlanInput & { dataset: string }): Promise<AugmentPlanModel> {
  const dataset = app.datasets.require(actor, input.dataset);
  return app.augment.plan(actor, dataset, input);
}
