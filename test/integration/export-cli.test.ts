import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createToken } from '../../src/modules/api-token/api-token.service';
import { Role } from '../../src/core/viewer';
import { GraphqlClient } from '../utils/graphql';
import { runCchc } from '../utils/cchc';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

describe('cchc export', () => {
  let db: TestDatabase;
  let client: GraphqlClient;
  let dir: string;
  let job52: string;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    client = await GraphqlClient.create(db.dataSource);
    dir = mkdtempSync(path.join(tmpdir(), 'cchc-export-cli-'));
    job52 = (await createToken(db.dataSource, { role: Role.EXPORT_JOB, name: 'cli-52', provinceCode: '52' }))
      .token;
  });
  afterAll(async () => {
    await client?.stop();
    await db?.drop();
  });

  /** Runs the cchc command as a person would (no terminal: no progress bar), on this test's database. */
  const cchc = (args: string[], env: Record<string, string> = {}) => runCchc(db.name, args, env);

  it('writes the roll-up to a CSV file with a token; its rows are the API roll-up for that token', async () => {
    const out = path.join(dir, 'rollup.csv');
    const result = await cchc([
      'export',
      'rollup',
      '--province',
      '52',
      '--period',
      '2025Q3',
      '--group-by',
      'COMMUNE,AREA',
      '--out',
      out,
      '--token',
      job52,
    ]);
    expect(result).toMatchObject({ status: 0, stdout: '' });
    const { rollup } = await client.data(
      '{ rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [COMMUNE, AREA]) { communeCode areaCode taskCount completionRate } }',
    );
    expect(result.stderr).toBe(`Wrote ${out}: ${rollup.length} rows.\n`);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(bytes.subarray(3)) as string[][];
    const at = (name: string) => header.indexOf(name);
    expect(
      rows.map((r) => [
        r[at('Mã xã')],
        r[at('Mã lĩnh vực')],
        Number(r[at('Số nhiệm vụ')]),
        r[at('Tỷ lệ hoàn thành')] === '' ? null : Number(r[at('Tỷ lệ hoàn thành')]),
      ]),
    ).toEqual(rollup.map((r: any) => [r.communeCode, r.areaCode, r.taskCount, r.completionRate]));
    // No temporary file is left beside it.
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('takes the token from CCHC_TOKEN, the format from the file name, and --lang en', async () => {
    const out = path.join(dir, 'tasks.xlsx');
    const result = await cchc(
      ['export', 'tasks', '--commune', '52001', '--period', '2025Q3', '--lang', 'en', '--out', out],
      { CCHC_TOKEN: job52 },
    );
    expect(result.status).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('Province code');
    const { commune } = await client.data(
      '{ commune(code: "52001") { rollup(period: "2025Q3") { total { taskCount } } } }',
    );
    expect(sheet.rowCount - 1).toBe(commune.rollup.total.taskCount);
  });

  it('writes NDJSON to stdout without --out, and export-plan still works as before', async () => {
    const ndjson = await cchc([
      'export',
      'reporting',
      '--province',
      '52',
      '--period',
      '2025Q3',
      '--format',
      'ndjson',
    ]);
    expect(ndjson.status).toBe(0);
    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const { province } = await client.data(
      '{ province(code: "52") { reporting(period: "2025Q3") { expected } } }',
    );
    expect(lines).toHaveLength(province.reporting.expected);

    const plan = await cchc(['export-plan', '--commune', 'to-tung', '--year', '2024', '--format', 'csv']);
    expect(plan.status).toBe(0);
    const same = await cchc(['export', 'plan', '--commune', 'to-tung', '--year', '2024']);
    expect(same.stdout).toBe(plan.stdout);
    expect(plan.stdout.split('\r\n')[0]).toBe(
      '\uFEFFSTT,Mục tiêu,Nhiệm vụ,Hoạt động,Kết quả/Sản phẩm,Chủ trì,Phối hợp,Thời gian,Kinh phí,Theo dõi,Mã lĩnh vực,Ghi chú,Tệp nguồn,Dòng nguồn',
    );
  });

  // Bad arguments without a database are in test/unit/cchc-cli.test.ts; these need one.
  it.each([
    [['export', 'tasks', '--period', '2025Q5', '--province', '52'], 2, /not a period/],
    [['export', 'tasks', '--period', '2025Q3', '--token', 'cchc_nope'], 3, /unknown or has been revoked/],
    [
      ['export', 'tasks', '--period', '2025Q3', '--province', '79', '--token', 'JOB52'],
      4,
      /Province "79" was not found/,
    ],
  ])('exits with a clear message and no file for %p', async (args, status, message) => {
    const out = path.join(dir, `refused-${status}.csv`);
    const result = await cchc([...args.map((a) => (a === 'JOB52' ? job52 : a)), '--out', out]);
    expect(result.status).toBe(status);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});
