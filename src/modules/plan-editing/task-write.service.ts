import type { EntityManager } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import {
  NO_LOCK,
  changesOf,
  checkVersion,
  lockRow,
  queryRows,
  writeTransaction,
} from '../../core/db/transaction';
import { BadUserInputError } from '../../core/errors';
import type { RequestContext } from '../../core/request-context';
import type { Viewer } from '../../core/viewer';
import type { DeleteArgs } from '../../core/write.args';
import { readTaskCells } from '../../parsing/plan-cells';
import { AuditAction, AuditEntity } from '../audit/audit.enums';
import { deleteAudited, updateAudited, writeAudit } from '../audit/audit.service';
import type { AuditScope } from '../audit/audit.service';
import { Indicator } from '../indicator/indicator.entity';
import { IndicatorCell } from '../indicator/indicator.enums';
import { editablePlan } from '../plan/plan-write-guards';
import { TaskProgress } from '../report/task-progress.entity';
import { Task } from '../task/task.entity';
import { assertOnlyDrafts, reportsReferring, shorten } from './received-reports.service';
import type { CreateTaskInput, UpdateTaskArgs } from './task.inputs';

const CELLS = [
  'ordinal',
  'objective',
  'activities',
  'outputs',
  'leadUnit',
  'coordinatingUnits',
  'monitoringUnit',
  'timeText',
  'budgetText',
  'note',
] as const;

/** Adds a task row to a plan (createTask); its time and budget cells are read by the same parsers as an import. */
export function createTask(ctx: RequestContext, input: CreateTaskInput): Promise<Task> {
  const { viewer } = ctx;
  return writeTransaction(ctx.dataSource, async (manager) => {
    // The plan row lock serialises structural edits of one plan (positions), nothing else.
    const { plan, scope } = await editablePlan(
      manager,
      viewer,
      Number(input.planId),
      'FOR NO KEY UPDATE',
      'add tasks',
    );
    let position: number;
    if (input.beforeTaskId) {
      const [before] = await manager.query('SELECT position FROM task WHERE id = $1 AND plan_id = $2', [
        Number(input.beforeTaskId),
        plan.id,
      ]);
      if (!before) {
        throw new BadUserInputError(
          `Task ${input.beforeTaskId} is not a task of plan ${plan.id}: give a task of the same plan, or leave beforeTaskId out to add the row at the end.`,
          'input.beforeTaskId',
        );
      }
      position = before.position;
      // Move the rows from there down by one, in two steps: uq_task_plan_position is checked per row.
      await manager.query(
        'UPDATE task SET position = -(position + 1) WHERE plan_id = $1 AND position >= $2',
        [plan.id, position],
      );
      await manager.query('UPDATE task SET position = -position WHERE plan_id = $1 AND position < 0', [
        plan.id,
      ]);
    } else {
      const [{ last }] = await manager.query(
        'SELECT COALESCE(max(position), 0) AS last FROM task WHERE plan_id = $1',
        [plan.id],
      );
      position = last + 1;
    }
    const [{ place }] = await manager.query(
      'SELECT count(*)::int + 1 AS place FROM task WHERE plan_id = $1 AND position < $2',
      [plan.id, position],
    );
    const cells = Object.fromEntries(CELLS.map((cell) => [cell, input[cell] ?? null])) as Record<
      (typeof CELLS)[number],
      string | null
    >;
    const parsed = readTaskCells(cells, plan.year);
    const [task] = await queryRows<Task>(
      manager,
      `INSERT INTO task (plan_id, area_code, position, ordinal, objective, name, activities, outputs, lead_unit,
                         coordinating_units, monitoring_unit, time_text, milestones, due_on, budget_text,
                         budget_million_vnd, note, parse_warnings)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15, $16, $17, $18::jsonb)
       RETURNING ${entityColumns(manager.connection, Task, 'task')}`,
      [
        plan.id,
        input.areaCode,
        position,
        cells.ordinal ?? String(place),
        cells.objective,
        input.name,
        cells.activities,
        cells.outputs,
        cells.leadUnit,
        cells.coordinatingUnits,
        cells.monitoringUnit,
        cells.timeText,
        JSON.stringify(parsed.milestones),
        parsed.dueOn,
        cells.budgetText,
        parsed.budgetMillionVnd,
        cells.note,
        JSON.stringify(parsed.parseWarnings),
      ],
    );
    await writeAudit(manager, viewer, scope, [
      { entity: AuditEntity.TASK, entityId: task.id, action: AuditAction.CREATE, new: task },
    ]);
    return task;
  });
}

/** Changes a task's cells (updateTask); the parsed fields (milestones, due date, budget, warnings) follow. */
export function updateTask(ctx: RequestContext, args: UpdateTaskArgs): Promise<Task> {
  const { viewer } = ctx;
  const { version, input } = args;
  return writeTransaction(ctx.dataSource, async (manager) => {
    const task = await lockRow(manager, Task, Number(args.id), 'FOR NO KEY UPDATE', 'Task');
    // The task's row lock serialises the change; the plan is only read.
    const { plan, scope } = await editablePlan(manager, viewer, task.planId, NO_LOCK, 'change tasks', {
      what: 'Task',
      key: task.id,
    });
    for (const field of ['name', 'areaCode', 'ordinal'] as const) {
      if (input[field] === null) {
        throw new BadUserInputError(
          `A task needs ${field === 'areaCode' ? 'a reform area' : `a ${field}`}: it cannot be cleared.`,
          `input.${field}`,
        );
      }
    }
    checkVersion(task, version, 'Task');
    const next: Partial<Task> = {
      areaCode: input.areaCode ?? undefined,
      name: input.name ?? undefined,
      ...Object.fromEntries(CELLS.map((cell) => [cell, input[cell]])),
    };
    const parsed = readTaskCells(
      {
        timeText: input.timeText !== undefined ? input.timeText : task.timeText,
        budgetText: input.budgetText !== undefined ? input.budgetText : task.budgetText,
      },
      plan.year,
    );
    const changes = changesOf(task, { ...next, ...parsed });
    if (!Object.keys(changes).length) return task;
    return updateAudited(manager, viewer, scope, {
      entity: AuditEntity.TASK,
      target: Task,
      row: task,
      version,
      changes,
      what: 'Task',
    });
  });
}

/**
 * Deletes a task (deleteTask); returns its id. Refused (CONFLICT) while a report the province has
 * received (SUBMITTED, APPROVED, RETURNED) states its progress: that report must keep saying what
 * it said; such a task is marked CANCELLED in later reports instead. Its progress in unsent DRAFT
 * reports is deleted with it, and indicators stated in its row lose the link; all of it audited.
 */
export function deleteTask(ctx: RequestContext, args: DeleteArgs): Promise<string> {
  const { viewer } = ctx;
  const id = Number(args.id);
  return writeTransaction(ctx.dataSource, async (manager) => {
    // FOR UPDATE on the task: no report can add progress for it until this commits.
    const task = await lockRow(manager, Task, id, 'FOR UPDATE', 'Task');
    const { scope } = await editablePlan(manager, viewer, task.planId, NO_LOCK, 'delete tasks', {
      what: 'Task',
      key: id,
    });
    checkVersion(task, args.version, 'Task');
    // FOR SHARE on the reports: none of them can be submitted meanwhile.
    const reports = await reportsReferring(manager, { table: 'task_progress', column: 'task_id' }, id);
    assertOnlyDrafts(
      reports,
      `Task ${id} ("${shorten(task.name)}")`,
      'Mark it CANCELLED in the next report instead.',
    );
    await deleteAudited(manager, viewer, scope, {
      entity: AuditEntity.TASK_PROGRESS,
      target: TaskProgress,
      where: 'task_id = $1',
      params: [id],
    });
    await unlinkIndicators(manager, viewer, scope, id);
    await deleteAudited(manager, viewer, scope, {
      entity: AuditEntity.TASK,
      target: Task,
      where: 'id = $1',
      params: [id],
    });
    return String(id);
  });
}

/** Indicators stated in a task's row keep existing without the link when the task goes. */
async function unlinkIndicators(manager: EntityManager, viewer: Viewer, scope: AuditScope, taskId: number) {
  const linked = await queryRows<Indicator>(
    manager,
    `SELECT ${entityColumns(manager.connection, Indicator, 'i')} FROM indicator i WHERE i.task_id = $1 ORDER BY i.id FOR NO KEY UPDATE`,
    [taskId],
  );
  for (const indicator of linked) {
    await updateAudited(manager, viewer, scope, {
      entity: AuditEntity.INDICATOR,
      target: Indicator,
      row: indicator,
      version: indicator.version,
      changes: { taskId: null, statedIn: IndicatorCell.KEY_INDICATORS },
      what: 'Indicator',
    });
  }
}
