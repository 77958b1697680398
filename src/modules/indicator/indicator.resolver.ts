import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { periodArgument } from '../../core/period.args';
import type { RequestContext } from '../../core/request-context';
import { ReformArea } from '../reform-area/reform-area.entity';
import { IndicatorValue } from '../report/indicator-value.entity';
import { Task } from '../task/task.entity';
import { Indicator } from './indicator.entity';

@Resolver(() => Indicator)
export class IndicatorResolver {
  @FieldResolver(() => ReformArea, { description: 'Reform area of the indicator.' })
  async area(@Root() indicator: Indicator, @Ctx() ctx: RequestContext): Promise<ReformArea> {
    return (await ctx.loaders.reformAreaByCode.load(indicator.areaCode))!;
  }

  @FieldResolver(() => IndicatorValue, {
    nullable: true,
    description: "The actual value in the plan's report for exactly this period; null when there is none.",
  })
  value(
    @Root() indicator: Indicator,
    @Arg('period', { description: 'Period code: "2025", "2025Q3" or "2025-07".' }) period: string,
    @Ctx() ctx: RequestContext,
  ): Promise<IndicatorValue | null> {
    return ctx.loaders.valueByIndicatorAndPeriod.load({
      id: indicator.id,
      period: periodArgument(period).code,
    });
  }

  @FieldResolver(() => Indicator, {
    nullable: true,
    description: 'The province indicator this commune indicator implements, if linked.',
  })
  provinceIndicator(
    @Root() indicator: Indicator,
    @Ctx() ctx: RequestContext,
  ): Promise<Indicator | null> | null {
    return indicator.provinceIndicatorId === null
      ? null
      : ctx.loaders.indicatorById.load(indicator.provinceIndicatorId);
  }

  @FieldResolver(() => Task, { nullable: true, description: 'The task row the target is stated in, if any.' })
  task(@Root() indicator: Indicator, @Ctx() ctx: RequestContext): Promise<Task | null> | null {
    return indicator.taskId === null ? null : ctx.loaders.taskById.load(indicator.taskId);
  }
}
