// Extra databases of the bench in the bench cluster: a copy without roll-up maintenance, and fresh
// ones to time seeds in.
import pg from 'pg';
import type { AppConfig } from '../src/core/config';
import { openDatabase } from '../src/app/database';
import { seedDatabase } from '../src/modules/seed/seed';
import type { Scale } from '../src/modules/seed/generator';
import { ROLLUP_TRIGGERS } from '../src/modules/rollup/rollup-bulk';

/** The URL of another database on the server of `url`. */
export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Drops the roll-up triggers (the enqueueing ones and the deferred flush): writes without roll-up maintenance. */
export function dropRollupTriggers(client: pg.Client): Promise<unknown> {
  return client.query(
    [
      ...ROLLUP_TRIGGERS.map(({ table, trigger }) => `DROP TRIGGER IF EXISTS "${trigger}" ON "${table}"`),
      'DROP TRIGGER IF EXISTS "tr_plan_rollup_flush" ON "plan_rollup_queue"',
    ].join(';\n'),
  );
}

/**
 * `copy` as a file copy of `template` (no session may be connected to the template), with the
 * roll-up triggers dropped.
 */
export async function copyWithoutTriggers(url: string, template: string, copy: string): Promise<string> {
  await withClient(databaseUrlFor(url, 'postgres'), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
    // FILE_COPY: one checkpoint and a file copy, much faster than WAL-logging every block of a big database.
    await client.query(`CREATE DATABASE "${copy}" TEMPLATE "${template}" STRATEGY FILE_COPY`);
  });
  const copyUrl = databaseUrlFor(url, copy);
  await withClient(copyUrl, dropRollupTriggers);
  return copyUrl;
}

export async function dropDatabase(url: string, database: string): Promise<void> {
  await withClient(databaseUrlFor(url, 'postgres'), (client) =>
    client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
  );
}

export type SeedVariant = 'bulk' | 'triggers' | 'noTriggers';

/**
 * Seconds the seed of `scale` takes into a fresh, migrated database: 'bulk' is the seed as shipped
 * (roll-up triggers off during each province's load, one recompute), 'triggers' lets the triggers
 * fire row batch by row batch (the path before #15), 'noTriggers' loads into a database without
 * them (the floor: plan_rollup stays empty).
 */
export async function timeSeed(
  url: string,
  config: AppConfig,
  scale: Scale,
  variant: SeedVariant,
  log: (message: string) => void,
): Promise<number> {
  const name = `bench_seed_${variant.toLowerCase()}`;
  await dropDatabase(url, name);
  await withClient(databaseUrlFor(url, 'postgres'), (client) => client.query(`CREATE DATABASE "${name}"`));
  const seedUrl = databaseUrlFor(url, name);
  try {
    const database = await openDatabase({ ...config, databaseUrl: seedUrl, statementTimeoutMs: 0 }, { log });
    try {
      if (variant === 'noTriggers') await withClient(seedUrl, dropRollupTriggers);
      const start = process.hrtime.bigint();
      await seedDatabase(database.dataSource, {
        scale,
        // Without triggers there is nothing to switch off: the plain path.
        rollups: variant === 'bulk' ? 'bulk' : 'triggers',
      });
      return Number(process.hrtime.bigint() - start) / 1e9;
    } finally {
      await database.close();
    }
  } finally {
    await dropDatabase(url, name);
  }
}
