import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { ConflictError, NotFoundError } from '../errors';
import { entityColumns } from './sql';

/**
 * Runs one mutation as one transaction (READ COMMITTED). A constraint the database enforces
 * (unique, foreign key) or a deadlock that slipped past the services' own checks comes out as
 * CONFLICT, never as an internal error; in every case nothing was written.
 */
export async function writeTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await dataSource.transaction(work);
  } catch (error) {
    throw asConflict(error) ?? error;
  }
}

function asConflict(error: unknown): ConflictError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  switch (code) {
    case '23505':
      return new ConflictError(
        `Someone else created the same record at the same time (${constraint ?? 'unique key'}); reload and try again. Nothing was saved.`,
      );
    case '23503':
      return new ConflictError(
        `A record this change refers to was deleted at the same time (${constraint ?? 'foreign key'}); reload and try again. Nothing was saved.`,
      );
    case '40P01':
    case '40001':
      return new ConflictError('The change collided with a concurrent one; try again. Nothing was saved.');
    default:
      return null;
  }
}

/** The CONFLICT of a stale optimistic-concurrency version. */
export function staleVersion(what: string, id: number, sent: number, current: number): ConflictError {
  return new ConflictError(
    `${what} ${id} was changed by someone else since you read it (you sent version ${sent}; it is now at version ${current}). ` +
      'Reload it and apply your change again. Nothing was saved.',
  );
}

/** A plain-JSON copy of a row (dates as ISO strings), as the audit log stores it. */
export function snapshot<T extends object>(row: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
}

/**
 * The rows of any statement run in a transaction (`manager.query` returns UPDATE/DELETE …
 * RETURNING as [rows, count], other statements as rows; this always gives rows).
 */
export async function queryRows<T = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (!manager.queryRunner) throw new Error('queryRows runs inside a transaction');
  const result = await manager.queryRunner.query(sql, params, true);
  return (result.records ?? []) as T[];
}

/**
 * Row-lock clauses the write services use (PostgreSQL's names), or NO_LOCK where a row is read
 * without one on purpose (another lock already serialises the change).
 */
export type RowLock = 'FOR UPDATE' | 'FOR NO KEY UPDATE' | 'FOR SHARE' | typeof NO_LOCK;

/** Read the row without locking it. */
export const NO_LOCK = null;

export interface Versioned {
  id: number;
  version: number;
}

/**
 * Reads a row for a change and locks it: FOR NO KEY UPDATE for an update (rows referring to it by
 * foreign key can still be inserted meanwhile), FOR UPDATE before a delete. NOT_FOUND if missing.
 */
export async function lockRow<T extends Versioned>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: number,
  lock: 'FOR UPDATE' | 'FOR NO KEY UPDATE',
  what: string,
): Promise<T> {
  const table = manager.connection.getMetadata(target).tableName;
  const [row] = await queryRows<T>(
    manager,
    `SELECT ${entityColumns(manager.connection, target, `"${table}"`)} FROM "${table}" WHERE id = $1 ${lock}`,
    [id],
  );
  if (!row) throw new NotFoundError(what, id);
  return row;
}

/** CONFLICT unless the caller's version is the row's. */
export function checkVersion(row: Versioned, sent: number, what: string): void {
  if (row.version !== sent) throw staleVersion(what, row.id, sent, row.version);
}

/** The fields of `next` whose values differ from `current` (compared as JSON). */
export function changesOf<T extends object>(current: T, next: Partial<T>): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (next[key] !== undefined && JSON.stringify(next[key]) !== JSON.stringify(current[key])) {
      changes[key] = next[key];
    }
  }
  return changes;
}

/**
 * The optimistic-concurrency write: `UPDATE … SET …, version = version + 1 WHERE id = $1 AND
 * version = $2`, checking that exactly one row changed (TypeORM's @VersionColumn does not check).
 * Returns the row as stored afterwards.
 */
export async function updateVersioned<T extends Versioned>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: number,
  version: number,
  changes: Partial<T>,
  what: string,
): Promise<T> {
  const metadata = manager.connection.getMetadata(target);
  const params: unknown[] = [id, version];
  const sets = Object.entries(changes).map(([property, value]) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.tableName} has no column for ${property}`);
    const json = column.type === 'jsonb';
    params.push(json && value !== null ? JSON.stringify(value) : value);
    return `"${column.databaseName}" = $${params.length}${json ? '::jsonb' : ''}`;
  });
  const table = metadata.tableName;
  const rows = await queryRows<T>(
    manager,
    `UPDATE "${table}" SET ${[...sets, 'version = version + 1'].join(', ')}
      WHERE id = $1 AND version = $2
      RETURNING ${entityColumns(manager.connection, target, `"${table}"`)}`,
    params,
  );
  if (rows.length === 1) return rows[0];
  const [current] = await queryRows<Versioned>(manager, `SELECT version FROM "${table}" WHERE id = $1`, [id]);
  if (!current) throw new NotFoundError(what, id);
  throw staleVersion(what, id, version, current.version);
}
