import type { EntityManager } from 'typeorm';

export interface BulkColumn {
  name: string;
  /** PostgreSQL type of the column: int, text, date, numeric, jsonb, timestamptz, smallint… */
  type: string;
}

/** Column list from a compact spec: `columns('id:int plan_id:int source:jsonb')`. */
export function columns(spec: string): BulkColumn[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [name, type] = pair.split(':');
      return { name, type };
    });
}

/**
 * Inserts many rows with one statement per chunk: each column travels as one array parameter and
 * `unnest` turns them back into rows, which is close to COPY speed without per-row round trips.
 * jsonb values are sent as text and cast.
 */
export async function bulkInsert(
  manager: EntityManager,
  table: string,
  columns: BulkColumn[],
  rows: unknown[][],
  chunkSize = 5000,
): Promise<void> {
  const arrayType = (type: string) => (type === 'jsonb' ? 'text' : type);
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const selects = columns.map((c, i) => (c.type === 'jsonb' ? `c${i}::jsonb` : `c${i}`)).join(', ');
  const params = columns.map((c, i) => `$${i + 1}::${arrayType(c.type)}[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${selects} FROM unnest(${params}) AS u(${aliases})`;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const arrays = columns.map((c, i) =>
      chunk.map((row) =>
        c.type === 'jsonb' && row[i] !== null && row[i] !== undefined
          ? JSON.stringify(row[i])
          : (row[i] ?? null),
      ),
    );
    await manager.query(sql, arrays);
  }
}

/** Moves a table's id sequence past ids that were inserted explicitly. */
export async function syncIdSequence(manager: EntityManager, table: string): Promise<void> {
  await manager.query(
    `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), GREATEST((SELECT max(id) FROM "${table}"), 1))`,
  );
}

/** The next free id of a table (ids are allocated by the loader so children can refer to parents). */
export async function nextId(manager: EntityManager, table: string): Promise<number> {
  const [{ next }] = await manager.query(`SELECT COALESCE(max(id), 0) + 1 AS next FROM "${table}"`);
  return Number(next);
}
