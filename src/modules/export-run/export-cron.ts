import { parseExpression } from 'cron-parser';
import { BadUserInputError } from '../../core/errors';

/**
 * Cron expressions of export schedules, read with cron-parser (the parser pg-boss itself uses) in
 * an IANA time zone. Minute resolution, as the tick that starts scheduled runs: five fields
 * (minute hour day-of-month month day-of-week) or @hourly, @daily, @weekly, @monthly, @yearly;
 * cron-parser's optional sixth (seconds) field is refused.
 */

const ALIASES = ['@hourly', '@daily', '@weekly', '@monthly', '@yearly', '@annually'];
const CRON_HINT =
  'five fields "minute hour day-of-month month day-of-week" (e.g. "0 2 * * *": every day at 02:00; "0 6 1 * *": 06:00 on the 1st of each month) or @daily, @weekly, @monthly';

/**
 * The time zone as given if Intl knows it (kept as spelled: ICU would turn Asia/Ho_Chi_Minh into
 * Asia/Saigon), else BAD_USER_INPUT on `timeZone`.
 */
export function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    throw new BadUserInputError(
      `"${timeZone}" is not a time zone: use an IANA name such as Asia/Ho_Chi_Minh.`,
      'timeZone',
    );
  }
}

/**
 * The cron, normalised (fields separated by one space), if it is valid and ever fires; else
 * BAD_USER_INPUT on `cron` saying how to write one.
 */
export function checkCron(cron: string, timeZone: string, now: Date = new Date()): string {
  const normalised = cron.trim().split(/\s+/).join(' ');
  const fields = normalised.split(' ');
  const shapeOk = normalised.startsWith('@')
    ? ALIASES.includes(normalised.toLowerCase())
    : fields.length === 5;
  if (!shapeOk) {
    throw new BadUserInputError(`"${cron}" is not a schedule: write ${CRON_HINT}.`, 'cron');
  }
  try {
    nextCronTime(normalised, timeZone, now);
  } catch (error) {
    throw new BadUserInputError(
      `"${cron}" is not a schedule (${(error as Error).message}): write ${CRON_HINT}.`,
      'cron',
    );
  }
  return normalised;
}

/** The first time of the cron strictly after `after`, in `timeZone`. */
export function nextCronTime(cron: string, timeZone: string, after: Date): Date {
  return parseExpression(cron, { tz: timeZone, currentDate: after }).next().toDate();
}
