import type { EntityManager } from 'typeorm';
import type { SourceRef } from '../../core/source-ref.type';
import { bulkInsert, columns, nextId, syncIdSequence } from '../../core/db/bulk-insert';
import { readIndicatorTargets, readTaskCells } from '../../parsing/plan-cells';
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
  /** Ordinal of the task row the target is stated in. */
  taskOrdinal: string | null;
  source?: SourceRef | null;
  note?: string | null;
}

/**
 * Writes a plan's areas, tasks and indicators, reading every time cell into milestones and every
 * target sentence into a parsed target (raw text kept beside it, warnings stored on the row).
 */
export async function insertPlanContent(
  manager: EntityManager,
  planId: number,
  year: number,
  draft: PlanDraft,
): Promise<void> {
  await bulkInsert(
    manager,
    'plan_area',
    columns('plan_id:int area_code:text position:smallint heading:text'),
    draft.areas.map((area, i) => [planId, area.areaCode, i + 1, area.heading]),
  );

  const firstTaskId = await nextId(manager, 'task');
  const taskIdByOrdinal = new Map<string, number>();
  const taskRows = draft.tasks.map((t, i) => {
    const id = firstTaskId + i;
    for (const key of [`${t.areaCode}|${t.ordinal}`, t.ordinal]) {
      if (!taskIdByOrdinal.has(key)) taskIdByOrdinal.set(key, id);
    }
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
      'plan_id:int area_code:text position:int ordinal:text name:text target_text:text task_id:int source:jsonb note:text comparator:text target_value:numeric target_max:numeric unit:text unit_noun:text direction:text parse_warnings:jsonb',
    ),
    draft.indicators.map((x, i) => {
      const target = targets[i];
      const taskId = x.taskOrdinal
        ? (taskIdByOrdinal.get(`${x.areaCode}|${x.taskOrdinal}`) ??
          taskIdByOrdinal.get(x.taskOrdinal) ??
          null)
        : null;
      return [
        planId,
        x.areaCode,
        i + 1,
        x.ordinal,
        x.name,
        x.targetText,
        taskId,
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
}
