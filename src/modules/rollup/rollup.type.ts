import { Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { Commune } from '../commune/commune.entity';
import { ReformAreaCode } from '../reform-area/reform-area.entity';
import { TaskStatus } from '../report/report.enums';
import { Task } from '../task/task.entity';
import { FILTER_OPERATORS, ROLLUP_MEASURES, RollupDimension } from './rollup.service';
import type { RollupMeasure } from './rollup.service';

// GraphQL enums made from the service's own lists, so a measure or operator is named in one place.
const enumOf = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, k])) as { [P in K]: P };

export const RollupMeasureName = enumOf(ROLLUP_MEASURES);
export type RollupMeasureName = RollupMeasure;

export const FilterOperator = enumOf(Object.keys(FILTER_OPERATORS) as (keyof typeof FILTER_OPERATORS)[]);
export type FilterOperator = keyof typeof FILTER_OPERATORS;

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

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
    Object.values(RollupMeasureName).map((m) => [m, { description: `RollupRow.${m}.` }]),
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

@ArgsType()
export class RollupArgs {
  @Field(() => [String], {
    description:
      'Period codes ("2025", "2025Q3", "2025-07") or relative periods resolved against today in the province time zone (THIS_QUARTER, LAST_QUARTER, LAST_4_QUARTERS, QUARTERS_THIS_YEAR, MONTHS_THIS_QUARTER, THIS_YEAR…); several give a trend.',
  })
  periods: string[];

  @Field(() => String, { nullable: true, description: 'Only communes of this province.' })
  provinceCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this commune.' })
  communeCode?: string | null;

  @Field(() => [RollupDimension], { description: 'Dimensions to group by; none gives one total row.' })
  groupBy: RollupDimension[];

  @Field(() => [RollupFilterInput], {
    defaultValue: [],
    description: 'Filters on measures, after aggregation (all must hold).',
  })
  having: RollupFilterInput[];

  @Field(() => [RollupOrderInput], {
    defaultValue: [],
    description: 'Sort by measures (then by the dimensions).',
  })
  orderBy: RollupOrderInput[];

  @Field(() => Int, {
    nullable: true,
    description: 'At most this many rows (top-N / bottom-N with orderBy).',
  })
  @Min(0)
  @Max(10000)
  first?: number | null;

  @Field({
    defaultValue: false,
    description: 'Count only APPROVED reports (default: SUBMITTED and APPROVED).',
  })
  approvedOnly: boolean = false;
}

@ObjectType({
  description:
    'One roll-up row: the dimensions asked for (others null) and the measures. Rates are fractions 0–1, null when undefined.',
})
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

  @Field(() => Int, { description: 'Tasks of the plans in scope.' })
  taskCount: number;

  @Field(() => Int, { description: 'Tasks reported COMPLETED.' })
  completedCount: number;

  @Field(() => Int, { description: 'Tasks reported IN_PROGRESS.' })
  inProgressCount: number;

  @Field(() => Int, { description: 'Tasks reported NOT_STARTED, or with no report.' })
  notStartedCount: number;

  @Field(() => Int, { description: 'Tasks reported CANCELLED.' })
  cancelledCount: number;

  @Field(() => Int, {
    description: 'Tasks neither completed nor cancelled whose due date is before the end of the period.',
  })
  overdueCount: number;

  @Field(() => Float, { nullable: true, description: 'completed / (tasks − cancelled).' })
  completionRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Completed among the (not cancelled) tasks due by the end of the period.',
  })
  dueCompletionRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Completed tasks whose completion was reported for a period starting by their due date / completed tasks with a due date.',
  })
  onTimeRate: number | null;

  @Field(() => Int, { description: 'Indicators whose reported value meets the target.' })
  indicatorsMet: number;

  @Field(() => Int, { description: 'Indicators whose reported value misses the target.' })
  indicatorsNotMet: number;

  @Field(() => Int, { description: 'Indicators with no reported value (or no parsed target).' })
  indicatorsNoData: number;
}

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

@ObjectType({ description: 'Reporting completeness of a province for a period (as DHIS2 reporting rates).' })
export class ReportingSummary {
  @Field({ description: 'Period code.' })
  period: string;

  @Field(() => Int, { description: 'Communes with a plan for the period year.' })
  expected: number;

  @Field(() => Int, {
    description: 'Of those, communes with a SUBMITTED or APPROVED report for exactly this period.',
  })
  submitted: number;

  @Field(() => Int, {
    description:
      'Of those, submitted before the end of the due day (Province.reportDueDay) of the next month, province time.',
  })
  onTime: number;

  @Field(() => Float, { nullable: true, description: 'submitted / expected.' })
  rate: number | null;

  @Field(() => Float, { nullable: true, description: 'onTime / expected.' })
  onTimeRate: number | null;

  @Field(() => [Commune], { description: 'Expected communes that have not reported, by code.' })
  missingCommunes: Commune[];
}

@ObjectType({ description: 'A task that is overdue as of a period, with its commune.' })
export class OverdueTask {
  @Field(() => Task, { description: 'The task.' })
  task: Task;

  @Field(() => Commune, { description: 'The commune whose plan it is.' })
  commune: Commune;

  @Field(() => TaskStatus, { description: 'Status as of the period (NOT_STARTED when never reported).' })
  status: TaskStatus;

  @Field(() => Int, { description: 'Percent done as last reported.' })
  percent: number;

  @Field(() => Int, { description: 'Days from the due date to the end of the period.' })
  daysOverdue: number;
}

@ObjectType({ description: 'A page of overdue tasks, most overdue first.' })
export class OverdueTaskConnection extends ConnectionType(OverdueTask, 'overdue task') {}

@ArgsType()
export class OverdueTasksArgs extends PageArgs {
  @Field({ description: 'Period code ("2025Q3", "2025-07", "2025").' })
  @MaxLength(10)
  period: string;

  @Field(() => ReformAreaCode, { nullable: true, description: 'Only tasks of this reform area.' })
  areaCode?: ReformAreaCode | null;
}
