import { periodArgument } from '../../core/period.args';
import type { RequestContext } from '../../core/request-context';
import type { Indicator } from '../indicator/indicator.entity';
import type { Plan } from '../plan/plan.entity';
import type { Task } from '../task/task.entity';
import type { IndicatorValue } from './indicator-value.entity';
import type { StatusReport } from './status-report.entity';
import type { TaskProgress } from './task-progress.entity';

// Reads of reports and their rows, all through the request's loaders (one statement per level).

/** Plan.reports: the plan's status reports, oldest period first. */
export function reportsOfPlan(ctx: RequestContext, plan: Plan): Promise<StatusReport[]> {
  return ctx.loaders.reportsByPlanId.load(plan.id);
}

/** The plan a report is on. */
export async function planOfReport(ctx: RequestContext, report: StatusReport): Promise<Plan> {
  return (await ctx.loaders.planById.load(report.planId))!;
}

/** The task progress rows of a report. */
export function taskProgressOfReport(ctx: RequestContext, report: StatusReport): Promise<TaskProgress[]> {
  return ctx.loaders.taskProgressByReportId.load(report.id);
}

/** The indicator value rows of a report. */
export function indicatorValuesOfReport(
  ctx: RequestContext,
  report: StatusReport,
): Promise<IndicatorValue[]> {
  return ctx.loaders.indicatorValuesByReportId.load(report.id);
}

/** The report a task progress or indicator value row belongs to. */
export async function reportOfRow(
  ctx: RequestContext,
  row: TaskProgress | IndicatorValue,
): Promise<StatusReport> {
  return (await ctx.loaders.reportById.load(row.reportId))!;
}

/** The task a progress row is about. */
export async function taskOfProgress(ctx: RequestContext, progress: TaskProgress): Promise<Task> {
  return (await ctx.loaders.taskById.load(progress.taskId))!;
}

/** The indicator a value row is about. */
export async function indicatorOfValue(ctx: RequestContext, value: IndicatorValue): Promise<Indicator> {
  return (await ctx.loaders.indicatorById.load(value.indicatorId))!;
}

/** Task.progress(period): the task's row in the plan's report for exactly that period, or null. */
export function progressOfTask(
  ctx: RequestContext,
  task: Task,
  period: string,
): Promise<TaskProgress | null> {
  return ctx.loaders.progressByTaskAndPeriod.load({ id: task.id, period: periodArgument(period).code });
}

/** Indicator.value(period): the indicator's row in the report for exactly that period, or null. */
export function valueOfIndicator(
  ctx: RequestContext,
  indicator: Indicator,
  period: string,
): Promise<IndicatorValue | null> {
  return ctx.loaders.valueByIndicatorAndPeriod.load({
    id: indicator.id,
    period: periodArgument(period).code,
  });
}
