import { BadUserInputError } from '../../core/errors';
import { LIMITS } from '../../core/limits';
import { ReformAreaCode } from '../reform-area/reform-area.entity';
import { RollupDimension } from '../rollup/rollup.enums';
import { ROLLUP_MEASURE_NAMES, ROLLUP_MEASURES } from '../rollup/rollup.measures';
import type { RollupMeasure } from '../rollup/rollup.measures';

/**
 * What can be exported (docs/EXPORTS.md): the kinds, their parameters and their columns. One
 * function, parseExportRequest, reads a kind's parameters for the CLI, HTTP and GraphQL alike.
 */

export const EXPORT_KINDS = ['ROLLUP', 'TASKS', 'INDICATORS', 'REPORTING', 'PLAN'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_FORMATS = ['csv', 'xlsx', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportLang = 'vi' | 'en';

/**
 * How a column's values are written: text as is; number, integer and rate as numbers (a rate is a
 * fraction 0–1, shown with a % format in XLSX); date as a "YYYY-MM-DD" date; boolean as true/false.
 */
export type ColumnType = 'text' | 'number' | 'rate' | 'date' | 'integer' | 'boolean';

/** One column of an export: its key (NDJSON key), its headers and its type. */
export interface ExportColumn {
  key: string;
  /** Header in Vietnamese, with diacritics (the default). */
  vi: string;
  /** Header in English (lang en). */
  en: string;
  type: ColumnType;
  /** Width in characters in XLSX (default by type). */
  width?: number;
}

/** One table of an export: most kinds have one; a plan has its task table and its indicator table. */
export interface ExportTable {
  /** Key of the table (NDJSON "table" of a kind with several tables). */
  key: string;
  /** Sheet name in XLSX, section title in CSV (before every table after the first). */
  vi: string;
  en: string;
  columns: ExportColumn[];
}

// ---- parameters --------------------------------------------------------------------------------

export interface RollupExportParams {
  /** Only communes of this province (null: every province the viewer sees). */
  province: string | null;
  /** Only this commune. */
  commune: string | null;
  /** Only these communes (Query.rollup's communeCodes; null: no such restriction). */
  communes: string[] | null;
  /** Only these reform areas (Query.rollup's areaCodes; null: all seven). */
  areas: ReformAreaCode[] | null;
  /** Period codes and relative period names (read when the export runs: LAST_QUARTER…). */
  periods: string[];
  groupBy: RollupDimension[];
  approvedOnly: boolean;
}

export interface TaskExportParams {
  province: string | null;
  commune: string | null;
  /** Status as of these periods (codes or relative names), each period's list after the other. */
  periods: string[];
  area: ReformAreaCode | null;
  /** Only overdue tasks. */
  overdueOnly: boolean;
}

export interface IndicatorExportParams {
  province: string | null;
  commune: string | null;
  /** Actual values as of this period. */
  period: string;
  area: ReformAreaCode | null;
}

export interface ReportingExportParams {
  /** One province (null: every province the viewer sees). */
  province: string | null;
  period: string;
}

export interface PlanExportParams {
  /** The plan of this commune, or (commune null) this province's own plan. */
  province: string | null;
  commune: string | null;
  year: number;
}

/** An export asked for: its kind and its parameters, checked (parseExportRequest). Plain JSON. */
export type ExportRequest =
  | { kind: 'ROLLUP'; params: RollupExportParams }
  | { kind: 'TASKS'; params: TaskExportParams }
  | { kind: 'INDICATORS'; params: IndicatorExportParams }
  | { kind: 'REPORTING'; params: ReportingExportParams }
  | { kind: 'PLAN'; params: PlanExportParams };

/** A parameter of a kind, for the usage text and docs/EXPORTS.md. */
export interface ExportParameter {
  name: string;
  required: boolean;
  description: string;
}

const PLACE_PARAMETERS: ExportParameter[] = [
  { name: 'province', required: false, description: 'Province code; default every province you see.' },
  { name: 'commune', required: false, description: 'Commune code (only this commune).' },
];
const PERIOD_PARAMETER: ExportParameter = {
  name: 'period',
  required: true,
  description: 'Period code ("2025", "2025Q3", "2025-07") or relative name (LAST_QUARTER…).',
};
const AREA_PARAMETER: ExportParameter = {
  name: 'area',
  required: false,
  description: `Only this reform area (${Object.values(ReformAreaCode).join(', ')}).`,
};

/** Each kind's parameters (names as in the HTTP query and GraphQL; the CLI spells them --kebab-case). */
export const EXPORT_PARAMETERS: Record<ExportKind, ExportParameter[]> = {
  ROLLUP: [
    ...PLACE_PARAMETERS,
    {
      name: 'period',
      required: true,
      description: 'One or more periods, comma-separated or repeated (codes or relative names: a trend).',
    },
    {
      name: 'communes',
      required: false,
      description: `Only these communes, comma-separated (at most ${LIMITS.rollupCommuneCodes} codes; with province and commune, all must hold).`,
    },
    {
      name: 'area',
      required: false,
      description:
        'Only these reform areas, comma-separated: rows and totals count only their tasks and indicators.',
    },
    {
      name: 'groupBy',
      required: false,
      description: `Dimensions, comma-separated (${Object.values(RollupDimension).join(', ')}); none: one total row.`,
    },
    {
      name: 'approvedOnly',
      required: false,
      description: 'true: count only APPROVED reports.',
    },
  ],
  TASKS: [
    ...PLACE_PARAMETERS,
    {
      ...PERIOD_PARAMETER,
      description: `Status as of this period, or of each of several (comma-separated or repeated; a period column says which): ${PERIOD_PARAMETER.description}`,
    },
    AREA_PARAMETER,
    { name: 'overdueOnly', required: false, description: 'true: only overdue tasks.' },
  ],
  INDICATORS: [
    ...PLACE_PARAMETERS,
    { ...PERIOD_PARAMETER, description: `Actual values as of this period: ${PERIOD_PARAMETER.description}` },
    AREA_PARAMETER,
  ],
  REPORTING: [
    { name: 'province', required: false, description: 'Province code; default every province you see.' },
    PERIOD_PARAMETER,
  ],
  PLAN: [
    { name: 'commune', required: false, description: 'The commune whose plan to write.' },
    { name: 'province', required: false, description: "Without commune: the province's own plan." },
    { name: 'year', required: true, description: 'The plan year.' },
  ],
};

// ---- columns -----------------------------------------------------------------------------------

const col = (key: string, type: ColumnType, vi: string, en: string, width?: number): ExportColumn => ({
  key,
  type,
  vi,
  en,
  ...(width ? { width } : {}),
});

/** Headers of the roll-up measures; a new measure does not compile until it has its headers. */
const MEASURE_HEADERS: Record<RollupMeasure, [string, string]> = {
  taskCount: ['Số nhiệm vụ', 'Tasks'],
  completedCount: ['Đã hoàn thành', 'Completed'],
  inProgressCount: ['Đang thực hiện', 'In progress'],
  notStartedCount: ['Chưa thực hiện', 'Not started'],
  cancelledCount: ['Đã hủy', 'Cancelled'],
  overdueCount: ['Quá hạn', 'Overdue'],
  completionRate: ['Tỷ lệ hoàn thành', 'Completion rate'],
  dueCompletionRate: ['Tỷ lệ hoàn thành nhiệm vụ đến hạn', 'Completion rate of due tasks'],
  onTimeRate: ['Tỷ lệ hoàn thành đúng hạn', 'On-time rate'],
  indicatorsMet: ['Chỉ tiêu đạt', 'Indicators met'],
  indicatorsNotMet: ['Chỉ tiêu không đạt', 'Indicators not met'],
  indicatorsNoData: ['Chỉ tiêu chưa có số liệu', 'Indicators with no data'],
};

const PROVINCE_COLUMNS = [
  col('provinceCode', 'text', 'Mã tỉnh', 'Province code', 10),
  col('provinceName', 'text', 'Tỉnh, thành phố', 'Province', 24),
];
const COMMUNE_COLUMNS = [
  col('communeCode', 'text', 'Mã xã', 'Commune code', 14),
  col('communeName', 'text', 'Xã, phường, đặc khu', 'Commune', 24),
];
const AREA_COLUMNS = [
  col('areaCode', 'text', 'Mã lĩnh vực', 'Area code', 18),
  col('areaName', 'text', 'Lĩnh vực', 'Reform area', 36),
];
const PERIOD_COLUMN = col('period', 'text', 'Kỳ', 'Period', 10);
/** The place and year of a plan's row: what task and indicator lists start with. */
const PLAN_COLUMNS = [
  ...PROVINCE_COLUMNS,
  ...COMMUNE_COLUMNS,
  col('year', 'integer', 'Năm kế hoạch', 'Plan year', 8),
];
const ORDINAL_COLUMN = col('ordinal', 'text', 'STT', 'No.', 8);

/** The roll-up's columns: those of the dimensions asked for (in a fixed order), then every measure. */
export function rollupColumns(groupBy: readonly RollupDimension[]): ExportColumn[] {
  const dims = new Set(groupBy);
  return [
    ...(dims.has(RollupDimension.PROVINCE) ? PROVINCE_COLUMNS : []),
    ...(dims.has(RollupDimension.COMMUNE) ? COMMUNE_COLUMNS : []),
    ...(dims.has(RollupDimension.AREA) ? AREA_COLUMNS : []),
    ...(dims.has(RollupDimension.PERIOD) ? [PERIOD_COLUMN] : []),
    ...ROLLUP_MEASURE_NAMES.map((name) =>
      col(
        name,
        ROLLUP_MEASURES[name].type === 'Int' ? 'integer' : 'rate',
        MEASURE_HEADERS[name][0],
        MEASURE_HEADERS[name][1],
      ),
    ),
  ];
}

export const TASK_EXPORT_COLUMNS: ExportColumn[] = [
  ...PLAN_COLUMNS,
  PERIOD_COLUMN,
  ...AREA_COLUMNS,
  ORDINAL_COLUMN,
  col('name', 'text', 'Nhiệm vụ', 'Task', 50),
  col('leadUnit', 'text', 'Chủ trì', 'Lead unit', 28),
  col('timeText', 'text', 'Thời gian', 'Time (as written)', 28),
  col('milestones', 'text', 'Mốc thời gian', 'Milestones', 36),
  col('dueOn', 'date', 'Hạn hoàn thành', 'Due date', 14),
  col('status', 'text', 'Trạng thái', 'Status', 14),
  col('percent', 'integer', 'Tiến độ (%)', 'Percent done', 10),
  col('overdue', 'boolean', 'Quá hạn', 'Overdue', 10),
  col('daysOverdue', 'integer', 'Số ngày quá hạn', 'Days overdue', 10),
];

export const INDICATOR_EXPORT_COLUMNS: ExportColumn[] = [
  ...PLAN_COLUMNS,
  ...AREA_COLUMNS,
  ORDINAL_COLUMN,
  col('name', 'text', 'Chỉ tiêu', 'Indicator', 40),
  col('targetText', 'text', 'Chỉ tiêu (nguyên văn)', 'Target (as written)', 50),
  col('comparator', 'text', 'So sánh', 'Comparator', 10),
  col('targetValue', 'number', 'Giá trị mục tiêu', 'Target value', 12),
  col('targetMax', 'number', 'Giá trị mục tiêu tối đa', 'Target maximum', 12),
  col('unit', 'text', 'Đơn vị', 'Unit', 10),
  col('actualValue', 'number', 'Giá trị thực hiện', 'Actual value', 12),
  col('attainment', 'text', 'Kết quả', 'Attainment', 12),
];

export const REPORTING_EXPORT_COLUMNS: ExportColumn[] = [
  ...PROVINCE_COLUMNS,
  ...COMMUNE_COLUMNS,
  PERIOD_COLUMN,
  col('submitted', 'boolean', 'Đã báo cáo', 'Reported', 12),
  col('onTime', 'boolean', 'Đúng hạn', 'On time', 12),
  col('missing', 'boolean', 'Chưa báo cáo', 'Missing', 12),
  col('submittedOn', 'date', 'Ngày gửi', 'Submitted on', 14),
  col('dueOn', 'date', 'Hạn báo cáo', 'Due on', 14),
  col('status', 'text', 'Trạng thái báo cáo', 'Report status', 14),
];

// ---- parsing parameters ------------------------------------------------------------------------

const FIELD = 'params';

/** The kind named by `name` ("rollup", "TASKS"…), or BAD_USER_INPUT listing the kinds. */
export function exportKindOf(name: string): ExportKind {
  const kind = name.trim().toUpperCase();
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) {
    throw new BadUserInputError(
      `"${name}" is not an export kind: use one of ${EXPORT_KINDS.map((k) => k.toLowerCase()).join(', ')}.`,
      'kind',
    );
  }
  return kind as ExportKind;
}

/** The format named by `name`, or BAD_USER_INPUT listing the formats. */
export function exportFormatOf(name: string | undefined): ExportFormat {
  const format = (name ?? '').trim().toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new BadUserInputError(
      `${name ? `"${name}" is not an export format` : 'No export format was given'}: use ${EXPORT_FORMATS.join(', ')}.`,
      'format',
    );
  }
  return format as ExportFormat;
}

/** The language named by `name` (default vi). */
export function exportLangOf(name: unknown): ExportLang {
  if (name === undefined || name === null || name === '') return 'vi';
  if (name === 'vi' || name === 'en') return name;
  throw new BadUserInputError(`lang must be vi or en, got ${JSON.stringify(name)}.`, 'lang');
}

/** Values of a parameter: a string, a list of strings, or comma-separated strings; a number as text. */
function listOf(params: Record<string, unknown>, name: string): string[] {
  const raw = params[name];
  if (raw === undefined || raw === null) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  return items.flatMap((item) => {
    if (typeof item === 'number' && Number.isFinite(item)) return [String(item)];
    if (typeof item !== 'string') {
      throw new BadUserInputError(
        `${name} must be text (or a list of texts), got ${JSON.stringify(item)}.`,
        name,
      );
    }
    return item
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  });
}

function oneOf(params: Record<string, unknown>, name: string): string | null {
  const values = listOf(params, name);
  if (values.length > 1) throw new BadUserInputError(`Give one ${name}, got ${values.join(', ')}.`, name);
  return values[0] ?? null;
}

function required(params: Record<string, unknown>, name: string, example: string): string {
  const value = oneOf(params, name);
  if (value === null) {
    throw new BadUserInputError(`This export needs ${name}, e.g. ${name}=${example}.`, name);
  }
  return value;
}

/** One or more periods, as written (relative names are read when the export runs). */
function periodsOf(params: Record<string, unknown>): string[] {
  const periods = listOf(params, 'period');
  if (!periods.length) {
    throw new BadUserInputError(
      'This export needs period, e.g. period=2025Q3 or period=LAST_QUARTER.',
      'period',
    );
  }
  return periods;
}

function flag(params: Record<string, unknown>, name: string): boolean {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '' || raw === false || raw === 'false') return false;
  if (raw === true || raw === 'true') return true;
  throw new BadUserInputError(`${name} must be true or false, got ${JSON.stringify(raw)}.`, name);
}

/** Reform areas named by their codes (any case), each checked; [] when none is given. */
function areasOf(params: Record<string, unknown>): ReformAreaCode[] {
  return [
    ...new Set(
      listOf(params, 'area').map((area) => {
        const code = area.toUpperCase();
        if (!(Object.values(ReformAreaCode) as string[]).includes(code)) {
          throw new BadUserInputError(
            `"${area}" is not a reform area: use one of ${Object.values(ReformAreaCode).join(', ')}.`,
            'area',
          );
        }
        return code as ReformAreaCode;
      }),
    ),
  ];
}

function areaOf(params: Record<string, unknown>): ReformAreaCode | null {
  const areas = areasOf(params);
  if (areas.length > 1) throw new BadUserInputError(`Give one area, got ${areas.join(', ')}.`, 'area');
  return areas[0] ?? null;
}

/** Commune codes for Query.rollup's communeCodes: at most its limit; null when none is given. */
function communesOf(params: Record<string, unknown>): string[] | null {
  const codes = [...new Set(listOf(params, 'communes'))];
  if (codes.length > LIMITS.rollupCommuneCodes) {
    throw new BadUserInputError(
      `communes takes at most ${LIMITS.rollupCommuneCodes} commune codes, got ${codes.length}; export a whole province with province instead.`,
      'communes',
    );
  }
  return codes.length ? codes : null;
}

function groupByOf(params: Record<string, unknown>): RollupDimension[] {
  const dims = listOf(params, 'groupBy').map((d) => d.toUpperCase());
  const unknown = dims.filter((d) => !(Object.values(RollupDimension) as string[]).includes(d));
  if (unknown.length) {
    throw new BadUserInputError(
      `groupBy: ${unknown.join(', ')} is not a dimension; use ${Object.values(RollupDimension).join(', ')}.`,
      'groupBy',
    );
  }
  return [...new Set(dims)] as RollupDimension[];
}

/**
 * Checks a kind's parameters and returns them as an ExportRequest (plain JSON, so that it can be
 * stored and run later). Unknown parameters, missing ones and malformed values are BAD_USER_INPUT
 * with a message that says what to send. Periods are kept as written: relative names are read
 * against today when the export runs; places and periods are checked against the viewer then.
 */
export function parseExportRequest(kind: string, params: Record<string, unknown>): ExportRequest {
  const exportKind = exportKindOf(kind);
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new BadUserInputError('Export parameters must be an object of names and values.', FIELD);
  }
  const known = EXPORT_PARAMETERS[exportKind].map((p) => p.name);
  const unknown = Object.keys(params).filter((name) => !known.includes(name) && params[name] !== undefined);
  if (unknown.length) {
    throw new BadUserInputError(
      `The ${exportKind.toLowerCase()} export does not take ${unknown.join(', ')}; it takes ${known.join(', ')}.`,
      unknown[0],
    );
  }
  const place = { province: oneOf(params, 'province'), commune: oneOf(params, 'commune') };
  switch (exportKind) {
    case 'ROLLUP': {
      const periods = periodsOf(params);
      const areas = areasOf(params);
      return {
        kind: exportKind,
        params: {
          ...place,
          communes: communesOf(params),
          areas: areas.length ? areas : null,
          periods,
          groupBy: groupByOf(params),
          approvedOnly: flag(params, 'approvedOnly'),
        },
      };
    }
    case 'TASKS':
      return {
        kind: exportKind,
        params: {
          ...place,
          periods: periodsOf(params),
          area: areaOf(params),
          overdueOnly: flag(params, 'overdueOnly'),
        },
      };
    case 'INDICATORS':
      return {
        kind: exportKind,
        params: { ...place, period: required(params, 'period', '2025Q3'), area: areaOf(params) },
      };
    case 'REPORTING':
      return {
        kind: exportKind,
        params: { province: place.province, period: required(params, 'period', '2025Q3') },
      };
    case 'PLAN': {
      if (place.commune && place.province) {
        throw new BadUserInputError(
          'Give commune=<code> (a commune plan) or province=<code> (the province plan), not both.',
          'province',
        );
      }
      if (!place.commune && !place.province) {
        throw new BadUserInputError(
          'The plan export needs commune=<code> (a commune plan) or province=<code> (a province plan).',
          'commune',
        );
      }
      const year = required(params, 'year', '2025');
      if (!/^\d{4}$/.test(year)) {
        throw new BadUserInputError(`year must be the plan year (four digits), got ${year}.`, 'year');
      }
      return { kind: exportKind, params: { ...place, year: Number(year) } };
    }
  }
}
