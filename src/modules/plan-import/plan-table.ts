import { parseTarget } from '../../parsing/target';
import { IndicatorCell } from '../indicator/indicator.enums';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';
import { recognizeArea } from '../../parsing/area-heading';
import { TARGET_CELLS } from './plan-draft';
import type { IndicatorDraft, PlanDraft, TaskDraft } from './plan-draft';
import { areaOf, columnOf, problem, recordsAfterHeader, RECORD_COLUMNS, sourceOf } from './table-cells';
import type { TableError, TableRecord } from './table-cells';

/** The standard appendix columns, in template order, and the task field each fills. */
export const TEMPLATE_COLUMNS = [
  { header: 'STT', field: 'ordinal', match: /^(stt|tt|so tt)$/ },
  { header: 'Mục tiêu', field: 'objective', match: /muc tieu/ },
  { header: 'Nhiệm vụ', field: 'name', match: /nhiem vu/ },
  { header: 'Hoạt động', field: 'activities', match: /hoat dong/ },
  { header: 'Kết quả/Sản phẩm', field: 'outputs', match: /ket qua|san pham/ },
  { header: 'Chủ trì', field: 'leadUnit', match: /chu tri|co quan thuc hien|don vi thuc hien/ },
  { header: 'Phối hợp', field: 'coordinatingUnits', match: /phoi hop/ },
  { header: 'Thời gian', field: 'timeText', match: /thoi gian/ },
  { header: 'Kinh phí', field: 'budgetText', match: /kinh phi/ },
  { header: 'Theo dõi', field: 'monitoringUnit', match: /theo doi/ },
] as const;

/** The task table's columns: the template's, then those an export adds (area code, note, source). */
export const TASK_COLUMNS = [...TEMPLATE_COLUMNS, ...RECORD_COLUMNS] as const;

type TaskColumnField = (typeof TASK_COLUMNS)[number]['field'];
type TaskRecord = TableRecord<TaskColumnField>;
type TaskTable = Pick<PlanDraft, 'areas' | 'tasks'>;

const ROMAN_HEADING = /^\s*(VIII|VII|VI|IV|V|III|II|I)\b\.?\s*(.*)$/s;

/**
 * Reads a plan's task table (rows of cells as in the spreadsheet, header row included): area
 * heading rows, then one task per row. A row with a "Mã lĩnh vực" (area code) is a heading when it
 * has no task text, and a task of that area otherwise; without the code, a heading row has a Roman
 * numeral in STT and is recognised by meaning, and a task belongs to the heading above it. Row
 * numbers in errors are 1-based spreadsheet rows.
 */
export function readTaskTable(rows: string[][]): { table: TaskTable; errors: TableError[] } {
  const errors: TableError[] = [];
  const table: TaskTable = { areas: [], tasks: [] };
  const headerIndex = taskHeaderIndex(rows, errors);
  if (headerIndex < 0) return { table, errors };

  let area: ReformAreaCode | null = null;
  let perArea = 0;
  for (const record of recordsAfterHeader(rows, headerIndex, TASK_COLUMNS, { firstRow: 1 }, errors)) {
    const code = areaOf(record, {}, errors);
    if (code === null) continue;
    const heading = code ? codedHeading(record, code) : legacyHeading(record, errors);
    if (heading === null) continue;
    if (!heading) {
      const task = taskOf(record, code ?? area, perArea + 1, errors);
      if (task) {
        table.tasks.push(task);
        perArea++;
      }
    } else if (table.areas.some((a) => a.areaCode === heading.areaCode)) {
      errors.push({
        row: record.row,
        column: 'STT',
        message: `The area ${heading.areaCode} is headed twice.`,
      });
    } else {
      table.areas.push(heading);
      area = heading.areaCode;
      perArea = 0;
    }
  }
  return { table, errors };
}

/** The index of the header row (the first with three known columns, STT and Nhiệm vụ among them), or -1. */
function taskHeaderIndex(rows: string[][], errors: TableError[]): number {
  const headerIndex = rows.findIndex((row) => row.filter((cell) => columnOf(TASK_COLUMNS, cell)).length >= 3);
  if (headerIndex < 0) {
    errors.push({
      row: 1,
      column: 'STT',
      message: `No header row found: expected the columns ${TEMPLATE_COLUMNS.map((c) => c.header).join(', ')}.`,
    });
    return -1;
  }
  for (const required of ['name', 'ordinal'] as const) {
    if (!rows[headerIndex].some((cell) => columnOf(TASK_COLUMNS, cell)?.field === required)) {
      const header = TEMPLATE_COLUMNS.find((c) => c.field === required)!.header;
      errors.push({ row: headerIndex + 1, column: header, message: `The header has no "${header}" column.` });
    }
  }
  return errors.length ? -1 : headerIndex;
}

/** A task row as a task of `area`, numbered `place` in its area when STT is empty; null if it cannot be. */
function taskOf(
  record: TaskRecord,
  area: ReformAreaCode | null,
  place: number,
  errors: TableError[],
): TaskDraft | null {
  const { row, values } = record;
  if (!area) {
    const message =
      'A task comes before any area heading row (e.g. "I | Cải cách thể chế") and names no "Mã lĩnh vực".';
    errors.push({ row, column: 'STT', message });
    return null;
  }
  if (!values.name) {
    errors.push({ row, column: 'Nhiệm vụ', message: 'The task (Nhiệm vụ) is empty.' });
    return null;
  }
  return {
    areaCode: area,
    ordinal: values.ordinal ?? String(place),
    objective: values.objective ?? null,
    name: values.name,
    activities: values.activities ?? null,
    outputs: values.outputs ?? null,
    leadUnit: values.leadUnit ?? null,
    coordinatingUnits: values.coordinatingUnits ?? null,
    monitoringUnit: values.monitoringUnit ?? null,
    timeText: values.timeText ?? null,
    budgetText: values.budgetText ?? null,
    source: sourceOf(record, {}, errors),
    note: values.note ?? null,
  };
}

type Heading = PlanDraft['areas'][number];

/** A row with an area code and no task is that area's heading, printed in STT (and Mục tiêu). */
function codedHeading({ values }: TaskRecord, areaCode: ReformAreaCode): Heading | undefined {
  if (values.name) return undefined;
  return { areaCode, heading: [values.ordinal, values.objective].filter(Boolean).join(' ') || null };
}

/**
 * A template heading row: a Roman numeral in STT, the area's name there or in Mục tiêu / Nhiệm vụ,
 * no unit or time. Undefined for a task row; null (and a problem) for a heading naming no area.
 */
function legacyHeading({ row, values }: TaskRecord, errors: TableError[]): Heading | null | undefined {
  const heading = ROMAN_HEADING.exec(values.ordinal ?? '');
  const isHeading = heading && !values.timeText && !values.leadUnit && !(values.name && values.objective);
  if (!isHeading) return undefined;
  const otherText = [heading[2], values.objective, values.name].filter(Boolean).join(' ').trim();
  const areaCode = recognizeArea(otherText);
  if (!areaCode) {
    errors.push(
      problem(
        {},
        row,
        'STT',
        `"${[values.ordinal, otherText].join(' ').trim()}" is not one of the seven reform areas (e.g. "I Cải cách thể chế").`,
      ),
    );
    return null;
  }
  return {
    areaCode,
    heading: [values.ordinal, heading[2] ? '' : otherText].join(' ').replace(/\s+/g, ' ').trim(),
  };
}

/** The cells a template file's targets are read from; its Kết quả cells are not (as before #11). */
const TEMPLATE_TARGET_CELLS = TARGET_CELLS.filter(([cell]) => cell !== IndicatorCell.OUTPUTS);

/**
 * For a table without an indicator section: one indicator per target stated in a task's objective,
 * task or activity cell (a text repeated in a later cell of the same row counts once).
 */
export function indicatorsOfCells(tasks: TaskDraft[]): IndicatorDraft[] {
  return tasks.flatMap((task, taskIndex) => {
    const seen = new Set<string>();
    return TEMPLATE_TARGET_CELLS.flatMap(([statedIn, field]) => {
      const text = task[field];
      if (!text || seen.has(text)) return [];
      seen.add(text);
      return parseTarget(text).map(() => ({
        areaCode: task.areaCode,
        ordinal: `T${task.ordinal}`,
        name: shortLabel(text),
        targetText: text,
        taskIndex,
        statedIn,
      }));
    });
  });
}

/** A label for an indicator from its sentence: the sentence, cut at 120 characters. */
export const shortLabel = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);
