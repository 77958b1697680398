import type { EntityManager } from 'typeorm';
import { periodArgument } from '../../core/period.args';
import type { Period } from '../../core/period';
import { entityColumns } from '../../core/db/sql';
import { NO_LOCK, queryRows, snapshot, writeTransaction } from '../../core/db/transaction';
import { BadUserInputError, ConflictError } from '../../core/errors';
import type { InputProblem } from '../../core/errors';
import { AuditAction, AuditEntity } from '../audit/audit.enums';
import { writeAudit } from '../audit/audit.service';
import type { AuditChange } from '../audit/audit.service';
import type { RequestContext } from '../../core/request-context';
import { IndicatorUnit } from '../indicator/indicator.enums';
import { idempotent } from '../idempotency/idempotency.service';
import type { ResultCodec } from '../idempotency/idempotency.service';
import { editablePlan } from '../plan/plan-write-guards';
import { reportFromJson } from './report-workflow.service';
import { IndicatorValue } from './indicator-value.entity';
import { ReportStatus, TaskStatus } from './report.enums';
import type {
  IndicatorValueInput,
  SaveReportDraftArgs,
  SaveReportDraftResult,
  TaskProgressInput,
} from './report.inputs';
import { StatusReport } from './status-report.entity';
import { TaskProgress } from './task-progress.entity';

/** A draft save's result as an idempotency key stores it. */
const draftCodec: ResultCodec<SaveReportDraftResult> = {
  toJson: (result) => snapshot(result),
  fromJson: (json) => {
    const result = json as SaveReportDraftResult;
    return { ...result, report: reportFromJson(result.report) };
  },
};

/** The states in which the commune may still change a report's contents. */
export const EDITABLE_STATUSES: readonly ReportStatus[] = [ReportStatus.DRAFT, ReportStatus.RETURNED];

/**
 * Saves task progress and indicator values into the plan's report for a period, creating it as a
 * DRAFT when missing, in one transaction.
 *
 * Locking, so that many officers can fill in one report at once: the report row is only
 * share-locked (FOR SHARE: no submit, approve or return can happen meanwhile, but other draft
 * saves can), and each task_progress / indicator_value row carries its own version. Only the rows
 * this save changes are locked and bumped, so saves of different tasks never collide, and two
 * saves of the same task from the same version give one success and one CONFLICT.
 */
export function saveReportDraft(
  ctx: RequestContext,
  args: SaveReportDraftArgs,
): Promise<SaveReportDraftResult> {
  const { viewer } = ctx;
  return writeTransaction(ctx.dataSource, async (manager) => {
    // No plan lock: draft saves of one plan run side by side; the report's share lock below holds
    // off submits and deletions.
    const { plan, scope, label } = await editablePlan(
      manager,
      viewer,
      Number(args.planId),
      NO_LOCK,
      'save reports',
    );
    const period = periodArgument(args.period);
    if (period.year !== plan.year) {
      throw new BadUserInputError(
        `Period "${period.code}" lies outside the plan year: reports on the ${plan.year} plan of ${label} are for ${plan.year}, ${plan.year}Q1–${plan.year}Q4 or ${plan.year}-01–${plan.year}-12.`,
        'period',
      );
    }
    const { idempotencyKey, ...request } = args;
    return idempotent(
      manager,
      viewer,
      { key: idempotencyKey, mutation: 'saveReportDraft', args: { ...request } },
      draftCodec,
      async () => {
        await checkItems(manager, plan.id, args);

        const { report, created } = await reportForDraft(manager, plan.id, period);
        if (!EDITABLE_STATUSES.includes(report.status)) {
          throw new ConflictError(
            report.status === ReportStatus.APPROVED
              ? `The ${period.code} report of ${label} is APPROVED and locked; the province can reopen it (reopenReport). Nothing was saved.`
              : `The ${period.code} report of ${label} is SUBMITTED and waits for the province's review; it can be changed again once returned. Nothing was saved.`,
          );
        }
        const changes: AuditChange[] = created
          ? [
              {
                entity: AuditEntity.STATUS_REPORT,
                entityId: report.id,
                action: AuditAction.CREATE,
                new: report,
              },
            ]
          : [];

        const taskProgress = await saveRows<TaskProgressInput, TaskProgress>(manager, report, period, {
          items: args.taskProgress,
          entity: AuditEntity.TASK_PROGRESS,
          table: 'task_progress',
          target: TaskProgress,
          key: { column: 'task_id', property: 'taskId', of: (item) => Number(item.taskId), noun: 'task' },
          rowNoun: 'progress',
          fields: [
            { column: 'status', property: 'status', type: 'text', of: (item) => item.status },
            { column: 'percent', property: 'percent', type: 'smallint', of: (item) => item.percent },
            { column: 'note', property: 'note', type: 'text', of: (item) => item.note ?? null },
          ],
          changes,
        });
        const indicatorValues = await saveRows<IndicatorValueInput, IndicatorValue>(manager, report, period, {
          items: args.indicatorValues,
          entity: AuditEntity.INDICATOR_VALUE,
          table: 'indicator_value',
          target: IndicatorValue,
          key: {
            column: 'indicator_id',
            property: 'indicatorId',
            of: (item) => Number(item.indicatorId),
            noun: 'indicator',
          },
          rowNoun: 'value',
          fields: [
            {
              column: 'actual_value',
              property: 'actualValue',
              type: 'numeric',
              of: (item) => item.actualValue ?? null,
            },
            { column: 'note', property: 'note', type: 'text', of: (item) => item.note ?? null },
          ],
          changes,
        });
        await writeAudit(manager, viewer, scope, changes);
        return { report, reportCreated: created, taskProgress, indicatorValues };
      },
    );
  });
}

/**
 * Every input problem at once (BAD_USER_INPUT, field = the first), before anything is written:
 * repeated items, status/percent contradictions, tasks and indicators of another plan, values in
 * the wrong unit or out of range.
 */
async function checkItems(manager: EntityManager, planId: number, args: SaveReportDraftArgs): Promise<void> {
  const problems: InputProblem[] = [];
  const problem = (field: string, message: string) =>
    problems.push({ field, message: `${field}: ${message}` });

  const taskIds = args.taskProgress.map((item) => Number(item.taskId));
  const indicatorIds = args.indicatorValues.map((item) => Number(item.indicatorId));
  const [tasks, indicators] = await Promise.all([
    manager.query('SELECT id FROM task WHERE id = ANY($1) AND plan_id = $2', [taskIds, planId]) as Promise<
      { id: number }[]
    >,
    manager.query('SELECT id, unit, name FROM indicator WHERE id = ANY($1) AND plan_id = $2', [
      indicatorIds,
      planId,
    ]) as Promise<{ id: number; unit: IndicatorUnit | null; name: string }[]>,
  ]);
  const taskOfPlan = new Set(tasks.map((t) => t.id));
  const indicatorOfPlan = new Map(indicators.map((i) => [i.id, i]));

  const firstTask = new Map<number, number>();
  args.taskProgress.forEach((item, i) => {
    const at = `taskProgress[${i}]`;
    const id = taskIds[i];
    if (firstTask.has(id)) {
      problem(
        `${at}.taskId`,
        `task ${id} is given twice (also taskProgress[${firstTask.get(id)}]); give each task once`,
      );
    } else firstTask.set(id, i);
    if (!taskOfPlan.has(id)) problem(`${at}.taskId`, `task ${id} is not a task of plan ${planId}`);
    if (item.status === TaskStatus.COMPLETED && item.percent !== 100) {
      problem(
        `${at}.percent`,
        `a COMPLETED task is 100% done, not ${item.percent}%; use IN_PROGRESS or percent 100`,
      );
    }
    if (item.status === TaskStatus.NOT_STARTED && item.percent !== 0) {
      problem(
        `${at}.percent`,
        `a NOT_STARTED task is 0% done, not ${item.percent}%; use IN_PROGRESS or percent 0`,
      );
    }
  });

  const firstIndicator = new Map<number, number>();
  args.indicatorValues.forEach((item, i) => {
    const at = `indicatorValues[${i}]`;
    const id = indicatorIds[i];
    if (firstIndicator.has(id)) {
      problem(
        `${at}.indicatorId`,
        `indicator ${id} is given twice (also indicatorValues[${firstIndicator.get(id)}]); give each indicator once`,
      );
    } else firstIndicator.set(id, i);
    const indicator = indicatorOfPlan.get(id);
    if (!indicator) {
      problem(`${at}.indicatorId`, `indicator ${id} is not an indicator of plan ${planId}`);
      return;
    }
    if (item.unit && indicator.unit && item.unit !== indicator.unit) {
      problem(
        `${at}.unit`,
        `indicator ${id} ("${indicator.name}") is measured in ${indicator.unit}, not ${item.unit}; give the value in ${indicator.unit}`,
      );
      return;
    }
    const value = item.actualValue;
    if (value === null || value === undefined) return;
    if (indicator.unit === IndicatorUnit.PERCENT && (value < 0 || value > 100)) {
      problem(`${at}.actualValue`, `indicator ${id} is a percentage: ${value} is not within 0–100`);
    } else if (indicator.unit === IndicatorUnit.COUNT && (value < 0 || !Number.isInteger(value))) {
      problem(`${at}.actualValue`, `indicator ${id} is a count: ${value} is not a whole number of 0 or more`);
    } else if (value < 0) {
      problem(`${at}.actualValue`, `${value} is negative; indicator values are 0 or more`);
    }
  });

  if (problems.length) {
    const shown = problems.slice(0, 10).map((p) => p.message);
    const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
    throw new BadUserInputError(`The draft was not saved: ${shown.join('; ')}${more}.`, problems[0].field, {
      problems,
    });
  }
}

/**
 * The plan's report for the period, created as DRAFT when missing, share-locked. INSERT … ON
 * CONFLICT DO NOTHING makes concurrent first saves safe: the others wait on the unique key until
 * the creator commits, then find the report.
 */
async function reportForDraft(
  manager: EntityManager,
  planId: number,
  period: Period,
): Promise<{ report: StatusReport; created: boolean }> {
  const columns = entityColumns(manager.connection, StatusReport, 'status_report');
  const inserted = await queryRows<StatusReport>(
    manager,
    `INSERT INTO status_report (plan_id, period, period_start, period_end) VALUES ($1, $2, $3, $4)
     ON CONFLICT (plan_id, period) DO NOTHING RETURNING ${columns}`,
    [planId, period.code, period.start, period.end],
  );
  const [report] = await queryRows<StatusReport>(
    manager,
    `SELECT ${columns} FROM status_report WHERE plan_id = $1 AND period = $2 FOR SHARE`,
    [planId, period.code],
  );
  return { report, created: inserted.length > 0 };
}

interface RowSpec<I, R> {
  items: I[];
  entity: AuditEntity;
  table: 'task_progress' | 'indicator_value';
  target: typeof TaskProgress | typeof IndicatorValue;
  key: { column: string; property: keyof R & string; of: (item: I) => number; noun: string };
  /** What one row is of its task or indicator ("progress", "value"), for messages. */
  rowNoun: string;
  fields: { column: string; property: keyof R & string; type: string; of: (item: I) => unknown }[];
  /** Audit entries are appended here. */
  changes: AuditChange[];
}

type ItemRow = { id: number; version: number };
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const field = (row: object, property: string) => (row as Record<string, unknown>)[property];

/**
 * Creates or updates one kind of report row, set-based: lock the existing rows (in key order, so
 * concurrent saves cannot deadlock), check every version, insert the new rows, then the
 * conditional UPDATE … WHERE id = u.id AND version = u.version, counting what it changed.
 */
async function saveRows<I extends { version?: number | null }, R extends ItemRow>(
  manager: EntityManager,
  report: StatusReport,
  period: Period,
  spec: RowSpec<I, R>,
): Promise<R[]> {
  if (!spec.items.length) return [];
  const columns = entityColumns(manager.connection, spec.target, spec.table);
  const items = [...spec.items].sort((a, b) => spec.key.of(a) - spec.key.of(b));
  const keys = items.map(spec.key.of);
  const what = (key: number) => `the ${spec.rowNoun} of ${spec.key.noun} ${key} in the ${period.code} report`;

  const existing = await queryRows<R>(
    manager,
    `SELECT ${columns} FROM ${spec.table} WHERE report_id = $1 AND ${spec.key.column} = ANY($2)
      ORDER BY ${spec.key.column} FOR UPDATE`,
    [report.id, keys],
  );
  const existingByKey = new Map(existing.map((row) => [field(row, spec.key.property) as number, row]));
  const stale: string[] = [];
  for (const item of items) {
    const key = spec.key.of(item);
    const row = existingByKey.get(key);
    if (row && !item.version) {
      stale.push(
        `${capitalize(what(key))} already exists at version ${row.version}: send that version to change it`,
      );
    } else if (!row && item.version) {
      stale.push(
        `${capitalize(what(key))} does not exist yet (you sent version ${item.version}): leave version out to create it`,
      );
    } else if (row && item.version !== row.version) {
      stale.push(
        `${capitalize(what(key))} was changed by someone else (you sent version ${item.version}; it is at ${row.version})`,
      );
    }
  }
  if (stale.length) {
    throw new ConflictError(
      `${stale.slice(0, 5).join('; ')}${stale.length > 5 ? ` (and ${stale.length - 5} more)` : ''}. Reload and apply your changes again. Nothing was saved.`,
    );
  }

  const toInsert = items.filter((item) => !existingByKey.has(spec.key.of(item)));
  const toUpdate = items.filter((item) => {
    const row = existingByKey.get(spec.key.of(item));
    return (
      row &&
      spec.fields.some((f) => JSON.stringify(f.of(item)) !== JSON.stringify(field(row, f.property) ?? null))
    );
  });
  const arrays = (list: I[]) => spec.fields.map((f) => list.map(f.of));
  const unnestColumns = (first: number) => spec.fields.map((f, i) => `$${first + i}::${f.type}[]`).join(', ');
  const fieldNames = spec.fields.map((f) => f.column);

  const inserted = toInsert.length
    ? await queryRows<R>(
        manager,
        `INSERT INTO ${spec.table} (report_id, ${spec.key.column}, ${fieldNames.join(', ')})
         SELECT $1, u.key, ${fieldNames.map((n) => `u.${n}`).join(', ')}
           FROM unnest($2::int[], ${unnestColumns(3)}) WITH ORDINALITY AS u(key, ${fieldNames.join(', ')}, n)
          ORDER BY u.n
         ON CONFLICT (report_id, ${spec.key.column}) DO NOTHING
         RETURNING ${columns}`,
        [report.id, toInsert.map(spec.key.of), ...arrays(toInsert)],
      )
    : [];
  if (inserted.length !== toInsert.length) {
    const got = new Set(inserted.map((row) => field(row, spec.key.property) as number));
    const lost = toInsert.map(spec.key.of).filter((key) => !got.has(key));
    throw new ConflictError(
      `${capitalize(lost.map(what).join(', '))} was created by someone else at the same moment. Reload and apply your changes again. Nothing was saved.`,
    );
  }

  const updated = toUpdate.length
    ? await queryRows<R>(
        manager,
        `UPDATE ${spec.table} t SET ${fieldNames.map((n) => `${n} = u.${n}`).join(', ')}, version = t.version + 1
           FROM unnest($1::int[], $2::int[], ${unnestColumns(3)}) AS u(id, version, ${fieldNames.join(', ')})
          WHERE t.id = u.id AND t.version = u.version
         RETURNING ${columns.replaceAll(`${spec.table}."`, 't."')}`,
        [
          toUpdate.map((item) => existingByKey.get(spec.key.of(item))!.id),
          toUpdate.map((item) => item.version),
          ...arrays(toUpdate),
        ],
      )
    : [];
  if (updated.length !== toUpdate.length) {
    // Cannot happen while the rows are locked above; the conditional UPDATE is the last guard.
    throw new ConflictError(
      `A ${spec.rowNoun} row of the ${period.code} report changed meanwhile. Nothing was saved.`,
    );
  }

  for (const row of inserted) {
    spec.changes.push({ entity: spec.entity, entityId: row.id, action: AuditAction.CREATE, new: row });
  }
  for (const row of updated) {
    const old = existingByKey.get(field(row, spec.key.property) as number);
    spec.changes.push({ entity: spec.entity, entityId: row.id, action: AuditAction.UPDATE, old, new: row });
  }
  const saved = new Map<number, R>(
    [...existing, ...inserted, ...updated].map((row) => [field(row, spec.key.property) as number, row]),
  );
  return spec.items.map((item) => saved.get(spec.key.of(item))!);
}
