import type { DataSource } from 'typeorm';
import { entityColumns, groupByKey } from '../../core/db/sql';
import { INTEGER_KEY, decodeCursor, encodeCursor, toConnection } from '../../core/pagination';
import type { Connection } from '../../core/pagination';
import type { RequestContext } from '../../core/request-context';
import type { Plan } from '../plan/plan.entity';
import type { PlanAreaView } from '../plan/plan.type';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';
import { Task } from './task.entity';
import type { PlanTasksArgs } from './task.type';

export interface TaskPageRequest {
  areaCode: ReformAreaCode | null;
  first: number;
  after: string | null;
}

const CURSOR_LIST = 'task';
const taskCursor = (task: Task) => encodeCursor(CURSOR_LIST, task.position);

/**
 * Pages of tasks of several plans in one statement: per plan a LATERAL count and a LATERAL page
 * in table order (uq_task_plan_position / ix_task_plan_area_position serve both).
 */
export async function taskPages(
  dataSource: DataSource,
  planIds: readonly number[],
  request: TaskPageRequest,
): Promise<Connection<Task>[]> {
  const afterPosition = request.after ? Number(decodeCursor(CURSOR_LIST, request.after, INTEGER_KEY)) : null;
  const filter = `t.plan_id = k.plan_id AND ($2::text IS NULL OR t.area_code = $2)`;
  const rows: (Task & { keyPlanId: number; total: number })[] = await dataSource.query(
    `SELECT k.plan_id AS "keyPlanId", c.total, page.*
       FROM unnest($1::int[]) AS k(plan_id)
       CROSS JOIN LATERAL (SELECT count(*)::int AS total FROM task t WHERE ${filter}) c
       LEFT JOIN LATERAL (
         SELECT ${entityColumns(dataSource, Task, 't')} FROM task t
          WHERE ${filter} AND ($3::int IS NULL OR t.position > $3)
          ORDER BY t.position LIMIT $4
       ) page ON TRUE`,
    [planIds, request.areaCode, afterPosition, request.first + 1],
  );
  return groupByKey(planIds, rows, (row) => row.keyPlanId).map((group) =>
    toConnection(
      group.filter((row) => row.id !== null).map(({ keyPlanId: _k, total: _t, ...task }) => task as Task),
      request,
      group[0]?.total ?? 0,
      taskCursor,
    ),
  );
}

/** Plan.tasks: a page of the plan's tasks, batched with every plan asking for the same page. */
export function tasksOfPlan(ctx: RequestContext, plan: Plan, args: PlanTasksArgs): Promise<Connection<Task>> {
  return ctx.loaders.taskPagesByPlan.load({
    parentId: plan.id,
    areaCode: args.areaCode ?? null,
    first: args.first,
    after: args.after ?? null,
  });
}

/** PlanArea.tasks: the plan's tasks of one area, in table order (all tasks of the plan, batched). */
export async function tasksOfPlanArea(ctx: RequestContext, view: PlanAreaView): Promise<Task[]> {
  return (await ctx.loaders.allTasksByPlanId.load(view.planId)).filter(
    (task) => task.areaCode === view.areaCode,
  );
}

/** PlanArea.taskCount: how many tasks the plan has in the area. */
export async function taskCountOfPlanArea(ctx: RequestContext, view: PlanAreaView): Promise<number> {
  return (await tasksOfPlanArea(ctx, view)).length;
}
