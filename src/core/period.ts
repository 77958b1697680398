/** A reporting period: a year "2025", a quarter "2025Q3" or a month "2025-07". */
export interface Period {
  code: string;
  kind: 'YEAR' | 'QUARTER' | 'MONTH';
  year: number;
  /** First day, "YYYY-MM-DD". */
  start: string;
  /** Last day, "YYYY-MM-DD". */
  end: string;
}

/**
 * Years a period may name, inclusive: those of plans (a plan's year is 2000–2100, see
 * CreatePlanInput). Anything else is refused before it reaches SQL (plan_rollup holds only the
 * periods of real plan years).
 */
export const PERIOD_YEARS = { min: 2000, max: 2100 } as const;

const PERIOD_PATTERN = /^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?$/;

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Parses a period code; returns null when it is not one (the caller words the error). */
export function parsePeriod(code: string): Period | null {
  const match = PERIOD_PATTERN.exec(code);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < PERIOD_YEARS.min || year > PERIOD_YEARS.max) return null;
  if (match[2]) {
    const quarter = Number(match[2]);
    const lastMonth = quarter * 3;
    return {
      code,
      kind: 'QUARTER',
      year,
      start: iso(year, lastMonth - 2, 1),
      end: iso(year, lastMonth, lastDayOfMonth(year, lastMonth)),
    };
  }
  if (match[3]) {
    const month = Number(match[3]);
    return {
      code,
      kind: 'MONTH',
      year,
      start: iso(year, month, 1),
      end: iso(year, month, lastDayOfMonth(year, month)),
    };
  }
  return { code, kind: 'YEAR', year, start: iso(year, 1, 1), end: iso(year, 12, 31) };
}

export const PERIOD_FORMAT_HINT = `a year "2025", a quarter "2025Q3" or a month "2025-07", of the years ${PERIOD_YEARS.min}–${PERIOD_YEARS.max}`;
