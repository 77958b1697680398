import { registerEnumType } from 'type-graphql';
import { EXPORT_KINDS } from '../export/export.kinds';
import type { ExportKind } from '../export/export.kinds';

/** The export kinds as a GraphQL enum (their names are the pipeline's: ROLLUP, TASKS…). */
export const ExportKindEnum = Object.freeze(
  Object.fromEntries(EXPORT_KINDS.map((kind) => [kind, kind])) as { [K in ExportKind]: K },
);

/** Each kind in a line (a new kind does not compile until it is described here). */
const KIND_DESCRIPTIONS: Record<ExportKind, string> = {
  ROLLUP: 'Completion roll-up, as Query.rollup: any groupBy, any periods (relative ones included).',
  TASKS: 'Tasks with their status as of a period, milestones, overdue flag, commune and area.',
  INDICATORS: 'Indicator targets and actual values: met, not met or no data.',
  REPORTING: 'Reporting completeness per commune: on time, late and missing reports.',
  PLAN: 'A whole plan in the appendix columns (what cchc export-plan writes).',
};

registerEnumType(ExportKindEnum, {
  name: 'ExportKind',
  description: 'What an export holds (docs/EXPORTS.md lists each kind’s parameters and columns).',
  valuesConfig: Object.fromEntries(
    Object.entries(KIND_DESCRIPTIONS).map(([kind, description]) => [kind, { description }]),
  ),
});

/** File formats; the stored value is the pipeline's lower-case name (the file extension). */
export enum ExportFileFormat {
  CSV = 'csv',
  XLSX = 'xlsx',
  NDJSON = 'ndjson',
}

registerEnumType(ExportFileFormat, {
  name: 'ExportFormat',
  description: 'File format of an export.',
  valuesConfig: {
    CSV: { description: 'UTF-8 with a byte-order mark (Excel shows Vietnamese); formula cells neutralised.' },
    XLSX: { description: 'Excel workbook: header row frozen, rates as percentages, dates as dates.' },
    NDJSON: { description: 'One JSON object per line, for machines.' },
  },
});

/** Language of the column headers (and of area names and yes/no cells). */
export enum ExportLanguage {
  VI = 'vi',
  EN = 'en',
}

registerEnumType(ExportLanguage, {
  name: 'ExportLang',
  description: 'Language of an export’s headers.',
  valuesConfig: {
    VI: { description: 'Vietnamese, with diacritics (the default).' },
    EN: { description: 'English.' },
  },
});

export enum ExportRunStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(ExportRunStatus, {
  name: 'ExportRunStatus',
  description: 'Where an export run is.',
  valuesConfig: {
    QUEUED: { description: 'Waiting for a worker (also between a failed attempt and its retry: see error).' },
    RUNNING: { description: 'Being written.' },
    SUCCEEDED: { description: 'Written: the file is downloadable at downloadUrl.' },
    FAILED: { description: 'Given up after its attempts; error says why and what to do.' },
    CANCELLED: { description: 'Its schedule was cancelled before it ran.' },
  },
});

export enum ExportScheduleStatus {
  ACTIVE = 'ACTIVE',
  CANCELLED = 'CANCELLED',
}

registerEnumType(ExportScheduleStatus, {
  name: 'ExportScheduleStatus',
  description: 'Whether a schedule still starts runs.',
  valuesConfig: {
    ACTIVE: { description: 'Starts a run at each time of its cron.' },
    CANCELLED: { description: 'Starts no more runs (cancelExport).' },
  },
});
