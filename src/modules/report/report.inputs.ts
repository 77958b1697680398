import {
  ArrayMaxSize,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LIMITS } from '../../core/limits';
import { IsId } from '../../core/ids';
import { IndicatorUnit } from '../indicator/indicator.enums';
import { IndicatorValue } from './indicator-value.entity';
import { TaskStatus } from './report.enums';
import { StatusReport } from './status-report.entity';
import { TaskProgress } from './task-progress.entity';

@InputType({ description: "One task's progress to save in a draft report." })
export class TaskProgressInput {
  @Field(() => ID, { description: 'The task (of the report’s plan).' })
  @IsId('a task')
  taskId: string;

  @Field(() => TaskStatus, {
    description: 'State of the task (COMPLETED needs percent 100, NOT_STARTED percent 0).',
  })
  status: TaskStatus;

  @Field(() => Int, { description: 'Share done, 0–100 (%).' })
  @Min(0)
  @Max(100)
  percent: number;

  @Field(() => String, { nullable: true, description: 'Remark of the reporting unit.' })
  @IsOptional()
  @MaxLength(LIMITS.reportNote)
  note?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Version of this task’s progress in the report as you last read it; leave out when the report has none yet. A stale or missing one gives CONFLICT.',
  })
  @IsOptional()
  @Min(1)
  version?: number | null;
}

@InputType({ description: "One indicator's actual value to save in a draft report." })
export class IndicatorValueInput {
  @Field(() => ID, { description: 'The indicator (of the report’s plan).' })
  @IsId('an indicator')
  indicatorId: string;

  @Field(() => Float, {
    nullable: true,
    description:
      'Actual value in the indicator’s unit: 0–100 for a percentage, a whole count for COUNT; null: no data yet.',
  })
  actualValue: number | null;

  @Field(() => IndicatorUnit, {
    nullable: true,
    description:
      'The unit the value is in, checked against the indicator’s (a safeguard against typing a count as a percentage).',
  })
  @IsOptional()
  unit?: IndicatorUnit | null;

  @Field(() => String, { nullable: true, description: 'Remark of the reporting unit.' })
  @IsOptional()
  @MaxLength(LIMITS.reportNote)
  note?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Version of this indicator’s value in the report as you last read it; leave out when the report has none yet. A stale or missing one gives CONFLICT.',
  })
  @IsOptional()
  @Min(1)
  version?: number | null;
}

@ArgsType()
export class SaveReportDraftArgs {
  @Field(() => ID, { description: 'The plan reported on.' })
  @IsId('a plan')
  planId: string;

  @Field({ description: 'Period code within the plan year: "2025", "2025Q3" or "2025-07".' })
  @MaxLength(10)
  period: string;

  @Field(() => [TaskProgressInput], {
    defaultValue: [],
    description: 'Progress of tasks to save (each task once).',
  })
  @ValidateNested({ each: true })
  @ArrayMaxSize(LIMITS.draftItems)
  taskProgress: TaskProgressInput[];

  @Field(() => [IndicatorValueInput], {
    defaultValue: [],
    description: 'Actual values of indicators to save (each indicator once).',
  })
  @ValidateNested({ each: true })
  @ArrayMaxSize(LIMITS.draftItems)
  indicatorValues: IndicatorValueInput[];

  @Field(() => String, {
    nullable: true,
    description:
      'Any unique string (e.g. a UUID) to make retries safe: the same key with the same request returns the first result and saves nothing again.',
  })
  @IsOptional()
  @Length(1, LIMITS.idempotencyKey)
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'What a draft save stored.' })
export class SaveReportDraftResult {
  @Field(() => StatusReport, {
    description: 'The report (created as DRAFT if the plan had none for the period).',
  })
  report: StatusReport;

  @Field({ description: 'True when this save created the report.' })
  reportCreated: boolean;

  @Field(() => [TaskProgress], {
    description: 'The progress rows of the tasks given, as stored now (with their new versions).',
  })
  taskProgress: TaskProgress[];

  @Field(() => [IndicatorValue], {
    description: 'The value rows of the indicators given, as stored now (with their new versions).',
  })
  indicatorValues: IndicatorValue[];
}

@ArgsType()
export class ReportTransitionArgs {
  @Field(() => ID, { description: 'The report.' })
  @IsId('a report')
  reportId: string;

  @Field(() => Int, { description: 'The report version you last read; a stale one gives CONFLICT.' })
  @Min(1)
  version: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Any unique string (e.g. a UUID) to make retries safe: the same key again returns the first result and changes nothing.',
  })
  @IsOptional()
  @Length(1, LIMITS.idempotencyKey)
  idempotencyKey?: string | null;
}

@ArgsType()
export class ReportReasonArgs extends ReportTransitionArgs {
  @Field({ description: 'Why, for the commune to act on (lý do).' })
  @Length(1, LIMITS.reason)
  @Matches(/\S/, { message: 'reason must say why' })
  reason: string;
}

/** Where a reopened report goes. */
export enum ReopenTarget {
  RETURNED = 'RETURNED',
  DRAFT = 'DRAFT',
}

registerEnumType(ReopenTarget, {
  name: 'ReopenTarget',
  description: 'The state a reopened report goes to.',
  valuesConfig: {
    RETURNED: { description: 'Returned to the commune with the reason, for correction and resubmission.' },
    DRAFT: { description: 'Back to an unsent draft.' },
  },
});

@ArgsType()
export class ReopenReportArgs extends ReportReasonArgs {
  @Field(() => ReopenTarget, { defaultValue: ReopenTarget.RETURNED, description: 'State to reopen it to.' })
  to: ReopenTarget;
}
