// npm run seed -- [--scale demo|province|national] [--real-only]
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config';
import { openDatabase } from '../app/database';
import { SCALES } from '../modules/seed/generator';
import type { Scale } from '../modules/seed/generator';
import { seedDatabase } from '../modules/seed/seed';
import { progressBar } from './progress';

const USAGE = `Usage: npm run seed -- [--scale demo|province|national] [--real-only]
Loads the five real plans (seeds/real) and generated communes of the scale (default: demo).
Runs again safely: what is already there is kept.`;

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'demo' },
      'real-only': { type: 'boolean', default: false },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!SCALES.includes(values.scale as Scale)) {
    throw new Error(`Unknown scale "${values.scale}". ${USAGE}`);
  }
  const started = Date.now();
  // A bulk load, not a request: the API's statement timeout would cut a province's deferred roll-up.
  const database = await openDatabase(
    { ...loadConfig(), statementTimeoutMs: 0 },
    { log: (m) => console.error(m) },
  );
  try {
    await seedDatabase(database.dataSource, {
      scale: values['real-only'] ? null : (values.scale as Scale),
      log: (m) => console.error(m),
      onProgress: progressBar('Generating'),
    });
    console.error(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
