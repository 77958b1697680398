import type { DataSource } from 'typeorm';
import { queryRows, writeTransaction } from '../../core/db/transaction';
import { NotFoundError } from '../../core/errors';
import { parseId } from '../../core/ids';
import { INTEGER_KEY, decodeCursor, encodeCursor, toConnection } from '../../core/pagination';
import type { Connection } from '../../core/pagination';
import { DEFAULT_TIME_ZONE } from '../../core/relative-period';
import type { RequestContext } from '../../core/request-context';
import { authorize, canCancelExportSchedule, canSeeExportsOf, hideUnless } from '../auth/policy';
import { checkCron, checkTimeZone, nextCronTime } from './export-cron';
import { checkExportRequest, requesterOf } from './export-request';
import { ExportRunStatus, ExportScheduleStatus } from './export-run.enums';
import { exportScopeFilter } from './export-run.service';
import type { ExportSchedulesArgs, ScheduleExportArgs } from './export-run.type';
import { enqueueRun } from './export-queue';
import { ExportSchedule } from './export-schedule.entity';

export const EXPORT_SCHEDULE = 'Export schedule';

/**
 * Mutation.scheduleExport: checks the request like startExport, reads the cron in the time zone
 * (given, else the province's, else Asia/Ho_Chi_Minh) and stores the schedule with its first time.
 * Nothing is queued yet: the minute tick queues each run when its time comes (fireDueSchedules).
 */
export async function scheduleExport(ctx: RequestContext, args: ScheduleExportArgs): Promise<ExportSchedule> {
  const { params, province } = await checkExportRequest(ctx, args, 'schedule an export');
  const ownProvince =
    ctx.viewer.provinceId === null ? null : await ctx.loaders.provinceById.load(ctx.viewer.provinceId);
  const timeZone = checkTimeZone(
    args.timeZone?.trim() || province?.timeZone || ownProvince?.timeZone || DEFAULT_TIME_ZONE,
  );
  const now = new Date();
  const cron = checkCron(args.cron, timeZone, now);
  return ctx.dataSource.getRepository(ExportSchedule).save(
    Object.assign(new ExportSchedule(), {
      kind: args.kind,
      params,
      format: args.format,
      lang: args.lang,
      cron,
      timeZone,
      status: ExportScheduleStatus.ACTIVE,
      ...requesterOf(ctx.viewer),
      nextRunAt: nextCronTime(cron, timeZone, now),
    }),
  );
}

/** One schedule the viewer may see; NOT_FOUND (worded as missing) otherwise. */
export async function exportSchedule(ctx: RequestContext, id: string): Promise<ExportSchedule> {
  const scheduleId = parseId(id, 'id', 'export schedule');
  const schedule = await ctx.dataSource.getRepository(ExportSchedule).findOneBy({ id: scheduleId });
  if (!schedule) throw new NotFoundError(EXPORT_SCHEDULE, id);
  hideUnless(canSeeExportsOf(ctx.viewer, schedule.provinceId), EXPORT_SCHEDULE, id);
  return schedule;
}

/**
 * Mutation.cancelExport: the schedule starts no more runs, and its runs still waiting in the queue
 * are cancelled (a run being written finishes). Cancelling a cancelled schedule changes nothing.
 */
export async function cancelExport(ctx: RequestContext, id: string): Promise<ExportSchedule> {
  const found = await exportSchedule(ctx, id);
  authorize(canCancelExportSchedule(ctx.viewer, found), `cancel export schedule ${found.id}`);
  await writeTransaction(ctx.dataSource, async (manager) => {
    const [schedule] = await queryRows<{ status: string }>(
      manager,
      'SELECT status FROM export_schedule WHERE id = $1 FOR UPDATE',
      [found.id],
    );
    if (schedule.status === ExportScheduleStatus.CANCELLED) return;
    await manager.query(
      `UPDATE export_schedule SET status = $2, cancelled_at = now(), cancelled_by = $3 WHERE id = $1`,
      [found.id, ExportScheduleStatus.CANCELLED, ctx.viewer.name],
    );
    // Their jobs find them cancelled and do nothing.
    await manager.query(
      `UPDATE export_run SET status = $2, finished_at = now() WHERE schedule_id = $1 AND status = $3`,
      [found.id, ExportRunStatus.CANCELLED, ExportRunStatus.QUEUED],
    );
  });
  return ctx.dataSource.getRepository(ExportSchedule).findOneByOrFail({ id: found.id });
}

const CURSOR_LIST = 'export-schedule';

/** Query.exportSchedules: the schedules the viewer may see, newest first. */
export async function exportSchedules(
  ctx: RequestContext,
  args: ExportSchedulesArgs,
): Promise<Connection<ExportSchedule>> {
  const query = exportScopeFilter(
    ctx.dataSource.getRepository(ExportSchedule).createQueryBuilder('s'),
    ctx.viewer,
  );
  if (!args.includeCancelled) query.andWhere('s.status = :active', { active: ExportScheduleStatus.ACTIVE });
  const total = await query.getCount();
  if (args.after) {
    query.andWhere('s.id < :afterId', {
      afterId: Number(decodeCursor(CURSOR_LIST, args.after, INTEGER_KEY)),
    });
  }
  const rows = await query
    .orderBy('s.id', 'DESC')
    .take(args.first + 1)
    .getMany();
  return toConnection(rows, args, total, (schedule) => encodeCursor(CURSOR_LIST, schedule.id));
}

/** Who cancelled a schedule whose token was revoked (ExportSchedule.cancelledBy). */
export const REVOKED_TOKEN = 'its API token was revoked';

/** Schedules claimed per transaction by the tick. */
const TICK_BATCH = 50;

/**
 * The minute tick: for every active schedule whose time has come, one run (QUEUED, naming the
 * schedule and the time it stands for) and its job, and the schedule moved on to its next time
 * after `now` — all in one transaction per batch. Rows are claimed FOR UPDATE SKIP LOCKED and the
 * run is unique per schedule and time, so two servers ticking at once queue each run once. Times
 * missed while no server ran are made up by one run, not one per missed time. A schedule whose
 * token has been revoked is cancelled instead (its runs could not read as it).
 */
export async function fireDueSchedules(dataSource: DataSource, now: Date = new Date()): Promise<number> {
  let queued = 0;
  for (;;) {
    const claimed = await dataSource.transaction(async (manager) => {
      const due = await queryRows<Pick<ExportSchedule, 'id' | 'cron' | 'timeZone'> & { revoked: boolean }>(
        manager,
        `SELECT s.id, s.cron, s.time_zone AS "timeZone", t.revoked_at IS NOT NULL AS revoked
           FROM export_schedule s LEFT JOIN api_token t ON t.id = s.token_id
          WHERE s.status = $1 AND s.next_run_at <= $2 ORDER BY s.next_run_at, s.id LIMIT $3
          FOR UPDATE OF s SKIP LOCKED`,
        [ExportScheduleStatus.ACTIVE, now, TICK_BATCH],
      );
      for (const schedule of due) {
        if (schedule.revoked) {
          // Its runs would read as a token that no longer exists: the schedule ends here.
          await manager.query(
            `UPDATE export_schedule SET status = $2, cancelled_at = $3, cancelled_by = $4 WHERE id = $1`,
            [schedule.id, ExportScheduleStatus.CANCELLED, now, REVOKED_TOKEN],
          );
          continue;
        }
        const [run] = await queryRows<{ id: number }>(
          manager,
          `INSERT INTO export_run (kind, params, format, lang, status, requested_by, token_id, role, province_id, schedule_id, scheduled_for)
           SELECT kind, params, format, lang, $2, requested_by, token_id, role, province_id, id, next_run_at
             FROM export_schedule WHERE id = $1
           ON CONFLICT ON CONSTRAINT uq_export_run_schedule_time DO NOTHING
           RETURNING id`,
          [schedule.id, ExportRunStatus.QUEUED],
        );
        if (run) {
          await enqueueRun(manager, run.id);
          queued++;
        }
        await manager.query(`UPDATE export_schedule SET next_run_at = $2, last_run_at = $3 WHERE id = $1`, [
          schedule.id,
          nextCronTime(schedule.cron, schedule.timeZone, now),
          now,
        ]);
      }
      return due.length;
    });
    if (claimed < TICK_BATCH) return queued;
  }
}
