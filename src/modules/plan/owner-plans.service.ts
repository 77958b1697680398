import type { RequestContext } from '../../core/request-context';
import type { Commune } from '../commune/commune.entity';
import type { Province } from '../province/province.entity';
import type { Plan } from './plan.entity';

/** Province.plans: the province's own plans, newest year first (batched across provinces). */
export function provincePlans(ctx: RequestContext, province: Province): Promise<Plan[]> {
  return ctx.loaders.plansByProvinceId.load(province.id);
}

/** Province.plan: the province's own plan for a year, or null. */
export async function provincePlan(
  ctx: RequestContext,
  province: Province,
  year: number,
): Promise<Plan | null> {
  const plans = await provincePlans(ctx, province);
  return plans.find((plan) => plan.year === year) ?? null;
}

/** Commune.plans: the commune's plans, newest year first; only that year's when `year` is given. */
export async function communePlans(
  ctx: RequestContext,
  commune: Commune,
  year: number | null,
): Promise<Plan[]> {
  const plans = await ctx.loaders.plansByCommuneId.load(commune.id);
  return year == null ? plans : plans.filter((plan) => plan.year === year);
}

/** Commune.plan: the commune's plan for a year, or null. */
export async function communePlan(ctx: RequestContext, commune: Commune, year: number): Promise<Plan | null> {
  const plans = await ctx.loaders.plansByCommuneId.load(commune.id);
  return plans.find((plan) => plan.year === year) ?? null;
}
