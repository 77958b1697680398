import { IsOptional, MaxLength } from 'class-validator';
import { JSONObjectResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, ObjectType } from 'type-graphql';
import { IsId } from '../../core/ids';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { ExportRun } from './export-run.entity';
import { ExportFileFormat, ExportKindEnum, ExportLanguage, ExportRunStatus } from './export-run.enums';
import type { ExportKind } from '../export/export.kinds';
import { ExportSchedule } from './export-schedule.entity';

@ObjectType({ description: 'A page of export runs, newest first (Relay connection).' })
export class ExportRunConnection extends ConnectionType(ExportRun, 'export run') {}

@ObjectType({ description: 'A page of export schedules, newest first (Relay connection).' })
export class ExportScheduleConnection extends ConnectionType(ExportSchedule, 'export schedule') {}

/** What an export is: the same four arguments for startExport and scheduleExport. */
@ArgsType()
export class ExportRequestArgs {
  @Field(() => ExportKindEnum, { description: 'What to export.' })
  kind: ExportKind;

  @Field(() => JSONObjectResolver, {
    description:
      'The kind’s parameters, e.g. {"province": "52", "period": "2025Q3"} (docs/EXPORTS.md lists them; the same names as GET /exports/<kind>.<format>).',
  })
  params: Record<string, unknown>;

  @Field(() => ExportFileFormat, { description: 'File format.' })
  format: ExportFileFormat;

  @Field(() => ExportLanguage, { defaultValue: ExportLanguage.VI, description: 'Language of the headers.' })
  lang: ExportLanguage = ExportLanguage.VI;
}

@ArgsType()
export class ScheduleExportArgs extends ExportRequestArgs {
  @Field({
    description:
      'When to run: a cron of five fields "minute hour day-of-month month day-of-week", e.g. "0 2 * * *" (02:00 every day), "0 6 1 1,4,7,10 *" (06:00 on the first day of each quarter); or @daily, @weekly, @monthly.',
  })
  @MaxLength(100)
  cron: string;

  @Field(() => String, {
    nullable: true,
    description:
      'IANA time zone of the cron; default the time zone of the province in params (else of your token’s province): Asia/Ho_Chi_Minh.',
  })
  @IsOptional()
  @MaxLength(64)
  timeZone?: string | null;
}

@ArgsType()
export class ExportRunsArgs extends PageArgs {
  @Field(() => [ExportRunStatus], { nullable: true, description: 'Only runs in these statuses.' })
  @IsOptional()
  status?: ExportRunStatus[] | null;

  @Field(() => ExportKindEnum, { nullable: true, description: 'Only runs of this kind.' })
  @IsOptional()
  kind?: ExportKind | null;

  @Field(() => ID, { nullable: true, description: 'Only the runs this schedule started.' })
  @IsOptional()
  @IsId('an export schedule')
  scheduleId?: string | null;
}

@ArgsType()
export class ExportSchedulesArgs extends PageArgs {
  @Field({ defaultValue: false, description: 'Include cancelled schedules.' })
  includeCancelled: boolean = false;
}
