import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { BinaryCopyLines, copyLines } from '../../src/core/db/copy-lines';
import type { LineBatch } from '../../src/core/db/copy-lines';
import { createRowWriter } from '../../src/modules/export/export.formats';
import type { ExportRow, LineFormat } from '../../src/modules/export/export.formats';
import type { ExportColumn, ExportLang, ExportTable } from '../../src/modules/export/export.kinds';
import {
  lineEndSql,
  lineSegmentSql,
  sqlBoolean,
  sqlDay,
  sqlInteger,
  sqlText,
} from '../../src/modules/export/export.sql-cells';
import type { SqlKind, SqlValue } from '../../src/modules/export/export.sql-cells';
import { PROPERTY_RUNS, PROPERTY_SEED } from '../utils/property';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

// The SQL twins of the CSV and NDJSON writers (export.sql-cells.ts) say the same bytes as the
// writers themselves, for any cell: arbitrary strings (any code point, controls, quotes, commas,
// line breaks, the formula starts), any double (fractions, negatives, huge, tiny, -0, NaN, ±∞),
// integers, booleans, days and nulls. The expected lines come from createRowWriter, never from
// the SQL; the SQL lines are read through binary COPY (and the plain query), so the COPY parser
// and the literals the lines carry are tested too.

/** The columns under test: every kind of value, and numbers in a text column (text in CSV). */
const COLUMNS: (ExportColumn & { kind: SqlKind })[] = [
  { key: 'text', vi: 'Văn bản', en: 'Text', type: 'text', kind: 'text' },
  { key: 'number', vi: 'Số', en: 'Number', type: 'number', kind: 'float' },
  { key: 'rate', vi: 'Tỷ lệ', en: 'Rate', type: 'rate', kind: 'float' },
  { key: 'integer', vi: 'Số nguyên', en: 'Integer', type: 'integer', kind: 'integer' },
  { key: 'boolean', vi: 'Có/không', en: 'Yes/no', type: 'boolean', kind: 'boolean' },
  { key: 'date', vi: 'Ngày', en: 'Day', type: 'date', kind: 'date' },
  { key: 'numberAsText', vi: 'Số như văn bản', en: 'Number as text', type: 'text', kind: 'float' },
  { key: 'integerAsText', vi: 'STT', en: 'No.', type: 'text', kind: 'integer' },
  { key: 'last', vi: 'Cuối', en: 'Last', type: 'text', kind: 'text' },
];
const TABLE: ExportTable = { key: 'cells', vi: 'Ô', en: 'Cells', columns: COLUMNS };

/** Characters the formats treat specially, to meet often in short strings. */
const SPECIAL = [
  "'",
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n',
  ',',
  '"',
  '\\',
  '/',
  '\u0001',
  '\b',
  '\f',
  '\u001f',
  '\u007f',
  '\u2028',
  'ế',
  '😀',
  'a',
  ' ',
];
/** PostgreSQL's text holds neither NUL nor a lone surrogate (nor does the data). */
const storable = (s: string) =>
  s
    .replace(/\0/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
const text = fc
  .oneof(
    fc.string({ unit: fc.constantFrom(...SPECIAL), maxLength: 8 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom('', "'=x", "''+1", "'a", '-5', '=HYPERLINK("http://x", "y")', 'a,b', 'a""b'),
  )
  .map(storable);
const double = fc.oneof(
  fc.double(),
  fc.double({ min: -1e-3, max: 1e-3 }),
  fc.integer().map((n) => n / 100),
  fc.constantFrom(0, -0, 1e21, 1e20, 123456789012345680000, 1e15, 1e16, 1e-6, 1e-7, 1.5e-7, 5e-324),
  fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 0.1 + 0.2, 2 ** 53, -(2 ** 53) - 2),
  fc.constantFrom(NaN, Infinity, -Infinity, 1234.5e-10, -0.000001, 999999999999999900000),
);
const integer = fc.integer();
/** Days as PostgreSQL prints them (DateStyle ISO), and the infinities a date column may hold. */
const day = fc.oneof(
  fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('infinity', '-infinity'),
);
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 5 });

const row = fc.record({
  text: nullable(text),
  number: nullable(double),
  rate: nullable(double),
  integer: nullable(integer),
  boolean: nullable(fc.boolean()),
  date: nullable(day),
  numberAsText: nullable(double),
  integerAsText: nullable(integer),
  last: nullable(text),
});
type Row = typeof row extends fc.Arbitrary<infer R> ? R : never;

/** A double as a float8 literal (its shortest text reads back as the same double, -0 kept). */
const sqlDouble = (n: number) => `'${Object.is(n, -0) ? '-0' : String(n)}'::float8`;

/** A row's values as SQL literals of their kinds. */
function literal(value: unknown, kind: SqlKind): string {
  if (value === null) {
    return `NULL::${{ text: 'text', float: 'float8', integer: 'int', boolean: 'boolean', date: 'date' }[kind]}`;
  }
  switch (kind) {
    case 'text':
      return sqlText(value as string);
    case 'float':
      return sqlDouble(value as number);
    case 'integer':
      return `(${sqlInteger(value as number)})::int`;
    case 'boolean':
      return sqlBoolean(value as boolean);
    case 'date':
      return /^\d/.test(value as string) ? sqlDay(value as string) : `'${value as string}'::date`;
  }
}

/** The lines of `rows` built by the SQL fragments: one statement, rows in order. */
function linesSql(rows: Row[], format: LineFormat, lang: ExportLang): string {
  const values: Record<string, SqlValue> = Object.fromEntries(
    COLUMNS.map((c) => [c.key, { sql: `v."${c.key}"`, kind: c.kind }]),
  );
  const tuples = rows.map(
    (r, i) => `(${i}, ${COLUMNS.map((c) => literal(r[c.key as keyof Row], c.kind)).join(', ')})`,
  );
  return `SELECT ${lineSegmentSql(format, lang, COLUMNS, 0, COLUMNS.length, values)} || ${lineEndSql(format)}
            FROM (VALUES ${tuples.join(',\n')}) AS v(n, ${COLUMNS.map((c) => `"${c.key}"`).join(', ')})
           ORDER BY v.n`;
}

/** The lines the row writer writes for `rows` (after its header, which is not the lines' part). */
async function writerLines(rows: Row[], format: LineFormat, lang: ExportLang): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = createRowWriter(format, out, { lang, multiTable: false });
  await writer.startTable(TABLE);
  const header = Buffer.concat(chunks).length;
  await writer.writeRows(rows as unknown as ExportRow[]);
  await writer.finish();
  return Buffer.concat(chunks).subarray(header);
}

describe('the SQL cell formatting equals the row writers', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('empty');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it.each([
    ['csv', 'vi'],
    ['csv', 'en'],
    ['ndjson', 'vi'],
  ] as const)('%s (%s): any cells, one statement a sample, through binary COPY', async (format, lang) => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (rows) => {
        const expected = await writerLines(rows, format, lang);
        const copied = await copyLines(db.dataSource, linesSql(rows, format, lang));
        expect(copied.rows).toBe(rows.length);
        expect(Buffer.concat(copied.chunks).toString('utf8')).toBe(expected.toString('utf8'));
        expect(Buffer.concat(copied.chunks).equals(expected)).toBe(true);
      }),
      { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS, endOnFailure: true },
    );
  });

  it('the plain query (rows as arrays) reads the same lines as the COPY', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (rows) => {
        const sql = linesSql(rows, 'ndjson', 'en');
        // The reference: the driver's own decoding of the same lines, as an ordinary query.
        const [copied, queried] = await Promise.all([
          copyLines(db.dataSource, sql),
          db.dataSource.query(sql) as Promise<Record<string, string>[]>,
        ]);
        expect(queried.length).toBe(copied.rows);
        const expected = Buffer.from(queried.map((r) => Object.values(r)[0]).join(''), 'utf8');
        expect(Buffer.concat(copied.chunks).equals(expected)).toBe(true);
      }),
      { seed: PROPERTY_SEED + 1, numRuns: Math.ceil(PROPERTY_RUNS / 4), endOnFailure: true },
    );
  });

  it('every special case of a number, named (so a regression names its value)', async () => {
    const numbers = [
      0,
      -0,
      1,
      -1,
      0.5,
      1e-6,
      1e-7,
      1.5e-7,
      1e15,
      1e20,
      1e21,
      1.5e21,
      5e-324,
      NaN,
      Infinity,
      -Infinity,
    ];
    const rows = numbers.map((n) => ({ number: n, numberAsText: n }) as unknown as Row);
    const filled = rows.map(
      (r) => ({ ...Object.fromEntries(COLUMNS.map((c) => [c.key, null])), ...r }) as Row,
    );
    const csv = Buffer.concat(
      (await copyLines(db.dataSource, linesSql(filled, 'csv', 'vi'))).chunks,
    ).toString();
    const numberCells = csv
      .split('\r\n')
      .slice(0, -1)
      .map((line) => line.split(',').slice(1, 2)[0]);
    // JavaScript's String(n), written out by hand from ECMA-262's Number::toString.
    expect(numberCells).toEqual([
      '0',
      '0',
      '1',
      '-1',
      '0.5',
      '0.000001',
      '1e-7',
      '1.5e-7',
      '1000000000000000',
      '100000000000000000000',
      '1e+21',
      '1.5e+21',
      '5e-324',
      'NaN',
      'Infinity',
      "'-Infinity",
    ]);
  });

  it('a statement that is not one line per row fails with a message, and the client stays usable', async () => {
    await expect(copyLines(db.dataSource, `SELECT 'a'::text, 'b'::text`)).rejects.toThrow(/2 fields/);
    await expect(copyLines(db.dataSource, `SELECT NULL::text`)).rejects.toThrow(/NULL line/);
    await expect(copyLines(db.dataSource, `SELECT 1/0`)).rejects.toThrow(/division by zero/);
    const ok = await copyLines(db.dataSource, `SELECT 'x' || n::text || E'\\n' FROM generate_series(1, 3) n`);
    expect(Buffer.concat(ok.chunks).toString()).toBe('x1\nx2\nx3\n');
    expect(ok.rows).toBe(3);
    const none = await copyLines(db.dataSource, `SELECT 'x'::text WHERE false`);
    expect(none).toEqual({ chunks: [], rows: 0 });
  });

  it('lines longer than a chunk arrive whole', async () => {
    const copied = await copyLines(
      db.dataSource,
      `SELECT repeat(chr(7877), n * 100000) || E'\\n' FROM generate_series(1, 5) n`,
    );
    const text = Buffer.concat(copied.chunks).toString('utf8');
    expect(text.split('\n').map((l) => l.length)).toEqual([100000, 200000, 300000, 400000, 500000, 0]);
  });
});

describe('the binary COPY parser', () => {
  /** What a server sends for these lines: header (with an extension), rows, trailer. */
  function copyStream(lines: Buffer[], extension: Buffer): Buffer {
    const header = Buffer.alloc(19);
    Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1').copy(header);
    header.writeInt32BE(extension.length, 15);
    const rows = lines.map((line) => {
      const prefix = Buffer.alloc(6);
      prefix.writeInt16BE(1, 0);
      prefix.writeInt32BE(line.length, 2);
      return Buffer.concat([prefix, line]);
    });
    return Buffer.concat([header, extension, ...rows, Buffer.from([0xff, 0xff])]);
  }

  it('reads the lines however the bytes are cut into messages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 20 }),
        fc.uint8Array({ maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        async (texts, extension, cuts) => {
          const lines = texts.map((t) => Buffer.from(t, 'utf8'));
          const bytes = copyStream(lines, Buffer.from(extension));
          const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...at].map((start, i) => bytes.subarray(start, [...at, bytes.length][i]));
          const batch = await new Promise<LineBatch>((resolve, reject) => {
            const copy = new BinaryCopyLines('COPY', resolve, reject);
            // The driver reuses the buffer a message lies in: each piece is overwritten after use.
            for (const piece of pieces) {
              const chunk = Buffer.from(piece);
              copy.handleCopyData({ chunk });
              chunk.fill(0);
            }
            copy.handleCommandComplete({ text: `COPY ${lines.length}` });
            copy.handleReadyForQuery();
          });
          expect(batch.rows).toBe(lines.length);
          expect(Buffer.concat(batch.chunks).equals(Buffer.concat(lines))).toBe(true);
        },
      ),
      { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS * 5 },
    );
  });

  it('refuses a stream without its end marker, or with fewer rows than the server counted', async () => {
    const run = (bytes: Buffer, count: number) =>
      new Promise<LineBatch>((resolve, reject) => {
        const copy = new BinaryCopyLines('COPY', resolve, reject);
        copy.handleCopyData({ chunk: bytes });
        copy.handleCommandComplete({ text: `COPY ${count}` });
        copy.handleReadyForQuery();
      });
    const whole = copyStream([Buffer.from('a\n'), Buffer.from('b\n')], Buffer.alloc(0));
    await expect(run(whole, 2)).resolves.toEqual({ chunks: [Buffer.from('a\nb\n')], rows: 2 });
    await expect(run(whole.subarray(0, whole.length - 2), 2)).rejects.toThrow(/no end marker/);
    await expect(run(whole, 3)).rejects.toThrow(/server sent 3 rows, 2 were read/);
    await expect(run(Buffer.from('not a copy at all, long enough'), 0)).rejects.toThrow(/binary format/);
  });
});
