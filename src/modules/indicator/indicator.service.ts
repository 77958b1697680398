import type { RequestContext } from '../../core/request-context';
import type { Plan } from '../plan/plan.entity';
import type { PlanAreaView } from '../plan/plan.type';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';
import type { Task } from '../task/task.entity';
import type { Indicator } from './indicator.entity';

/** Plan.indicators: the plan's indicators in document order, optionally of one area only. */
export async function indicatorsOfPlan(
  ctx: RequestContext,
  plan: Plan,
  areaCode: ReformAreaCode | null,
): Promise<Indicator[]> {
  const indicators = await ctx.loaders.indicatorsByPlanId.load(plan.id);
  return areaCode ? indicators.filter((x) => x.areaCode === areaCode) : indicators;
}

/** PlanArea.indicators: the plan's indicators of one area (all of the plan's, batched). */
export async function indicatorsOfPlanArea(ctx: RequestContext, view: PlanAreaView): Promise<Indicator[]> {
  return (await ctx.loaders.indicatorsByPlanId.load(view.planId)).filter((x) => x.areaCode === view.areaCode);
}

/** The province indicator a commune indicator implements, or null when it is not linked. */
export function provinceIndicatorOf(
  ctx: RequestContext,
  indicator: Indicator,
): Promise<Indicator | null> | null {
  return indicator.provinceIndicatorId === null
    ? null
    : ctx.loaders.indicatorById.load(indicator.provinceIndicatorId);
}

/** The task row an indicator's target is stated in, or null. */
export function taskOfIndicator(ctx: RequestContext, indicator: Indicator): Promise<Task | null> | null {
  return indicator.taskId === null ? null : ctx.loaders.taskById.load(indicator.taskId);
}
