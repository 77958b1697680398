import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { Indicator } from '../indicator/indicator.entity';
import { Plan } from '../plan/plan.entity';
import { Task } from '../task/task.entity';
import { IndicatorValue } from './indicator-value.entity';
import { StatusReport } from './status-report.entity';
import { TaskProgress } from './task-progress.entity';

@Resolver(() => StatusReport)
export class StatusReportResolver {
  @FieldResolver(() => Plan, { description: 'The plan reported on.' })
  async plan(@Root() report: StatusReport, @Ctx() ctx: RequestContext): Promise<Plan> {
    return (await ctx.loaders.planById.load(report.planId))!;
  }

  @FieldResolver(() => [TaskProgress], { description: 'Progress of each task the report covers.' })
  taskProgress(@Root() report: StatusReport, @Ctx() ctx: RequestContext): Promise<TaskProgress[]> {
    return ctx.loaders.taskProgressByReportId.load(report.id);
  }

  @FieldResolver(() => [IndicatorValue], { description: 'Actual value of each indicator the report covers.' })
  indicatorValues(@Root() report: StatusReport, @Ctx() ctx: RequestContext): Promise<IndicatorValue[]> {
    return ctx.loaders.indicatorValuesByReportId.load(report.id);
  }
}

@Resolver(() => TaskProgress)
export class TaskProgressResolver {
  @FieldResolver(() => Task, { description: 'The task.' })
  async task(@Root() progress: TaskProgress, @Ctx() ctx: RequestContext): Promise<Task> {
    return (await ctx.loaders.taskById.load(progress.taskId))!;
  }

  @FieldResolver(() => StatusReport, { description: 'The report that states this progress.' })
  async report(@Root() progress: TaskProgress, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return (await ctx.loaders.reportById.load(progress.reportId))!;
  }
}

@Resolver(() => IndicatorValue)
export class IndicatorValueResolver {
  @FieldResolver(() => Indicator, { description: 'The indicator.' })
  async indicator(@Root() value: IndicatorValue, @Ctx() ctx: RequestContext): Promise<Indicator> {
    return (await ctx.loaders.indicatorById.load(value.indicatorId))!;
  }

  @FieldResolver(() => StatusReport, { description: 'The report that states this value.' })
  async report(@Root() value: IndicatorValue, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return (await ctx.loaders.reportById.load(value.reportId))!;
  }
}
