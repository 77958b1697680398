import type { MeasureTable } from '../rollup/rollup.measures';

/**
 * The measures of an indicator roll-up row, in one table (semantics: docs/ROLLUPS.md, "Indicator
 * roll-ups"). From it come the SELECT list, the IndicatorRollupRow GraphQL fields and the
 * IndicatorRollupMeasure enum of `having` / `orderBy`.
 *
 * `sql` aggregates the `d` rows of the statement: one per commune plan in scope and period, with
 * its indicator of the catalogue entry (`indicator_id`, null when the plan has none), the as-of
 * actual value (`actual`), `met` (indicator_met) and the cascade `comparison`.
 */
export const INDICATOR_ROLLUP_MEASURES = {
  communeCount: {
    type: 'Int',
    sql: 'count(d.indicator_id)::int',
    description:
      'Communes whose plan for the year sets a target for this indicator (once per period when several periods share a row).',
  },
  metCount: {
    type: 'Int',
    sql: 'count(*) FILTER (WHERE d.met)::int',
    description: 'Of those, communes whose as-of actual value meets their own target.',
  },
  notMetCount: {
    type: 'Int',
    sql: 'count(*) FILTER (WHERE NOT d.met)::int',
    description: 'Communes whose as-of actual value misses their own target.',
  },
  noDataCount: {
    type: 'Int',
    sql: 'count(*) FILTER (WHERE d.indicator_id IS NOT NULL AND d.met IS NULL)::int',
    description:
      'Communes with the indicator but no reported value as of the period (or an unparsed target).',
  },
  missingIndicatorCount: {
    type: 'Int',
    sql: 'count(*) FILTER (WHERE d.indicator_id IS NULL)::int',
    description: 'Communes with a plan for the year that does not name this indicator (not in communeCount).',
  },
  looserTargetCount: {
    type: 'Int',
    sql: `count(*) FILTER (WHERE d.comparison = 'LOOSER')::int`,
    description:
      'Communes whose target is LOOSER than the province target it is linked to (Indicator.targetComparison).',
  },
  actualMin: {
    type: 'Float',
    sql: 'min(d.actual)',
    description: 'Lowest as-of actual value among the communes with one.',
  },
  actualP25: {
    type: 'Float',
    sql: 'percentile_cont(0.25) WITHIN GROUP (ORDER BY d.actual)',
    description: 'First quartile of the actual values (percentile_cont: linear interpolation).',
  },
  actualMedian: {
    type: 'Float',
    sql: 'percentile_cont(0.5) WITHIN GROUP (ORDER BY d.actual)',
    description:
      'Median of the actual values (percentile_cont: the mean of the middle two for an even count).',
  },
  actualP75: {
    type: 'Float',
    sql: 'percentile_cont(0.75) WITHIN GROUP (ORDER BY d.actual)',
    description: 'Third quartile of the actual values (percentile_cont: linear interpolation).',
  },
  actualMax: {
    type: 'Float',
    sql: 'max(d.actual)',
    description: 'Highest as-of actual value.',
  },
} as const satisfies MeasureTable;

export type IndicatorRollupMeasure = keyof typeof INDICATOR_ROLLUP_MEASURES;

/**
 * The same measures for a row of one whole province and one period, from its stored aggregate
 * (`g`: province_indicator_rollup's counts and sorted actual values, null when no commune plan
 * names the entry; `quartiles`, percentile_cont of those values at 0.25, 0.5 and 0.75; `plans`, the
 * province's commune plans of the year). A test compares both definitions.
 */
export const INDICATOR_ROLLUP_PROVINCE_SQL: Record<IndicatorRollupMeasure, string> = {
  communeCount: 'COALESCE(g.communes, 0)',
  metCount: 'COALESCE(g.met, 0)',
  notMetCount: 'COALESCE(g.not_met, 0)',
  noDataCount: 'COALESCE(g.no_data, 0)',
  missingIndicatorCount: 'g.plans - COALESCE(g.communes, 0)',
  looserTargetCount: 'COALESCE(g.looser, 0)',
  actualMin: 'g.actuals[1]',
  actualP25: 'g.quartiles[1]',
  actualMedian: 'g.quartiles[2]',
  actualP75: 'g.quartiles[3]',
  actualMax: 'g.actuals[cardinality(g.actuals)]',
};

export const INDICATOR_ROLLUP_MEASURE_NAMES = Object.keys(
  INDICATOR_ROLLUP_MEASURES,
) as IndicatorRollupMeasure[];

export type IndicatorRollupMeasureValues = {
  [M in IndicatorRollupMeasure]: (typeof INDICATOR_ROLLUP_MEASURES)[M]['type'] extends 'Float'
    ? number | null
    : number;
};
