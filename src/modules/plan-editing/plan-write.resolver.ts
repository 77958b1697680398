import { Args, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { DeleteArgs } from '../../core/write.args';
import { Plan } from '../plan/plan.entity';
import { createPlan, deletePlan, updatePlan } from './plan-write.service';
import { CreatePlanArgs, UpdatePlanArgs } from './plan.inputs';

@Resolver()
export class PlanWriteResolver {
  @Mutation(() => Plan, {
    description:
      "Creates an empty plan for a commune (its officers, or an admin) or a province's own plan (an admin). CONFLICT if the owner already has a plan for the year.",
  })
  createPlan(@Args() args: CreatePlanArgs, @Ctx() ctx: RequestContext): Promise<Plan> {
    return createPlan(ctx, args.input);
  }

  @Mutation(() => Plan, {
    description:
      "Changes a plan's title, document number, issue date or remarks. CONFLICT if `version` is stale.",
  })
  updatePlan(@Args() args: UpdatePlanArgs, @Ctx() ctx: RequestContext): Promise<Plan> {
    return updatePlan(ctx, args);
  }

  @Mutation(() => ID, {
    description:
      'Deletes a plan entered by mistake, with its tasks, indicators and unsent draft reports; returns its id. CONFLICT once a report on it has been submitted, or if `version` is stale.',
  })
  deletePlan(@Args() args: DeleteArgs, @Ctx() ctx: RequestContext): Promise<string> {
    return deletePlan(ctx, args);
  }
}
