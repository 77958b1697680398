import { parse } from 'csv-parse/sync';
import { PassThrough } from 'node:stream';
import { createRequestContext } from '../../src/app/request-context';
import { OPERATOR } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';
import { parseExportRequest, writeExport } from '../../src/modules/export/export.service';
import type { ExportFormat, WriteExportOptions } from '../../src/modules/export/export.service';
import { useSeededGraphql } from '../utils/seeded-graphql';

const MEASURES = `taskCount completedCount inProgressCount notStartedCount cancelledCount overdueCount
  completionRate dueCompletionRate onTimeRate indicatorsMet indicatorsNotMet indicatorsNoData`;

describe('exports', () => {
  const api = useSeededGraphql();

  /** Runs an export into memory, as `viewer`; the bytes and the row count. */
  async function exportBytes(
    kind: string,
    params: Record<string, unknown>,
    format: ExportFormat,
    options: WriteExportOptions & { viewer?: Viewer } = {},
  ): Promise<{ bytes: Buffer; rows: number }> {
    const ctx = createRequestContext(api.db().dataSource, options.viewer ?? OPERATOR);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const { rows } = await writeExport(ctx, parseExportRequest(kind, params), format, out, options);
    return { bytes: Buffer.concat(chunks), rows };
  }

  const readCsv = (bytes: Buffer): string[][] => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parse(bytes.toString('utf8').slice(1), { relax_column_count: true }) as string[][];
  };

  it('writes the roll-up as CSV with a BOM, Vietnamese headers and the values of Query.rollup', async () => {
    const { bytes, rows } = await exportBytes(
      'rollup',
      { province: '52', period: ['2025Q2', '2025Q3'], groupBy: 'COMMUNE,AREA,PERIOD' },
      'csv',
    );
    const [header, ...body] = readCsv(bytes);
    expect(header.slice(0, 7)).toEqual([
      'Mã xã',
      'Xã, phường, đặc khu',
      'Mã lĩnh vực',
      'Lĩnh vực',
      'Kỳ',
      'Số nhiệm vụ',
      'Đã hoàn thành',
    ]);
    const { rollup } = await api.data(
      `{ rollup(periods: ["2025Q2", "2025Q3"], provinceCode: "52", groupBy: [COMMUNE, AREA, PERIOD]) { communeCode communeName areaCode period ${MEASURES} } }`,
    );
    expect(rows).toBe(rollup.length);
    expect(body).toHaveLength(rollup.length);
    const measures = MEASURES.split(/\s+/);
    body.forEach((cells, i) => {
      const want = rollup[i];
      expect([cells[0], cells[1], cells[2], cells[4]]).toEqual([
        want.communeCode,
        want.communeName,
        want.areaCode,
        want.period,
      ]);
      expect(cells.slice(5).map((c) => (c === '' ? null : Number(c)))).toEqual(measures.map((m) => want[m]));
    });
  });
});
