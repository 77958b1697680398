// npm start: the GraphQL API on the configured database (embedded PostgreSQL by default).
import { loadConfig } from './core/config';
import { createLogger } from './core/logger';
import { openDatabase, openReadDataSource } from './app/database';
import { assertPortFree, portInUseMessage, startGraphqlServer } from './app/server';
import { formatDemoTokens, issueDemoTokens } from './modules/api-token/demo-tokens';
import { progressBar } from './cli/progress';
import { createRequestContext } from './app/request-context';
import { startExportWorker } from './modules/export-run/export-run.worker';
import type { ExportWorker } from './modules/export-run/export-run.worker';
import { isEmpty, seedDatabase } from './modules/seed/seed';

async function main() {
  const config = readConfig();
  // Human lines (progress, the URL, demo tokens) stay plain text on stdout for whoever started the
  // server; requests, errors and lifecycle events are the logger's (JSON lines; readable in
  // development), on stdout too. docs/OPERATIONS.md.
  const log = (message: string) => console.log(message);
  const logger = createLogger({ level: config.logLevel, pretty: config.isDevelopment });
  // A taken port is one clear line and exit 1, before the database is opened.
  await assertPortFree(config.host, config.port).catch(portTaken(config.host, config.port));
  const database = await openDatabase(config, { log });
  // First start on the embedded database: load the real plans and a demo province. A server given
  // by DATABASE_URL is never filled with demo data unasked (use npm run seed).
  if (database.embedded && (await isEmpty(database.dataSource))) {
    log('Empty database: loading the real plans and the demo province (first start only)…');
    await seedDatabase(database.dataSource, { scale: 'demo', log, onProgress: progressBar('Generating') });
  }
  // DATABASE_READ_URL: GraphQL queries on a streaming replica (docs/READ-REPLICA.md).
  const readDataSource = await openReadDataSource(config).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const server = await startGraphqlServer({
    dataSource: database.dataSource,
    readDataSource: readDataSource ?? undefined,
    replicaMaxWaitMs: config.replicaMaxWaitMs,
    port: config.port,
    host: config.host,
    corsOrigins: config.corsOrigins,
    limits: config.limits,
    isDevelopment: config.isDevelopment,
    adminToken: config.adminToken,
    shutdownGraceMs: config.shutdownGraceMs,
    exportDir: config.exports.dir,
    listenUrl: config.listenUrl,
    logger,
    metricsAccess: config.metricsAccess,
    persistedOnlyRoles: config.persistedOnlyRoles,
  }).catch(async (error: unknown) => {
    // Taken between the check and now: say so the same way, after letting go of the database.
    await readDataSource?.destroy();
    await database.close();
    return portTaken(config.host, config.port)(error);
  });
  // Queued and scheduled exports (CCHC_EXPORT_WORKER, default on): pg-boss on the same database.
  let exportWorker: ExportWorker | null = null;
  if (config.exports.worker) {
    exportWorker = await startExportWorker({
      dataSource: database.dataSource,
      contextFor: (viewer) => createRequestContext(database.dataSource, viewer),
      settings: config.exports,
      logger,
    });
  }
  const everywhere = ['0.0.0.0', '::'].includes(config.host) ? ' (listening on every interface: HOST)' : '';
  log(`cchc-hub GraphQL API ready at ${server.url}${everywhere}`);
  logger.info(
    { url: server.url, exportWorker: Boolean(exportWorker), metrics: config.metricsAccess },
    'server ready',
  );
  log(`Live updates (GraphQL subscriptions over server-sent events) at ${server.url}/stream.`);
  if (exportWorker) log(`Export worker on: files in ${config.exports.dir} (CCHC_EXPORT_DIR).`);
  // The embedded database is the demo: print fresh tokens to try it with (never for DATABASE_URL).
  if (database.embedded) log(formatDemoTokens(await issueDemoTokens(database.dataSource)));

  let stopping = false;
  // Stop accepting connections and export jobs, let requests and a run in flight finish for up to
  // CCHC_SHUTDOWN_GRACE_MS (then cut them: the run is retried), close the pool, stop the embedded
  // PostgreSQL this process started, exit 0.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping (requests in flight have up to ${config.shutdownGraceMs} ms to finish)…`);
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'server stopping');
    let exitCode = 0;
    // The export worker winds down beside the HTTP server, within the same grace period.
    const workerStopped = (exportWorker?.stop(config.shutdownGraceMs) ?? Promise.resolve()).then(
      () => null,
      (error: unknown) => error,
    );
    const stopWorker = async () => {
      const error = await workerStopped;
      if (error) throw error;
    };
    // server.stop() completes open subscriptions and closes the LISTEN connection first, then drains.
    const closeReads = async () => void (await readDataSource?.destroy());
    for (const step of [() => server.stop(), stopWorker, closeReads, () => database.close()]) {
      await step().catch((error: unknown) => {
        logger.error(
          { error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
          'shutdown step failed',
        );
        exitCode = 1;
      });
    }
    log('Stopped.');
    logger.info({ exitCode }, 'server stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** The settings; a bad one (LOG_LEVEL=verbose, PORT=x) is its one-line message and exit 1, no stack. */
function readConfig() {
  try {
    return loadConfig();
  } catch (error) {
    console.error(`Configuration: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/** EADDRINUSE as one line on stderr and exit 1; any other error goes on to main's handler. */
function portTaken(host: string, port: number) {
  return (error: unknown): never => {
    if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      console.error(portInUseMessage(host, port));
      process.exit(1);
    }
    throw error;
  };
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
