import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { entityColumns, groupByKey, oneByKey } from '../../db/sql';
import { IndicatorValue } from './indicator-value.entity';
import { StatusReport } from './status-report.entity';
import { TaskProgress } from './task-progress.entity';

/** Key of a per-period lookup: the task or indicator id and the period code. */
export interface ItemPeriodKey {
  id: number;
  period: string;
}
const itemPeriodKey = (key: ItemPeriodKey) => `${key.id}@${key.period}`;

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
    progressByTaskAndPeriod: new DataLoader<ItemPeriodKey, TaskProgress | null, string>(
      async (keys) => {
        const rows: (TaskProgress & { period: string })[] = await dataSource.query(
          `SELECT ${entityColumns(dataSource, TaskProgress, 'tp')}, r.period, r.plan_id AS "planId"
             FROM task_progress tp JOIN status_report r ON r.id = tp.report_id
            WHERE tp.task_id = ANY($1) AND r.period = ANY($2)`,
          [[...new Set(keys.map((k) => k.id))], [...new Set(keys.map((k) => k.period))]],
        );
        return oneByKey(keys.map(itemPeriodKey), rows, (row) =>
          itemPeriodKey({ id: row.taskId, period: row.period }),
        );
      },
      { cacheKeyFn: itemPeriodKey },
    ),
    /** Indicator.value(period): the actual value the report for exactly that period gives. */
    valueByIndicatorAndPeriod: new DataLoader<ItemPeriodKey, IndicatorValue | null, string>(
      async (keys) => {
        const rows: (IndicatorValue & { period: string })[] = await dataSource.query(
          `SELECT ${entityColumns(dataSource, IndicatorValue, 'v')}, r.period, r.plan_id AS "planId"
             FROM indicator_value v JOIN status_report r ON r.id = v.report_id
            WHERE v.indicator_id = ANY($1) AND r.period = ANY($2)`,
          [[...new Set(keys.map((k) => k.id))], [...new Set(keys.map((k) => k.period))]],
        );
        return oneByKey(keys.map(itemPeriodKey), rows, (row) =>
          itemPeriodKey({ id: row.indicatorId, period: row.period }),
        );
      },
      { cacheKeyFn: itemPeriodKey },
    ),
  };
}
