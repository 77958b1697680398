import { foldVietnamese } from '../../parsing/area-heading';
import { IndicatorCell } from '../indicator/indicator.enums';
import { TARGET_CELLS, taskIndexOf } from './plan-draft';
import type { IndicatorDraft, TaskDraft } from './plan-draft';
import { shortLabel, TEMPLATE_COLUMNS } from './plan-table';
import { areaOf, columnOf, problem, recordsAfterHeader, RECORD_COLUMNS, sourceOf } from './table-cells';
import type { TableError, TablePlace, TableRecord } from './table-cells';

/** Name of the indicator sheet of a workbook, and the header row of the indicator section of a CSV. */
export const INDICATOR_SECTION = 'Chỉ tiêu';

/** The indicator table's columns, in export order. */
export const INDICATOR_COLUMNS = [
  { header: 'STT', field: 'ordinal', match: /^(stt|tt|so tt)$/ },
  RECORD_COLUMNS[0],
  { header: 'Tên chỉ tiêu', field: 'name', match: /^ten chi tieu$/ },
  { header: 'Nội dung chỉ tiêu', field: 'targetText', match: /^noi dung chi tieu$/ },
  { header: 'STT nhiệm vụ', field: 'taskReference', match: /^stt nhiem vu$/ },
  { header: 'Nêu tại', field: 'statedIn', match: /^neu tai$/ },
  ...RECORD_COLUMNS.slice(1),
] as const;

/** How a file names the place a target is stated: the task table's column header, or the section. */
export const STATED_IN_LABELS: Record<IndicatorCell, string> = {
  ...(Object.fromEntries(
    TARGET_CELLS.map(([cell, field]) => [cell, TEMPLATE_COLUMNS.find((c) => c.field === field)!.header]),
  ) as Record<Exclude<IndicatorCell, IndicatorCell.KEY_INDICATORS>, string>),
  [IndicatorCell.KEY_INDICATORS]: 'Chỉ tiêu chủ yếu',
};

const header = (field: (typeof INDICATOR_COLUMNS)[number]['field']) =>
  INDICATOR_COLUMNS.find((c) => c.field === field)!.header;

/** The place a "Nêu tại" cell names: a label of STATED_IN_LABELS (diacritics optional) or a code. */
function statedInOf(text: string): IndicatorCell | null {
  const folded = foldVietnamese(text);
  const byLabel = Object.entries(STATED_IN_LABELS).find(([, label]) => foldVietnamese(label) === folded);
  const code = text.toUpperCase() as IndicatorCell;
  return (
    (byLabel?.[0] as IndicatorCell | undefined) ?? (Object.values(IndicatorCell).includes(code) ? code : null)
  );
}

/**
 * Reads the indicator table of a plan file (its header row first; rows[0] is spreadsheet row
 * `where.firstRow`): one indicator per row, its task named by STT (see taskIndexOf) among the
 * tasks already read. Every problem names its row and column.
 */
export function readIndicatorTable(
  rows: string[][],
  tasks: TaskDraft[],
  where: TablePlace,
): { indicators: IndicatorDraft[]; errors: TableError[] } {
  const errors: TableError[] = [];
  const headerIndex = rows.findIndex((row) => row.some((cell) => cell?.trim()));
  const found = new Set(
    headerIndex < 0 ? [] : rows[headerIndex].map((c) => columnOf(INDICATOR_COLUMNS, c)?.field),
  );
  const missing = (['areaCode', 'targetText'] as const).filter((field) => !found.has(field));
  if (missing.length) {
    const message = `The indicator table must start with its header row: ${INDICATOR_COLUMNS.map((c) => c.header).join(', ')} (at least ${missing.map(header).join(' and ')}).`;
    const row = where.firstRow + Math.max(headerIndex, 0);
    return { indicators: [], errors: [problem(where, row, header(missing[0]), message)] };
  }
  const indicators: IndicatorDraft[] = [];
  for (const record of recordsAfterHeader(rows, headerIndex, INDICATOR_COLUMNS, where, errors)) {
    const indicator = indicatorOf(record, tasks, indicators.length + 1, where, errors);
    if (indicator) indicators.push(indicator);
  }
  return { indicators, errors };
}

/**
 * One row of the indicator table as an indicator (numbered `place` when it has no STT), every
 * problem of the row listed; null when it has no area or no target.
 */
function indicatorOf(
  record: TableRecord<(typeof INDICATOR_COLUMNS)[number]['field']>,
  tasks: TaskDraft[],
  place: number,
  where: TablePlace,
  errors: TableError[],
): IndicatorDraft | null {
  const { row, values } = record;
  const fail = (field: Parameters<typeof header>[0], message: string) =>
    errors.push(problem(where, row, header(field), message));
  const areaCode = areaOf(record, where, errors);
  if (areaCode === undefined) fail('areaCode', 'The area code (Mã lĩnh vực) is empty.');
  const taskIndex = values.taskReference ? taskIndexOf(tasks, values.taskReference, areaCode ?? null) : null;
  if (values.taskReference && taskIndex === null) {
    fail('taskReference', `No task numbered "${values.taskReference}" in the task table.`);
  }
  const statedIn = values.statedIn ? statedInOf(values.statedIn) : null;
  if (values.statedIn && !statedIn) {
    const labels = Object.values(STATED_IN_LABELS).join(', ');
    fail('statedIn', `"${values.statedIn}" is not a place of a target: write one of ${labels}.`);
  }
  if (!values.targetText) fail('targetText', 'The target (Nội dung chỉ tiêu) is empty.');
  const source = sourceOf(record, where, errors);
  if (!areaCode || !values.targetText) return null;
  return {
    areaCode,
    ordinal: values.ordinal ?? (taskIndex === null ? String(place) : `T${tasks[taskIndex].ordinal}`),
    name: values.name ?? shortLabel(values.targetText),
    targetText: values.targetText,
    taskIndex,
    statedIn,
    source,
    note: values.note ?? null,
  };
}
