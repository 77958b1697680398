import { foldVietnamese, recognizeArea } from '../../parsing/area-heading';
import { BadUserInputError } from '../../core/errors';
import { parseTarget } from '../../parsing/target';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';
import type { PlanDraft, TaskDraft } from './plan-draft';

/** The standard appendix columns, in template order, and the task field each fills. */
export const PLAN_COLUMNS = [
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

type TaskField = (typeof PLAN_COLUMNS)[number]['field'];

/** A problem with one cell of an imported table, in words a data steward can act on. */
export interface TableError {
  row: number;
  column: string;
  message: string;
}

/** A table with bad rows: nothing was imported; every problem names its row and column. */
export class PlanImportError extends BadUserInputError {
  constructor(readonly problems: TableError[]) {
    const first = problems.slice(0, 5).map((p) => `row ${p.row}, column "${p.column}": ${p.message}`);
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    super(`The plan was not imported: ${first.join('; ')}${more}.`, 'content', { problems });
  }
}

export const MAX_CELL_LENGTH = 10_000;
const ROMAN_HEADING = /^\s*(VIII|VII|VI|IV|V|III|II|I)\b\.?\s*(.*)$/s;

/**
 * Reads a plan table (rows of cells as in the spreadsheet, header row included) into a draft:
 * area heading rows (Roman numeral in STT) recognised by meaning, one task per row, and one
 * indicator per target found in a task's objective, task or activity cell. Row numbers in errors
 * are 1-based spreadsheet rows.
 */
export function readPlanTable(rows: string[][]): { draft: PlanDraft; errors: TableError[] } {
  const errors: TableError[] = [];
  const headerIndex = rows.findIndex((row) => row.filter((cell) => columnOf(cell)).length >= 3);
  const draft: PlanDraft = { areas: [], tasks: [], indicators: [] };
  if (headerIndex < 0) {
    errors.push({
      row: 1,
      column: 'STT',
      message: `No header row found: expected the columns ${PLAN_COLUMNS.map((c) => c.header).join(', ')}.`,
    });
    return { draft, errors };
  }
  const columns = rows[headerIndex].map((cell) => columnOf(cell));
  for (const required of ['name', 'ordinal'] as const) {
    if (!columns.some((c) => c?.field === required)) {
      const header = PLAN_COLUMNS.find((c) => c.field === required)!.header;
      errors.push({ row: headerIndex + 1, column: header, message: `The header has no "${header}" column.` });
    }
  }
  if (errors.length) return { draft, errors };

  let area: ReformAreaCode | null = null;
  let perArea = 0;
  rows.slice(headerIndex + 1).forEach((cells, offset) => {
    const row = headerIndex + 2 + offset;
    const values: Partial<Record<TaskField, string | null>> = {};
    cells.forEach((raw, i) => {
      const column = columns[i];
      if (!column) return;
      const value = (raw ?? '').trim();
      if (value.length > MAX_CELL_LENGTH) {
        errors.push({
          row,
          column: column.header,
          message: `The cell is longer than ${MAX_CELL_LENGTH} characters.`,
        });
      }
      values[column.field] = value === '' ? null : value;
    });
    if (Object.values(values).every((v) => v === null || v === undefined)) return;

    const heading = ROMAN_HEADING.exec(values.ordinal ?? '');
    const otherText = [heading?.[2], values.objective, values.name].filter(Boolean).join(' ').trim();
    const isHeading = heading && !values.timeText && !values.leadUnit && !(values.name && values.objective);
    if (isHeading) {
      const code = recognizeArea(otherText);
      if (!code) {
        errors.push({
          row,
          column: 'STT',
          message: `"${[values.ordinal, otherText].join(' ').trim()}" is not one of the seven reform areas (e.g. "I Cải cách thể chế").`,
        });
        return;
      }
      if (draft.areas.some((a) => a.areaCode === code)) {
        errors.push({ row, column: 'STT', message: `The area ${code} is headed twice.` });
        return;
      }
      area = code;
      perArea = 0;
      draft.areas.push({
        areaCode: code,
        heading: [values.ordinal, heading?.[2] ? '' : otherText].join(' ').replace(/\s+/g, ' ').trim(),
      });
      return;
    }
    if (!area) {
      errors.push({
        row,
        column: 'STT',
        message: 'A task comes before any area heading row (e.g. "I | Cải cách thể chế").',
      });
      return;
    }
    if (!values.name) {
      errors.push({ row, column: 'Nhiệm vụ', message: 'The task (Nhiệm vụ) is empty.' });
      return;
    }
    perArea++;
    const task: TaskDraft = {
      areaCode: area,
      ordinal: values.ordinal ?? String(perArea),
      objective: values.objective ?? null,
      name: values.name,
      activities: values.activities ?? null,
      outputs: values.outputs ?? null,
      leadUnit: values.leadUnit ?? null,
      coordinatingUnits: values.coordinatingUnits ?? null,
      monitoringUnit: values.monitoringUnit ?? null,
      timeText: values.timeText ?? null,
      budgetText: values.budgetText ?? null,
    };
    draft.tasks.push(task);
    draft.indicators.push(...indicatorsOf(task));
  });
  return { draft, errors };
}

/** One indicator per target stated in a task's objective, task or activity cell. */
function indicatorsOf(task: TaskDraft): PlanDraft['indicators'] {
  const seen = new Set<string>();
  return [task.objective, task.name, task.activities].flatMap((text) => {
    if (!text || seen.has(text)) return [];
    seen.add(text);
    return parseTarget(text).map(() => ({
      areaCode: task.areaCode,
      ordinal: `T${task.ordinal}`,
      name: text.length > 120 ? `${text.slice(0, 117)}…` : text,
      targetText: text,
      taskOrdinal: task.ordinal,
    }));
  });
}

function columnOf(cell: string | undefined) {
  const folded = foldVietnamese(cell ?? '');
  return folded ? (PLAN_COLUMNS.find((c) => c.match.test(folded)) ?? null) : null;
}
