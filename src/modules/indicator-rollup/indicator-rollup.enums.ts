import { registerEnumType } from 'type-graphql';
import { INDICATOR_ROLLUP_MEASURE_NAMES } from './indicator-rollup.measures';
import type { IndicatorRollupMeasure } from './indicator-rollup.measures';

export enum IndicatorRollupDimension {
  PROVINCE = 'PROVINCE',
  COMMUNE = 'COMMUNE',
  PERIOD = 'PERIOD',
}

export const IndicatorRollupMeasureName = Object.fromEntries(
  INDICATOR_ROLLUP_MEASURE_NAMES.map((m) => [m, m]),
) as { [M in IndicatorRollupMeasure]: M };
export type IndicatorRollupMeasureName = IndicatorRollupMeasure;

/** How a commune's actual value stands against its own target (as Indicator rows as of a period). */
export enum IndicatorAttainment {
  MET = 'MET',
  NOT_MET = 'NOT_MET',
  NO_DATA = 'NO_DATA',
}

registerEnumType(IndicatorRollupDimension, {
  name: 'IndicatorRollupDimension',
  description: 'What indicator roll-up rows are grouped by.',
  valuesConfig: {
    PROVINCE: { description: 'One row per province.' },
    COMMUNE: { description: 'One row per commune.' },
    PERIOD: { description: 'One row per requested period (a trend).' },
  },
});
registerEnumType(IndicatorRollupMeasureName, {
  name: 'IndicatorRollupMeasure',
  description: 'A measure of an indicator roll-up row, for having and orderBy.',
  valuesConfig: Object.fromEntries(
    INDICATOR_ROLLUP_MEASURE_NAMES.map((m) => [m, { description: `IndicatorRollupRow.${m}.` }]),
  ) as Record<IndicatorRollupMeasureName, { description: string }>,
});
registerEnumType(IndicatorAttainment, {
  name: 'IndicatorAttainment',
  description: "A commune's actual value against its own target, as of a period.",
  valuesConfig: {
    MET: { description: 'The as-of value meets the target.' },
    NOT_MET: { description: 'The as-of value misses the target.' },
    NO_DATA: { description: 'No value reported by the end of the period, or the target is not parsed.' },
  },
});
