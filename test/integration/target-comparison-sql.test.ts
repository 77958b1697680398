import { compareTargets } from '../../src/parsing/target-comparison';
import type { ComparableTarget } from '../../src/parsing/target-comparison';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

const COMPARATORS = ['GTE', 'GT', 'LTE', 'LT', 'EQ', 'BETWEEN', null] as const;
const VALUES = [60, 70];
const DIRECTIONS = ['INCREASE', 'DECREASE', null] as const;

/** Every target of the grid: each comparator at each value (BETWEEN spanning 0, 5 or 10 more). */
function targets(unit: 'PERCENT' | 'COUNT', direction: ComparableTarget['direction']): ComparableTarget[] {
  return COMPARATORS.flatMap((comparator) =>
    VALUES.flatMap((value) =>
      (comparator === 'BETWEEN' ? [value, value + 5, value + 10] : [null]).map((max) => ({
        comparator,
        value,
        max,
        unit,
        direction,
      })),
    ),
  );
}

/**
 * indicator_target_comparison (SQL, for the roll-ups' LOOSER counts) against compareTargets (the
 * cascade's pure function): the same answer on every comparator pair, figures equal and different,
 * both directions, a missing direction, different units, and no province target.
 */
describe('indicator_target_comparison equals compareTargets', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('empty');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('on every pair of the grid', async () => {
    const cases: { commune: ComparableTarget; province: ComparableTarget | null; fallback: string }[] = [];
    for (const direction of DIRECTIONS) {
      for (const commune of targets('PERCENT', direction)) {
        for (const province of [
          ...targets('PERCENT', direction),
          ...targets('COUNT', direction).slice(0, 2),
          null,
        ]) {
          cases.push({ commune, province, fallback: 'DECREASE' });
        }
      }
    }
    cases.push({
      commune: { comparator: 'GTE', value: 60, max: null, unit: 'PERCENT', direction: 'INCREASE' },
      province: { comparator: 'GTE', value: 50, max: null, unit: 'PERCENT', direction: 'DECREASE' },
      fallback: 'INCREASE',
    });
    const rows: { comparison: string }[] = await db.dataSource.query(
      `SELECT indicator_target_comparison(p_linked, c_cmp, c_val, c_max, c_unit, c_dir, p_cmp, p_val, p_max, p_unit, p_dir, fb) AS comparison
         FROM unnest($1::boolean[], $2::text[], $3::numeric[], $4::numeric[], $5::text[], $6::text[],
                     $7::text[], $8::numeric[], $9::numeric[], $10::text[], $11::text[], $12::text[])
              WITH ORDINALITY AS g(p_linked, c_cmp, c_val, c_max, c_unit, c_dir, p_cmp, p_val, p_max, p_unit, p_dir, fb, n)
        ORDER BY n`,
      [
        cases.map((c) => c.province !== null),
        cases.map((c) => c.commune.comparator),
        cases.map((c) => c.commune.value),
        cases.map((c) => c.commune.max),
        cases.map((c) => c.commune.unit),
        cases.map((c) => c.commune.direction),
        cases.map((c) => c.province?.comparator ?? null),
        cases.map((c) => c.province?.value ?? null),
        cases.map((c) => c.province?.max ?? null),
        cases.map((c) => c.province?.unit ?? null),
        cases.map((c) => c.province?.direction ?? null),
        cases.map((c) => c.fallback),
      ],
    );
    const expected = cases.map((c) =>
      compareTargets(c.commune, c.province, c.fallback as ComparableTarget['direction']),
    );
    expect(rows.map((r) => r.comparison)).toEqual(expected);
    // The grid reaches every answer.
    expect(new Set(expected).size).toBe(5);
  });
});
