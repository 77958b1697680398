/**
 * The measures of a roll-up row, in one table: adding a measure is one entry here. From it come the
 * SELECT list of the roll-up statement, the RollupRow GraphQL fields and their TypeScript types, and
 * the RollupMeasure enum of `having` / `orderBy` (semantics: docs/ROLLUPS.md).
 *
 * `sql` aggregates the `g` rows of the statement, whose columns are plan_rollup's counts (COUNTS in
 * rollup.service.ts). `type` is `Int` for a count, never null, or `Float` for a rate (a fraction
 * 0–1), null when its denominator is 0.
 */
export const ROLLUP_MEASURES = {
  taskCount: {
    type: 'Int',
    sql: 'sum(g.tasks)::int',
    description: 'Tasks of the plans in scope.',
  },
  completedCount: {
    type: 'Int',
    sql: 'sum(g.completed)::int',
    description: 'Tasks reported COMPLETED.',
  },
  inProgressCount: {
    type: 'Int',
    sql: 'sum(g.in_progress)::int',
    description: 'Tasks reported IN_PROGRESS.',
  },
  notStartedCount: {
    type: 'Int',
    sql: 'sum(g.not_started)::int',
    description: 'Tasks reported NOT_STARTED, or with no report.',
  },
  cancelledCount: {
    type: 'Int',
    sql: 'sum(g.cancelled)::int',
    description: 'Tasks reported CANCELLED.',
  },
  overdueCount: {
    type: 'Int',
    sql: 'sum(g.overdue)::int',
    description: 'Tasks neither completed nor cancelled whose due date is before the end of the period.',
  },
  completionRate: {
    type: 'Float',
    sql: 'sum(g.completed)::float / NULLIF(sum(g.tasks) - sum(g.cancelled), 0)',
    description: 'completed / (tasks − cancelled).',
  },
  dueCompletionRate: {
    type: 'Float',
    sql: 'sum(g.due_done)::float / NULLIF(sum(g.due), 0)',
    description: 'Completed among the (not cancelled) tasks due by the end of the period.',
  },
  onTimeRate: {
    type: 'Float',
    sql: 'sum(g.on_time)::float / NULLIF(sum(g.done_with_due), 0)',
    description:
      'Completed tasks whose completion was reported for a period starting by their due date / completed tasks with a due date.',
  },
  indicatorsMet: {
    type: 'Int',
    sql: 'sum(g.met)::int',
    description: 'Indicators whose reported value meets the target.',
  },
  indicatorsNotMet: {
    type: 'Int',
    sql: 'sum(g.not_met)::int',
    description: 'Indicators whose reported value misses the target.',
  },
  indicatorsNoData: {
    type: 'Int',
    sql: 'sum(g.no_data)::int',
    description: 'Indicators with no reported value (or no parsed target).',
  },
} as const satisfies Record<string, { type: 'Int' | 'Float'; sql: string; description: string }>;

export type RollupMeasure = keyof typeof ROLLUP_MEASURES;

/** The measure names, in the table's order (the order of the SELECT list). */
export const ROLLUP_MEASURE_NAMES = Object.keys(ROLLUP_MEASURES) as RollupMeasure[];

/** The value of each measure in a row: a number for a count, a number or null for a rate. */
export type RollupMeasureValues = {
  [M in RollupMeasure]: (typeof ROLLUP_MEASURES)[M]['type'] extends 'Float' ? number | null : number;
};

/** A table of measures: each name with its GraphQL type, its aggregate SQL and its description. */
export type MeasureTable = Record<string, { type: 'Int' | 'Float'; sql: string; description: string }>;

/** A table's part of a SELECT list: `<sql> AS "<name>"`, in table order. */
export function selectSqlOf(table: MeasureTable): string {
  return Object.entries(table)
    .map(([name, measure]) => `${measure.sql} AS "${name}"`)
    .join(',\n      ');
}

/**
 * A measure as a column of a roll-up statement's result (`r`), for `having` and ORDER BY. The
 * name is pasted into the SQL text, so only a name of the table gets through.
 */
export function columnOf(table: MeasureTable, name: string): string {
  if (!Object.hasOwn(table, name)) throw new Error(`Unknown roll-up measure ${String(name)}`);
  return `r."${name}"`;
}

/** The measures' part of the roll-up statement's SELECT list: `<sql> AS "<name>"`, in table order. */
export function measureSelectSql(): string {
  return selectSqlOf(ROLLUP_MEASURES);
}

/** A measure of ROLLUP_MEASURES as a column of the roll-up statement's result (see columnOf). */
export function measureColumn(name: RollupMeasure): string {
  return columnOf(ROLLUP_MEASURES, name);
}
