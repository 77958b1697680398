import type { SourceRef } from '../../core/source-ref.type';
import { BadUserInputError } from '../../core/errors';
import { foldVietnamese, recognizeArea } from '../../parsing/area-heading';
import { ReformAreaCode } from '../reform-area/reform-area.entity';

// What the task table and the indicator table of a plan file share: columns found by their
// header, cells read as trimmed text, the columns every record may carry (area code, note, source)
// and problems named by sheet, row and column.

/** A problem with one cell of an imported table, in words a data steward can act on. */
export interface TableError {
  /** The worksheet, when the file is a workbook and the problem is not on its first sheet. */
  sheet?: string;
  /** 1-based row of the spreadsheet (of the CSV file, for both of its tables). */
  row: number;
  column: string;
  message: string;
}

export const describeProblem = (p: TableError) =>
  `${p.sheet ? `sheet "${p.sheet}", ` : ''}row ${p.row}, column "${p.column}": ${p.message}`;

/** A table with bad rows: nothing was imported; every problem names its row and column. */
export class PlanImportError extends BadUserInputError {
  constructor(readonly problems: TableError[]) {
    const first = problems.slice(0, 5).map(describeProblem);
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    super(`The plan was not imported: ${first.join('; ')}${more}.`, 'content', { problems });
  }
}

export const MAX_CELL_LENGTH = 10_000;

/** A column of a table: its header as written in exports, and how any header is recognised. */
export interface ColumnSpec<F extends string = string> {
  header: string;
  field: F;
  /** Tested on the header without diacritics, lower case (foldVietnamese). */
  match: RegExp;
}

/** Columns that an export writes on both tables, after their own, so that nothing is lost. */
export const RECORD_COLUMNS = [
  { header: 'Mã lĩnh vực', field: 'areaCode', match: /^(ma )?linh vuc$/ },
  { header: 'Ghi chú', field: 'note', match: /^ghi chu$/ },
  { header: 'Tệp nguồn', field: 'sourceFile', match: /^tep nguon$/ },
  { header: 'Dòng nguồn', field: 'sourceLines', match: /^dong nguon$/ },
] as const satisfies readonly ColumnSpec[];

/** Where a table stands: the spreadsheet row of its first row, and its worksheet (when not the first). */
export interface TablePlace {
  firstRow: number;
  sheet?: string;
}

/** One data row of a table: its spreadsheet row and its non-empty cells by field. */
export interface TableRecord<F extends string> {
  row: number;
  values: Partial<Record<F, string>>;
}

export function columnOf<C extends ColumnSpec>(columns: readonly C[], header: string | undefined): C | null {
  const folded = foldVietnamese(header ?? '');
  return folded ? (columns.find((c) => c.match.test(folded)) ?? null) : null;
}

/**
 * The rows after a header row as records: each cell trimmed, an empty one left out, a cell longer
 * than MAX_CELL_LENGTH a problem; rows with no text at all are skipped. `rows[0]` is spreadsheet
 * row `firstRow`.
 */
export function recordsAfterHeader<C extends ColumnSpec>(
  rows: string[][],
  headerIndex: number,
  columns: readonly C[],
  where: TablePlace,
  errors: TableError[],
): TableRecord<C['field']>[] {
  const byIndex = rows[headerIndex].map((cell) => columnOf(columns, cell));
  const records: TableRecord<C['field']>[] = [];
  rows.slice(headerIndex + 1).forEach((cells, offset) => {
    const row = where.firstRow + headerIndex + 1 + offset;
    const values: Partial<Record<C['field'], string>> = {};
    cells.forEach((raw, i) => {
      const column = byIndex[i];
      const value = (raw ?? '').trim();
      if (!column || !value) return;
      if (value.length > MAX_CELL_LENGTH) {
        errors.push(
          problem(where, row, column.header, `The cell is longer than ${MAX_CELL_LENGTH} characters.`),
        );
      }
      values[column.field as C['field']] = value;
    });
    if (Object.keys(values).length) records.push({ row, values });
  });
  return records;
}

export const problem = (
  where: { sheet?: string },
  row: number,
  column: string,
  message: string,
): TableError => ({
  ...(where.sheet ? { sheet: where.sheet } : {}),
  row,
  column,
  message,
});

type RecordField = (typeof RECORD_COLUMNS)[number]['field'];
const header = (field: RecordField) => RECORD_COLUMNS.find((c) => c.field === field)!.header;

/** The area a "Mã lĩnh vực" cell names: a code (INSTITUTIONS) or an area name ("Cải cách thể chế"). */
export function areaOfCell(text: string): ReformAreaCode | null {
  const code = text.toUpperCase() as ReformAreaCode;
  return Object.values(ReformAreaCode).includes(code) ? code : recognizeArea(text);
}

/** The area of a record's "Mã lĩnh vực" cell; undefined when empty, null (and a problem) when unknown. */
export function areaOf(
  record: TableRecord<string>,
  where: { sheet?: string },
  errors: TableError[],
): ReformAreaCode | null | undefined {
  const text = (record.values as Partial<Record<RecordField, string>>).areaCode;
  if (text === undefined) return undefined;
  const area = areaOfCell(text);
  if (!area) {
    errors.push(
      problem(
        where,
        record.row,
        header('areaCode'),
        `"${text}" is not a reform area: write one of ${Object.values(ReformAreaCode).join(', ')}.`,
      ),
    );
  }
  return area;
}

const LINE_RANGE = /^(\d+)(?:\s*[-–]\s*(\d+))?$/;

/** "652–660" for lines 652 to 660, "652" for one line (an en dash, which Excel never reads as a date). */
export const sourceLinesText = (source: SourceRef) =>
  source.firstLine === source.lastLine ? `${source.firstLine}` : `${source.firstLine}–${source.lastLine}`;

/** The source reference of a record's "Tệp nguồn" and "Dòng nguồn" cells (both or neither). */
export function sourceOf(
  record: TableRecord<string>,
  where: { sheet?: string },
  errors: TableError[],
): SourceRef | null {
  const { sourceFile, sourceLines } = record.values as Partial<Record<RecordField, string>>;
  if (sourceFile === undefined && sourceLines === undefined) return null;
  const range = LINE_RANGE.exec(sourceLines ?? '');
  const [firstLine, lastLine] = range ? [Number(range[1]), Number(range[2] ?? range[1])] : [0, 0];
  if (sourceFile === undefined) {
    errors.push(
      problem(where, record.row, header('sourceFile'), 'Source lines need the source file they are in.'),
    );
  } else if (!range || firstLine < 1 || lastLine < firstLine) {
    errors.push(
      problem(
        where,
        record.row,
        header('sourceLines'),
        `"${sourceLines ?? ''}" is not a line range of the source file: write "652–660" (first and last line) or "652".`,
      ),
    );
  } else {
    return { file: sourceFile, firstLine, lastLine };
  }
  return null;
}
