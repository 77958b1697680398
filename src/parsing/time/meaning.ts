import { MilestoneKind, Recurrence } from '../milestone';
import type { MilestoneData as Milestone } from '../milestone';
import {
  dayBefore,
  daySpan,
  FIRST_YEAR,
  isDay,
  isMonth,
  isQuarter,
  isYear,
  iso,
  LAST_YEAR,
  monthSpan,
  monthsSpan,
  quarterSpan,
  yearSpan,
} from './calendar';
import type { Span } from './calendar';
import type { Core, Every, Expression, Frequency, Item, NumberPart, TimeList, YearPart } from './grammar';
import type { Reading } from './reading';

/**
 * What the parsed expressions mean (docs/TIME-EXPRESSIONS.md): the year a list shares, the kind of
 * milestone each item's mode makes, ranges, the merge of adjacent months or quarters, recurrences.
 * An impossible value gives a warning and no milestone for its item; the other items still read.
 */

const RECURRENCE: Record<Every, Recurrence> = {
  month: Recurrence.MONTHLY,
  quarter: Recurrence.QUARTERLY,
  half: Recurrence.SEMIANNUAL,
  year: Recurrence.YEARLY,
};

const milestone = (
  kind: MilestoneKind,
  start: string | null,
  due: string | null,
  recurrence: Recurrence | null = null,
) => ({
  kind,
  start,
  due,
  recurrence,
});

/** A milestone of an item, and the unit it may merge by with the next ("Tháng 4 và tháng 5"). */
interface ItemMilestone {
  milestone: Milestone;
  mergeUnit: 'month' | 'quarter' | null;
}

/**
 * Why a core has no span: the reason a warning gives. Not an Error: junk cells throw it thousands of
 * times, and a stack trace each time costs more than the reading.
 */
class Impossible {
  constructor(readonly message: string) {}
}

/** The parts of a core that hold numbers of the text. */
const NUMBER_PARTS = ['day', 'month', 'quarter', 'year', 'count'] as const;

/** The numbers a core was read from (their tokens). */
export function numbersOf(core: Core): number[] {
  const parts = core as Partial<Record<(typeof NUMBER_PARTS)[number], NumberPart | YearPart>>;
  return NUMBER_PARTS.flatMap((name) => (parts[name] ? [parts[name]!.at] : []));
}

/** The milestones of one expression, in the order the text gives them. */
export function meaningOf(expression: Expression, reading: Reading): Milestone[] {
  const { list, frequency } = expression;
  // The year a recurrence is over: written after it ("Hằng quý năm 2026"), or the plan year.
  const year = expression.year
    ? attempt(reading, expression, [expression.year.at], () => yearOfPart(expression.year!, reading))
    : reading.planYear;
  if (year === null) return [];
  if (frequency && !frequency.every) {
    const months = frequency.count ? reading.numberText(frequency.count.at) : '?';
    const reason = `no recurrence repeats every ${months} months`;
    reading.warn(frequency.first, frequency.end, reason, numbersOfFrequency(frequency));
    return list ? listMilestones(list, year, reading) : [];
  }
  if (list && frequency) return repeatedList(list, frequency, year, reading);
  if (list) return listMilestones(list, year, reading);
  if (!frequency || frequency.every === 'year') return [];
  const recurring = attempt(reading, frequency, numbersOfFrequency(frequency), () => {
    const { start, end } = yearSpan(checkedYear(year));
    return milestone(MilestoneKind.RECURRING, start, end, RECURRENCE[frequency.every!]);
  });
  return recurring ? [recurring] : [];
}

/**
 * Reads one item: its numbers are used if it gives a milestone, named in a warning if a value is
 * impossible (and then it gives none). Numbers it borrows from another item (a shared year) count as
 * used when it reads; when it does not, they are that other item's to use or name.
 */
function attempt<T>(
  reading: Reading,
  place: { first: number; end: number },
  numbers: number[],
  read: () => T,
  borrowed: number[] = [],
): T | null {
  try {
    const result = read();
    reading.use([...numbers, ...borrowed]);
    return result;
  } catch (error) {
    if (!(error instanceof Impossible)) throw error;
    reading.warn(place.first, place.end, error.message, numbers);
    return null;
  }
}

/** "Hằng năm" alone is the plan year (a period, DOMAIN.md), not a recurrence: the clause reads it. */
export const isYearlyAlone = (expression: Expression) =>
  !expression.list && expression.frequency?.every === 'year';

const numbersOfFrequency = (frequency: Frequency) => (frequency.count ? [frequency.count.at] : []);

/**
 * The items of a list, each read with the year (and month) the list shares; adjacent months or
 * quarters merged, and all four quarters of a year read as quarterly ("Quý I, II, III và IV").
 */
function listMilestones(list: TimeList, recurrenceYear: number, reading: Reading): Milestone[] {
  const shared = sharedParts(list, recurrenceYear);
  const merged: ItemMilestone[] = [];
  let last: ItemMilestone | null = null;
  for (const item of list.items) {
    const current = itemMilestone(item, shared, reading);
    if (current && last && mergesWith(last, current)) {
      last.milestone = { ...last.milestone, due: current.milestone.due };
    } else {
      // An item that could not be read breaks the run: nothing merges across it.
      last = current && { ...current };
      if (last) merged.push(last);
    }
  }
  return merged.map(({ milestone: m, mergeUnit }) =>
    mergeUnit === 'quarter' && isWholeYear(m)
      ? { ...m, kind: MilestoneKind.RECURRING, recurrence: Recurrence.QUARTERLY }
      : m,
  );
}

const isWholeYear = (m: Milestone) =>
  m.kind === MilestoneKind.PERIOD &&
  m.start !== null &&
  m.start.endsWith('-01-01') &&
  m.due === `${m.start.slice(0, 4)}-12-31`;

/** Two periods of the same unit with no gap between them are one ("Quý III, IV", "Tháng 4 và tháng 5"). */
function mergesWith(previous: ItemMilestone, next: ItemMilestone): boolean {
  const [a, b] = [previous.milestone, next.milestone];
  return (
    previous.mergeUnit !== null &&
    previous.mergeUnit === next.mergeUnit &&
    a.kind === MilestoneKind.PERIOD &&
    b.kind === MilestoneKind.PERIOD &&
    a.due !== null &&
    b.start !== null &&
    dayBefore(b.start) === a.due
  );
}

interface Shared {
  /** The year of the last item of the list that writes one. */
  year?: YearPart;
  /** The month of the last item that writes one, for a day written alone ("ngày 15 và 30/6/2025"). */
  month?: NumberPart;
  /** The year a day of the next period repeats through ("ngày 05 của tháng liền kề"). */
  recurrenceYear: number;
}

function sharedParts(list: TimeList, recurrenceYear: number): Shared {
  const shared: Shared = { recurrenceYear };
  for (const item of list.items) {
    for (const core of item.to ? [item.from, item.to] : [item.from]) {
      if ('year' in core && core.year) shared.year = core.year;
      if ((core.unit === 'day' || core.unit === 'month') && core.month) shared.month = core.month;
    }
  }
  return shared;
}

function itemMilestone(item: Item, shared: Shared, reading: Reading): ItemMilestone | null {
  const borrowed = [shared.year?.at, shared.month?.at].filter((at): at is number => at !== undefined);
  return attempt(
    reading,
    item,
    itemNumbers(item),
    () => (item.to ? rangeMilestone(item, item.to, shared, reading) : singleMilestone(item, shared, reading)),
    borrowed,
  );
}

const itemNumbers = (item: Item) => [...numbersOf(item.from), ...(item.to ? numbersOf(item.to) : [])];

function singleMilestone(item: Item, shared: Shared, reading: Reading): ItemMilestone {
  const core = item.from;
  if (core.unit === 'day-of-period') {
    return { milestone: periodDay(core, shared.recurrenceYear), mergeUnit: null };
  }
  const span = spanOf(core, yearOf(core, shared, reading), shared);
  if (item.openEnded) {
    return { milestone: milestone(MilestoneKind.OPEN_ENDED, span.start, null), mergeUnit: null };
  }
  if (core.unit === 'day') {
    return { milestone: milestone(MilestoneKind.DEADLINE, null, span.end), mergeUnit: null };
  }
  switch (item.mode) {
    case 'before':
      return { milestone: milestone(MilestoneKind.DEADLINE, null, dayBefore(span.start)), mergeUnit: null };
    case 'by-end':
      return { milestone: milestone(MilestoneKind.DEADLINE, null, span.end), mergeUnit: null };
    default:
      return {
        milestone: milestone(MilestoneKind.PERIOD, span.start, span.end),
        mergeUnit: core.unit === 'month' || core.unit === 'quarter' ? core.unit : null,
      };
  }
}

/**
 * "từ … đến …", "… - …": one period from the first day of the first to the last day of the second. A
 * first item without a year takes the second's, and the year before if it would start after the end
 * ("Từ tháng 11 đến tháng 02/2026").
 */
function rangeMilestone(item: Item, to: Core, shared: Shared, reading: Reading): ItemMilestone {
  const from = item.from;
  const toYear = yearOf(to, shared, reading);
  const endSpan = spanOf(to, toYear, shared);
  const ownYear = 'year' in from && from.year;
  let startSpan = spanOf(from, ownYear ? yearOf(from, shared, reading) : toYear, shared);
  if (!ownYear && startSpan.start > endSpan.end) startSpan = spanOf(from, checkedYear(toYear - 1), shared);
  if (startSpan.start > endSpan.end) throw new Impossible('the range ends before it starts');
  const unit = from.unit === to.unit && (from.unit === 'month' || from.unit === 'quarter') ? from.unit : null;
  return { milestone: milestone(MilestoneKind.PERIOD, startSpan.start, endSpan.end), mergeUnit: unit };
}

/** A list read with its recurrence: each item repeats, due at its last time in the plan year. */
function repeatedList(
  list: TimeList,
  frequency: Frequency,
  recurrenceYear: number,
  reading: Reading,
): Milestone[] {
  const recurrence = RECURRENCE[frequency.every!];
  const milestones: Milestone[] = [];
  for (const item of list.items) {
    const core = item.to ?? item.from;
    const recurring = attempt(reading, item, itemNumbers(item), () => {
      const year = checkedYear(recurrenceYear);
      let due: string;
      if (core.unit === 'day-of-period') due = periodDay(core, year).due!;
      else if (core.unit === 'day' && !core.month) due = dayOf(year, 12, core.day);
      else due = spanOf(core, year, { recurrenceYear: year }).end;
      return milestone(MilestoneKind.RECURRING, iso(year, 1, 1), due, recurrence);
    });
    if (recurring) milestones.push(recurring);
  }
  return milestones;
}

/**
 * "ngày 05 của tháng liền kề": monthly, the last report due in January of the next year; "ngày 15
 * của tháng cuối quý": quarterly, due in December.
 */
function periodDay(core: Extract<Core, { unit: 'day-of-period' }>, planYear: number): Milestone {
  const year = checkedYear(planYear);
  const recurrence = core.every === 'month' ? Recurrence.MONTHLY : Recurrence.QUARTERLY;
  const month =
    core.every === 'month'
      ? core.next
        ? 13
        : 12
      : core.next
        ? 12 + core.monthOfQuarter
        : 9 + core.monthOfQuarter;
  const dueYear = month > 12 ? checkedYear(year + 1) : year;
  const due = dayOf(dueYear, month > 12 ? month - 12 : month, core.day);
  return milestone(MilestoneKind.RECURRING, iso(year, 1, 1), due, recurrence);
}

/** The year of a core: its own, the list's, or the plan year. */
function yearOf(core: Core, shared: Shared, reading: Reading): number {
  const part = ('year' in core ? core.year : undefined) ?? shared.year;
  return part ? yearOfPart(part, reading) : checkedYear(reading.planYear);
}

/** A written year, or one relative to the plan year ("năm sau" is the plan year + 1). */
function yearOfPart(part: YearPart, reading: Reading): number {
  return checkedYear(part.written ?? reading.planYear + (part.offset ?? 0));
}

function checkedYear(year: number): number {
  if (!isYear(year)) {
    throw new Impossible(`year ${shortNumber(year)} is not between ${FIRST_YEAR} and ${LAST_YEAR}`);
  }
  return year;
}

/** The span a core names, in a year; its impossible values throw. */
function spanOf(core: Core, year: number, shared: Shared): Span {
  switch (core.unit) {
    case 'day': {
      const month = core.month ?? shared.month;
      if (!month) throw new Impossible(`day ${shortNumber(core.day.value)} has no month`);
      const day = dayOf(year, monthOf(month), core.day);
      return { start: day, end: day };
    }
    case 'month':
      return monthSpan(year, monthOf(core.month));
    case 'quarter':
      if (!isQuarter(core.quarter.value)) {
        throw new Impossible(`quarter ${quarterName(core.quarter)} does not exist`);
      }
      return quarterSpan(year, core.quarter.value);
    case 'year':
      return yearSpan(year);
    case 'months-of-year': {
      const count = core.count.value;
      if (!Number.isInteger(count) || count < 1 || count > 12) {
        throw new Impossible(`a year has no ${shortNumber(count)} first or last months`);
      }
      return core.edge === 'first' ? monthsSpan(year, 1, count) : monthsSpan(year, 13 - count, 12);
    }
    case 'day-of-period':
      throw new Impossible('a day of the next period has no date of its own');
  }
}

function monthOf(month: NumberPart): number {
  if (!isMonth(month.value)) throw new Impossible(`month ${shortNumber(month.value)} does not exist`);
  return month.value;
}

function dayOf(year: number, month: number, day: NumberPart): string {
  if (!isDay(year, month, day.value)) {
    throw new Impossible(`${shortNumber(day.value)}/${month}/${year} is not a date`);
  }
  return daySpan(year, month, day.value).start;
}

const quarterName = (quarter: NumberPart) =>
  Number.isNaN(quarter.value) ? 'so written' : shortNumber(quarter.value);

const shortNumber = (value: number) => {
  const text = String(value);
  return text.length > 12 ? `${text.slice(0, 8)}…` : text;
};
