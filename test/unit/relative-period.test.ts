import { resolvePeriods, resolveRelativePeriod, todayIn } from '../../src/core/relative-period';

describe('relative periods', () => {
  it.each([
    ['THIS_MONTH', '2026-01-15', ['2026-01']],
    ['LAST_MONTH', '2026-01-15', ['2025-12']],
    ['LAST_3_MONTHS', '2026-02-01', ['2025-11', '2025-12', '2026-01']],
    ['MONTHS_THIS_QUARTER', '2026-11-23', ['2026-10', '2026-11', '2026-12']],
    ['THIS_QUARTER', '2026-11-23', ['2026Q4']],
    ['LAST_QUARTER', '2026-02-10', ['2025Q4']],
    ['LAST_4_QUARTERS', '2026-05-01', ['2025Q2', '2025Q3', '2025Q4', '2026Q1']],
    ['QUARTERS_THIS_YEAR', '2026-05-01', ['2026Q1', '2026Q2', '2026Q3', '2026Q4']],
    ['THIS_YEAR', '2026-05-01', ['2026']],
    ['LAST_YEAR', '2026-05-01', ['2025']],
  ] as const)('%s on %s', (name, today, expected) =>
    expect(resolveRelativePeriod(name, today)).toEqual(expected),
  );

  it('reads today in the province time zone, not the server one', () => {
    // 18:30 UTC on 31 Dec is already 1 Jan in Vietnam (UTC+7).
    const now = new Date('2025-12-31T18:30:00Z');
    expect(todayIn('Asia/Ho_Chi_Minh', now)).toBe('2026-01-01');
    expect(todayIn('UTC', now)).toBe('2025-12-31');
  });

  it('mixes codes and names, and marks unknown ones', () => {
    expect(
      resolvePeriods(['2025Q3', 'LAST_QUARTER', 'NEXT_DECADE'], '2026-02-01').map((p) => p?.code ?? null),
    ).toEqual(['2025Q3', '2025Q4', null]);
  });
});
