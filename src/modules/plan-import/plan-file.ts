import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { BadUserInputError } from '../../core/errors';
import { PLAN_COLUMNS } from './plan-table';

/** What a CSV reading error means for whoever wrote the file, by csv-parse's error code. */
const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed (an opening " without its closing ")',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell has text after its closing " (write a quote inside a cell as "")',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quoted cell has text after its closing "',
};

/**
 * Rows of cells from CSV text (UTF-8, optional BOM, comma or semicolon separated). Text that is not
 * CSV (an unclosed quote…) is a BAD_USER_INPUT naming the problem and its line, on `field`.
 */
export function readCsv(content: string, field = 'csv'): string[][] {
  const text = content.replace(/^\uFEFF/, '');
  const firstLine = text.split('\n', 1)[0];
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const problem = CSV_PROBLEMS[error.code] ?? 'it is not readable as CSV';
    const line = (error as CsvError & { lines?: number }).lines;
    throw new BadUserInputError(
      `The CSV could not be read${line ? ` (line ${line})` : ''}: ${problem}.`,
      field,
      { csvError: error.code, ...(line ? { line } : {}) },
    );
  }
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
