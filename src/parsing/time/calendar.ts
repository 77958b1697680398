/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so no time zone moves a day. */

/** A span of days, both ends included. */
export interface Span {
  start: string;
  end: string;
}

/** The years a plan may name; outside them a number is no year of a plan (consume or warn). */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

const pad = (n: number) => String(n).padStart(2, '0');

export const iso = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

export const lastDayOfMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

export const isYear = (year: number) => Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR;

export const isMonth = (month: number) => Number.isInteger(month) && month >= 1 && month <= 12;

export const isQuarter = (quarter: number) => Number.isInteger(quarter) && quarter >= 1 && quarter <= 4;

/** The day exists in that month of that year (30/2 and 31/4 do not). */
export const isDay = (year: number, month: number, day: number) =>
  Number.isInteger(day) && day >= 1 && day <= lastDayOfMonth(year, month);

/** The day before an ISO date ("trước tháng 01/2024" is due 2023-12-31). */
export function dayBefore(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const before = new Date(Date.UTC(year, month - 1, day - 1));
  return iso(before.getUTCFullYear(), before.getUTCMonth() + 1, before.getUTCDate());
}

/** Months first to last (1–12) of a year, as one span. */
export const monthsSpan = (year: number, first: number, last: number): Span => ({
  start: iso(year, first, 1),
  end: iso(year, last, lastDayOfMonth(year, last)),
});

export const daySpan = (year: number, month: number, day: number): Span => ({
  start: iso(year, month, day),
  end: iso(year, month, day),
});

export const monthSpan = (year: number, month: number) => monthsSpan(year, month, month);

export const quarterSpan = (year: number, quarter: number) => monthsSpan(year, quarter * 3 - 2, quarter * 3);

export const yearSpan = (year: number) => monthsSpan(year, 1, 12);
