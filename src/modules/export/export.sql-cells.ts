import { escapeLiteral } from 'pg';
import { BOOLEAN_TEXT, cellSeparator, LINE_END } from './export.formats';
import type { LineFormat } from './export.formats';
import type { ExportColumn, ExportLang } from './export.kinds';

/**
 * The row writers' cell formatting, in SQL: so that PostgreSQL can build an export's CSV or NDJSON
 * line whole and the server only moves its bytes (export.lines.ts). Every fragment here MIRRORS
 * JavaScript code and must say the same bytes:
 *
 * - CSV text: `csvQuote(neutraliseCell(text))` of export.formats.ts and
 *   src/core/spreadsheet-cells.ts (formula neutralisation, then RFC 4180 quotes);
 * - numbers: JavaScript's `String(number)`; booleans: BOOLEAN_TEXT; NDJSON: `jsonValue`
 *   (JSON.stringify's escapes, which PostgreSQL's to_json of a text shares: `\"` `\\` `\b` `\f` `\n`
 *   `\r` `\t`, other controls as `\u00xx` in lower case, nothing else).
 *
 * test/integration/export-lines.test.ts holds them equal: a fast-check property over arbitrary
 * strings and numbers (run on PostgreSQL), and whole exports written both ways, byte for byte.
 * Change a writer, change its fragment here.
 *
 * A fragment takes an SQL expression and may evaluate it several times: give a column, not a
 * computation (or wrap it with `withValue`).
 */

// ---- literals (a COPY takes no bind parameters) ------------------------------------------------

/** A text as an SQL literal, through pg's escapeLiteral (quotes doubled, E'' with backslashes). */
export function sqlText(text: string): string {
  // PostgreSQL's text holds no NUL, and a NUL would end the statement's text early.
  if (text.includes('\0')) throw new Error('A text with a NUL character cannot be sent to PostgreSQL.');
  return escapeLiteral(text);
}

/** An integer as an SQL literal; anything but a safe integer is refused. */
export function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`Not an integer: ${value}.`);
  return String(value);
}

/** Integers as an int[] literal. */
export const sqlIntegers = (values: readonly number[]): string =>
  `'{${values.map(sqlInteger).join(',')}}'::int[]`;

/** Texts as a text[] expression. */
export const sqlTexts = (values: readonly string[]): string =>
  values.length ? `ARRAY[${values.map(sqlText).join(',')}]::text[]` : `'{}'::text[]`;

/** A "YYYY-MM-DD" day as a date literal; anything else is refused. */
export function sqlDay(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Not a day: ${JSON.stringify(day)}.`);
  return `'${day}'::date`;
}

export const sqlBoolean = (value: boolean): string => (value ? 'true' : 'false');

// ---- cells -------------------------------------------------------------------------------------

/**
 * What an SQL expression of a cell holds, which decides how it is written, as the type of the
 * JavaScript value does in the row writers:
 * - text: text or varchar (a JS string);
 * - date: a date (the row path reads it as `date::text`, a string);
 * - integer: int2 or int4 (a JS number; int8 would reach JS as a string, so it is not one);
 * - float: float8 (a JS number, e.g. numeric::float8);
 * - boolean.
 */
export type SqlKind = 'text' | 'date' | 'integer' | 'float' | 'boolean';

export interface SqlValue {
  sql: string;
  kind: SqlKind;
}

/**
 * `fragment` of an expression evaluated once: a scalar subquery binding it to a name. For values
 * that are computations (a fragment may evaluate its argument several times).
 */
export const withValue = (sql: string, fragment: (value: string) => string): string =>
  `(SELECT ${fragment('cell.value')} FROM (SELECT ${sql} AS value) AS cell)`;

/**
 * neutraliseCell: one more "'" before text that starts with quotes and then = + - @ TAB or CR.
 * Most cells start with a letter or digit, so the first character's code is tested first (as the
 * JS does); the pattern, with the TAB and CR as themselves (E'' string), only for the others.
 */
const neutralisedSql = (x: string) =>
  `CASE WHEN ascii(${x}) NOT IN (39, 61, 43, 45, 64, 9, 13) THEN ${x} ` +
  `WHEN ${x} ~ E'^''*[-=+@\\t\\r]' THEN '''' || ${x} ELSE ${x} END`;

/** csvQuote(neutraliseCell(x)): in double quotes (inner ones doubled) when x holds , " CR or LF. */
export const csvTextSql = (x: string): string =>
  `CASE WHEN ${x} IS NULL THEN '' ` +
  `WHEN strpos(${x}, ',') + strpos(${x}, '"') + strpos(${x}, E'\\n') + strpos(${x}, E'\\r') > 0 ` +
  `THEN '"' || replace(${neutralisedSql(x)}, '"', '""') || '"' ` +
  `ELSE ${neutralisedSql(x)} END`;

/**
 * JavaScript's String(number) of a float8 (finite or not). PostgreSQL prints the same shortest
 * digits (float8out, extra_float_digits > 0, the default 1) but switches to an exponent outside
 * 1e-4 ≤ |x| < 1e15 and writes it with two digits at least ("1e-05", "1.5e+20"), where JavaScript
 * keeps plain digits for 1e-6 ≤ |x| < 1e21 and writes "1e-7", "1.5e+21"; and PostgreSQL prints -0.
 * The exponent form is therefore taken apart (sign, first digit, other digits, exponent) and laid
 * out as JavaScript does (ECMA-262 Number::toString).
 */
export const jsNumberSql = (x: string): string =>
  withValue(
    `${x}::float8::text`,
    (s) => `(SELECT CASE
      WHEN p.m IS NULL THEN CASE WHEN ${s} = '-0' THEN '0' ELSE ${s} END
      WHEN p.e < -6 OR p.e > 20
        THEN p.m[1] || p.m[2] || COALESCE('.' || p.m[3], '') || CASE WHEN p.e < 0 THEN 'e-' ELSE 'e+' END || abs(p.e)::text
      WHEN p.e < 0 THEN p.m[1] || '0.' || repeat('0', -p.e - 1) || p.d
      WHEN length(p.d) > p.e + 1 THEN p.m[1] || substr(p.d, 1, p.e + 1) || '.' || substr(p.d, p.e + 2)
      ELSE p.m[1] || p.d || repeat('0', p.e + 1 - length(p.d))
    END FROM (SELECT q.m, q.m[4]::int AS e, q.m[2] || COALESCE(q.m[3], '') AS d
                FROM (SELECT regexp_match(${s}, E'^(-?)(\\\\d)(?:\\\\.(\\\\d+))?e([-+]\\\\d+)$') AS m) q) p)`,
  );

/** A cell of a CSV line: csvCell(value, column.type, lang) of export.formats.ts. */
export function csvCellSql(value: SqlValue, column: ExportColumn, lang: ExportLang): string {
  const x = value.sql;
  switch (value.kind) {
    case 'text':
      return csvTextSql(x);
    case 'date':
      // date::text (any DateStyle) holds no , " CR LF; of its texts only "-infinity" starts a formula.
      return `CASE WHEN ${x} IS NULL THEN '' WHEN ${x} = '-infinity'::date THEN '''-infinity' ELSE ${x}::text END`;
    case 'boolean': {
      const [yes, no] = BOOLEAN_TEXT[lang];
      return `CASE WHEN ${x} THEN ${sqlText(yes)} WHEN NOT ${x} THEN ${sqlText(no)} ELSE '' END`;
    }
    case 'integer':
    case 'float': {
      const text = value.kind === 'integer' ? `${x}::text` : jsNumberSql(x);
      // A number in a text column is text (neutralised, quoted); so is one that is not finite.
      if (column.type === 'text') return withValue(text, csvTextSql);
      if (value.kind === 'integer') return `COALESCE(${text}, '')`;
      return `CASE WHEN ${x} IS NULL THEN '' WHEN ${x} = '-Infinity'::float8 THEN '''-Infinity' ELSE ${text} END`;
    }
  }
}

/** A value of an NDJSON line: jsonValue(value) of export.formats.ts. */
export function jsonValueSql(value: SqlValue): string {
  const x = value.sql;
  switch (value.kind) {
    case 'text':
      return `COALESCE(to_json(${x})::text, 'null')`;
    case 'date':
      return `COALESCE('"' || ${x}::text || '"', 'null')`;
    case 'boolean':
      return `CASE WHEN ${x} THEN 'true' WHEN NOT ${x} THEN 'false' ELSE 'null' END`;
    case 'integer':
      return `COALESCE(${x}::text, 'null')`;
    case 'float':
      return `CASE WHEN ${x} IS NULL OR ${x} IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) THEN 'null' ELSE ${jsNumberSql(x)} END`;
  }
}

/**
 * Columns `from` to `to` (not included) as their part of a line, each after its separator: the SQL
 * twin of lineSegment (export.formats.ts). `values` by column key.
 */
export function lineSegmentSql(
  format: LineFormat,
  lang: ExportLang,
  columns: readonly ExportColumn[],
  from: number,
  to: number,
  values: Record<string, SqlValue>,
): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) {
    const value = values[columns[i].key];
    if (!value) throw new Error(`No SQL value for the column ${columns[i].key}.`);
    parts.push(
      sqlText(cellSeparator(format, columns, i)),
      format === 'csv' ? csvCellSql(value, columns[i], lang) : jsonValueSql(value),
    );
  }
  return parts.join(' || ');
}

/** The end of a line, as an SQL literal. */
export const lineEndSql = (format: LineFormat): string => sqlText(LINE_END[format]);
