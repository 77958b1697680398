import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { neutraliseCell, unneutraliseCell } from '../../src/core/spreadsheet-cells';
import { createRowWriter } from '../../src/modules/export/export.formats';
import type { ExportRow } from '../../src/modules/export/export.formats';
import type { ExportFormat, ExportLang, ExportTable } from '../../src/modules/export/export.kinds';
import { PROPERTY_RUNS, PROPERTY_SEED } from '../utils/property';

const TABLE: ExportTable = {
  key: 'things',
  vi: 'Thứ',
  en: 'Things',
  columns: [
    { key: 'text', vi: 'Văn bản', en: 'Text', type: 'text' },
    { key: 'amount', vi: 'Số', en: 'Amount', type: 'number' },
    { key: 'rate', vi: 'Tỷ lệ', en: 'Rate', type: 'rate' },
    { key: 'count', vi: 'Đếm', en: 'Count', type: 'integer' },
    { key: 'day', vi: 'Ngày', en: 'Day', type: 'date' },
    { key: 'flag', vi: 'Cờ', en: 'Flag', type: 'boolean' },
  ],
};

/** The bytes a writer produces for these rows. */
async function written(format: ExportFormat, rows: ExportRow[], lang: ExportLang = 'vi'): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const writer = createRowWriter(format, out, { lang, multiTable: false });
  await writer.startTable(TABLE);
  await writer.writeRows(rows);
  await writer.finish();
  if (format !== 'xlsx') out.end();
  await ended;
  return Buffer.concat(chunks);
}

describe('export row writers', () => {
  it('CSV: BOM, headers, quoting, formula-like text neutralised, numbers (negative too) left as numbers', async () => {
    const bytes = await written('csv', [
      { text: '=HYPERLINK("http://x")', amount: -5, rate: 0.25, count: 3, day: '2025-12-31', flag: true },
      { text: '-5', amount: 1.5, rate: null, count: 0, day: null, flag: false },
      { text: 'a, "b"\r\nc', amount: null, rate: 1, count: -2, day: '2026-01-01', flag: null },
      { text: '@SUM(A1)', amount: 0, rate: 0, count: 1, day: null, flag: false },
      { text: '\tcmd', amount: 2, rate: 0, count: 1, day: null, flag: false },
      { text: "'=already", amount: 2, rate: 0, count: 1, day: null, flag: false },
    ]);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('Văn bản,Số,Tỷ lệ,Đếm,Ngày,Cờ');
    // Numbers are bare: a negative amount is not quoted or prefixed.
    expect(text.split('\r\n')[1]).toBe(`"'=HYPERLINK(""http://x"")",-5,0.25,3,2025-12-31,Có`);
    expect(parse(bytes.subarray(3))).toEqual([
      ['Văn bản', 'Số', 'Tỷ lệ', 'Đếm', 'Ngày', 'Cờ'],
      [`'=HYPERLINK("http://x")`, '-5', '0.25', '3', '2025-12-31', 'Có'],
      ["'-5", '1.5', '', '0', '', 'Không'],
      ['a, "b"\r\nc', '', '1', '-2', '2026-01-01', ''],
      ["'@SUM(A1)", '0', '0', '1', '', 'Không'],
      ["'\tcmd", '2', '0', '1', '', 'Không'],
      ["''=already", '2', '0', '1', '', 'Không'],
    ]);
  });

  it('English headers and yes/no with lang en', async () => {
    const [header, row] = parse((await written('csv', [{ flag: true }], 'en')).subarray(3));
    expect(header).toEqual(['Text', 'Amount', 'Rate', 'Count', 'Day', 'Flag']);
    expect(row[5]).toBe('Yes');
  });

  it('neutralising is undone exactly, for any text', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.constantFrom('', "'", "''", '=', '+', '-', '@', '\t', '\r', 'x'),
          fc.string({ unit: 'grapheme' }),
        ),
        ([start, rest]) => {
          const text = start + rest;
          expect(unneutraliseCell(neutraliseCell(text))).toBe(text);
          // What a spreadsheet would run as a formula never starts the written cell.
          expect(/^[=+\-@\t\r]/.test(neutraliseCell(text))).toBe(false);
        },
      ),
      { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS * 5 },
    );
  });

  it('NDJSON: any text, number, boolean and null reads back as written, keys in column order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            text: fc.option(fc.string({ unit: 'binary' }), { nil: null }),
            amount: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
            rate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
            count: fc.integer(),
            day: fc.constant('2025-07-01'),
            flag: fc.option(fc.boolean(), { nil: null }),
          }),
          { maxLength: 20 },
        ),
        async (rows) => {
          const lines = (await written('ndjson', rows)).toString('utf8').split('\n');
          expect(lines.pop()).toBe('');
          const parsed = lines.map((line) => JSON.parse(line));
          // JSON has no -0: it reads back as 0.
          expect(parsed).toEqual(rows.map((r) => ({ ...r, amount: Object.is(r.amount, -0) ? 0 : r.amount })));
          for (const object of parsed) expect(Object.keys(object)).toEqual(TABLE.columns.map((c) => c.key));
        },
      ),
      { seed: PROPERTY_SEED + 1, numRuns: PROPERTY_RUNS },
    );
  });

  it('XLSX: a frozen bold header, rates with a % format, dates as dates, text never a formula', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await written('xlsx', [
        { text: '=1+1', amount: -5, rate: 0.125, count: 7, day: '2025-12-31', flag: true },
      ])) as unknown as ArrayBuffer,
    );
    const sheet = workbook.getWorksheet('Thứ')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const row = sheet.getRow(2);
    expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(1).value).toBe('=1+1');
    expect(row.getCell(2).value).toBe(-5);
    expect(row.getCell(3).value).toBe(0.125);
    expect(row.getCell(3).numFmt).toBe('0.0%');
    expect(row.getCell(5).value).toEqual(new Date('2025-12-31T00:00:00Z'));
    expect(row.getCell(6).value).toBe('Có');
  });
});
