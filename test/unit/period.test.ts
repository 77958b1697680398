import { parsePeriod } from '../../src/core/period';

describe('parsePeriod', () => {
  it.each([
    ['2025', 'YEAR', '2025-01-01', '2025-12-31'],
    ['2025Q1', 'QUARTER', '2025-01-01', '2025-03-31'],
    ['2025Q3', 'QUARTER', '2025-07-01', '2025-09-30'],
    ['2025Q4', 'QUARTER', '2025-10-01', '2025-12-31'],
    ['2024-02', 'MONTH', '2024-02-01', '2024-02-29'],
    ['2025-02', 'MONTH', '2025-02-01', '2025-02-28'],
    ['2025-07', 'MONTH', '2025-07-01', '2025-07-31'],
    ['2025-12', 'MONTH', '2025-12-01', '2025-12-31'],
    ['2000', 'YEAR', '2000-01-01', '2000-12-31'],
    ['2100Q4', 'QUARTER', '2100-10-01', '2100-12-31'],
  ])('%s is a %s from %s to %s', (code, kind, start, end) => {
    expect(parsePeriod(code)).toEqual({ code, kind, year: Number(code.slice(0, 4)), start, end });
  });

  it.each(['', '25', '2025Q5', '2025Q0', '2025-13', '2025-7', '2025-00', 'Q3/2025', '2025 Q3', '2025q3'])(
    'rejects %p',
    (code) => expect(parsePeriod(code)).toBeNull(),
  );

  // Years outside PERIOD_YEARS (2000–2100) are no plan's: refused before any SQL sees them.
  it.each(['0000', '9999Q4', '1999', '2101-01', '0001-12'])('rejects %p, outside 2000–2100', (code) =>
    expect(parsePeriod(code)).toBeNull(),
  );
});
