import { parsePeriod } from './period';
import type { Period } from './period';

/**
 * The time zone of a province that names none (province.time_zone's default), and the one in which a
 * roll-up over no single province reads relative periods.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Relative periods, named as DHIS2 names them, resolved against a day. */
export const RELATIVE_PERIODS = [
  'THIS_MONTH',
  'LAST_MONTH',
  'LAST_3_MONTHS',
  'LAST_12_MONTHS',
  'MONTHS_THIS_QUARTER',
  'MONTHS_THIS_YEAR',
  'THIS_QUARTER',
  'LAST_QUARTER',
  'LAST_4_QUARTERS',
  'QUARTERS_THIS_YEAR',
  'THIS_YEAR',
  'LAST_YEAR',
] as const;
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number];

const month = (y: number, m: number) => {
  const d = new Date(Date.UTC(y, m - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};
const quarter = (y: number, q: number) => {
  const index = y * 4 + (q - 1);
  return `${Math.floor(index / 4)}Q${(index % 4) + 1}`;
};
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// Building an Intl.DateTimeFormat costs far more than using one: keep one per time zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date ("YYYY-MM-DD") in a time zone: the province's, not the server's. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  return format.format(now);
}

/** The period codes a relative period stands for on `today`, oldest first. */
export function resolveRelativePeriod(name: RelativePeriod, today: string): string[] {
  const [y, m] = today.split('-').map(Number);
  const q = Math.ceil(m / 3);
  switch (name) {
    case 'THIS_MONTH':
      return [month(y, m)];
    case 'LAST_MONTH':
      return [month(y, m - 1)];
    case 'LAST_3_MONTHS':
      return range(3).map((i) => month(y, m - 3 + i));
    case 'LAST_12_MONTHS':
      return range(12).map((i) => month(y, m - 12 + i));
    case 'MONTHS_THIS_QUARTER':
      return range(3).map((i) => month(y, q * 3 - 2 + i));
    case 'MONTHS_THIS_YEAR':
      return range(12).map((i) => month(y, i + 1));
    case 'THIS_QUARTER':
      return [quarter(y, q)];
    case 'LAST_QUARTER':
      return [quarter(y, q - 1)];
    case 'LAST_4_QUARTERS':
      return range(4).map((i) => quarter(y, q - 4 + i));
    case 'QUARTERS_THIS_YEAR':
      return range(4).map((i) => `${y}Q${i + 1}`);
    case 'THIS_YEAR':
      return [String(y)];
    case 'LAST_YEAR':
      return [String(y - 1)];
  }
}

const isRelativePeriod = (code: string): code is RelativePeriod =>
  (RELATIVE_PERIODS as readonly string[]).includes(code);

/** A period code or a relative period name → its periods on `today`, oldest first; null for neither. */
export function resolvePeriod(code: string, today: string): Period[] | null {
  if (!isRelativePeriod(code)) {
    const period = parsePeriod(code);
    return period && [period];
  }
  // Codes made by resolveRelativePeriod always parse.
  return resolveRelativePeriod(code, today).flatMap((c) => parsePeriod(c) ?? []);
}

/** Period codes or relative names → periods, in the order given; null for an unknown one. */
export function resolvePeriods(codes: readonly string[], today: string): (Period | null)[] {
  return codes.flatMap((code) => resolvePeriod(code, today) ?? [null]);
}
