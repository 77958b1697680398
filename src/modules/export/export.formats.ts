import ExcelJS from 'exceljs';
import { neutraliseCell } from '../../core/spreadsheet-cells';
import type { ColumnType, ExportColumn, ExportFormat, ExportLang, ExportTable } from './export.kinds';

/**
 * The row writers of the export formats (docs/EXPORTS.md): CSV (UTF-8 with BOM, formula injection
 * neutralised), XLSX (exceljs's streaming writer) and NDJSON. Every writer writes with backpressure:
 * when the output's buffer is full it waits for 'drain' (and fails if the output closes first).
 */

/** A row of an export: values by column key (text, number, "YYYY-MM-DD" date, boolean, or null). */
export type ExportRow = Record<string, string | number | boolean | null | undefined>;

export interface RowWriter {
  /** Starts a table: its header row (CSV, and a title row before every table after the first), a sheet. */
  startTable(table: ExportTable): Promise<void>;
  /** Writes rows of the current table. */
  writeRows(rows: readonly ExportRow[]): Promise<void>;
  /**
   * Writes finished lines of the current table, as UTF-8 bytes (CSV and NDJSON: lines built in
   * PostgreSQL, export.lines.ts); the same bytes writeRows would write for their rows.
   */
  writeLines(chunks: readonly Buffer[]): Promise<void>;
  /** Ends the file (the XLSX zip's directory). */
  finish(): Promise<void>;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** Text of a boolean cell in CSV and XLSX (NDJSON has true/false). */
export const BOOLEAN_TEXT: Record<ExportLang, [string, string]> = { vi: ['Có', 'Không'], en: ['Yes', 'No'] };

/** The stream was closed (the client went away) before the export was written. */
export class OutputClosedError extends Error {
  constructor() {
    super('The output was closed before the export was written.');
    this.name = 'OutputClosedError';
  }
}

/**
 * Writes a chunk, and when the stream asks for it waits for 'drain'; rejects when the stream errors
 * or closes first (a client that disconnects), so a writer never waits for ever.
 */
export function writeChunk(out: NodeJS.WritableStream, chunk: string | Buffer): Promise<void> {
  if (isClosed(out)) return Promise.reject(new OutputClosedError());
  if (out.write(chunk)) return Promise.resolve();
  return drained(out);
}

function isClosed(out: NodeJS.WritableStream): boolean {
  const stream = out as NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean };
  return Boolean(stream.destroyed || stream.writableEnded);
}

/** Resolves on the stream's next 'drain'; rejects on 'error' or 'close'. */
export function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      out.removeListener('drain', onDrain);
      out.removeListener('error', onError);
      out.removeListener('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (error: Error) => done(error);
    const onClose = () => done(new OutputClosedError());
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

/** Bytes of one encoded chunk: large enough that a batch is a few writes, small enough to stream. */
const CHUNK_BYTES = 1 << 20;

/**
 * Lines encoded as UTF-8 straight into buffers, a line at a time, then written with backpressure.
 * (Concatenating a batch into one string first costs more in garbage collection than the encoding.)
 */
class EncodedLines {
  private chunks: Buffer[] = [];
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;

  add(line: string): void {
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    if (this.used + line.length * 3 > this.buffer.length) this.nextBuffer(line.length * 3);
    this.used += this.buffer.write(line, this.used);
  }

  private nextBuffer(atLeast: number): void {
    if (this.used) this.chunks.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, atLeast));
    this.used = 0;
  }

  /** Writes what was added, chunk by chunk, waiting for the output to drain when it asks to. */
  async writeTo(out: NodeJS.WritableStream): Promise<void> {
    this.nextBuffer(0);
    const chunks = this.chunks;
    this.chunks = [];
    for (const chunk of chunks) await writeChunk(out, chunk);
  }
}

/** Writes chunks one after the other, with backpressure. */
async function writeChunks(out: NodeJS.WritableStream, chunks: readonly Buffer[]): Promise<void> {
  for (const chunk of chunks) await writeChunk(out, chunk);
}

// ---- CSV ---------------------------------------------------------------------------------------

const NEEDS_QUOTES = /[",\r\n]/;

/** A CSV field: in double quotes (inner quotes doubled) when it holds a comma, a quote or a line break. */
const csvQuote = (text: string) => (NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function csvCell(value: ExportRow[string], type: ColumnType, lang: ExportLang): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    // A number column's value is written as a number; anything else is text and neutralised.
    if (type !== 'text' && Number.isFinite(value)) return String(value);
    return csvQuote(neutraliseCell(String(value)));
  }
  if (typeof value === 'boolean') return BOOLEAN_TEXT[lang][value ? 0 : 1];
  return csvQuote(neutraliseCell(value));
}

/** CSV: UTF-8 with a BOM, comma-separated, CRLF line ends (RFC 4180), quoted where needed. */
function csvWriter(out: NodeJS.WritableStream, lang: ExportLang): RowWriter {
  let columns: ExportColumn[] = [];
  let tables = 0;
  const line = (cells: string[]) => `${cells.join(',')}\r\n`;
  return {
    async startTable(table) {
      columns = table.columns;
      const head = tables === 0 ? '\uFEFF' : `\r\n${line([csvQuote(neutraliseCell(table[lang]))])}`;
      tables++;
      await writeChunk(out, head + line(columns.map((c) => csvQuote(neutraliseCell(c[lang])))));
    },
    async writeRows(rows) {
      const lines = new EncodedLines();
      for (const row of rows) {
        let text = csvCell(row[columns[0].key], columns[0].type, lang);
        for (let i = 1; i < columns.length; i++) {
          text += `,${csvCell(row[columns[i].key], columns[i].type, lang)}`;
        }
        lines.add(`${text}\r\n`);
      }
      await lines.writeTo(out);
    },
    writeLines: (chunks) => writeChunks(out, chunks),
    async finish() {},
  };
}

// ---- NDJSON ------------------------------------------------------------------------------------

/**
 * NDJSON: one JSON object per line, keys = column keys in column order, numbers as numbers, dates as
 * "YYYY-MM-DD", booleans as true/false, empty as null. With several tables (a plan), each object
 * starts with "table": the table's key.
 */
function ndjsonWriter(out: NodeJS.WritableStream, multiTable: boolean): RowWriter {
  // Each line is written key by key, so a row is never copied into an object of its own.
  let fields: { key: string; prefix: string }[] = [];
  return {
    async startTable(table) {
      const opening = multiTable ? `{"table":${JSON.stringify(table.key)},` : '{';
      fields = table.columns.map((c, i) => ({
        key: c.key,
        prefix: `${i === 0 ? opening : ','}${JSON.stringify(c.key)}:`,
      }));
    },
    async writeRows(rows) {
      const lines = new EncodedLines();
      for (const row of rows) {
        let text = '';
        for (const { key, prefix } of fields) text += prefix + jsonValue(row[key]);
        lines.add(`${text}}\n`);
      }
      await lines.writeTo(out);
    },
    writeLines: (chunks) => writeChunks(out, chunks),
    async finish() {},
  };
}

/** Characters a JSON string must escape (and surrogates, left to JSON.stringify). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const JSON_ESCAPES = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A cell as JSON: null for none, numbers and booleans as they are, text as a JSON string. */
export function jsonValue(value: ExportRow[string]): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON_ESCAPES.test(value) ? JSON.stringify(value) : `"${value}"`;
}

// ---- parts of lines -----------------------------------------------------------------------------

/** The formats whose lines PostgreSQL can build (export.lines.ts); XLSX needs cells. */
export type LineFormat = 'csv' | 'ndjson';

/** What ends a line of each format. */
export const LINE_END: Record<LineFormat, string> = { csv: '\r\n', ndjson: '}\n' };

/**
 * What comes before column `index`'s value in a line of a single-table export: in CSV a comma (none
 * before the first), in NDJSON the key ("{" before the first), exactly as csvWriter and
 * ndjsonWriter join them.
 */
export function cellSeparator(format: LineFormat, columns: readonly ExportColumn[], index: number): string {
  if (format === 'csv') return index === 0 ? '' : ',';
  return `${index === 0 ? '{' : ','}${JSON.stringify(columns[index].key)}:`;
}

/**
 * Columns `from` to `to` (not included) of a row as their part of a line, each with its separator:
 * the same text the row writers write for them. For the parts of a line known before PostgreSQL
 * builds the rest (a plan's place, an area's name), so they are formatted by the writers' own code.
 */
export function lineSegment(
  format: LineFormat,
  lang: ExportLang,
  columns: readonly ExportColumn[],
  from: number,
  to: number,
  row: ExportRow,
): string {
  let text = '';
  for (let i = from; i < to; i++) {
    const { key, type } = columns[i];
    text +=
      cellSeparator(format, columns, i) +
      (format === 'csv' ? csvCell(row[key], type, lang) : jsonValue(row[key]));
  }
  return text;
}

// ---- XLSX --------------------------------------------------------------------------------------

const NUMBER_FORMATS: Partial<Record<ColumnType, string>> = {
  rate: '0.0%',
  integer: '0',
  date: 'yyyy-mm-dd',
};
const DEFAULT_WIDTHS: Record<ColumnType, number> = {
  text: 24,
  number: 12,
  rate: 12,
  date: 12,
  integer: 10,
  boolean: 10,
};

/** An Excel sheet name: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (name: string) => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

function xlsxCell(value: ExportRow[string], type: ColumnType, lang: ExportLang): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return BOOLEAN_TEXT[lang][value ? 0 : 1];
  // A date column's "YYYY-MM-DD" as a date cell (UTC midnight: Excel dates have no time zone).
  if (type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Date(`${value}T00:00:00Z`);
  }
  // Text is a string cell: never a formula, so nothing to neutralise.
  return value;
}

/**
 * XLSX through exceljs's streaming WorkbookWriter: a sheet per table, the header row bold and frozen,
 * widths per column, rates as numbers with a % format, dates as dates. Rows are committed as they
 * come; when the output is full the writer waits for it to drain before taking more rows.
 */
function xlsxWriter(out: NodeJS.WritableStream, lang: ExportLang): RowWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out as unknown as import('stream').Stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'cchc-hub';
  let sheet: ExcelJS.Worksheet | null = null;
  let columns: ExportColumn[] = [];
  const settle = async () => {
    // Let the zip compress what was committed, and wait while the output is full.
    await new Promise((resolve) => setImmediate(resolve));
    if ((out as NodeJS.WritableStream & { writableNeedDrain?: boolean }).writableNeedDrain) {
      await drained(out);
    }
  };
  return {
    async startTable(table) {
      if (sheet) sheet.commit();
      columns = table.columns;
      sheet = workbook.addWorksheet(sheetName(table[lang]), {
        views: [{ state: 'frozen', ySplit: 1 }],
      });
      sheet.columns = columns.map((c) => ({
        header: c[lang],
        key: c.key,
        width: c.width ?? DEFAULT_WIDTHS[c.type],
        style: NUMBER_FORMATS[c.type] ? { numFmt: NUMBER_FORMATS[c.type] } : {},
      }));
      const header = sheet.getRow(1);
      header.font = { bold: true };
      header.commit();
    },
    async writeRows(rows) {
      if (isClosed(out)) throw new OutputClosedError();
      for (const row of rows) {
        sheet!.addRow(columns.map((c) => xlsxCell(row[c.key], c.type, lang))).commit();
      }
      await settle();
    },
    writeLines() {
      return Promise.reject(new Error('XLSX is written from rows (cells), never from lines.'));
    },
    async finish() {
      if (sheet) sheet.commit();
      await workbook.commit();
    },
  };
}

/** The row writer of a format, writing to `out`. */
export function createRowWriter(
  format: ExportFormat,
  out: NodeJS.WritableStream,
  options: { lang: ExportLang; multiTable: boolean },
): RowWriter {
  switch (format) {
    case 'csv':
      return csvWriter(out, options.lang);
    case 'ndjson':
      return ndjsonWriter(out, options.multiTable);
    case 'xlsx':
      return xlsxWriter(out, options.lang);
  }
}
