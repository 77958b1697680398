import type { ReformAreaCode } from '../modules/reform-area/reform-area.entity';

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

export interface RealTaskSeed {
  area: ReformAreaCode;
  areaHeading: string | null;
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
  sourceLines: [number, number];
  note: string | null;
}

export interface RealIndicatorSeed {
  area: ReformAreaCode;
  ordinal: string;
  name: string;
  targetText: string;
  taskOrdinal: string | null;
  sourceLines: [number, number];
  note: string | null;
}
