import 'reflect-metadata';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from '../core/db/snake-naming.strategy';

// numeric → JS number (budgets and targets fit a double); date → "YYYY-MM-DD", never a shifted Date.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /**
   * How long to wait for a free or new connection before failing (unset: for ever, pg's default;
   * openDatabase sets CCHC_DB_CONNECT_TIMEOUT_MS, tests and tools built on this directly wait).
   */
  connectTimeoutMs?: number;
  /** statement_timeout of every connection of the pool, in ms (0 or unset: none). */
  statementTimeoutMs?: number;
}

/** The one TypeORM DataSource definition; every command and test builds its own from a URL. */
export function createDataSource({
  url,
  poolSize = 10,
  applicationName = 'cchc-hub',
  connectTimeoutMs,
  statementTimeoutMs,
}: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      application_name: applicationName,
      // A request waiting for a connection fails (SERVICE_UNAVAILABLE) instead of hanging.
      ...(connectTimeoutMs ? { connectionTimeoutMillis: connectTimeoutMs } : {}),
      // Sent at connect: every statement of the session is cancelled after this (SQLSTATE 57014).
      ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    },
  });
}
