/** An indicator row as the tests read it plainly. */
export interface TargetRow {
  comparator: string | null;
  target_value: number | null;
  target_max: number | null;
  unit: string | null;
}

/**
 * The cascade comparison of a commune target with the province target it is linked to, written
 * from its specification (docs/ROLLUPS.md): in the entry's direction each target has one bound (a
 * lower bound going up: GTE, GT, EQ, BETWEEN's minimum; an upper bound going down: LTE, LT, EQ,
 * BETWEEN's maximum); the commune is STRICTER with a bound further in that direction, or the same
 * figure held strictly (GT/LT) against inclusively; SAME with the same bound held alike; LOOSER
 * otherwise. No link: NO_PROVINCE_TARGET; no bound or different units: NOT_COMPARABLE.
 */
export function expectedComparison(
  commune: TargetRow,
  province: TargetRow | null,
  direction: string,
): string {
  if (!province) return 'NO_PROVINCE_TARGET';
  const up = direction !== 'DECREASE';
  const bound = (t: TargetRow): { at: number; strict: boolean } | null => {
    const inBound = up ? ['GTE', 'GT', 'EQ', 'BETWEEN'] : ['LTE', 'LT', 'EQ', 'BETWEEN'];
    if (t.comparator === null || !inBound.includes(t.comparator)) return null;
    const at = t.comparator === 'BETWEEN' && !up ? t.target_max : t.target_value;
    return at === null ? null : { at, strict: t.comparator === 'GT' || t.comparator === 'LT' };
  };
  const c = bound(commune);
  const p = bound(province);
  if (!c || !p || commune.unit !== province.unit) return 'NOT_COMPARABLE';
  if (c.at === p.at) return c.strict === p.strict ? 'SAME' : c.strict ? 'STRICTER' : 'LOOSER';
  return (up ? c.at > p.at : c.at < p.at) ? 'STRICTER' : 'LOOSER';
}
