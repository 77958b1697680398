import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * `alias."db_column" AS "propertyName", …` for an entity, so hand-written SQL returns rows shaped
 * like the entity (which doubles as the GraphQL type). Columns marked select:false are left out.
 */
export function entityColumns(
  dataSource: DataSource,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
): string {
  return dataSource
    .getMetadata(entity)
    .columns.filter((column) => column.isSelect)
    .map((column) => `${alias}."${column.databaseName}" AS "${column.propertyName}"`)
    .join(', ');
}

/** Groups rows under the keys they belong to, in the order of `keys` (DataLoader's contract). */
export function groupByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/** One row (or null) per key, in the order of `keys`. */
export function oneByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map<K, R>(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}
