// Data source for the TypeORM CLI (migration:generate / run / revert / show). It needs a running
// server: DATABASE_URL, or the URL `npm run db:url` prints for the embedded one.
import { createDataSource } from './src/app/data-source';

if (!process.env.DATABASE_URL) {
  throw new Error('Set DATABASE_URL for the TypeORM CLI (npm run db:url prints the embedded server URL).');
}

export default createDataSource({ url: process.env.DATABASE_URL });
