import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Connection } from '../../core/pagination';
import type { RequestContext } from '../../core/request-context';
import { Province } from '../province/province.entity';
import { ExportRun } from './export-run.entity';
import { downloadUrl, exportRun, exportScopeProvince, exportRuns, startExport } from './export-run.service';
import {
  ExportRequestArgs,
  ExportRunConnection,
  ExportRunsArgs,
  ExportScheduleConnection,
  ExportSchedulesArgs,
  ScheduleExportArgs,
} from './export-run.type';
import { ExportSchedule } from './export-schedule.entity';
import { cancelExport, exportSchedule, exportSchedules, scheduleExport } from './export-schedule.service';

const SCOPE =
  'Runs and schedules are seen by whoever reads all of their owner’s scope: an admin and an all-provinces export job every one, a province analyst or export job of a province those of its province (docs/EXPORTS.md, "Runs and schedules").';

@Resolver(() => ExportRun)
export class ExportRunResolver {
  @Mutation(() => ExportRun, {
    description: `Queues an export (ADMIN, PROVINCE_ANALYST, EXPORT_JOB): a worker writes its file, then status is SUCCEEDED and downloadUrl serves it. The parameters and the places they name are checked at once (BAD_USER_INPUT, NOT_FOUND outside your scope); the run reads as your token.`,
  })
  startExport(@Args() args: ExportRequestArgs, @Ctx() ctx: RequestContext): Promise<ExportRun> {
    return startExport(ctx, args);
  }

  @Query(() => ExportRunConnection, { description: `Export runs, newest first. ${SCOPE}` })
  exportRuns(@Args() args: ExportRunsArgs, @Ctx() ctx: RequestContext): Promise<Connection<ExportRun>> {
    return exportRuns(ctx, args);
  }

  @Query(() => ExportRun, {
    description: 'One export run; NOT_FOUND when it does not exist or is outside your scope.',
  })
  exportRun(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ExportRun> {
    return exportRun(ctx, id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Path of the file on this API ("/exports/runs/<id>/file"): GET it with the same bearer token. Null until the run succeeded, and after the file was removed (CCHC_EXPORT_RETENTION_DAYS).',
  })
  downloadUrl(@Root() run: ExportRun): string | null {
    return downloadUrl(run);
  }

  @FieldResolver(() => Province, {
    nullable: true,
    description: 'Province of the owner’s scope (what the run could read); null: every province.',
  })
  province(@Root() run: ExportRun, @Ctx() ctx: RequestContext): Promise<Province | null> | null {
    return exportScopeProvince(ctx, run);
  }

  @FieldResolver(() => ExportSchedule, {
    nullable: true,
    description: 'The schedule that started it; null for startExport.',
  })
  schedule(@Root() run: ExportRun, @Ctx() ctx: RequestContext): Promise<ExportSchedule> | null {
    return run.scheduleId === null ? null : exportSchedule(ctx, String(run.scheduleId));
  }
}

@Resolver(() => ExportSchedule)
export class ExportScheduleResolver {
  @Mutation(() => ExportSchedule, {
    description:
      'Schedules an export (ADMIN, PROVINCE_ANALYST, EXPORT_JOB): at each time of the cron a run is queued, read as your token. BAD_USER_INPUT for a bad cron or time zone; checked like startExport.',
  })
  scheduleExport(@Args() args: ScheduleExportArgs, @Ctx() ctx: RequestContext): Promise<ExportSchedule> {
    return scheduleExport(ctx, args);
  }

  @Mutation(() => ExportSchedule, {
    description:
      'Cancels an export schedule: no more runs, and its runs still queued are cancelled. An admin cancels any, a province analyst those of its province, an export job its own (FORBIDDEN otherwise).',
  })
  cancelExport(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ExportSchedule> {
    return cancelExport(ctx, id);
  }

  @Query(() => ExportScheduleConnection, { description: `Export schedules, newest first. ${SCOPE}` })
  exportSchedules(
    @Args() args: ExportSchedulesArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<ExportSchedule>> {
    return exportSchedules(ctx, args);
  }

  @FieldResolver(() => Province, {
    nullable: true,
    description: 'Province of the owner’s scope; null: every province.',
  })
  province(@Root() schedule: ExportSchedule, @Ctx() ctx: RequestContext): Promise<Province | null> | null {
    return exportScopeProvince(ctx, schedule);
  }
}
