// Prints the URL of the project database (starting the embedded server if needed), for psql and
// the TypeORM CLI: DATABASE_URL=$(npm run -s db:url) npx typeorm-ts-node-commonjs migration:show -d ormconfig.ts
import { loadConfig } from '../core/config';
import { resolveDatabaseUrl } from '../app/database';

async function main() {
  const { url } = await resolveDatabaseUrl(loadConfig(), (m) => console.error(m));
  process.stdout.write(`${url}\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
