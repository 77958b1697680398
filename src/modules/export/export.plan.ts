import { PassThrough } from 'node:stream';
import { INDICATOR_COLUMNS, INDICATOR_SECTION } from '../plan-import/indicator-table';
import { TASK_COLUMNS } from '../plan-import/plan-table';
import { TASK_SHEET } from '../plan-export/plan-table-writer';
import type { PlanFileTables } from '../plan-export/plan-table-writer';
import { createRowWriter } from './export.formats';
import type { ExportRow } from './export.formats';
import type { ExportColumn, ExportFormat, ExportTable } from './export.kinds';

/**
 * A plan file (docs/PLAN-FILES.md) as export tables: the task table (sheet "Kế hoạch CCHC") and the
 * indicator table (sheet, or CSV section, "Chỉ tiêu"), with the importer's headers in both
 * languages, so that the file imports again whatever `lang` it was written in. Every cell is text.
 */
export function planExportTables(tables: PlanFileTables): { table: ExportTable; rows: ExportRow[] }[] {
  const asTable = (
    key: string,
    name: string,
    specs: readonly { header: string; field: string }[],
    [header, ...rows]: string[][],
  ) => {
    const columns: ExportColumn[] = header.map((text, i) => ({
      key: specs[i]?.field ?? `column${i + 1}`,
      vi: text,
      en: text,
      type: 'text',
      width: i === 0 ? 8 : 30,
    }));
    return {
      table: { key, vi: name, en: name, columns },
      // An empty cell is no value: the importer reads both as null.
      rows: rows.map((cells) => Object.fromEntries(columns.map((c, i) => [c.key, cells[i] || null]))),
    };
  };
  return [
    asTable('tasks', TASK_SHEET, TASK_COLUMNS, tables.tasks),
    ...(tables.indicators
      ? [asTable('indicators', INDICATOR_SECTION, INDICATOR_COLUMNS, tables.indicators)]
      : []),
  ];
}

/** A plan file's bytes in a format, through the export row writers (for `cchc template` and tests). */
export async function planFileBytes(tables: PlanFileTables, format: ExportFormat): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve, reject) => out.on('end', resolve).on('error', reject));
  const parts = planExportTables(tables);
  const writer = createRowWriter(format, out, { lang: 'vi', multiTable: parts.length > 1 });
  for (const { table, rows } of parts) {
    await writer.startTable(table);
    await writer.writeRows(rows);
  }
  await writer.finish();
  if (format !== 'xlsx') out.end();
  await ended;
  return Buffer.concat(chunks);
}
