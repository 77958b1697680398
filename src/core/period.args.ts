import { BadUserInputError } from './errors';
import { parsePeriod, PERIOD_FORMAT_HINT } from './period';
import type { Period } from './period';
import { RELATIVE_PERIODS, resolvePeriod, todayIn } from './relative-period';

/** Parses a period argument or fails with a BAD_USER_INPUT that says the accepted forms. */
export function periodArgument(code: string, field = 'period'): Period {
  const period = parsePeriod(code);
  if (!period) throw new BadUserInputError(`"${code}" is not a period: use ${PERIOD_FORMAT_HINT}.`, field);
  return period;
}

/**
 * Parses a list of period codes and relative period names (THIS_QUARTER…) into periods, in the
 * order given; relative ones are read against today in `timeZone` (a province's, not the server's).
 * One BAD_USER_INPUT names every code that is neither, with the accepted forms.
 */
export function periodsArgument(
  codes: readonly string[],
  timeZone: string,
  field = 'periods',
  now: Date = new Date(),
): Period[] {
  const today = todayIn(timeZone, now);
  const resolved = codes.map((code) => ({ code, periods: resolvePeriod(code, today) }));
  const unknown = resolved.filter((r) => r.periods === null).map((r) => r.code);
  if (unknown.length) {
    throw new BadUserInputError(
      `${unknown.map((c) => `"${c}"`).join(', ')}: not a period. Use ${PERIOD_FORMAT_HINT}, or one of ${RELATIVE_PERIODS.join(', ')}.`,
      field,
    );
  }
  return resolved.flatMap((r) => r.periods ?? []);
}
