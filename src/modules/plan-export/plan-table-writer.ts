import type { SourceRef } from '../../core/source-ref.type';
import { INDICATOR_COLUMNS, STATED_IN_LABELS } from '../plan-import/indicator-table';
import { taskReferenceOf } from '../plan-import/plan-draft';
import type { IndicatorDraft, PlanDraft, TaskDraft } from '../plan-import/plan-draft';
import { TASK_COLUMNS, TEMPLATE_COLUMNS } from '../plan-import/plan-table';
import { sourceLinesText } from '../plan-import/table-cells';

// Lays plans out as the tables the importer reads (plan-import/plan-table.ts, indicator-table.ts),
// so that an exported file imports again to the same plan: docs/PLAN-FILES.md. Pure functions of
// the draft: the database is read elsewhere (plan-export.service.ts), and the files are written by
// the export pipeline's row writers (the PLAN export kind, export/export.plan.ts).

export type TableFormat = 'csv' | 'xlsx';

/** The first worksheet of a plan workbook (the indicator sheet is INDICATOR_SECTION, "Chỉ tiêu"). */
export const TASK_SHEET = 'Kế hoạch CCHC';

/** A plan file's tables: the task table, and the indicator table (none in the template). */
export interface PlanFileTables {
  tasks: string[][];
  indicators: string[][] | null;
}

/** Every task, heading and indicator of a draft as the two tables of a plan file (for export). */
export function planTables(draft: PlanDraft): PlanFileTables {
  return { tasks: taskTableRows(draft), indicators: indicatorTableRows(draft) };
}

/**
 * The task table: each heading row just before the first task of its area, tasks and headings
 * each in their stored order (a heading whose area comes later, or has no task, is written as soon
 * as the order allows), every row with its area code, so that both orders import back unchanged.
 */
function taskTableRows(draft: PlanDraft): string[][] {
  const rows: string[][] = [TASK_COLUMNS.map((c) => c.header)];
  const unwritten = [...draft.areas];
  const writeHeadingsThrough = (count: number) => {
    for (const area of unwritten.splice(0, count)) {
      rows.push(
        TASK_COLUMNS.map((c) =>
          c.field === 'ordinal' ? (area.heading ?? '') : c.field === 'areaCode' ? area.areaCode : '',
        ),
      );
    }
  };
  for (const task of draft.tasks) {
    writeHeadingsThrough(unwritten.findIndex((a) => a.areaCode === task.areaCode) + 1);
    rows.push(TASK_COLUMNS.map((c) => taskCell(task, c.field)));
  }
  writeHeadingsThrough(unwritten.length);
  return rows;
}

function taskCell(task: TaskDraft, field: (typeof TASK_COLUMNS)[number]['field']): string {
  if (field === 'sourceFile' || field === 'sourceLines') return sourceCell(task.source, field);
  return task[field] ?? '';
}

const sourceCell = (source: SourceRef | null | undefined, field: 'sourceFile' | 'sourceLines') =>
  !source ? '' : field === 'sourceFile' ? source.file : sourceLinesText(source);

/** The indicator table: one row per indicator, its task named by STT (taskReferenceOf). */
function indicatorTableRows(draft: PlanDraft): string[][] {
  const cell = (x: IndicatorDraft, field: (typeof INDICATOR_COLUMNS)[number]['field']): string => {
    switch (field) {
      case 'sourceFile':
      case 'sourceLines':
        return sourceCell(x.source, field);
      case 'taskReference':
        return x.taskIndex === null ? '' : taskReferenceOf(draft.tasks, x.taskIndex, x.areaCode);
      case 'statedIn':
        return x.statedIn ? STATED_IN_LABELS[x.statedIn] : '';
      default:
        return x[field] ?? '';
    }
  };
  return [
    INDICATOR_COLUMNS.map((c) => c.header),
    ...draft.indicators.map((x) => INDICATOR_COLUMNS.map((c) => cell(x, c.field))),
  ];
}

/** The import template: the standard columns, an area heading row and one filled example row. */
export function templateTables(): PlanFileTables {
  return {
    tasks: [
      TEMPLATE_COLUMNS.map((c) => c.header),
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
    ],
    indicators: null,
  };
}
