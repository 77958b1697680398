import { PassThrough } from 'node:stream';
import { createRequestContext } from '../../src/app/request-context';
import { OPERATOR, Role } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';
import { parseExportRequest, writeExport } from '../../src/modules/export/export.service';
import type { ExportFormat, ExportLang } from '../../src/modules/export/export.service';
import { countStatements } from '../utils/graphql';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

// The task and indicator lists' CSV and NDJSON lines built in PostgreSQL (export.lines.ts) are the
// bytes the row writers write from the rows of the same list (writeExport's rowWriters option: the
// XLSX path's rows), for a generated province, several periods, both languages, overdueOnly, an
// area, cells made to need every rule (quotes, commas, line breaks, formula starts, controls) and
// numbers that PostgreSQL and JavaScript print differently unless taken care of.

describe('task and indicator lines built in PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    // Texts the CSV and JSON rules treat specially, in the generated province's tasks.
    const nasty = [
      '=HYPERLINK("http://evil.example", "x")',
      '\'\'+1, "quoted"',
      'line\r\nbreak',
      '\ttab',
      '-5',
      '@SUM(A1)',
      'back\\slash \u0001 \u001f \u007f \u2028 😀',
      "'plain quote",
      '',
    ];
    await db.dataSource.query(
      `UPDATE task t SET name = n.text, lead_unit = CASE WHEN n.i % 2 = 0 THEN n.text END,
              time_text = n.text || ' ' || t.time_text, ordinal = CASE WHEN n.i % 3 = 0 THEN n.text ELSE t.ordinal END
         FROM (SELECT t.id, row_number() OVER (ORDER BY t.id) AS i
                 FROM task t JOIN plan p ON p.id = t.plan_id JOIN commune c ON c.id = p.commune_id
                 JOIN province v ON v.id = c.province_id WHERE v.code = '52') k
         JOIN unnest($1::text[]) WITH ORDINALITY AS n(text, i) ON (k.i - 1) % 40 = n.i - 1
        WHERE t.id = k.id`,
      [nasty],
    );
    await db.dataSource.query(
      `UPDATE indicator i SET name = n.text,
              target_text = n.text || ' ' || i.target_text
         FROM (SELECT i.id, row_number() OVER (ORDER BY i.id) AS i
                 FROM indicator i JOIN plan p ON p.id = i.plan_id JOIN commune c ON c.id = p.commune_id
                 JOIN province v ON v.id = c.province_id WHERE v.code = '52') k
         JOIN unnest($1::text[]) WITH ORDINALITY AS n(text, i) ON (k.i - 1) % 20 = n.i - 1
        WHERE i.id = k.id`,
      [nasty],
    );
    // Values whose shortest text PostgreSQL and JavaScript lay out differently (exponents, -0).
    const values = [
      '0.1',
      '-0.000001',
      '0.0000001',
      '1e21',
      '12345678901234567890.125',
      '1e-320',
      '-0',
      '1e15',
      '0.3333333333333333333333',
    ];
    await db.dataSource.query(
      `UPDATE indicator_value iv SET actual_value = n.value::numeric
         FROM (SELECT iv.id, row_number() OVER (ORDER BY iv.id) AS i FROM indicator_value iv) k
         JOIN unnest($1::text[]) WITH ORDINALITY AS n(value, i) ON (k.i - 1) % 10 = n.i - 1
        WHERE iv.id = k.id`,
      [values],
    );
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function exportBytes(
    params: Record<string, unknown>,
    format: ExportFormat,
    lang: ExportLang,
    rowWriters: boolean,
    viewer: Viewer = OPERATOR,
  ): Promise<{ bytes: Buffer; rows: number }> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ctx = createRequestContext(db.dataSource, viewer);
    const { kind = 'tasks', ...rest } = params as { kind?: string };
    const { rows } = await writeExport(ctx, parseExportRequest(kind, rest), format, out, {
      lang,
      rowWriters,
    });
    return { bytes: Buffer.concat(chunks), rows };
  }

  const cases: [string, Record<string, unknown>][] = [
    ['a generated province, three periods', { province: '52', period: '2025Q2,2025Q4,2026' }],
    ['overdue only', { province: '52', period: '2025Q3,2026Q1', overdueOnly: 'true' }],
    ['one area', { province: '52', period: '2025', area: 'PROCEDURES' }],
    ['every province (a commune of none among them)', { period: '2025Q3' }],
    ['indicators of a generated province', { kind: 'indicators', province: '52', period: '2025Q3' }],
    ['indicators of every province, one area', { kind: 'indicators', period: '2026', area: 'PROCEDURES' }],
  ];
  for (const [name, params] of cases) {
    for (const format of ['csv', 'ndjson'] as const) {
      for (const lang of ['vi', 'en'] as const) {
        it(`${name}: ${format}, ${lang}, byte for byte`, async () => {
          const lines = await exportBytes(params, format, lang, false);
          const rows = await exportBytes(params, format, lang, true);
          expect(lines.rows).toBe(rows.rows);
          expect(lines.rows).toBeGreaterThan(0);
          expect(lines.bytes.length).toBe(rows.bytes.length);
          expect(lines.bytes.equals(rows.bytes)).toBe(true);
        });
      }
    }
  }

  it('the list holds the nasty cells, so the comparison above met them', async () => {
    const { bytes } = await exportBytes({ province: '52', period: '2025Q3' }, 'csv', 'vi', false);
    const text = bytes.toString('utf8');
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"", ""x"")"');
    expect(text).toContain('"line\r\nbreak"');
    expect(text).toContain("'\ttab");
    expect(text).toContain(",'-5,");
    expect(text).toContain('"\'\'\'+1, ""quoted"""');
    const ndjson = (await exportBytes({ province: '52', period: '2025Q3' }, 'ndjson', 'en', false)).bytes;
    expect(ndjson.toString('utf8')).toContain('"back\\\\slash \\u0001 \\u001f \u007f \u2028 😀"');
    const indicators = (
      await exportBytes({ kind: 'indicators', province: '52', period: '2025Q3' }, 'csv', 'en', false)
    ).bytes.toString('utf8');
    expect(indicators).toMatch(/,1e\+21,/);
    expect(indicators).toMatch(/,1e-7,/);
    expect(indicators).toMatch(/,-0\.000001,/);
  });

  it("a commune officer's list is its own commune's, as on the row path", async () => {
    const [{ id, provinceId }] = await db.dataSource.query(
      `SELECT c.id, c.province_id AS "provinceId" FROM commune c WHERE c.code = '52001'`,
    );
    const officer: Viewer = {
      role: Role.COMMUNE_OFFICER,
      name: 'officer-test',
      tokenId: null,
      provinceId,
      communeId: id,
    };
    const lines = await exportBytes({ period: '2025Q3' }, 'ndjson', 'vi', false, officer);
    const rows = await exportBytes({ period: '2025Q3' }, 'ndjson', 'vi', true, officer);
    expect(lines.bytes.equals(rows.bytes)).toBe(true);
    const body = lines.bytes.toString('utf8').split('\n').slice(0, -1);
    expect(body.length).toBeGreaterThan(0);
    expect(new Set(body.map((line) => JSON.parse(line).communeCode))).toEqual(new Set(['52001']));
  });

  it('reads each batch with one COPY and no other statement per row', async () => {
    const { result, statements } = await countStatements(() =>
      exportBytes({ province: '52', period: '2025Q3' }, 'ndjson', 'vi', false),
    );
    const copies = statements.filter((s) => s.startsWith('COPY ('));
    const batches = statements.filter((s) => /LIMIT \$9/.test(s));
    expect(copies.length).toBeGreaterThan(0);
    // One COPY per batch of plans that has any (the last keyset read may find none).
    expect(copies.length).toBeGreaterThanOrEqual(batches.length - 1);
    expect(copies.length).toBeLessThanOrEqual(batches.length);
    expect(statements.length).toBeLessThan(result.rows / 50);
  });

  it('XLSX still comes from rows', async () => {
    const { statements } = await countStatements(() =>
      exportBytes({ commune: '52001', period: '2025Q3' }, 'xlsx', 'vi', false),
    );
    expect(statements.some((s) => s.startsWith('COPY ('))).toBe(false);
  });
});
