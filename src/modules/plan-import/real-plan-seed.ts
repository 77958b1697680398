import type { SourceRef } from '../../core/source-ref.type';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';
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

export interface RealIndicatorSeed extends Omit<IndicatorDraft, 'areaCode' | 'source' | 'note'> {
  area: ReformAreaCode;
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

/** A transcribed seed as a plan draft: area headings in the order the document first prints them. */
export function draftOfSeed(seed: RealPlanSeed): PlanDraft {
  const headings = new Map<ReformAreaCode, string | null>();
  for (const task of seed.tasks) if (!headings.has(task.area)) headings.set(task.area, task.areaHeading);
  return {
    areas: [...headings].map(([areaCode, heading]) => ({ areaCode, heading })),
    tasks: seed.tasks.map(({ area, areaHeading: _h, sourceLines, note, ...cells }) => ({
      ...cells,
      areaCode: area,
      source: seedSourceRef(seed.source.file, sourceLines),
      note,
    })),
    indicators: seed.indicators.map(({ area, sourceLines, note, ...rest }) => ({
      ...rest,
      areaCode: area,
      source: seedSourceRef(seed.source.file, sourceLines),
      note,
    })),
  };
}
