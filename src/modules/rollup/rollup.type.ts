import { ArrayMaxSize, ArrayMinSize, Max, Min } from 'class-validator';
import { ArgsType, Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { LIMITS } from '../../core/limits';
import { MaxChars } from '../../core/max-chars';
import { ConnectionType } from '../../core/pagination';
import { ReformAreaCode } from '../reform-area/reform-area.entity';
import { FilterOperator, RollupDimension, RollupMeasureName, SortDirection } from './rollup.enums';
import { ROLLUP_MEASURE_NAMES, ROLLUP_MEASURES } from './rollup.measures';
import type { RollupMeasureValues } from './rollup.measures';

@InputType({
  description: 'Keep only rows whose measure compares so with the value (applied after aggregation).',
})
export class RollupFilterInput {
  @Field(() => RollupMeasureName, { description: 'The measure.' })
  measure: RollupMeasureName;

  @Field(() => FilterOperator, { description: 'The comparison.' })
  op: FilterOperator;

  @Field(() => Float, { description: 'The value (rates are fractions 0–1).' })
  value: number;
}

@InputType({ description: 'Sort rows by a measure.' })
export class RollupOrderInput {
  @Field(() => RollupMeasureName, { description: 'The measure.' })
  measure: RollupMeasureName;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Direction.' })
  direction: SortDirection = SortDirection.ASC;
}

/** The reform areas there are: the most `areaCodes` can name. */
const REFORM_AREA_COUNT = Object.keys(ReformAreaCode).length;

/** Most rows of one Query.rollup, and the largest page of Query.rollupConnection. */
export const ROLLUP_MAX_ROWS = 10_000;
export const ROLLUP_DEFAULT_PAGE_SIZE = 1000;

/** What to roll up: shared by Query.rollup (a list) and Query.rollupConnection (pages). */
@ArgsType()
export class RollupQueryArgs {
  @Field(() => [String], {
    description:
      'Period codes ("2025", "2025Q3", "2025-07") or relative periods resolved against today in the province time zone (THIS_QUARTER, LAST_QUARTER, LAST_4_QUARTERS, QUARTERS_THIS_YEAR, MONTHS_THIS_QUARTER, THIS_YEAR…); several give a trend.',
  })
  periods: string[];

  @Field(() => String, { nullable: true, description: 'Only communes of this province.' })
  provinceCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this commune.' })
  communeCode?: string | null;

  @Field(() => [ReformAreaCode], {
    nullable: true,
    description:
      'Only these reform areas (1–7): rows of other areas are left out and every total counts only the tasks and indicators of these areas. Omitted: all seven.',
  })
  @ArrayMinSize(1, { message: '$property needs at least one area; leave it out for all seven' })
  @ArrayMaxSize(REFORM_AREA_COUNT, {
    message: `$property takes at most $constraint1 areas (there are ${REFORM_AREA_COUNT}); leave it out for all`,
  })
  areaCodes?: ReformAreaCode[] | null;

  @Field(() => [String], {
    nullable: true,
    description: `Only these communes (1–${LIMITS.rollupCommuneCodes} codes), combined with provinceCode and communeCode (all must hold). A code that does not exist or is outside the token's scope is NOT_FOUND, as for communeCode.`,
  })
  @MaxChars(LIMITS.code)
  @ArrayMinSize(1, { message: '$property needs at least one commune code; leave it out for every commune' })
  @ArrayMaxSize(LIMITS.rollupCommuneCodes, {
    message:
      '$property takes at most $constraint1 commune codes; roll up a whole province with provinceCode instead',
  })
  communeCodes?: string[] | null;

  @Field(() => [RollupDimension], { description: 'Dimensions to group by; none gives one total row.' })
  groupBy: RollupDimension[];

  @Field(() => [RollupFilterInput], {
    defaultValue: [],
    description: 'Filters on measures, after aggregation (all must hold; at most 50).',
  })
  @ArrayMaxSize(50)
  having: RollupFilterInput[];

  @Field(() => [RollupOrderInput], {
    defaultValue: [],
    description: 'Sort by measures (then by the dimensions).',
  })
  orderBy: RollupOrderInput[];

  @Field({
    defaultValue: false,
    description: 'Count only APPROVED reports (default: SUBMITTED and APPROVED).',
  })
  approvedOnly: boolean = false;
}

@ArgsType()
export class RollupArgs extends RollupQueryArgs {
  @Field(() => Int, {
    nullable: true,
    description: `At most this many rows (top-N / bottom-N with orderBy), 0–${ROLLUP_MAX_ROWS}. Without it, every row when there are at most ${ROLLUP_MAX_ROWS}; more is BAD_USER_INPUT (page through rollupConnection instead).`,
  })
  @Min(0)
  @Max(ROLLUP_MAX_ROWS)
  first?: number | null;
}

@ArgsType()
export class RollupConnectionArgs extends RollupQueryArgs {
  @Field(() => Int, {
    defaultValue: ROLLUP_DEFAULT_PAGE_SIZE,
    description: `Page size, 0–${ROLLUP_MAX_ROWS}.`,
  })
  @Min(0)
  @Max(ROLLUP_MAX_ROWS)
  first: number = ROLLUP_DEFAULT_PAGE_SIZE;

  @Field(() => String, {
    nullable: true,
    description:
      'Return the rows after this cursor (an endCursor or edge cursor of the same roll-up). Cursors are positions in the sorted rows.',
  })
  after?: string | null;
}

// The measures' properties, typed from the table of measures, which also gives their GraphQL fields
// (after the class). A row is never constructed: it is a plain object from the roll-up statement.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface RollupRow extends RollupMeasureValues {}

@ObjectType({
  description:
    'One roll-up row: the dimensions asked for (others null) and the measures. Rates are fractions 0–1, null when undefined.',
})
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class RollupRow {
  @Field(() => String, { nullable: true, description: 'Province code (PROVINCE dimension).' })
  provinceCode: string | null;

  @Field(() => String, { nullable: true, description: 'Province name (PROVINCE dimension).' })
  provinceName: string | null;

  @Field(() => String, { nullable: true, description: 'Commune code (COMMUNE dimension).' })
  communeCode: string | null;

  @Field(() => String, { nullable: true, description: 'Commune name (COMMUNE dimension).' })
  communeName: string | null;

  @Field(() => String, { nullable: true, description: 'Reform area code (AREA dimension).' })
  areaCode: string | null;

  @Field(() => String, { nullable: true, description: 'Period code (PERIOD dimension).' })
  period: string | null;
}

// The measures' GraphQL fields, one per entry of the table (their TypeScript types: the interface above).
for (const name of ROLLUP_MEASURE_NAMES) {
  const { type, description } = ROLLUP_MEASURES[name];
  if (type === 'Int') Field(() => Int, { description })(RollupRow.prototype, name);
  else Field(() => Float, { nullable: true, description })(RollupRow.prototype, name);
}

/** Query.rollupConnection: roll-up rows a page at a time, with the number of rows in all. */
export const RollupRowConnection = ConnectionType(RollupRow, 'roll-up row');

@ObjectType({ description: 'Spread of completionRate over communes.' })
export class CompletionDistribution {
  @Field(() => Int, { description: 'Communes with a plan for the year.' })
  communes: number;

  @Field(() => Float, { nullable: true, description: 'Lowest commune completionRate.' })
  min: number | null;

  @Field(() => Float, { nullable: true, description: 'Median commune completionRate.' })
  median: number | null;

  @Field(() => Float, { nullable: true, description: 'Highest commune completionRate.' })
  max: number | null;
}

@ObjectType({
  description: 'The roll-up of one province or commune for one period: its total and its seven reform areas.',
})
export class RollupSummary {
  @Field({ description: 'Period code.' })
  period: string;

  @Field(() => RollupRow, {
    nullable: true,
    description: 'All tasks and indicators together; null when there is no plan for the year.',
  })
  total: RollupRow | null;

  @Field(() => [RollupRow], { description: 'One row per reform area (all seven when there is a plan).' })
  byArea: RollupRow[];

  @Field(() => CompletionDistribution, {
    nullable: true,
    description:
      "For a province: how the communes' completionRate spreads, so one big commune cannot hide the others.",
  })
  communeCompletion: CompletionDistribution | null;
}

@ArgsType()
export class CommuneRankingArgs {
  @Field({ description: 'Period code ("2025Q3", "2025-07", "2025").' })
  period: string;

  @Field(() => ReformAreaCode, {
    nullable: true,
    description:
      "Rank within this reform area only: the communes' figures over its tasks and indicators alone, as Query.rollup's areaCodes: [areaCode].",
  })
  areaCode?: ReformAreaCode | null;

  @Field(() => Int, { defaultValue: 20, description: 'How many communes (0–500).' })
  first: number = 20;
}
