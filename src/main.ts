// npm start: the GraphQL API on the configured database (embedded PostgreSQL by default).
import { loadConfig } from './core/config';
import { openDatabase } from './app/database';
import { startGraphqlServer } from './app/server';
import { formatDemoTokens, issueDemoTokens } from './modules/api-token/demo-tokens';
import { progressBar } from './cli/progress';
import { isEmpty, seedDatabase } from './modules/seed/seed';

async function main() {
  const config = loadConfig();
  const log = (message: string) => console.log(message);
  const database = await openDatabase(config, { log });
  // First start on the embedded database: load the real plans and a demo province. A server given
  // by DATABASE_URL is never filled with demo data unasked (use npm run seed).
  if (database.embedded && (await isEmpty(database.dataSource))) {
    log('Empty database: loading the real plans and the demo province (first start only)…');
    await seedDatabase(database.dataSource, { scale: 'demo', log, onProgress: progressBar('Generating') });
  }
  const server = await startGraphqlServer({
    dataSource: database.dataSource,
    port: config.port,
    isDevelopment: config.isDevelopment,
    adminToken: config.adminToken,
    log: console.error,
  });
  log(`cchc-hub GraphQL API ready at ${server.url}`);
  // The embedded database is the demo: print fresh tokens to try it with (never for DATABASE_URL).
  if (database.embedded) log(formatDemoTokens(await issueDemoTokens(database.dataSource)));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await server.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
