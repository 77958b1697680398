import type { SourceRef } from '../../core/source-ref.type';
import { IndicatorCell } from '../indicator/indicator.enums';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';
import { TARGET_CELLS, taskIndexOf } from './plan-draft';
import type { IndicatorDraft, PlanDraft, TaskDraft } from './plan-draft';

// The JSON format of a transcribed real plan (seeds/real/*.json): what `cchc import` reads from a
// .json file and what the seed loads at first start.

/** One transcribed real plan, as described in seeds/real/FORMAT.md. */
export interface RealPlanSeed {
  source: { file: string; description: string };
  owner: {
    level: 'COMMUNE' | 'PROVINCE';
    province: { code: string; name: string } | null;
    commune: { code: string; name: string; kind: 'XA' | 'PHUONG' | 'DAC_KHU' } | null;
    note: string | null;
  };
  plan: {
    year: number;
    documentNumber: string | null;
    issueDate: string | null;
    title: string;
    sourceLines: [number, number];
  };
  tasks: RealTaskSeed[];
  indicators: RealIndicatorSeed[];
}

/** The task cells as a plan draft has them, with the seed's own area, heading and line range. */
export interface RealTaskSeed extends Omit<TaskDraft, 'areaCode' | 'source' | 'note'> {
  area: ReformAreaCode;
  areaHeading: string | null;
  sourceLines: [number, number];
  note: string | null;
}

export interface RealIndicatorSeed
  extends Omit<IndicatorDraft, 'areaCode' | 'source' | 'note' | 'taskIndex' | 'statedIn'> {
  area: ReformAreaCode;
  /** Ordinal of the task row the target is stated in, if any. */
  taskOrdinal: string | null;
  sourceLines: [number, number];
  note: string | null;
}

/** Where in a seed's source document something stands (a line range, 1-based, inclusive). */
export const seedSourceRef = (
  file: string,
  [firstLine, lastLine]: [number, number],
  description?: string,
): SourceRef => ({
  file,
  firstLine,
  lastLine,
  ...(description ? { description } : {}),
});

/**
 * A transcribed seed as a plan draft: area headings in the order the document first prints them;
 * each indicator linked to the task its taskOrdinal names (see taskIndexOf) and placed where the
 * transcription shows it (cellHolding), or in the key-indicator section when it has no task.
 */
export function draftOfSeed(seed: RealPlanSeed): PlanDraft {
  const headings = new Map<ReformAreaCode, string | null>();
  for (const task of seed.tasks) if (!headings.has(task.area)) headings.set(task.area, task.areaHeading);
  const tasks: TaskDraft[] = seed.tasks.map(({ area, areaHeading: _h, sourceLines, note, ...cells }) => ({
    ...cells,
    areaCode: area,
    source: seedSourceRef(seed.source.file, sourceLines),
    note,
  }));
  return {
    areas: [...headings].map(([areaCode, heading]) => ({ areaCode, heading })),
    tasks,
    indicators: seed.indicators.map(({ area, sourceLines, note, taskOrdinal, ...rest }) => {
      const taskIndex = taskOrdinal === null ? null : taskIndexOf(tasks, taskOrdinal, area);
      return {
        ...rest,
        areaCode: area,
        taskIndex,
        statedIn:
          taskOrdinal === null
            ? IndicatorCell.KEY_INDICATORS
            : taskIndex === null
              ? null
              : cellHolding(tasks[taskIndex], rest.targetText),
        source: seedSourceRef(seed.source.file, sourceLines),
        note,
      };
    }),
  };
}

const oneSpaced = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The cell of a task row that states a target sentence: the first of objective, name, activities
 * and outputs that holds it (the seed format does not record the cell; null when none holds it).
 */
function cellHolding(task: TaskDraft, targetText: string): IndicatorCell | null {
  const sentence = oneSpaced(targetText);
  const found = TARGET_CELLS.find(([, field]) => sentence && oneSpaced(task[field] ?? '').includes(sentence));
  return found?.[0] ?? null;
}
