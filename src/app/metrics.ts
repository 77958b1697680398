import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import type { MetricsAccess } from '../core/config';
import { ErrorCode } from '../core/errors';
import { Role } from '../core/viewer';
import type { Viewer } from '../core/viewer';
import { ExportRunStatus } from '../modules/export-run/export-run.enums';

/**
 * Prometheus metrics of one server (GET /metrics, docs/OPERATIONS.md). Each server has its own
 * registry, so several servers in one process (the tests) never register a name twice.
 */
export interface ServerMetrics {
  registry: Registry;
  /** One finished GraphQL request: its operation and outcome labels, and how long it took. */
  observeGraphqlRequest(labels: { operation: string; outcome: string }, seconds: number): void;
  /** The source of cchc_subscriptions_open (until it is set: 0). */
  countSubscriptionsWith(source: () => number): void;
}

/** Operation names kept as labels per server; later new names are counted as "other". */
export const MAX_OPERATION_LABELS = 100;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const OUTCOME = /^[A-Z][A-Z0-9_]{0,47}$/;

/** Seconds: from a cached lookup (a few ms) to the statement timeout (30 s). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createServerMetrics(dataSource: DataSource): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cchc_' });
  const labelNames = ['operation', 'outcome'] as const;
  const requests = new Counter({
    name: 'cchc_graphql_requests_total',
    help: 'GraphQL requests answered, by operation name and outcome (ok, or the first error code).',
    labelNames,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'cchc_graphql_request_duration_seconds',
    help: 'Time from the request to the end of its response, by operation name and outcome.',
    labelNames,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'cchc_db_pool_connections',
    help: 'Connections of the database pool: in use, idle, and requests waiting for one.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = poolOf(dataSource);
      this.set({ state: 'in_use' }, pool ? pool.totalCount - pool.idleCount : 0);
      this.set({ state: 'idle' }, pool?.idleCount ?? 0);
      this.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
    },
  });
  let openSubscriptions = () => 0;
  new Gauge({
    name: 'cchc_subscriptions_open',
    help: 'GraphQL subscriptions open on this server.',
    registers: [registry],
    collect() {
      this.set(openSubscriptions());
    },
  });
  new Gauge({
    name: 'cchc_export_runs',
    help: 'Stored export runs by status (all servers of the database: the export_run table at scrape time).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await exportRunCounts(dataSource);
      // Database unreachable: the series are left out of this scrape rather than reported as 0.
      this.reset();
      if (!counts) return;
      for (const status of Object.values(ExportRunStatus)) this.set({ status }, counts.get(status) ?? 0);
    },
  });
  const operationNames = new Set<string>();
  return {
    registry,
    observeGraphqlRequest({ operation, outcome }, seconds) {
      const labels = {
        operation: boundedOperation(operation, operationNames),
        outcome: boundedOutcome(outcome),
      };
      requests.inc(labels);
      durations.observe(labels, seconds);
    },
    countSubscriptionsWith(source) {
      openSubscriptions = source;
    },
  };
}

/**
 * The operation label: the name while it is a plain GraphQL name of at most 64 characters and one
 * of the first MAX_OPERATION_LABELS names seen; "anonymous" and "other" pass as they are; anything
 * else is "other". So no client can make the label set grow without bound.
 */
export function boundedOperation(name: string, seen: Set<string>): string {
  if (name === 'anonymous' || name === 'other') return name;
  if (!OPERATION_NAME.test(name)) return 'other';
  if (seen.has(name)) return name;
  if (seen.size >= MAX_OPERATION_LABELS) return 'other';
  seen.add(name);
  return name;
}

/** The outcome label: "ok" or an error code (upper-case words); anything else "other". */
export const boundedOutcome = (outcome: string): string =>
  outcome === 'ok' || OUTCOME.test(outcome) ? outcome : 'other';

/** The pg Pool under TypeORM's postgres driver (none before the DataSource is initialised). */
function poolOf(dataSource: DataSource): Pool | undefined {
  return dataSource.isInitialized ? (dataSource.driver as unknown as { master?: Pool }).master : undefined;
}

async function exportRunCounts(dataSource: DataSource): Promise<Map<string, number> | null> {
  if (!dataSource.isInitialized) return null;
  try {
    const rows: { status: string; runs: number }[] = await dataSource.query(
      'SELECT status, count(*)::int AS runs FROM export_run GROUP BY status',
    );
    return new Map(rows.map((row) => [row.status, row.runs]));
  } catch {
    return null;
  }
}

/** Addresses of this machine as Node reports a peer: IPv4 and IPv6 loopback, IPv4-mapped too. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const ipv4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return ipv4.startsWith('127.') || address === '::1';
}

type SendError = (res: Parameters<RequestHandler>[1], status: number, code: string, message: string) => void;

/**
 * GET /metrics under CCHC_METRICS: `local` answers only peers on this machine (403 otherwise);
 * `token` wants the ADMIN bearer token (`authenticate` ran before and set res.locals.viewer: 401
 * without one, 403 for another role); `open` answers everyone. (`off`: the route is not mounted.)
 */
export function metricsHandler(
  metrics: ServerMetrics,
  access: Exclude<MetricsAccess, 'off'>,
  send: SendError,
): RequestHandler {
  return async (req, res, next) => {
    if (access === 'local' && !isLoopbackAddress(req.socket.remoteAddress)) {
      return send(
        res,
        403,
        ErrorCode.FORBIDDEN,
        'Metrics are served to this machine only (CCHC_METRICS=local); scrape from localhost, or set CCHC_METRICS=token and send an ADMIN token.',
      );
    }
    if (access === 'token' && (res.locals.viewer as Viewer | undefined)?.role !== Role.ADMIN) {
      return send(res, 403, ErrorCode.FORBIDDEN, 'Metrics need an ADMIN token (CCHC_METRICS=token).');
    }
    try {
      const text = await metrics.registry.metrics();
      res.set('content-type', metrics.registry.contentType).set('cache-control', 'no-store').send(text);
    } catch (error) {
      next(error);
    }
  };
}
