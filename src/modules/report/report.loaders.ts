import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { entityColumns, groupByKey, oneByKey } from '../../core/db/sql';
import { IndicatorValue } from './indicator-value.entity';
import { StatusReport } from './status-report.entity';
import { TaskProgress } from './task-progress.entity';

/** Key of a per-period lookup: the task or indicator id and the period code. */
export interface ItemPeriodKey {
  id: number;
  period: string;
}
const itemPeriodKey = (key: ItemPeriodKey) => `${key.id}@${key.period}`;

/**
 * The report row (task progress or indicator value) of a task or indicator for exactly one period,
 * batched over items and periods, with the report's plan for the read guard.
 */
function rowByItemAndPeriodLoader<R extends TaskProgress | IndicatorValue>(
  dataSource: DataSource,
  entity: typeof TaskProgress | typeof IndicatorValue,
  table: 'task_progress' | 'indicator_value',
  item: { column: 'task_id' | 'indicator_id'; idOf: (row: R) => number },
) {
  return new DataLoader<ItemPeriodKey, R | null, string>(
    async (keys) => {
      const rows: (R & { period: string })[] = await dataSource.query(
        `SELECT ${entityColumns(dataSource, entity, 'x')}, r.period, r.plan_id AS "planId"
           FROM ${table} x JOIN status_report r ON r.id = x.report_id
          WHERE x.${item.column} = ANY($1) AND r.period = ANY($2)`,
        [[...new Set(keys.map((k) => k.id))], [...new Set(keys.map((k) => k.period))]],
      );
      return oneByKey(keys.map(itemPeriodKey), rows, (row) =>
        itemPeriodKey({ id: item.idOf(row), period: row.period }),
      );
    },
    { cacheKeyFn: itemPeriodKey },
  );
}

export function reportLoaders(dataSource: DataSource) {
  const reports = dataSource.getRepository(StatusReport);
  return {
    reportsByPlanId: new DataLoader<number, StatusReport[]>(async (ids) =>
      groupByKey(
        ids,
        await reports.find({
          where: { planId: In([...ids]) },
          order: { planId: 'ASC', periodEnd: 'ASC', period: 'ASC' },
        }),
        (r) => r.planId,
      ),
    ),
    reportById: new DataLoader<number, StatusReport | null>(async (ids) =>
      oneByKey(ids, await reports.findBy({ id: In([...ids]) }), (r) => r.id),
    ),
    // Report items carry their report's plan id, so the read guard needs no query of its own.
    taskProgressByReportId: new DataLoader<number, TaskProgress[]>(async (ids) =>
      groupByKey(
        ids,
        await dataSource.query(
          `SELECT ${entityColumns(dataSource, TaskProgress, 'tp')}, r.plan_id AS "planId"
             FROM task_progress tp JOIN status_report r ON r.id = tp.report_id
            WHERE tp.report_id = ANY($1) ORDER BY tp.id`,
          [ids],
        ),
        (p: TaskProgress) => p.reportId,
      ),
    ),
    indicatorValuesByReportId: new DataLoader<number, IndicatorValue[]>(async (ids) =>
      groupByKey(
        ids,
        await dataSource.query(
          `SELECT ${entityColumns(dataSource, IndicatorValue, 'v')}, r.plan_id AS "planId"
             FROM indicator_value v JOIN status_report r ON r.id = v.report_id
            WHERE v.report_id = ANY($1) ORDER BY v.id`,
          [ids],
        ),
        (v: IndicatorValue) => v.reportId,
      ),
    ),
    /** Task.progress(period): what the plan's report for exactly that period says of the task. */
    progressByTaskAndPeriod: rowByItemAndPeriodLoader<TaskProgress>(
      dataSource,
      TaskProgress,
      'task_progress',
      {
        column: 'task_id',
        idOf: (row) => row.taskId,
      },
    ),
    /** Indicator.value(period): the actual value the report for exactly that period gives. */
    valueByIndicatorAndPeriod: rowByItemAndPeriodLoader<IndicatorValue>(
      dataSource,
      IndicatorValue,
      'indicator_value',
      {
        column: 'indicator_id',
        idOf: (row) => row.indicatorId,
      },
    ),
  };
}

export type ReportLoaders = ReturnType<typeof reportLoaders>;

// Adds these loaders to every request context's `loaders` (see core/request-context.ts).
declare module '../../core/request-context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ReportLoaders {}
}
