import { ArrayMaxSize, Max, Min } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LIMITS } from '../../core/limits';
import { MaxChars } from '../../core/max-chars';
import { Comparator, IndicatorUnit } from '../indicator/indicator.enums';
import { FilterOperator, SortDirection } from '../rollup/rollup.enums';
import { ROLLUP_MAX_ROWS } from '../rollup/rollup.type';
import {
  IndicatorAttainment,
  IndicatorRollupDimension,
  IndicatorRollupMeasureName,
} from './indicator-rollup.enums';
import { INDICATOR_ROLLUP_MEASURE_NAMES, INDICATOR_ROLLUP_MEASURES } from './indicator-rollup.measures';
import type { IndicatorRollupMeasureValues } from './indicator-rollup.measures';

@InputType({
  description:
    'Keep only indicator roll-up rows whose measure compares so with the value (after aggregation).',
})
export class IndicatorRollupFilterInput {
  @Field(() => IndicatorRollupMeasureName, { description: 'The measure.' })
  measure: IndicatorRollupMeasureName;

  @Field(() => FilterOperator, { description: 'The comparison.' })
  op: FilterOperator;

  @Field(() => Float, { description: 'The value (actual values in the unit of the indicator).' })
  value: number;
}

@InputType({ description: 'Sort indicator roll-up rows by a measure.' })
export class IndicatorRollupOrderInput {
  @Field(() => IndicatorRollupMeasureName, { description: 'The measure.' })
  measure: IndicatorRollupMeasureName;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Direction.' })
  direction: SortDirection = SortDirection.ASC;
}

@ArgsType()
export class IndicatorRollupArgs {
  @Field(() => [String], {
    description:
      'Period codes ("2025", "2025Q3", "2025-07") or relative periods resolved against today in the province time zone (THIS_QUARTER, LAST_4_QUARTERS, QUARTERS_THIS_YEAR…), as for Query.rollup; several give a trend.',
  })
  periods: string[];

  @Field(() => String, { nullable: true, description: 'Only communes of this province.' })
  provinceCode?: string | null;

  @Field(() => String, { description: 'The catalogue entry (Query.indicatorCatalog), e.g. ONLINE_PAYMENT.' })
  @MaxChars(LIMITS.code)
  catalogCode: string;

  @Field(() => [IndicatorRollupDimension], {
    description: 'Dimensions to group by; none gives one total row.',
  })
  groupBy: IndicatorRollupDimension[];

  @Field(() => [IndicatorRollupFilterInput], {
    defaultValue: [],
    description: 'Filters on measures, after aggregation (all must hold; at most 50).',
  })
  @ArrayMaxSize(50)
  having: IndicatorRollupFilterInput[];

  @Field(() => [IndicatorRollupOrderInput], {
    defaultValue: [],
    description: 'Sort by measures (then by the dimensions).',
  })
  orderBy: IndicatorRollupOrderInput[];

  @Field({
    defaultValue: false,
    description: 'Count only APPROVED reports (default: SUBMITTED and APPROVED).',
  })
  approvedOnly: boolean = false;

  @Field(() => Int, {
    nullable: true,
    description: `At most this many rows (top-N / bottom-N with orderBy), 0–${ROLLUP_MAX_ROWS}. Without it, every row when there are at most ${ROLLUP_MAX_ROWS}; more is BAD_USER_INPUT.`,
  })
  @Min(0)
  @Max(ROLLUP_MAX_ROWS)
  first?: number | null;
}

@ObjectType({ description: 'A target as a plan states it, and as it was parsed.' })
export class IndicatorTargetFigures {
  @Field(() => ID, { description: 'The indicator that sets it.' })
  indicatorId: string;

  @Field({ description: 'The target as written in the plan.' })
  text: string;

  @Field(() => Comparator, { nullable: true, description: 'Parsed comparator; null when not parsed.' })
  comparator: Comparator | null;

  @Field(() => Float, { nullable: true, description: 'Parsed target value (the minimum for BETWEEN).' })
  value: number | null;

  @Field(() => Float, { nullable: true, description: 'Upper bound for BETWEEN.' })
  max: number | null;

  @Field(() => IndicatorUnit, { nullable: true, description: 'Unit of the value.' })
  unit: IndicatorUnit | null;
}

// The measures' properties, typed from the table of measures, which also gives their GraphQL fields.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface IndicatorRollupRow extends IndicatorRollupMeasureValues {}

@ObjectType({
  description:
    'One indicator roll-up row: the dimensions asked for (others null), the counts, the spread of actual values across communes and the province target (semantics: docs/ROLLUPS.md, "Indicator roll-ups").',
})
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class IndicatorRollupRow {
  @Field({ description: 'The catalogue entry rolled up.' })
  catalogCode: string;

  @Field(() => String, { nullable: true, description: 'Province code (PROVINCE dimension).' })
  provinceCode: string | null;

  @Field(() => String, { nullable: true, description: 'Province name (PROVINCE dimension).' })
  provinceName: string | null;

  @Field(() => String, { nullable: true, description: 'Commune code (COMMUNE dimension).' })
  communeCode: string | null;

  @Field(() => String, { nullable: true, description: 'Commune name (COMMUNE dimension).' })
  communeName: string | null;

  @Field(() => String, { nullable: true, description: 'Period code (PERIOD dimension).' })
  period: string | null;

  @Field(() => IndicatorTargetFigures, {
    nullable: true,
    description:
      "The target the province's own plan of the year sets for this entry (its first indicator of the entry by position), when every commune of the row has the same one (one province, one year); null otherwise, when the province plan sets none, or when the viewer may not read province plans.",
  })
  provinceTarget: IndicatorTargetFigures | null;
}

for (const name of INDICATOR_ROLLUP_MEASURE_NAMES) {
  const { type, description } = INDICATOR_ROLLUP_MEASURES[name];
  if (type === 'Int') Field(() => Int, { description })(IndicatorRollupRow.prototype, name);
  else Field(() => Float, { nullable: true, description })(IndicatorRollupRow.prototype, name);
}

@ArgsType()
export class IndicatorLeagueArgs {
  @Field({ description: 'Period code ("2025Q3", "2025-07", "2025") or a relative period (THIS_QUARTER…).' })
  period: string;

  @Field(() => String, { description: 'The catalogue entry (Query.indicatorCatalog), e.g. ONLINE_PAYMENT.' })
  @MaxChars(LIMITS.code)
  catalogCode: string;

  @Field(() => Int, { defaultValue: 20, description: 'How many communes (0–500).' })
  @Min(0)
  @Max(500)
  first: number = 20;
}

@ObjectType({
  description: "A commune's place in an indicator league: its value, its target and the province's.",
})
export class IndicatorLeagueRow {
  @Field(() => Int, { description: 'Position, 1 first (ties share the order of commune codes).' })
  rank: number;

  @Field({ description: 'Commune code.' })
  communeCode: string;

  @Field({ description: 'Commune name.' })
  communeName: string;

  @Field(() => Float, { nullable: true, description: 'The as-of actual value; null when none is reported.' })
  actualValue: number | null;

  @Field(() => IndicatorAttainment, { description: "The value against the commune's own target." })
  attainment: IndicatorAttainment;

  @Field(() => IndicatorTargetFigures, { description: "The commune plan's target." })
  target: IndicatorTargetFigures;

  @Field(() => IndicatorTargetFigures, {
    nullable: true,
    description:
      'The province target this indicator is linked to (the cascade); null when unlinked or when the viewer may not read province plans.',
  })
  provinceTarget: IndicatorTargetFigures | null;

  @Field(() => String, {
    description:
      'The commune target against the province target: STRICTER, SAME, LOOSER, NO_PROVINCE_TARGET or NOT_COMPARABLE (as Indicator.targetComparison).',
  })
  comparison: string;
}
