import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { Indicator } from '../indicator/indicator.entity';
import { Plan } from '../plan/plan.entity';
import { Task } from '../task/task.entity';
import { IndicatorValue } from './indicator-value.entity';
import {
  indicatorOfValue,
  indicatorValuesOfReport,
  planOfReport,
  progressOfTask,
  reportOfRow,
  reportsOfPlan,
  taskOfProgress,
  taskProgressOfReport,
  valueOfIndicator,
} from './report.service';
import { StatusReport } from './status-report.entity';
import { TaskProgress } from './task-progress.entity';

@Resolver(() => StatusReport)
export class StatusReportResolver {
  @FieldResolver(() => Plan, { description: 'The plan reported on.' })
  plan(@Root() report: StatusReport, @Ctx() ctx: RequestContext): Promise<Plan> {
    return planOfReport(ctx, report);
  }

  @FieldResolver(() => [TaskProgress], { description: 'Progress of each task the report covers.' })
  taskProgress(@Root() report: StatusReport, @Ctx() ctx: RequestContext): Promise<TaskProgress[]> {
    return taskProgressOfReport(ctx, report);
  }

  @FieldResolver(() => [IndicatorValue], { description: 'Actual value of each indicator the report covers.' })
  indicatorValues(@Root() report: StatusReport, @Ctx() ctx: RequestContext): Promise<IndicatorValue[]> {
    return indicatorValuesOfReport(ctx, report);
  }
}

@Resolver(() => TaskProgress)
export class TaskProgressResolver {
  @FieldResolver(() => Task, { description: 'The task.' })
  task(@Root() progress: TaskProgress, @Ctx() ctx: RequestContext): Promise<Task> {
    return taskOfProgress(ctx, progress);
  }

  @FieldResolver(() => StatusReport, { description: 'The report that states this progress.' })
  report(@Root() progress: TaskProgress, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return reportOfRow(ctx, progress);
  }
}

@Resolver(() => IndicatorValue)
export class IndicatorValueResolver {
  @FieldResolver(() => Indicator, { description: 'The indicator.' })
  indicator(@Root() value: IndicatorValue, @Ctx() ctx: RequestContext): Promise<Indicator> {
    return indicatorOfValue(ctx, value);
  }

  @FieldResolver(() => StatusReport, { description: 'The report that states this value.' })
  report(@Root() value: IndicatorValue, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return reportOfRow(ctx, value);
  }
}

/** Plan.reports: here rather than in plan/, so that plans know nothing of reports. */
@Resolver(() => Plan)
export class PlanReportsResolver {
  @FieldResolver(() => [StatusReport], { description: 'Progress reports on the plan, oldest period first.' })
  reports(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<StatusReport[]> {
    return reportsOfPlan(ctx, plan);
  }
}

/** Task.progress(period): a report row, so it lives with the reports. */
@Resolver(() => Task)
export class TaskProgressOfTaskResolver {
  @FieldResolver(() => TaskProgress, {
    nullable: true,
    description: "The task's progress in the plan's report for exactly this period; null when there is none.",
  })
  progress(
    @Root() task: Task,
    @Arg('period', { description: 'Period code: "2025", "2025Q3" or "2025-07".' }) period: string,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskProgress | null> {
    return progressOfTask(ctx, task, period);
  }
}

/** Indicator.value(period): a report row, so it lives with the reports. */
@Resolver(() => Indicator)
export class IndicatorValueOfIndicatorResolver {
  @FieldResolver(() => IndicatorValue, {
    nullable: true,
    description: "The actual value in the plan's report for exactly this period; null when there is none.",
  })
  value(
    @Root() indicator: Indicator,
    @Arg('period', { description: 'Period code: "2025", "2025Q3" or "2025-07".' }) period: string,
    @Ctx() ctx: RequestContext,
  ): Promise<IndicatorValue | null> {
    return valueOfIndicator(ctx, indicator, period);
  }
}
