import type { IndicatorDraft, TaskDraft } from '../plan-import/plan-draft';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';

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
