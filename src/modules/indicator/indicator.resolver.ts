import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { Plan } from '../plan/plan.entity';
import { PlanAreaView } from '../plan/plan.type';
import { ReformArea, ReformAreaCode } from '../reform-area/reform-area.entity';
import { reformAreaByCode } from '../reform-area/reform-area.service';
import { Task } from '../task/task.entity';
import { Indicator } from './indicator.entity';
import {
  indicatorsOfPlan,
  indicatorsOfPlanArea,
  provinceIndicatorOf,
  taskOfIndicator,
} from './indicator.service';

@Resolver(() => Indicator)
export class IndicatorResolver {
  @FieldResolver(() => ReformArea, { description: 'Reform area of the indicator.' })
  area(@Root() indicator: Indicator, @Ctx() ctx: RequestContext): Promise<ReformArea> {
    return reformAreaByCode(ctx, indicator.areaCode);
  }

  @FieldResolver(() => Indicator, {
    nullable: true,
    description: 'The province indicator this commune indicator implements, if linked.',
  })
  provinceIndicator(
    @Root() indicator: Indicator,
    @Ctx() ctx: RequestContext,
  ): Promise<Indicator | null> | null {
    return provinceIndicatorOf(ctx, indicator);
  }

  @FieldResolver(() => Task, { nullable: true, description: 'The task row the target is stated in, if any.' })
  task(@Root() indicator: Indicator, @Ctx() ctx: RequestContext): Promise<Task | null> | null {
    return taskOfIndicator(ctx, indicator);
  }
}

/** Plan.indicators: here rather than in plan/, so that plans know nothing of indicators. */
@Resolver(() => Plan)
export class PlanIndicatorsResolver {
  @FieldResolver(() => [Indicator], {
    description: 'Indicator targets (chỉ tiêu) of the plan, in document order.',
  })
  indicators(
    @Root() plan: Plan,
    @Arg('areaCode', () => ReformAreaCode, { nullable: true, description: 'Only indicators of this area.' })
    areaCode: ReformAreaCode | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Indicator[]> {
    return indicatorsOfPlan(ctx, plan, areaCode);
  }
}

/** PlanArea.indicators. */
@Resolver(() => PlanAreaView)
export class PlanAreaIndicatorsResolver {
  @FieldResolver(() => [Indicator], { description: 'Indicator targets of the area.' })
  indicators(@Root() view: PlanAreaView, @Ctx() ctx: RequestContext): Promise<Indicator[]> {
    return indicatorsOfPlanArea(ctx, view);
  }
}
