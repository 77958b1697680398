import { registerEnumType } from 'type-graphql';
import { ROLLUP_MEASURE_NAMES } from './rollup.measures';
import type { RollupMeasure } from './rollup.measures';

export enum RollupDimension {
  PROVINCE = 'PROVINCE',
  COMMUNE = 'COMMUNE',
  AREA = 'AREA',
  PERIOD = 'PERIOD',
}

/** Filter operators of `having`, and their SQL. */
export const FILTER_OPERATORS = { LT: '<', LTE: '<=', GT: '>', GTE: '>=', EQ: '=' } as const;

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

// GraphQL enums made from the lists the SQL uses, so a measure or operator is named in one place.
const enumOf = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, k])) as { [P in K]: P };

export const RollupMeasureName = enumOf(ROLLUP_MEASURE_NAMES);
export type RollupMeasureName = RollupMeasure;

export const FilterOperator = enumOf(Object.keys(FILTER_OPERATORS) as (keyof typeof FILTER_OPERATORS)[]);
export type FilterOperator = keyof typeof FILTER_OPERATORS;

registerEnumType(RollupDimension, {
  name: 'RollupDimension',
  description: 'What roll-up rows are grouped by.',
  valuesConfig: {
    PROVINCE: { description: 'One row per province.' },
    COMMUNE: { description: 'One row per commune.' },
    AREA: { description: 'One row per reform area (all seven, even when empty).' },
    PERIOD: { description: 'One row per requested period (a trend).' },
  },
});
registerEnumType(RollupMeasureName, {
  name: 'RollupMeasure',
  description: 'A measure of a roll-up row, for having and orderBy.',
  // Each value is the RollupRow field of the same name, described there.
  valuesConfig: Object.fromEntries(
    ROLLUP_MEASURE_NAMES.map((m) => [m, { description: `RollupRow.${m}.` }]),
  ) as Record<RollupMeasureName, { description: string }>,
});
registerEnumType(FilterOperator, {
  name: 'FilterOperator',
  description: 'Comparison for a roll-up filter.',
  valuesConfig: {
    LT: { description: 'Less than.' },
    LTE: { description: 'Less than or equal.' },
    GT: { description: 'Greater than.' },
    GTE: { description: 'Greater than or equal.' },
    EQ: { description: 'Equal.' },
  },
});
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Sort order.',
  valuesConfig: {
    ASC: { description: 'Smallest first (bottom-N).' },
    DESC: { description: 'Largest first (top-N).' },
  },
});
