import PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';
import type { ExportSettings } from '../../core/config';
import { asDatabaseFailure, retryOnDeadlock } from '../../core/db/database-errors';
import { DomainError, ErrorCode, ForbiddenError } from '../../core/errors';
import type { RequestContext } from '../../core/request-context';
import type { Viewer } from '../../core/viewer';
import { ApiToken } from '../api-token/api-token.entity';
import { parseExportRequest } from '../export/export.service';
import { removeOldFiles, writeRunFile } from './export-file';
import type { WrittenFile } from './export-file';
import { ExportRun } from './export-run.entity';
import { ExportRunStatus } from './export-run.enums';
import {
  EXPORT_QUEUES,
  RUN_TIMEOUT_SECONDS,
  exportQueueOf,
  poolDb,
  queueSettings,
  transactionDb,
} from './export-queue';
import { fireDueSchedules } from './export-schedule.service';
import { deliverWebhook } from './export-webhook';
import { logEntry } from '../../core/logger';
import type { Logger } from '../../core/logger';

/**
 * The export worker: one pg-boss instance per server process (CCHC_EXPORT_WORKER) that writes the
 * queued runs, ticks the schedules every minute, removes old files every hour and delivers the
 * webhook. pg-boss hands each job to one worker of all the servers on the database (SKIP LOCKED),
 * its cron sends each tick once for all of them, and everything it keeps is in PostgreSQL, so a
 * restart loses nothing.
 */

export interface ExportWorkerOptions {
  dataSource: DataSource;
  /** A request context for the viewer a run reads as (app/request-context.ts: fresh loaders). */
  contextFor: (viewer: Viewer) => RequestContext;
  settings: ExportSettings;
  log?: (message: string) => void;
  /** The process's logger (core/logger.ts); when set, entries go there instead of `log`. */
  logger?: Logger;
  /** pg-boss's polling and cron timings, in seconds (tests shorten them; pg-boss's defaults else). */
  timing?: Pick<
    PgBoss.ConstructorOptions,
    | 'pollingIntervalSeconds'
    | 'cronMonitorIntervalSeconds'
    | 'cronWorkerIntervalSeconds'
    | 'clockMonitorIntervalSeconds'
    | 'maintenanceIntervalSeconds'
  >;
}

export interface ExportWorker {
  /**
   * Takes no more jobs, lets a run in progress finish for up to `graceMs`, then stops it (its
   * record goes back to QUEUED and its job is retried by whichever server runs next).
   */
  stop(graceMs?: number): Promise<void>;
  readonly boss: PgBoss;
}

/** Every minute: queue the runs whose schedules are due (one tick for all servers). */
const TICK_CRON = '* * * * *';
/** Every hour, at minute 17: remove old files. */
const CLEANUP_CRON = '17 * * * *';

/** The abort reason of a run stopped by shutdown. */
const SHUTDOWN = new Error('shutdown');

type RunJob = PgBoss.JobWithMetadata<{ runId: number }>;

export async function startExportWorker(options: ExportWorkerOptions): Promise<ExportWorker> {
  const { dataSource, settings } = options;
  const log = options.log ?? (() => undefined);
  const { logger } = options;
  const logJson = (entry: Record<string, unknown>) =>
    logger
      ? logEntry(logger, entry, String(entry.event))
      : log(JSON.stringify({ time: new Date().toISOString(), ...entry }));
  // pg-boss's schema, the queues and the crons first, so that the worker's first cron check (as
  // it starts) already sees them: the first tick comes at once, not a cron interval later.
  const installer = await exportQueueOf(dataSource);
  const runQueue = EXPORT_QUEUES.run;
  const retry = { limit: settings.retryLimit, delaySeconds: settings.retryDelaySeconds };
  // Upserts every server makes as it starts: retried if two starting together deadlock.
  await retryOnDeadlock(async () => {
    await installer.updateQueue(runQueue, { name: runQueue, ...queueSettings(retry)[runQueue] });
    await installer.schedule(EXPORT_QUEUES.tick, TICK_CRON, {}, { tz: 'UTC' });
    await installer.schedule(EXPORT_QUEUES.cleanup, CLEANUP_CRON, {}, { tz: 'UTC' });
  });
  const boss = new PgBoss({
    db: poolDb(dataSource),
    migrate: false,
    schedule: true,
    supervise: true,
    ...options.timing,
  });
  boss.on('error', (error) => logJson({ level: 'error', event: 'export-queue', message: error.message }));
  await boss.start();

  const inFlight = new Set<AbortController>();
  const polling = options.timing?.pollingIntervalSeconds;
  const work = { includeMetadata: true as const, ...(polling ? { pollingIntervalSeconds: polling } : {}) };

  await boss.work<{ runId: number }>(runQueue, work, async ([job]) => {
    const controller = new AbortController();
    inFlight.add(controller);
    try {
      await runJob(job, controller.signal);
    } finally {
      inFlight.delete(controller);
    }
  });
  await boss.work(EXPORT_QUEUES.tick, work, async () => {
    const queued = await fireDueSchedules(dataSource);
    if (queued) logJson({ level: 'info', event: 'export-schedules', queued });
  });
  await boss.work(EXPORT_QUEUES.cleanup, work, async () => {
    const removed = await removeOldFiles(dataSource, settings.dir, settings.retentionDays);
    if (removed) logJson({ level: 'info', event: 'export-files-removed', removed });
  });
  const { webhookUrl, webhookSecret } = settings;
  if (webhookUrl && webhookSecret) {
    await boss.work<{ runId: number }>(EXPORT_QUEUES.webhook, work, async ([job]) => {
      try {
        await deliverWebhook(dataSource, job.data.runId, {
          url: webhookUrl,
          secret: webhookSecret,
          deliveryId: job.id,
        });
      } catch (error) {
        logJson({
          level: 'warn',
          event: 'export-webhook',
          runId: job.data.runId,
          message: (error as Error).message,
        });
        throw error;
      }
    });
  }

  /**
   * One delivery of a run's job. The record decides: a run no longer QUEUED or RUNNING (cancelled,
   * or finished by an earlier delivery) is left alone. The outcome and the job's own state are
   * written in one transaction (pg-boss's complete/fail with our transaction), so they never disagree.
   */
  async function runJob(job: RunJob, shutdown: AbortSignal): Promise<void> {
    const runId = Number(job.data?.runId);
    const run = await claimRun(dataSource, runId);
    if (!run) return;
    const signal = AbortSignal.any([shutdown, AbortSignal.timeout((RUN_TIMEOUT_SECONDS - 60) * 1000)]);
    let file: WrittenFile;
    try {
      const viewer = await runViewer(dataSource, run);
      const request = parseExportRequest(run.kind, run.params);
      file = await writeRunFile(
        options.contextFor(viewer),
        { dir: settings.dir, runId },
        request,
        run.format,
        { lang: run.lang, signal },
      );
    } catch (error) {
      const permanent = isPermanent(error);
      const last = permanent || job.retryCount >= job.retryLimit;
      const message = failureMessage(error, signal, run, { last, permanent, tries: job.retryLimit + 1 });
      if (!(error instanceof DomainError)) {
        logJson({
          level: 'error',
          event: 'export-run-failed',
          runId,
          attempt: run.attempts,
          error: String((error as Error)?.stack ?? error),
        });
      }
      await dataSource.transaction(async (manager) => {
        await manager.query(
          `UPDATE export_run SET status = $2, error = $3, finished_at = CASE WHEN $4 THEN now() END
            WHERE id = $1 AND status = 'RUNNING'`,
          [runId, last ? ExportRunStatus.FAILED : ExportRunStatus.QUEUED, message, last],
        );
        const db = transactionDb(manager);
        // A refusal is not retried: complete the job. Otherwise fail it: pg-boss retries it with
        // backoff, or (retries used up) marks it failed.
        if (permanent) await boss.complete(runQueue, job.id, { error: message }, { db });
        else await boss.fail(runQueue, job.id, { error: message }, { db });
        if (last) await notify(manager, runId);
      });
      return;
    }
    await dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE export_run SET status = $2, row_count = $3, bytes = $4, sha256 = $5, file_name = $6,
                error = NULL, finished_at = now()
          WHERE id = $1 AND status = 'RUNNING'`,
        [runId, ExportRunStatus.SUCCEEDED, file.rows, file.bytes, file.sha256, file.fileName],
      );
      await boss.complete(runQueue, job.id, {}, { db: transactionDb(manager) });
      await notify(manager, runId);
    });
  }

  /** Queues the webhook delivery of a finished run, in the transaction that finished it. */
  async function notify(manager: EntityManager, runId: number): Promise<void> {
    if (!webhookUrl) return;
    await boss.send(EXPORT_QUEUES.webhook, { runId }, { db: transactionDb(manager) });
  }

  let stopping: Promise<void> | null = null;
  return {
    boss,
    stop(graceMs = 30_000) {
      stopping ??= (async () => {
        const cut = setTimeout(() => inFlight.forEach((controller) => controller.abort(SHUTDOWN)), graceMs);
        try {
          await boss.stop({ graceful: true, wait: true, close: false, timeout: graceMs + 10_000 });
        } finally {
          clearTimeout(cut);
        }
      })();
      return stopping;
    },
  };
}

/** Marks a run RUNNING for a new attempt; null when it is cancelled or already finished. */
async function claimRun(dataSource: DataSource, runId: number): Promise<ExportRun | null> {
  const [[claimed]]: [{ id: number }[], number] = await dataSource.query(
    `UPDATE export_run SET status = 'RUNNING', attempts = attempts + 1, started_at = now()
      WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') RETURNING id`,
    [runId],
  );
  return claimed ? dataSource.getRepository(ExportRun).findOneByOrFail({ id: runId }) : null;
}

/**
 * The viewer a run reads as: its token as it is now (FORBIDDEN, not retried, once revoked), or
 * the operator it was asked by (no token).
 */
async function runViewer(dataSource: DataSource, run: ExportRun): Promise<Viewer> {
  if (run.tokenId === null) {
    return {
      role: run.role,
      name: run.requestedBy,
      tokenId: null,
      provinceId: run.provinceId,
      communeId: null,
    };
  }
  const token = await dataSource.getRepository(ApiToken).findOneBy({ id: run.tokenId });
  if (!token || token.revokedAt) {
    throw new ForbiddenError(
      `The API token "${run.requestedBy}" that asked for this export has been revoked, so the export no longer runs: ` +
        (run.scheduleId === null
          ? 'start it again with a live token.'
          : `cancel schedule ${run.scheduleId} and schedule the export again with a live token.`),
    );
  }
  return {
    role: token.role,
    name: token.name,
    tokenId: token.id,
    provinceId: token.provinceId,
    communeId: token.communeId,
  };
}

/** Errors that the same run would meet again: retrying them is pointless. */
const PERMANENT_CODES: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.FORBIDDEN,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.QUERY_TOO_COMPLEX,
]);

function isPermanent(error: unknown): boolean {
  return error instanceof DomainError && PERMANENT_CODES.has(error.code);
}

/** File-system errors the export directory can give, in words a person can act on. */
function directoryProblem(code: string): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'The export directory (CCHC_EXPORT_DIR) is full: free some space on the server.';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'The server may not write to the export directory (CCHC_EXPORT_DIR): check its permissions.';
    default:
      return `The export directory (CCHC_EXPORT_DIR) could not be written (${code}): check that it is a directory the server may write to.`;
  }
}

/**
 * Why an attempt failed, for the run's `error`: what happened and what to do, never a stack, SQL
 * or path (those go to the server log).
 */
function failureMessage(
  error: unknown,
  signal: AbortSignal,
  run: ExportRun,
  outcome: { last: boolean; permanent: boolean; tries: number },
): string {
  const errno = error as NodeJS.ErrnoException;
  const what = signal.aborted
    ? signal.reason === SHUTDOWN
      ? 'The server stopped while the export was being written.'
      : `The export took longer than ${RUN_TIMEOUT_SECONDS / 60 - 1} minutes and was stopped: ask for less (a province, an area or a shorter period).`
    : error instanceof DomainError
      ? error.message
      : typeof errno?.code === 'string' && typeof errno.path === 'string'
        ? directoryProblem(errno.code)
        : asDatabaseFailure(error)
          ? 'The database could not be read during the export (down, restarting or too slow).'
          : `The export failed unexpectedly; the server log has the details (export run ${run.id}).`;
  if (outcome.permanent) return what;
  if (outcome.last) return `${what} It failed ${run.attempts} time(s); start it again once this is mended.`;
  return `${what} It will be tried again (attempt ${run.attempts + 1} of ${outcome.tries}).`;
}
