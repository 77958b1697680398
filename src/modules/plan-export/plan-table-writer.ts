import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { recognizeArea } from '../../parsing/area-heading';
import type { PlanDraft } from '../plan-import/plan-draft';
import { PLAN_COLUMNS } from '../plan-import/plan-table';
import { AREA_NAMES_VI } from '../reform-area/reform-area.names';

// Writes plan tables in the import template's columns (plan-import/plan-table.ts), so that an
// exported file imports again unchanged.

export type TableFormat = 'csv' | 'xlsx';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];

/** The draft back as table rows in the template's columns (for export). */
export function planTableRows(draft: PlanDraft): string[][] {
  const rows: string[][] = [PLAN_COLUMNS.map((c) => c.header)];
  draft.areas.forEach((area, i) => {
    // A heading must name its area for the file to import again ("I" alone does not).
    const heading =
      area.heading && recognizeArea(area.heading)
        ? area.heading
        : `${ROMAN[i]} ${AREA_NAMES_VI[area.areaCode]}`;
    rows.push([heading, ...PLAN_COLUMNS.slice(1).map(() => '')]);
    for (const task of draft.tasks.filter((t) => t.areaCode === area.areaCode)) {
      rows.push(PLAN_COLUMNS.map((c) => task[c.field] ?? ''));
    }
  });
  return rows;
}

/** CSV text of rows, for `cchc export-plan` and `cchc template`. */
export function writeCsv(rows: string[][]): string {
  // A BOM so that Excel opens the Vietnamese text as UTF-8.
  return `\uFEFF${stringify(rows)}`;
}

/** An XLSX workbook of rows (bold header row, wrapped cells) on one sheet. */
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
