/**
 * How a commune's target compares with its province's target for the same indicator
 * (docs/INDICATORS.md, "Comparing targets"). Pure.
 *
 * A target is read as the range of actual values that meet it: GTE v → [v, ∞), GT v → (v, ∞),
 * LTE v → (−∞, v], LT v → (−∞, v), EQ v → [v, v], BETWEEN v..max → [v, max]. The direction says which
 * end is the demand: for INCREASE (more is better) the lower end, for DECREASE the upper end. A
 * higher demanded lower end (INCREASE) or a lower demanded upper end (DECREASE) is STRICTER; at the
 * same figure an open end (GT, LT) is stricter than a closed one (GTE, LTE). When the demanded ends
 * are equal, the other end decides (a bounded range is stricter than an unbounded one: it accepts
 * fewer values); both equal is SAME. A target with no end on the demanded side (LTE/LT for
 * INCREASE, GTE/GT for DECREASE) demands nothing in the indicator's direction: NOT_COMPARABLE, as are
 * different or missing units, unparsed targets and opposite directions.
 * Swapping the two targets swaps STRICTER and LOOSER; SAME and NOT_COMPARABLE stay.
 */

export enum TargetComparison {
  STRICTER = 'STRICTER',
  SAME = 'SAME',
  LOOSER = 'LOOSER',
  NO_PROVINCE_TARGET = 'NO_PROVINCE_TARGET',
  NOT_COMPARABLE = 'NOT_COMPARABLE',
}

export type ComparableComparator = 'GTE' | 'GT' | 'LTE' | 'LT' | 'EQ' | 'BETWEEN';
export type ComparableUnit = 'PERCENT' | 'COUNT';
export type ComparableDirection = 'INCREASE' | 'DECREASE';

/** A parsed target as stored on an indicator (null fields: not parsed). */
export interface ComparableTarget {
  comparator: ComparableComparator | null;
  value: number | null;
  max: number | null;
  unit: ComparableUnit | null;
  direction: ComparableDirection | null;
}

/** One end of a range: a figure, open or closed; null for an unbounded end. */
interface RangeEnd {
  value: number;
  open: boolean;
}

interface Range {
  lower: RangeEnd | null;
  upper: RangeEnd | null;
}

function rangeOf(target: ComparableTarget): Range | null {
  const { comparator, value, max } = target;
  if (comparator === null || value === null || !Number.isFinite(value)) {
    return null;
  }
  switch (comparator) {
    case 'GTE':
      return { lower: { value, open: false }, upper: null };
    case 'GT':
      return { lower: { value, open: true }, upper: null };
    case 'LTE':
      return { lower: null, upper: { value, open: false } };
    case 'LT':
      return { lower: null, upper: { value, open: true } };
    case 'EQ':
      return { lower: { value, open: false }, upper: { value, open: false } };
    case 'BETWEEN':
      return max === null || !Number.isFinite(max) || max < value
        ? null
        : { lower: { value, open: false }, upper: { value: max, open: false } };
  }
}

/**
 * How much a lower end demands, as a sign: positive when `a` demands more than `b` (a higher figure,
 * or the same figure open), 0 when equal. An unbounded lower end demands least.
 */
function compareLower(a: RangeEnd | null, b: RangeEnd | null): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? -1 : 1;
  }
  if (a.value !== b.value) {
    return a.value > b.value ? 1 : -1;
  }
  return a.open === b.open ? 0 : a.open ? 1 : -1;
}

/** The same for upper ends: positive when `a` demands more (a lower figure, or the same figure open). */
function compareUpper(a: RangeEnd | null, b: RangeEnd | null): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? -1 : 1;
  }
  if (a.value !== b.value) {
    return a.value < b.value ? 1 : -1;
  }
  return a.open === b.open ? 0 : a.open ? 1 : -1;
}

/**
 * The commune's target against the province's (null: no province target linked). `fallbackDirection`
 * (the catalogue entry's) is used when neither target states its direction.
 */
export function compareTargets(
  commune: ComparableTarget,
  province: ComparableTarget | null,
  fallbackDirection: ComparableDirection | null = null,
): TargetComparison {
  if (province === null) {
    return TargetComparison.NO_PROVINCE_TARGET;
  }
  if (commune.unit === null || commune.unit !== province.unit) {
    return TargetComparison.NOT_COMPARABLE;
  }
  if (commune.direction !== null && province.direction !== null && commune.direction !== province.direction) {
    return TargetComparison.NOT_COMPARABLE;
  }
  const direction = commune.direction ?? province.direction ?? fallbackDirection ?? 'INCREASE';
  const ours = rangeOf(commune);
  const theirs = rangeOf(province);
  if (ours === null || theirs === null) {
    return TargetComparison.NOT_COMPARABLE;
  }
  const [demanded, other] =
    direction === 'INCREASE'
      ? [compareLower(ours.lower, theirs.lower), compareUpper(ours.upper, theirs.upper)]
      : [compareUpper(ours.upper, theirs.upper), compareLower(ours.lower, theirs.lower)];
  const demandedSide = direction === 'INCREASE' ? 'lower' : 'upper';
  if (ours[demandedSide] === null || theirs[demandedSide] === null) {
    return TargetComparison.NOT_COMPARABLE;
  }
  const sign = demanded !== 0 ? demanded : other;
  return sign > 0 ? TargetComparison.STRICTER : sign < 0 ? TargetComparison.LOOSER : TargetComparison.SAME;
}
