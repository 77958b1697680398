import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { BadUserInputError } from '../../core/errors';
import { unneutraliseCell } from '../../core/spreadsheet-cells';
import { foldVietnamese } from '../../parsing/area-heading';
import { INDICATOR_SECTION } from './indicator-table';
import { PlanImportError } from './table-cells';
import type { TablePlace } from './table-cells';

/** The tables of a plan file: its task table and, if it has one, its indicator table. */
export interface PlanTables {
  tasks: string[][];
  /** The indicator table's rows (header first); rows[0] is spreadsheet row firstRow of sheet. */
  indicators: ({ rows: string[][] } & TablePlace) | null;
}

const isSectionName = (text: string | undefined) =>
  foldVietnamese(text ?? '') === foldVietnamese(INDICATOR_SECTION);

/**
 * One sheet's rows as tables: the task table, then the indicator table after a row whose only
 * cell is "Chỉ tiêu" (the layout of an exported CSV); no such row, no indicator table.
 */
export function tablesOfRows(rows: string[][]): PlanTables {
  const section = rows.findIndex(
    (row) => isSectionName(row[0]) && row.slice(1).every((cell) => !cell?.trim()),
  );
  if (section < 0) return { tasks: rows, indicators: null };
  return {
    tasks: rows.slice(0, section),
    indicators: { rows: rows.slice(section + 1), firstRow: section + 2 },
  };
}

/** What a CSV reading error means for whoever wrote the file, by csv-parse's error code. */
const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed (an opening " without its closing ")',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell has text after its closing " (write a quote inside a cell as "")',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quoted cell has text after its closing "',
};

/**
 * Rows of cells from CSV text (UTF-8, optional BOM, comma or semicolon separated), each with the
 * quote an export puts before a formula-like cell taken off (core/spreadsheet-cells.ts). Text that is not
 * CSV (an unclosed quote…) is a BAD_USER_INPUT naming the problem and its line, on `field`.
 */
export function readCsv(content: string, field = 'csv'): string[][] {
  const text = content.replace(/^\uFEFF/, '');
  const firstLine = text.split('\n', 1)[0];
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    const rows = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
    // Exports neutralise formula-like cells with a leading quote; the quote is not part of the text.
    return rows.map((row) => row.map(unneutraliseCell));
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

/**
 * The tables of an XLSX file: the task table on its first sheet, the indicator table on the sheet
 * named "Chỉ tiêu" (or in a section of the first sheet, as in a CSV), cells as text.
 */
export async function readXlsx(content: Buffer): Promise<PlanTables> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const indicatorSheet = workbook.worksheets.find((sheet) => isSectionName(sheet.name));
  const taskSheet = workbook.worksheets.find((sheet) => sheet !== indicatorSheet);
  const tables = tablesOfRows(taskSheet ? rowsOf(taskSheet) : []);
  if (!indicatorSheet) return tables;
  if (tables.indicators) {
    throw new PlanImportError([
      {
        row: tables.indicators.firstRow - 1,
        column: 'STT',
        message: `The indicators are given twice: in the sheet "${indicatorSheet.name}" and in a section of this sheet.`,
      },
    ]);
  }
  return { ...tables, indicators: { rows: rowsOf(indicatorSheet), firstRow: 1, sheet: indicatorSheet.name } };
}

function rowsOf(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let col = 1; col <= row.cellCount; col++) cells.push(row.getCell(col).text ?? '');
    rows[rowNumber - 1] = cells;
  });
  return Array.from(rows, (row) => row ?? []);
}
