import { copyLines } from '../../core/db/copy-lines';
import type { LineBatch } from '../../core/db/copy-lines';
import type { RequestContext } from '../../core/request-context';
import { ATTAINMENT, DAYS_OVERDUE, indicatorRowsSql, taskRowsSql } from '../overdue/as-of.service';
import type { AsOfScope, BatchValues, PlanBatch, PlanPlace } from '../overdue/as-of.service';
import { planBatches } from './export.batches';
import { lineSegment } from './export.formats';
import type { ExportRow, LineFormat } from './export.formats';
import { INDICATOR_EXPORT_COLUMNS, TASK_EXPORT_COLUMNS } from './export.kinds';
import type { ExportColumn, ExportLang } from './export.kinds';
import {
  lineEndSql,
  lineSegmentSql,
  sqlBoolean,
  sqlDay,
  sqlIntegers,
  sqlText,
  sqlTexts,
} from './export.sql-cells';
import type { SqlValue } from './export.sql-cells';

/**
 * CSV and NDJSON lines of the task and indicator lists built whole in PostgreSQL (issue #12): each
 * row of the statement is one finished line, the bytes the list's rows would become in the row
 * writers, read through binary COPY (core/db/copy-lines.ts) and written as they are. The server
 * then decodes no field and builds no row: its CPU per row, the bound of a national list, falls to
 * copying bytes. XLSX keeps the rows (exceljs needs cells).
 *
 * The same rows as the row path, by construction: the statement is the row path's (taskRowsSql,
 * indicatorRowsSql in as-of.service.ts) with its values as literals; only the select list differs.
 * The parts of a line known before the statement runs are formatted here by the writers' own code
 * (lineSegment): a plan's place and year (and the period), once per plan; an area's code and name,
 * once per area. The rest of the line is formatted by the writers' SQL twins (export.sql-cells.ts).
 */

/** How a list's lines are made: its columns in three parts, and its statement. */
interface ListLines {
  columns: ExportColumn[];
  /** The columns a line starts with, the same for every row of a plan: taken from the batch. */
  planPart: string[];
  /** The values of the columns after the plan's and the area's, in the statement. */
  values: Record<string, SqlValue>;
  /** The plan id and the area code of a row, in the statement. */
  planId: string;
  areaCode: string;
  /** The statement, selecting `select` after `joins`, in the list's order. */
  statement: (select: string, joins: string) => string;
}

/** The columns after the plan's: an area's code and name (the same for every row of the area). */
const AREA_PART = ['areaCode', 'areaName'];

/** The parts must be the list's columns, in order: a new column needs its place here. */
function checked(list: ListLines): ListLines {
  const keys = list.columns.map((c) => c.key);
  const expected = [...list.planPart, ...AREA_PART, ...Object.keys(list.values)];
  if (keys.join() !== expected.join()) {
    throw new Error(
      `export.lines.ts lays out ${expected.join(', ')}, but the columns are ${keys.join(', ')}.`,
    );
  }
  return list;
}

/** The values of a batch's statement as literals (a COPY takes no bind parameters). */
const batchValues = (batch: PlanBatch, scope: AsOfScope): BatchValues => ({
  planIds: sqlIntegers([...batch.plans.keys()]),
  period: sqlText(scope.period.code),
  periodEnd: sqlDay(scope.period.end),
  area: scope.areaCode === null ? 'NULL' : sqlText(scope.areaCode),
});

/** The lines of a batch of plans: one statement, no bind parameters. */
function batchLinesSql(
  list: ListLines,
  batch: PlanBatch,
  planRow: (place: PlanPlace) => ExportRow,
  format: LineFormat,
  lang: ExportLang,
  areaNames: ReadonlyMap<string, string>,
): string {
  const { columns } = list;
  const planEnd = list.planPart.length;
  const areaEnd = planEnd + AREA_PART.length;
  const planIds = [...batch.plans.keys()];
  const planStarts = [...batch.plans.values()].map((place) =>
    lineSegment(format, lang, columns, 0, planEnd, planRow(place)),
  );
  const areaCodes = [...areaNames.keys()];
  const areaParts = areaCodes.map((code) =>
    lineSegment(format, lang, columns, planEnd, areaEnd, { areaCode: code, areaName: areaNames.get(code)! }),
  );
  // An area without a name (none, with reform_area's foreign key) has an empty one, as in the rows.
  const unnamedArea = lineSegmentSql(format, lang, columns, planEnd, areaEnd, {
    areaCode: { sql: list.areaCode, kind: 'text' },
    areaName: { sql: 'NULL::text', kind: 'text' },
  });
  const line = [
    'pp.line_start',
    `COALESCE(aa.part, ${unnamedArea})`,
    lineSegmentSql(format, lang, columns, areaEnd, columns.length, list.values),
    lineEndSql(format),
  ].join(' || ');
  return list.statement(
    `${line} AS line`,
    `JOIN unnest(${sqlIntegers(planIds)}, ${sqlTexts(planStarts)}) AS pp(plan_id, line_start)
       ON pp.plan_id = ${list.planId}
     LEFT JOIN unnest(${sqlTexts(areaCodes)}, ${sqlTexts(areaParts)}) AS aa(code, part)
       ON aa.code = ${list.areaCode}`,
  );
}

const PLACE_AND_YEAR = ['provinceCode', 'provinceName', 'communeCode', 'communeName', 'year'];

/** The task list (taskRowsSql's `r` and `o`): TASK_EXPORT_COLUMNS. */
const taskLines = (scope: AsOfScope, batch: PlanBatch, options: { overdueOnly: boolean }) =>
  checked({
    columns: TASK_EXPORT_COLUMNS,
    planPart: [...PLACE_AND_YEAR, 'period'],
    values: {
      ordinal: { sql: 'r.ordinal', kind: 'text' },
      name: { sql: 'r.name', kind: 'text' },
      leadUnit: { sql: 'r.lead_unit', kind: 'text' },
      timeText: { sql: 'r.time_text', kind: 'text' },
      milestones: { sql: 'r.milestones_text', kind: 'text' },
      dueOn: { sql: 'r.due_on', kind: 'date' },
      status: { sql: 'r.status', kind: 'text' },
      percent: { sql: 'r.percent', kind: 'integer' },
      overdue: { sql: 'o.overdue', kind: 'boolean' },
      daysOverdue: { sql: DAYS_OVERDUE, kind: 'integer' },
    },
    planId: 'r.plan_id',
    areaCode: 'r.area_code',
    statement: (select, joins) =>
      taskRowsSql(
        { ...batchValues(batch, scope), overdueOnly: sqlBoolean(options.overdueOnly) },
        select,
        joins,
      ),
  });

/** The indicator list (indicatorRowsSql's `pl`, `i`, `v`, `m`): INDICATOR_EXPORT_COLUMNS. */
const indicatorLines = (scope: AsOfScope, batch: PlanBatch) =>
  checked({
    columns: INDICATOR_EXPORT_COLUMNS,
    planPart: PLACE_AND_YEAR,
    values: {
      ordinal: { sql: 'i.ordinal', kind: 'text' },
      name: { sql: 'i.name', kind: 'text' },
      targetText: { sql: 'i.target_text', kind: 'text' },
      comparator: { sql: 'i.comparator', kind: 'text' },
      // numeric as the row path reads it: float8 (and a JS number).
      targetValue: { sql: 'i.target_value::float8', kind: 'float' },
      targetMax: { sql: 'i.target_max::float8', kind: 'float' },
      unit: { sql: 'i.unit', kind: 'text' },
      actualValue: { sql: 'v.actual_value::float8', kind: 'float' },
      attainment: { sql: ATTAINMENT, kind: 'text' },
    },
    planId: 'pl.plan_id',
    areaCode: 'i.area_code',
    statement: (select, joins) => indicatorRowsSql(batchValues(batch, scope), select, joins),
  });

/** The statement of a batch of the task list's lines (exported for the tests). */
export const taskLinesSql = (
  batch: PlanBatch,
  scope: AsOfScope,
  options: { overdueOnly: boolean },
  format: LineFormat,
  lang: ExportLang,
  areaNames: ReadonlyMap<string, string>,
): string =>
  batchLinesSql(
    taskLines(scope, batch, options),
    batch,
    (place) => ({ ...place, period: scope.period.code }),
    format,
    lang,
    areaNames,
  );

/** The task list of one period as lines, plan batch by plan batch, read ahead as the rows are. */
export function taskLineBatches(
  ctx: RequestContext,
  scope: AsOfScope,
  options: { overdueOnly: boolean },
  format: LineFormat,
  lang: ExportLang,
  areaNames: ReadonlyMap<string, string>,
): AsyncIterable<LineBatch> {
  return planBatches(
    ctx,
    scope,
    (batch) => copyLines(ctx.dataSource, taskLinesSql(batch, scope, options, format, lang, areaNames)),
    (lines) => lines.rows,
  );
}

/** The indicator list as lines, plan batch by plan batch. */
export function indicatorLineBatches(
  ctx: RequestContext,
  scope: AsOfScope,
  format: LineFormat,
  lang: ExportLang,
  areaNames: ReadonlyMap<string, string>,
): AsyncIterable<LineBatch> {
  return planBatches(
    ctx,
    scope,
    (batch) =>
      copyLines(
        ctx.dataSource,
        batchLinesSql(
          indicatorLines(scope, batch),
          batch,
          (place) => ({ ...place }),
          format,
          lang,
          areaNames,
        ),
      ),
    (lines) => lines.rows,
  );
}
