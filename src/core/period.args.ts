import { BadUserInputError } from './errors';
import { parsePeriod, PERIOD_FORMAT_HINT } from './period';
import type { Period } from './period';

/** Parses a period argument or fails with a BAD_USER_INPUT that says the accepted forms. */
export function periodArgument(code: string, field = 'period'): Period {
  const period = parsePeriod(code);
  if (!period) throw new BadUserInputError(`"${code}" is not a period: use ${PERIOD_FORMAT_HINT}.`, field);
  return period;
}
