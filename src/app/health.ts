import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { RETRY_AFTER_SECONDS } from './graphql-errors';

/** What /readyz answers: ready, or why not (never an error text, host or SQL). */
export interface Readiness {
  status: 'ready' | 'unavailable';
  reason?: 'database unreachable' | 'migrations pending';
  pendingMigrations?: number;
}

/**
 * Probes for a load balancer or orchestrator, without a token: GET /healthz — the process is up
 * (200); GET /readyz — the database answers and every migration of this build is applied (200),
 * otherwise 503 with the reason in JSON.
 */
export function healthRouter(dataSource: DataSource): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(dataSource);
    res.set('cache-control', 'no-store');
    if (readiness.status !== 'ready') res.status(503).set('retry-after', String(RETRY_AFTER_SECONDS));
    res.json(readiness);
  });
  return router;
}

/** Asks the database which of this build's migrations it has applied. */
export async function checkReadiness(dataSource: DataSource): Promise<Readiness> {
  const expected = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  let applied: Set<string>;
  try {
    const rows: { name: string }[] = await dataSource.query(
      `SELECT name FROM "${dataSource.options.migrationsTableName ?? 'migrations'}"`,
    );
    applied = new Set(rows.map((row) => row.name));
  } catch (error) {
    // 42P01: no migrations table yet, so nothing is applied; anything else: no usable database.
    if ((error as { driverError?: { code?: string } }).driverError?.code !== '42P01') {
      return { status: 'unavailable', reason: 'database unreachable' };
    }
    applied = new Set();
  }
  const pending = expected.filter((name) => !applied.has(name)).length;
  return pending
    ? { status: 'unavailable', reason: 'migrations pending', pendingMigrations: pending }
    : { status: 'ready' };
}
