import type { EntityManager } from 'typeorm';
import type { SourceRef } from '../../core/source-ref.type';
import { bulkInsert, columns, nextId, syncIdSequence } from '../../core/db/bulk-insert';
import { readIndicatorTargets, readTaskCells } from '../../parsing/plan-cells';
import { IndicatorCell } from '../indicator/indicator.enums';
import {
  classifyAndLinkPlans,
  restoreManualChoices,
} from '../indicator-catalog/indicator-classification.service';
import type { ManualChoices } from '../indicator-catalog/indicator-classification.service';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';

/** A plan's content before it is stored: from a transcribed seed, a CSV/XLSX table or JSON. */
export interface PlanDraft {
  areas: { areaCode: ReformAreaCode; heading: string | null }[];
  tasks: TaskDraft[];
  indicators: IndicatorDraft[];
}

export interface TaskDraft {
  areaCode: ReformAreaCode;
  ordinal: string;
  objective: string | null;
  name: string;
  activities: string | null;
  outputs: string | null;
  leadUnit: string | null;
  coordinatingUnits: string | null;
  monitoringUnit: string | null;
  timeText: string | null;
  budgetText: string | null;
  source?: SourceRef | null;
  note?: string | null;
}

export interface IndicatorDraft {
  areaCode: ReformAreaCode;
  ordinal: string;
  name: string;
  targetText: string;
  /** The task row the target is stated in: its index in the draft's tasks, or null. */
  taskIndex: number | null;
  /** Where the target is stated: a cell of that task row, or the key-indicator section. */
  statedIn: IndicatorCell | null;
  source?: SourceRef | null;
  note?: string | null;
}

/** The task cells that state targets, and the TaskDraft field of each, in the table's column order. */
export const TARGET_CELLS = [
  [IndicatorCell.OBJECTIVE, 'objective'],
  [IndicatorCell.NAME, 'name'],
  [IndicatorCell.ACTIVITIES, 'activities'],
  [IndicatorCell.OUTPUTS, 'outputs'],
] as const satisfies readonly (readonly [IndicatorCell, keyof TaskDraft])[];

/** A task in a file or a seed names its row by STT; "1.2 #2" is the second row numbered 1.2. */
const NUMBERED_REFERENCE = /^(.*\S)\s+#(\d+)$/s;

/**
 * The index of the task a reference names: "1.2 #2" the second task numbered "1.2" in the table;
 * "1.2" the first numbered so in the indicator's area, else the first anywhere; null if none.
 */
export function taskIndexOf(
  tasks: readonly Pick<TaskDraft, 'areaCode' | 'ordinal'>[],
  reference: string,
  areaCode: ReformAreaCode | null,
): number | null {
  const numbered = NUMBERED_REFERENCE.exec(reference);
  if (numbered) {
    const matches = tasks.flatMap((t, i) => (t.ordinal === numbered[1] ? [i] : []));
    return matches[Number(numbered[2]) - 1] ?? null;
  }
  const inArea = tasks.findIndex((t) => t.ordinal === reference && t.areaCode === areaCode);
  const anywhere = tasks.findIndex((t) => t.ordinal === reference);
  const index = inArea >= 0 ? inArea : anywhere;
  return index >= 0 ? index : null;
}

/** The shortest reference that taskIndexOf reads back as the task at `index` (its STT, or "STT #n"). */
export function taskReferenceOf(
  tasks: readonly Pick<TaskDraft, 'areaCode' | 'ordinal'>[],
  index: number,
  areaCode: ReformAreaCode,
): string {
  const { ordinal } = tasks[index];
  if (taskIndexOf(tasks, ordinal, areaCode) === index && !NUMBERED_REFERENCE.test(ordinal)) return ordinal;
  const occurrence = tasks.slice(0, index + 1).filter((t) => t.ordinal === ordinal).length;
  return `${ordinal} #${occurrence}`;
}

/**
 * Writes a plan's areas, tasks and indicators, reading every time cell into milestones and every
 * target sentence into a parsed target (raw text kept beside it, warnings stored on the row); then
 * puts back what a person chose on the indicators before a re-import (`manual`), classifies the
 * others against the indicator catalogue and relinks the province → commune cascade.
 */
export async function insertPlanContent(
  manager: EntityManager,
  planId: number,
  year: number,
  draft: PlanDraft,
  manual?: ManualChoices,
): Promise<void> {
  await bulkInsert(
    manager,
    'plan_area',
    columns('plan_id:int area_code:text position:smallint heading:text'),
    draft.areas.map((area, i) => [planId, area.areaCode, i + 1, area.heading]),
  );

  const firstTaskId = await nextId(manager, 'task');
  const taskRows = draft.tasks.map((t, i) => {
    const id = firstTaskId + i;
    const parsed = readTaskCells(t, year);
    return [
      id,
      planId,
      t.areaCode,
      i + 1,
      t.ordinal,
      t.objective,
      t.name,
      t.activities,
      t.outputs,
      t.leadUnit,
      t.coordinatingUnits,
      t.monitoringUnit,
      t.timeText,
      parsed.milestones,
      parsed.dueOn,
      t.budgetText,
      parsed.budgetMillionVnd,
      t.source ?? null,
      t.note ?? null,
      parsed.parseWarnings,
    ];
  });
  await bulkInsert(
    manager,
    'task',
    columns(
      'id:int plan_id:int area_code:text position:int ordinal:text objective:text name:text activities:text outputs:text lead_unit:text coordinating_units:text monitoring_unit:text time_text:text milestones:jsonb due_on:date budget_text:text budget_million_vnd:numeric source:jsonb note:text parse_warnings:jsonb',
    ),
    taskRows,
  );
  await syncIdSequence(manager, 'task');

  const targets = readIndicatorTargets(draft.indicators);
  await bulkInsert(
    manager,
    'indicator',
    columns(
      'plan_id:int area_code:text position:int ordinal:text name:text target_text:text task_id:int stated_in:text source:jsonb note:text comparator:text target_value:numeric target_max:numeric unit:text unit_noun:text direction:text parse_warnings:jsonb',
    ),
    draft.indicators.map((x, i) => {
      const target = targets[i];
      if (x.taskIndex !== null && !draft.tasks[x.taskIndex]) {
        throw new Error(`Indicator ${i + 1} refers to task ${x.taskIndex}, which the draft does not have.`);
      }
      return [
        planId,
        x.areaCode,
        i + 1,
        x.ordinal,
        x.name,
        x.targetText,
        x.taskIndex === null ? null : firstTaskId + x.taskIndex,
        x.statedIn,
        x.source ?? null,
        x.note ?? null,
        target.comparator,
        target.targetValue,
        target.targetMax,
        target.unit,
        target.unitNoun,
        target.direction,
        target.parseWarnings,
      ];
    }),
  );
  await restoreManualChoices(manager, planId, manual);
  await classifyAndLinkPlans(manager, [planId]);
}
