import type { DataSource } from 'typeorm';
import type { Period } from '../../core/period';
import { periodArgument } from '../../core/period.args';
import { entityColumns } from '../../core/db/sql';
import { decodeCursor, encodeCursor, toConnection } from '../../core/pagination';
import type { Connection } from '../../core/pagination';
import type { RequestContext } from '../../core/request-context';
import { readableCommuneScope } from '../auth/policy';
import type { CommuneScope } from '../auth/policy';
import { Commune } from '../commune/commune.entity';
import type { Province } from '../province/province.entity';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';
import { asOfReportSql, COUNTED_STATUSES } from '../rollup/rollup.service';
import { Task } from '../task/task.entity';
import type { OverdueTasksArgs } from './overdue.type';

export interface OverdueTaskRow {
  task: Task;
  commune: Commune;
  status: string;
  percent: number;
  daysOverdue: number;
}

const CURSOR_LIST = 'overdue';

/**
 * Province.overdueTasks, the drill-down of a roll-up: the overdue tasks of the province's commune
 * plans as of a period (not completed or cancelled, due before the period ends; docs/ROLLUPS.md),
 * most overdue first, a page at a time, of the communes whose plans the viewer reads.
 */
export function overdueTasks(
  ctx: RequestContext,
  province: Province,
  args: OverdueTasksArgs,
): Promise<Connection<OverdueTaskRow>> {
  return overduePage(ctx.dataSource, {
    provinceId: province.id,
    period: periodArgument(args.period),
    areaCode: args.areaCode ?? null,
    first: args.first,
    after: args.after ?? null,
    // A drill-down into tasks: only the communes whose plans the viewer reads (an officer: its own).
    readable: readableCommuneScope(ctx.viewer),
  });
}

async function overduePage(
  dataSource: DataSource,
  request: {
    provinceId: number;
    period: Period;
    areaCode: ReformAreaCode | null;
    first: number;
    after: string | null;
    /** The communes whose tasks the viewer may read (policy.readableCommuneScope). */
    readable: CommuneScope;
  },
): Promise<Connection<OverdueTaskRow>> {
  // The key is "<due date>|<task id>": the list's order.
  const cursor = request.after ? decodeCursor(CURSOR_LIST, request.after, /^\d{4}-\d{2}-\d{2}\|\d+$/) : null;
  const [afterDue, afterId] = cursor ? cursor.split('|') : [null, null];
  const base = `
    WITH plans AS (
      SELECT pl.id AS plan_id, $2::text AS period, $3::date AS period_end, pl.commune_id
        FROM plan pl JOIN commune c ON c.id = pl.commune_id
       WHERE c.province_id = $1 AND pl.year = $4
         AND ($6::int[] IS NULL OR c.province_id = ANY($6)) AND ($7::int[] IS NULL OR c.id = ANY($7))
    ),
    -- Materialized: joined back by its report id, each task's progress is one probe of
    -- (report_id, task_id) instead of a walk through all of the task's reports.
    as_of AS MATERIALIZED (${asOfReportSql(COUNTED_STATUSES)}),
    overdue AS (
      SELECT t.id AS task_id, pl.commune_id, t.due_on, COALESCE(tp.status, 'NOT_STARTED') AS status,
             COALESCE(tp.percent, 0) AS percent
        FROM plans pl
        JOIN task t ON t.plan_id = pl.plan_id AND ($5::text IS NULL OR t.area_code = $5)
        LEFT JOIN as_of a ON a.plan_id = pl.plan_id
        LEFT JOIN task_progress tp ON tp.report_id = a.report_id AND tp.task_id = t.id
       WHERE t.due_on < pl.period_end AND COALESCE(tp.status, 'NOT_STARTED') NOT IN ('COMPLETED', 'CANCELLED')
    )`;
  const params = [
    request.provinceId,
    request.period.code,
    request.period.end,
    request.period.year,
    request.areaCode,
    request.readable.provinceIds,
    request.readable.communeIds,
  ];
  // One statement: the count and the page from the same overdue rows (computed once), the count
  // on every row, and on a row of nulls when the page is empty.
  const found: (Partial<OverdueTaskRow> & { total: number; sort_due: unknown; sort_id: unknown })[] =
    await dataSource.query(
      `${base}
     SELECT n.total, p.* FROM (SELECT count(*)::int AS total FROM overdue) n
     LEFT JOIN LATERAL (
       SELECT o.due_on AS sort_due, o.task_id AS sort_id, o.status, o.percent, ($3::date - o.due_on) AS "daysOverdue",
              json_build_object(${entityColumns(dataSource, Task, 't').replace(/t\."(\w+)" AS "(\w+)"/g, '\'$2\', t."$1"')}) AS task,
              json_build_object(${entityColumns(dataSource, Commune, 'c').replace(/c\."(\w+)" AS "(\w+)"/g, '\'$2\', c."$1"')}) AS commune
         -- The page first, then its tasks and communes: not every overdue task's row and JSON.
         FROM (SELECT * FROM overdue o
                WHERE $8::date IS NULL OR (o.due_on, o.task_id) > ($8::date, $9::int)
                ORDER BY o.due_on, o.task_id LIMIT $10) o
         JOIN task t ON t.id = o.task_id JOIN commune c ON c.id = o.commune_id) p ON true
     ORDER BY p.sort_due, p.sort_id`,
      [...params, afterDue, afterId === null ? null : Number(afterId), request.first + 1],
    );
  const total = found[0]?.total ?? 0;
  const rows = found
    .filter((row) => row.task !== null)
    .map(({ total: _total, sort_due: _due, sort_id: _id, ...row }) => row as OverdueTaskRow);
  return toConnection(rows, request, total, (row) =>
    encodeCursor(CURSOR_LIST, `${row.task.dueOn}|${row.task.id}`),
  );
}
