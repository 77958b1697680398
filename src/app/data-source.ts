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
}

/** The one TypeORM DataSource definition; every command and test builds its own from a URL. */
export function createDataSource({
  url,
  poolSize = 10,
  applicationName = 'cchc-hub',
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
    extra: { max: poolSize, application_name: applicationName },
  });
}
