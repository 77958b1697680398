import { NotFoundError } from '../../core/errors';
import { parseId } from '../../core/ids';
import type { RequestContext } from '../../core/request-context';
import type { Commune } from '../commune/commune.entity';
import type { Province } from '../province/province.entity';
import type { Plan } from './plan.entity';
import type { PlanAreaView } from './plan.type';

/**
 * Query.plan: a plan by its id (as GraphQL passes it), through the request's plan loader. The row
 * comes with its owner, which the read guard checks (FORBIDDEN outside the viewer's scope).
 */
export async function planById(ctx: RequestContext, id: string): Promise<Plan> {
  const plan = await ctx.loaders.planById.load(parseId(id, 'id', 'plan'));
  if (!plan) throw new NotFoundError('Plan', id);
  return plan;
}

/** The commune or province that issued a plan (batched). */
export async function ownerOfPlan(ctx: RequestContext, plan: Plan): Promise<Commune | Province> {
  const owner =
    plan.communeId !== null
      ? await ctx.loaders.communeById.load(plan.communeId)
      : await ctx.loaders.provinceById.load(plan.provinceId!);
  return owner!;
}

/** All seven reform areas as a plan presents them (batched across plans). */
export function areasOfPlan(ctx: RequestContext, plan: Plan): Promise<PlanAreaView[]> {
  return ctx.loaders.areasByPlanId.load(plan.id);
}
