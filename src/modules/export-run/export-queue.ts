import PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { DEFAULT_EXPORT_RETRY } from '../../core/config';
import { retryOnDeadlock } from '../../core/db/database-errors';

/**
 * The export queues on pg-boss (a job queue in the same PostgreSQL, schema `pgboss`, which pg-boss
 * creates and migrates itself). A job carries only a run id: the run's record (export_run) is the
 * truth, so a job delivered twice, or after its run was cancelled, does nothing.
 */
export const EXPORT_QUEUES = {
  /** One job per run: write its file (retried with backoff). */
  run: 'cchc-export-run',
  /** Every minute (pg-boss cron, one sender for all servers): queue the runs schedules are due. */
  tick: 'cchc-export-tick',
  /** Every hour: remove files past CCHC_EXPORT_RETENTION_DAYS. */
  cleanup: 'cchc-export-cleanup',
  /** One job per finished run when CCHC_EXPORT_WEBHOOK_URL is set: POST its record (retried). */
  webhook: 'cchc-export-webhook',
} as const;

/** pg-boss's Db over the DataSource's own pool: no second pool, closed with the DataSource. */
export function poolDb(dataSource: DataSource): PgBoss.Db {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  return { executeSql: (text, values) => pool.query(text, values) };
}

/** pg-boss's Db inside a TypeORM transaction: a job sent with it commits or rolls back with the rest. */
export function transactionDb(manager: EntityManager): PgBoss.Db {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('transactionDb needs a transaction');
  return {
    executeSql: async (text, values) => ({ rows: (await runner.query(text, values, true)).records ?? [] }),
  };
}

/** The longest a run may take; then its attempt is abandoned (and retried). */
export const RUN_TIMEOUT_SECONDS = 3600;

/**
 * Each queue's retry and expiry settings. A job takes its queue's settings when it is sent; the
 * worker sets the run queue's from CCHC_EXPORT_RETRY_* when it starts (queueSettings), these are
 * what a queue is created with before any worker started.
 */
export function queueSettings(retry: { limit: number; delaySeconds: number } = DEFAULT_EXPORT_RETRY) {
  return {
    [EXPORT_QUEUES.run]: {
      retryLimit: retry.limit,
      retryDelay: retry.delaySeconds,
      retryBackoff: true,
      expireInSeconds: RUN_TIMEOUT_SECONDS,
    },
    // A missed tick is made up by the next one, a minute later.
    [EXPORT_QUEUES.tick]: { retryLimit: 0, expireInSeconds: 300 },
    [EXPORT_QUEUES.cleanup]: { retryLimit: 0, expireInSeconds: 3000 },
    // A receiver that is down gets the delivery again: 30 s, 1 min, 2 min… up to about 16 min.
    [EXPORT_QUEUES.webhook]: { retryLimit: 6, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
  } satisfies Record<string, Omit<PgBoss.Queue, 'name'>>;
}

const installed = new WeakMap<DataSource, Promise<PgBoss>>();

/**
 * pg-boss on this database for sending jobs: its schema installed (or migrated) and the export
 * queues created, once per DataSource. It runs no worker and no timer, so it needs no stopping
 * (the worker, export-run.worker.ts, is a separate instance with a lifecycle).
 */
export function exportQueueOf(dataSource: DataSource): Promise<PgBoss> {
  let boss = installed.get(dataSource);
  if (!boss) {
    // Idempotent: a second server starting at the same moment may make one of us a deadlock's victim.
    boss = retryOnDeadlock(() => install(dataSource));
    installed.set(dataSource, boss);
    boss.catch(() => installed.delete(dataSource));
  }
  return boss;
}

async function install(dataSource: DataSource): Promise<PgBoss> {
  const boss = new PgBoss({ db: poolDb(dataSource), schedule: false, supervise: false, migrate: true });
  await boss.start();
  await createExportQueues(boss);
  return boss;
}

/** Creates the export queues that do not exist yet (pg-boss's create_queue leaves those that do). */
async function createExportQueues(boss: PgBoss): Promise<void> {
  for (const [name, settings] of Object.entries(queueSettings())) {
    await boss.createQueue(name, { name, ...settings });
  }
}

/** Sends a run's job in the caller's transaction: the run and its job are stored together or not at all. */
export async function enqueueRun(manager: EntityManager, runId: number): Promise<void> {
  const boss = await exportQueueOf(manager.connection);
  const jobId = await boss.send(EXPORT_QUEUES.run, { runId }, { db: transactionDb(manager) });
  if (!jobId) throw new Error(`pg-boss did not queue export run ${runId}`);
}
