import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { PLAN_COLUMNS } from './plan-table';

export type TableFormat = 'csv' | 'xlsx';

/** Rows of cells from CSV text (UTF-8, optional BOM, comma or semicolon separated). */
export function readCsv(content: string): string[][] {
  const text = content.replace(/^\uFEFF/, '');
  const firstLine = text.split('\n', 1)[0];
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
}

export function writeCsv(rows: string[][]): string {
  // A BOM so that Excel opens the Vietnamese text as UTF-8.
  return `\uFEFF${stringify(rows)}`;
}

/** Rows of cells from the first worksheet of an XLSX file, as text. */
export async function readXlsx(content: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let col = 1; col <= Math.max(row.cellCount, PLAN_COLUMNS.length); col++) {
      cells.push(row.getCell(col).text ?? '');
    }
    rows[rowNumber - 1] = cells;
  });
  return Array.from(rows, (row) => row ?? []);
}

export async function writeXlsx(rows: string[][], sheetName = 'Kế hoạch CCHC'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, i) => {
    column.width = i === 0 ? 8 : 30;
    column.alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The import template: the standard columns, an area heading row and one filled example row. */
export function templateRows(): string[][] {
  return [
    PLAN_COLUMNS.map((c) => c.header),
    ['I', 'Cải cách thể chế', '', '', '', '', '', '', '', ''],
    [
      '1',
      'Nâng cao chất lượng xây dựng, kiểm tra, rà soát văn bản QPPL; đạt 100% Kế hoạch',
      'Ban hành Kế hoạch kiểm tra, rà soát văn bản quy phạm pháp luật',
      'Triển khai thực hiện đạt 100% Kế hoạch',
      'Kế hoạch; Báo cáo kết quả thực hiện',
      'Văn phòng HĐND và UBND',
      'Các cơ quan, đơn vị có liên quan',
      '1. Ban hành Kế hoạch trước ngày 31/12/2024. 2. Báo cáo kết quả thực hiện trong Quý IV năm 2025.',
      'Theo dự toán được cấp',
      'Phòng Văn hóa - Xã hội',
    ],
  ];
}
