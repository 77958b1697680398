import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { PLAN_COLUMNS } from './plan-table';

/** Rows of cells from CSV text (UTF-8, optional BOM, comma or semicolon separated). */
export function readCsv(content: string): string[][] {
  const text = content.replace(/^\uFEFF/, '');
  const firstLine = text.split('\n', 1)[0];
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
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
