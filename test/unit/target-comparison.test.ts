import fc from 'fast-check';
import { compareTargets, TargetComparison } from '../../src/parsing/target-comparison';
import type {
  ComparableComparator,
  ComparableDirection,
  ComparableTarget,
} from '../../src/parsing/target-comparison';
import { propertyParameters } from '../utils/property';

const { STRICTER: S, SAME: E, LOOSER: L, NOT_COMPARABLE: N, NO_PROVINCE_TARGET } = TargetComparison;
const COMPARATORS: ComparableComparator[] = ['GTE', 'GT', 'LTE', 'LT', 'EQ', 'BETWEEN'];

/** A percentage target; BETWEEN spans `value`..`value + 20`. */
const target = (
  comparator: ComparableComparator,
  value: number,
  direction: ComparableDirection | null = null,
): ComparableTarget => ({
  comparator,
  value,
  max: comparator === 'BETWEEN' ? value + 20 : null,
  unit: 'PERCENT',
  direction,
});

/**
 * Expected results, commune row × province column, in the order of COMPARATORS, read from the
 * ranges: GTE 60 = [60, ∞), GT 60 = (60, ∞), LTE 60 = (−∞, 60], LT 60 = (−∞, 60), EQ 60 = [60, 60],
 * BETWEEN 60 = [60, 80]. INCREASE weighs the lower end first, DECREASE the upper end first.
 */
const SAME_FIGURE: Record<ComparableDirection, Record<ComparableComparator, TargetComparison[]>> = {
  INCREASE: {
    //         GTE GT LTE LT EQ BETWEEN
    GTE: /*  */ [E, L, N, N, L, L], // ≥60 accepts 60 (unlike >60) and everything above 60 (unlike =60, 60–80)
    GT: /*   */ [S, E, N, N, S, S], // >60 refuses 60, which all of ≥60, =60, 60–80 accept
    LTE: /*  */ [N, N, N, N, N, N], // no lower end: demands no increase
    LT: /*   */ [N, N, N, N, N, N],
    EQ: /*   */ [S, L, N, N, E, S], // same lower end as ≥60 and 60–80, but fewer values above
    BETWEEN: [S, L, N, N, L, E],
  },
  DECREASE: {
    GTE: /*  */ [N, N, N, N, N, N], // no upper end: demands no decrease
    GT: /*   */ [N, N, N, N, N, N],
    LTE: /*  */ [N, N, E, L, L, S], // ≤60 accepts 60 (unlike <60); vs =60 it accepts below; vs 60–80 its top is lower
    LT: /*   */ [N, N, S, E, S, S],
    EQ: /*   */ [N, N, S, L, E, S],
    BETWEEN: [N, N, L, L, L, E], // its top (80) is above every other top (60)
  },
};

describe('compareTargets', () => {
  for (const direction of ['INCREASE', 'DECREASE'] as const) {
    describe(`${direction}, the same figure (60)`, () => {
      it.each(
        COMPARATORS.flatMap((c) => COMPARATORS.map((p, k) => [c, p, SAME_FIGURE[direction][c][k]] as const)),
      )('commune %s 60 vs province %s 60 → %s', (communeComparator, provinceComparator, expected) => {
        expect(
          compareTargets(target(communeComparator, 60, direction), target(provinceComparator, 60, direction)),
        ).toBe(expected);
      });
    });
  }

  // A different figure: the demanded end decides whatever the comparators, when both have it.
  describe.each([
    ['INCREASE', 70, 60, S],
    ['INCREASE', 50, 60, L],
    ['DECREASE', 20, 60, S],
    ['DECREASE', 70, 40, L],
  ] as const)('%s, commune %d vs province %d', (direction, communeValue, provinceValue, expected) => {
    const hasDemandedEnd = (c: ComparableComparator) =>
      direction === 'INCREASE' ? !['LTE', 'LT'].includes(c) : !['GTE', 'GT'].includes(c);
    it.each(COMPARATORS.flatMap((c) => COMPARATORS.map((p) => [c, p] as const)))('%s vs %s', (c, p) => {
      const result = compareTargets(target(c, communeValue, direction), target(p, provinceValue, direction));
      expect(result).toBe(hasDemandedEnd(c) && hasDemandedEnd(p) ? expected : N);
    });
  });

  it('reads the example of the issue: commune ≥ 70 % against province > 60 % is stricter', () => {
    expect(compareTargets(target('GTE', 70), target('GT', 60), 'INCREASE')).toBe(S);
    expect(compareTargets(target('GTE', 60), target('GT', 60), 'INCREASE')).toBe(L);
    expect(compareTargets(target('GT', 60), target('GTE', 60), 'INCREASE')).toBe(S);
  });

  it('needs a province target, the same unit, parsed targets and one direction', () => {
    expect(compareTargets(target('GTE', 70), null)).toBe(NO_PROVINCE_TARGET);
    expect(compareTargets({ ...target('GTE', 3), unit: 'COUNT' }, target('GTE', 60))).toBe(N);
    expect(compareTargets({ ...target('GTE', 3), unit: null }, { ...target('GTE', 3), unit: null })).toBe(N);
    expect(compareTargets({ ...target('GTE', 70), comparator: null }, target('GTE', 60))).toBe(N);
    expect(compareTargets({ ...target('GTE', 70), value: null }, target('GTE', 60))).toBe(N);
    expect(compareTargets(target('GTE', 70), { ...target('BETWEEN', 60), max: null })).toBe(N);
    expect(compareTargets(target('GTE', 70, 'INCREASE'), target('GTE', 60, 'DECREASE'))).toBe(N);
    // The direction of one side, else the fallback (the catalogue's), else INCREASE.
    expect(compareTargets(target('LTE', 10, 'DECREASE'), target('LTE', 20))).toBe(S);
    expect(compareTargets(target('LTE', 10), target('LTE', 20), 'DECREASE')).toBe(S);
    expect(compareTargets(target('LTE', 10), target('LTE', 20))).toBe(N);
    expect(
      compareTargets({ ...target('GTE', 3), unit: 'COUNT' }, { ...target('GTE', 2), unit: 'COUNT' }),
    ).toBe(S);
  });

  it('is antisymmetric: swapping commune and province swaps STRICTER and LOOSER', () => {
    const comparable = fc.record({
      comparator: fc.constantFrom(...COMPARATORS, null),
      value: fc.option(fc.integer({ min: 0, max: 100 }), { freq: 8 }),
      max: fc.option(fc.integer({ min: 0, max: 100 }), { freq: 8 }),
      unit: fc.constantFrom('PERCENT' as const, 'COUNT' as const),
      direction: fc.constantFrom('INCREASE' as const, 'DECREASE' as const, null),
    });
    const swapped = { [S]: L, [L]: S, [E]: E, [N]: N, [NO_PROVINCE_TARGET]: NO_PROVINCE_TARGET };
    fc.assert(
      fc.property(
        comparable,
        comparable,
        fc.constantFrom('INCREASE' as const, 'DECREASE' as const),
        (a, b, fallback) => {
          expect(compareTargets(b, a, fallback)).toBe(swapped[compareTargets(a, b, fallback)]);
          // And a target compared with itself is the same, or not comparable at all.
          expect([E, N]).toContain(compareTargets(a, a, fallback));
        },
      ),
      propertyParameters(),
    );
  });
});
