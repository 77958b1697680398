import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { Plan } from '../plan/plan.entity';
import { ImportPlanInput } from './plan-import.inputs';
import { importPlanCsv } from './plan-import.service';

@Resolver()
export class PlanImportResolver {
  @Mutation(() => Plan, {
    description:
      'Imports (or replaces) the plan of a commune or province for a year, all or nothing. BAD_USER_INPUT lists every bad row and column in extensions.problems; CONFLICT when status reports already refer to the plan.',
  })
  importPlan(
    @Arg('input', () => ImportPlanInput) input: ImportPlanInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Plan> {
    return importPlanCsv(ctx, input);
  }
}
