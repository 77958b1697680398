import { compareTargets } from '../../src/parsing/target-comparison';
import type { ComparableTarget } from '../../src/parsing/target-comparison';

/** An indicator row as the tests read it plainly. */
export interface TargetRow {
  comparator: string | null;
  target_value: number | null;
  target_max: number | null;
  unit: string | null;
  direction: string | null;
}

const comparable = (row: TargetRow): ComparableTarget => ({
  comparator: row.comparator as ComparableTarget['comparator'],
  value: row.target_value,
  max: row.target_max,
  unit: row.unit as ComparableTarget['unit'],
  direction: row.direction as ComparableTarget['direction'],
});

/**
 * The cascade comparison of a commune target with the linked province target, by the indicator
 * module's own pure function (written and tested apart from the roll-up's SQL).
 */
export function expectedComparison(
  commune: TargetRow,
  province: TargetRow | null,
  direction: string,
): string {
  return compareTargets(
    comparable(commune),
    province ? comparable(province) : null,
    direction as ComparableTarget['direction'],
  );
}
