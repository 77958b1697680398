import fc from 'fast-check';

/*
 * A phrase grammar for time cells: random milestone sets rendered into Vietnamese the way plans write
 * them, each with the milestones docs/TIME-EXPRESSIONS.md says the text means. Written from the doc
 * alone, blind to the parser, so that the parser is measured on cells nobody tuned it to.
 *
 * Only canonical texts are produced, where every reading the doc allows gives the same milestones:
 * - contiguous months or quarters are never split over two items (a list merges them into one span);
 * - a year is left out, or shared from the end of a list or range, only in a cell whose written years
 *   are all one year (the plan year if any item has no year at all), so it does not matter which
 *   item lends it; cells with relative years ("năm sau") write every other year in full;
 * - forms the doc reads only as a whole cell ("Hằng năm", a bare year, a citation alone) stand alone.
 */

/** A milestone as docs/TIME-EXPRESSIONS.md defines it (declared here: this file never sees the parser). */
export interface Milestone {
  kind: string;
  start: string | null;
  due: string | null;
  recurrence: string | null;
}

export interface TimeCell {
  year: number;
  text: string;
  milestones: Milestone[];
}

/** A generated cell with the constructions and surface variants it used, for the coverage check. */
export interface TaggedTimeCell extends TimeCell {
  tags: string[];
}

// ---------------------------------------------------------------- calendar

const pad2 = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;
export const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const firstOfMonth = (y: number, m: number) => iso(y, m, 1);
const lastOfMonth = (y: number, m: number) => iso(y, m, daysInMonth(y, m));
const shiftDay = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const firstMonthOfQuarter = (q: number) => 3 * q - 2;

const deadline = (due: string): Milestone => ({ kind: 'DEADLINE', start: null, due, recurrence: null });
const period = (start: string, due: string): Milestone => ({ kind: 'PERIOD', start, due, recurrence: null });
const openEnded = (start: string): Milestone => ({ kind: 'OPEN_ENDED', start, due: null, recurrence: null });
const conditional = (): Milestone => ({ kind: 'CONDITIONAL', start: null, due: null, recurrence: null });
const recurring = (plan: number, due: string, recurrence: string): Milestone => ({
  kind: 'RECURRING',
  start: iso(plan, 1, 1),
  due,
  recurrence,
});
const monthSpan = (y: number, from: number, to: number) => period(firstOfMonth(y, from), lastOfMonth(y, to));
const quarterSpan = (y: number, from: number, to: number) =>
  monthSpan(y, firstMonthOfQuarter(from), firstMonthOfQuarter(to) + 2);

// ---------------------------------------------------------------- markers for surface variants

// Years and date slashes are marked while items are built; the cell's surface pass then decides,
// per occurrence, whether the PDF broke the year's digits or put spaces around the slash.
const YEAR_MARK = /\uE000(\d{4})\uE001/g;
const SLASH = '\uE002';
const yearText = (y: number) => `\uE000${y}\uE001`;

const ROMAN = ['I', 'II', 'III', 'IV'];
const RANGE_DASHES = ['-', ' - ', ' -', '- ', ' – ', '–'];

// ---------------------------------------------------------------- items

/** One time item of a cell, as written, with what it means. */
interface Item {
  text: string;
  milestones: Milestone[];
  tags: string[];
  /** Read only as the whole cell: "Hằng năm", "Liên tục", a bare year, a citation alone. */
  solo?: boolean;
  /** Must end the cell: "Từ tháng 7/2025" is open-ended only with nothing after it. */
  last?: boolean;
  /** Holds a comma or "thường xuyên" of its own, so the parts around it need strong separators. */
  strong?: boolean;
  /** Starts with a bare date ("30/6/2025") or stands for a whole clause: no task words before it. */
  unprefixed?: boolean;
}

/**
 * How the cell writes years. Shared: every year written is `anchor`, and an item may leave its year
 * out (only when anchor is the plan year) or share it from the end of its list or range. Free: every
 * item writes its own years in full, or a relative year.
 */
interface YearPolicy {
  plan: number;
  shared: boolean;
  anchor: number;
}

/** The year of one item as written: a number, nothing (the plan year), or words relative to it. */
interface YearWriting {
  y: number;
  how: 'written' | 'missing' | 'relative';
  words: string;
}

const RELATIVE_YEARS: [string, number][] = [
  ['năm sau', 1],
  ['năm liền kề', 1],
  ['năm tới', 1],
  ['năm tiếp theo', 1],
  ['năm nay', 0],
  ['năm kế hoạch', 0],
  ['năm trước', -1],
];

const written = (y: number): YearWriting => ({ y, how: 'written', words: '' });

function yearWriting(policy: YearPolicy, allowRelative: boolean): fc.Arbitrary<YearWriting> {
  if (policy.shared) {
    const own = fc.constant(written(policy.anchor));
    if (policy.anchor !== policy.plan) return own;
    return fc.oneof(own, fc.constant<YearWriting>({ y: policy.plan, how: 'missing', words: '' }));
  }
  const full = fc.integer({ min: policy.plan - 1, max: policy.plan + 1 }).map(written);
  if (!allowRelative) return full;
  const relative = fc
    .constantFrom(...RELATIVE_YEARS)
    .map(([words, offset]): YearWriting => ({ y: policy.plan + offset, how: 'relative', words }));
  return fc.oneof({ weight: 3, arbitrary: full }, { weight: 1, arbitrary: relative });
}

/** The words after a day/month, month or quarter that give its year. */
function yearAfter(w: YearWriting, slashForm: boolean): string {
  if (w.how === 'missing') return '';
  if (w.how === 'relative') return ` ${w.words}`;
  return slashForm ? `${SLASH}${yearText(w.y)}` : ` năm ${yearText(w.y)}`;
}

const yearTags = (w: YearWriting) =>
  w.how === 'written' ? [] : [w.how === 'missing' ? 'missing-year' : 'relative'];

const number = (n: number, padded: boolean) => (padded ? pad2(n) : String(n));
const quarterName = (q: number, roman: boolean) => (roman ? ROMAN[q - 1] : String(q));
const quarterTag = (roman: boolean) => (roman ? 'roman' : 'arabic');
/** A day of the month, biased towards the month's last days (28, 29, 30, 31), where slips happen. */
const dayIn = (y: number, m: number, raw: number) => Math.min(raw, daysInMonth(y, m));

const DAY_LEADS = [
  'trước ngày',
  'trước',
  'chậm nhất ngày',
  'chậm nhất là ngày',
  'hoàn thành trước ngày',
  'hạn ngày',
  'ngày',
];

/** "trước ngày 30/6/2025", "chậm nhất là ngày 15 tháng 01 năm sau", "30/6/2025". */
function dayDeadline(policy: YearPolicy): fc.Arbitrary<Item> {
  return fc
    .record({
      w: yearWriting(policy, true),
      month: fc.integer({ min: 1, max: 12 }),
      rawDay: fc.integer({ min: 1, max: 31 }),
      lead: fc.constantFrom(...DAY_LEADS, ''),
      inWords: fc.boolean(),
      padded: fc.boolean(),
    })
    .map(({ w, month, rawDay, lead, inWords, padded }) => {
      const day = dayIn(w.y, month, rawDay);
      const words = inWords && lead.endsWith('ngày');
      const bare = lead === '' && w.how === 'written';
      const chosenLead = lead === '' && !bare ? 'trước ngày' : lead;
      const date = words
        ? `${number(day, padded)} tháng ${number(month, padded)}${yearAfter(w, false)}`
        : `${number(day, padded)}${SLASH}${number(month, padded)}${yearAfter(w, true)}`;
      return {
        text: bare ? date : `${chosenLead} ${date}`,
        milestones: [deadline(iso(w.y, month, day))],
        tags: [words ? 'date-in-words' : 'deadline', ...yearTags(w)],
        unprefixed: bare,
      };
    });
}

/** A month, quarter or year a deadline is set against, with its first and last day. */
interface NamedUnit {
  unit: 'month' | 'quarter' | 'year';
  text: string;
  first: string;
  last: string;
  tags: string[];
}

interface UnitChoice {
  unit: 'month' | 'quarter' | 'year';
  month: number;
  quarter: number;
  roman: boolean;
  padded: boolean;
  slashForm: boolean;
}

/** "tháng 9/2026", "Quý III năm 2025", "năm 2026" (a year only when written). */
function namedUnit(w: YearWriting, choice: UnitChoice): NamedUnit {
  const { month, quarter, roman, padded, slashForm } = choice;
  if (choice.unit === 'year' && w.how === 'written') {
    return {
      unit: 'year',
      text: `năm ${yearText(w.y)}`,
      first: iso(w.y, 1, 1),
      last: iso(w.y, 12, 31),
      tags: [],
    };
  }
  if (choice.unit === 'quarter') {
    const from = firstMonthOfQuarter(quarter);
    const text = `Quý ${quarterName(quarter, roman)}${yearAfter(w, slashForm)}`;
    const [first, last] = [firstOfMonth(w.y, from), lastOfMonth(w.y, from + 2)];
    return { unit: 'quarter', text, first, last, tags: [quarterTag(roman)] };
  }
  const text = `tháng ${number(month, padded)}${yearAfter(w, slashForm)}`;
  return { unit: 'month', text, first: firstOfMonth(w.y, month), last: lastOfMonth(w.y, month), tags: [] };
}

/**
 * A deadline at the edge of a month, quarter or year: the day before it ("trước tháng 01/2024" →
 * 2023-12-31, "trước Quý III/2025" → 2025-06-30, "trước năm 2026") or its last day ("chậm nhất trong
 * tháng 9", "hạn chót tháng 9/2026", "chậm nhất quý IV/2025", "chậm nhất trong năm 2025").
 */
function unitEdgeDeadline(policy: YearPolicy, edge: 'before' | 'end'): fc.Arbitrary<Item> {
  return fc
    .record({
      w: yearWriting(policy, false),
      choice: fc.record({
        unit: fc.constantFrom<UnitChoice['unit']>('month', 'quarter', 'year'),
        month: fc.integer({ min: 1, max: 12 }),
        quarter: fc.integer({ min: 1, max: 4 }),
        roman: fc.boolean(),
        padded: fc.boolean(),
        slashForm: fc.boolean(),
      }),
      endLead: fc.constantFrom('chậm nhất trong', 'chậm nhất', 'hạn chót'),
    })
    .map(({ w, choice, endLead }) => {
      const named = namedUnit(w, choice);
      // The doc leaves the year out only after "chậm nhất trong", and sets "hạn chót" to months.
      const plainEnd = w.how === 'missing' || (endLead === 'hạn chót' && named.unit !== 'month');
      const lead = edge === 'before' ? 'trước' : plainEnd ? 'chậm nhất trong' : endLead;
      const due = edge === 'before' ? shiftDay(named.first, -1) : named.last;
      const tags = [edge === 'before' ? 'before-unit' : 'end-of-unit', ...named.tags, ...yearTags(w)];
      return { text: `${lead} ${named.text}`, milestones: [deadline(due)], tags };
    });
}

const PERIOD_LEADS = ['', 'trong ', 'vào '];

/** "tháng 7/2025", "trong tháng 07 năm 2025", "trong tháng 9", "tháng 2 năm liền kề". */
function monthPeriod(policy: YearPolicy): fc.Arbitrary<Item> {
  return fc
    .record({
      w: yearWriting(policy, true),
      month: fc.integer({ min: 1, max: 12 }),
      lead: fc.constantFrom(...PERIOD_LEADS),
      padded: fc.boolean(),
      slashForm: fc.boolean(),
    })
    .map(({ w, month, lead, padded, slashForm }) => ({
      text: `${lead}tháng ${number(month, padded)}${yearAfter(w, slashForm)}`,
      milestones: [monthSpan(w.y, month, month)],
      tags: ['month', ...yearTags(w)],
    }));
}

/** "Quý IV năm 2025", "trong quý 2/2025", "Quý III" (plan year), "Quý I năm sau". */
function quarterPeriod(policy: YearPolicy): fc.Arbitrary<Item> {
  return fc
    .record({
      w: yearWriting(policy, true),
      quarter: fc.integer({ min: 1, max: 4 }),
      lead: fc.constantFrom(...PERIOD_LEADS),
      word: fc.constantFrom('Quý', 'quý'),
      roman: fc.boolean(),
      slashForm: fc.boolean(),
    })
    .map(({ w, quarter, lead, word, roman, slashForm }) => ({
      text: `${lead}${word} ${quarterName(quarter, roman)}${yearAfter(w, slashForm)}`,
      milestones: [quarterSpan(w.y, quarter, quarter)],
      tags: ['quarter', quarterTag(roman), ...yearTags(w)],
    }));
}

const ALL_YEAR_WORDS = [
  'thường xuyên',
  'thường xuyên trong năm',
  'hằng năm',
  'hàng năm',
  'cả năm',
  'trong năm',
  'liên tục',
];

/** "Năm 2025", "trong năm 2026", "cả năm 2025", "2025", "năm tới", and the all-year words of the plan year. */
function yearPeriod(policy: YearPolicy): fc.Arbitrary<Item> {
  return fc
    .record({
      // "cả năm trước" could read as "before the whole year": the year before is left to days and months.
      w: yearWriting(policy, true).map((w) => (w.words === 'năm trước' ? written(w.y) : w)),
      form: fc.constantFrom('năm', 'trong năm', 'cả năm', 'thường xuyên trong năm', 'bare'),
      allYear: fc.constantFrom(...ALL_YEAR_WORDS),
    })
    .map(({ w, form, allYear }): Item => {
      const whole = period(iso(w.y, 1, 1), iso(w.y, 12, 31));
      const strong = form.startsWith('thường xuyên');
      if (w.how === 'missing') {
        const solo = allYear !== 'thường xuyên trong năm';
        return { text: allYear, milestones: [whole], tags: ['all-year'], solo, strong: true };
      }
      if (w.how === 'relative') {
        const lead = form === 'bare' ? '' : `${form.replace(/ ?năm$/, '')} `.trimStart();
        return { text: `${lead}${w.words}`, milestones: [whole], tags: ['year', 'relative'], strong };
      }
      if (form === 'bare') return { text: yearText(w.y), milestones: [whole], tags: ['year'], solo: true };
      return { text: `${form} ${yearText(w.y)}`, milestones: [whole], tags: ['year'], strong };
    });
}

/** "06 tháng đầu năm 2025", "Trong 3 tháng đầu năm", "02 tháng cuối năm 2025". */
function leadingOrTrailingSpan(policy: YearPolicy): fc.Arbitrary<Item> {
  return fc
    .record({
      w: yearWriting(policy, false),
      months: fc.integer({ min: 1, max: 12 }),
      leading: fc.boolean(),
      padded: fc.boolean(),
      within: fc.boolean(),
    })
    .map(({ w, months, leading, padded, within }) => {
      const year = w.how === 'written' ? ` ${yearText(w.y)}` : '';
      const text = `${within ? 'trong ' : ''}${number(months, padded)} tháng ${leading ? 'đầu' : 'cuối'} năm${year}`;
      const span = leading ? monthSpan(w.y, 1, months) : monthSpan(w.y, 13 - months, 12);
      return { text, milestones: [span], tags: ['span', ...yearTags(w)] };
    });
}

/** "Giai đoạn 2024- 2025", "từ năm 2024 đến năm 2025", "Năm 2024 - 2025": several whole years. */
function multiYearPeriod(policy: YearPolicy): fc.Arbitrary<Item> {
  return fc
    .record({
      from: fc.integer({ min: policy.plan - 1, max: policy.plan }),
      length: fc.integer({ min: 1, max: 2 }),
      form: fc.constantFrom('giai đoạn', 'từ năm', 'năm'),
      dash: fc.constantFrom(...RANGE_DASHES),
    })
    .map(({ from, length, form, dash }) => {
      const to = from + length;
      const text =
        form === 'từ năm'
          ? `từ năm ${yearText(from)} đến năm ${yearText(to)}`
          : `${form} ${yearText(from)}${dash}${yearText(to)}`;
      return { text, milestones: [period(iso(from, 1, 1), iso(to, 12, 31))], tags: ['multi-year'] };
    });
}

/** "từ năm 2025 trở đi", "Năm 2024 và các năm tiếp theo", "Từ tháng 7/2025" (last in its cell). */
function openEndedItem(policy: YearPolicy): fc.Arbitrary<Item> {
  return fc
    .record({
      y: policy.shared
        ? fc.constant(policy.anchor)
        : fc.integer({ min: policy.plan - 1, max: policy.plan + 1 }),
      form: fc.constantFrom('trở đi', 'các năm tiếp theo', 'từ tháng'),
      month: fc.integer({ min: 1, max: 12 }),
      padded: fc.boolean(),
      slashForm: fc.boolean(),
    })
    .map(({ y, form, month, padded, slashForm }): Item => {
      const tags = ['open-ended'];
      const fromYear = [openEnded(iso(y, 1, 1))];
      if (form === 'trở đi') return { text: `từ năm ${yearText(y)} trở đi`, milestones: fromYear, tags };
      if (form === 'các năm tiếp theo') {
        return { text: `năm ${yearText(y)} và các năm tiếp theo`, milestones: fromYear, tags };
      }
      const text = `từ tháng ${number(month, padded)}${yearAfter(written(y), slashForm)}`;
      return { text, milestones: [openEnded(firstOfMonth(y, month))], tags, last: true };
    });
}

/** Two ends of a range in order, each with its year: shared from the second end, or both written. */
interface RangeEnds {
  fromYear: number;
  toYear: number;
  /** The year text after each end ('' where the end borrows it). */
  fromAfter: string;
  toAfter: string;
  tags: string[];
}

/**
 * The years of a range from `a` to `b` (months, quarters or days as ordinal numbers): a shared year
 * written after the second end, where a first end later than the second falls in the year before;
 * or, in a free cell, each end with its own year.
 */
function rangeEnds(
  policy: YearPolicy,
  a: number,
  b: number,
  slashForm: boolean,
): fc.Arbitrary<RangeEnds | null> {
  if (policy.shared) {
    return yearWriting(policy, false).map((w) => {
      if (w.how === 'missing' && a >= b) return null;
      const after = yearAfter(w, slashForm);
      const crosses = a > b;
      return {
        fromYear: crosses ? w.y - 1 : w.y,
        toYear: w.y,
        fromAfter: '',
        toAfter: after,
        tags: [crosses ? 'range-over-year-end' : 'range', ...yearTags(w)],
      };
    });
  }
  return fc
    .record({ y: fc.integer({ min: policy.plan - 1, max: policy.plan }), next: fc.boolean() })
    .map(({ y, next }) => {
      const toYear = a >= b || next ? y + 1 : y;
      return {
        fromYear: y,
        toYear,
        fromAfter: yearAfter(written(y), slashForm),
        toAfter: yearAfter(written(toYear), slashForm),
        tags: [toYear > y ? 'range-over-year-end' : 'range'],
      };
    });
}

/** Months a span touches: 2025-11-01…2026-02-28 → 4. */
const monthsCovered = (start: string, due: string) =>
  (Number(due.slice(0, 4)) - Number(start.slice(0, 4))) * 12 +
  Number(due.slice(5, 7)) -
  Number(start.slice(5, 7)) +
  1;

/** Ranges as plans write them: one over a year end by a shared year is short ("tháng 11 đến tháng 02/2026"). */
function plausibleRange(ends: RangeEnds, span: Milestone): boolean {
  const implicitCrossing = ends.fromAfter === '' && ends.fromYear < ends.toYear;
  return monthsCovered(span.start as string, span.due as string) <= (implicitCrossing ? 6 : 15);
}

/** A unit a range counts in: months or quarters; `style` is zero-padding for months, Roman for quarters. */
interface RangeUnit {
  word: string;
  count: number;
  name: (n: number, style: boolean) => string;
  /** Whether the second end may go without its word ("Tháng 9-10/2025", "Quý II – III năm 2025"). */
  bareSecondEnd: (style: boolean) => boolean;
  firstMonth: (n: number) => number;
  lastMonth: (n: number) => number;
  tags: (style: boolean) => string[];
}

const MONTHS: RangeUnit = {
  word: 'tháng',
  count: 12,
  name: number,
  bareSecondEnd: () => true,
  firstMonth: (m) => m,
  lastMonth: (m) => m,
  tags: () => [],
};

const QUARTERS: RangeUnit = {
  word: 'Quý',
  count: 4,
  name: quarterName,
  // Without its word an Arabic quarter reads as a month ("Quý 2-3/2025"): only Roman ones go bare.
  bareSecondEnd: (roman) => roman,
  firstMonth: firstMonthOfQuarter,
  lastMonth: (q) => firstMonthOfQuarter(q) + 2,
  tags: (roman) => [quarterTag(roman)],
};

/**
 * "Từ tháng 3 đến tháng 6/2025", "tháng 9 - tháng 10/2025", "Tháng 9-10/2025", "Từ tháng 11 đến tháng
 * 02/2026", "Quý II - Quý III/2025", "Quý II – III năm 2025", "từ Quý I đến Quý IV" (all four: quarterly).
 */
function unitRange(policy: YearPolicy, unit: RangeUnit): fc.Arbitrary<Item | null> {
  return fc
    .record({
      a: fc.integer({ min: 1, max: unit.count }),
      b: fc.integer({ min: 1, max: unit.count }),
      form: fc.constantFrom('từ', 'dash', 'compact'),
      dash: fc.constantFrom(...RANGE_DASHES),
      style: fc.boolean(),
      slashForm: fc.boolean(),
    })
    .filter(({ a, b }) => a !== b)
    .chain((r) =>
      rangeEnds(policy, r.a, r.b, r.slashForm).map((ends): Item | null => {
        if (!ends) return null;
        const [w, a, b] = [unit.word, unit.name(r.a, r.style), unit.name(r.b, r.style)];
        // Plans write a range over a year end in full ("Từ tháng 11 đến tháng 02/2026"), never "tháng 11-2".
        const compact =
          r.form === 'compact' && ends.fromAfter === '' && r.a < r.b && unit.bareSecondEnd(r.style);
        const text =
          r.form === 'từ'
            ? `từ ${w} ${a}${ends.fromAfter} đến ${w} ${b}${ends.toAfter}`
            : compact
              ? `${w} ${a}${r.dash}${b}${ends.toAfter}`
              : `${w} ${a}${ends.fromAfter}${r.dash}${w} ${b}${ends.toAfter}`;
        const tags = [...ends.tags, ...unit.tags(r.style)];
        if (unit === QUARTERS && r.a === 1 && r.b === 4 && ends.fromYear === ends.toYear) {
          return allFourQuarters(policy, ends, text, tags);
        }
        const from = firstOfMonth(ends.fromYear, unit.firstMonth(r.a));
        const span = period(from, lastOfMonth(ends.toYear, unit.lastMonth(r.b)));
        return plausibleRange(ends, span) ? { text, milestones: [span], tags } : null;
      }),
    );
}

/** The doc's one exception to ranges: all four quarters of the plan year, its year written once, recur. */
function allFourQuarters(policy: YearPolicy, ends: RangeEnds, text: string, tags: string[]): Item | null {
  if (ends.toYear !== policy.plan || ends.fromAfter !== '') return null;
  const quarterly = recurring(policy.plan, iso(policy.plan, 12, 31), 'QUARTERLY');
  return { text, milestones: [quarterly], tags: [...tags, 'four-quarters'] };
}

/** "Từ ngày 01/3 đến ngày 30/6/2025", "01/3 - 30/6/2025", "từ ngày 20/12 đến ngày 10/01/2026". */
function dayRange(policy: YearPolicy): fc.Arbitrary<Item | null> {
  return fc
    .record({
      m1: fc.integer({ min: 1, max: 12 }),
      m2: fc.integer({ min: 1, max: 12 }),
      d1: fc.integer({ min: 1, max: 31 }),
      d2: fc.integer({ min: 1, max: 31 }),
      spoken: fc.boolean(),
      dash: fc.constantFrom(...RANGE_DASHES),
      padded: fc.boolean(),
    })
    .chain((r) =>
      // Days as ordinals of the year (month * 100 + day) decide the order of the two ends.
      rangeEnds(policy, r.m1 * 100 + r.d1, r.m2 * 100 + r.d2, true).map((ends): Item | null => {
        if (!ends) return null;
        const d1 = dayIn(ends.fromYear, r.m1, r.d1);
        const d2 = dayIn(ends.toYear, r.m2, r.d2);
        // A shared year crosses the year end exactly when the first day, as written, is later.
        const firstLater = r.m1 * 100 + d1 > r.m2 * 100 + d2;
        if (policy.shared && firstLater !== ends.fromYear < ends.toYear) return null;
        const start = iso(ends.fromYear, r.m1, d1);
        const due = iso(ends.toYear, r.m2, d2);
        if (start >= due) return null;
        const date = (d: number, m: number) => `${number(d, r.padded)}${SLASH}${number(m, r.padded)}`;
        const from = `${date(d1, r.m1)}${ends.fromAfter}`;
        const to = `${date(d2, r.m2)}${ends.toAfter}`;
        const text = r.spoken ? `từ ngày ${from} đến ngày ${to}` : `${from}${r.dash}${to}`;
        const span = period(start, due);
        if (!plausibleRange(ends, span)) return null;
        return { text, milestones: [span], tags: [...ends.tags, 'day-range'], unprefixed: !r.spoken };
      }),
    );
}

// ---------------------------------------------------------------- coordination

/** Runs of consecutive numbers: [3, 4, 7] → [[3, 4], [7, 7]]. */
export function runs(sorted: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] === n - 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

/** "X, Y và Z", "X, Y, Z", "X; Y; Z", "X và Y". */
function joinList(elements: string[], joiner: 'và' | 'comma' | 'semicolon'): string {
  if (elements.length === 1) return elements[0];
  if (joiner === 'semicolon') return elements.join('; ');
  if (joiner === 'comma') return elements.join(', ');
  return `${elements.slice(0, -1).join(', ')} và ${elements[elements.length - 1]}`;
}

/** Where a list writes its year: after its last element only, after every element, or nowhere. */
function listYears(policy: YearPolicy): fc.Arbitrary<{ w: YearWriting; every: boolean }> {
  // A free cell may hold other years, so its lists write theirs on every element.
  return yearWriting(policy, false).chain((w) =>
    w.how === 'written' && policy.shared
      ? fc.boolean().map((every) => ({ w, every }))
      : fc.constant({ w, every: w.how === 'written' }),
  );
}

const listRecord = <T>(numbers: fc.Arbitrary<number[]>, policy: YearPolicy, style: fc.Arbitrary<T>) =>
  fc.record({
    numbers: numbers.map((ns) => [...ns].sort((x, y) => x - y)),
    years: listYears(policy),
    joiner: fc.constantFrom<'và' | 'comma' | 'semicolon'>('và', 'và', 'comma', 'semicolon'),
    repeatUnit: fc.boolean(),
    slashForm: fc.boolean(),
    lead: fc.constantFrom(...PERIOD_LEADS),
    style,
  });

/** "tháng 3, 6, 9 và 12/2025" (four months), "Tháng 4 và tháng 5/2025" (one span: adjacent months). */
function monthList(policy: YearPolicy): fc.Arbitrary<Item> {
  const months = fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 2, maxLength: 4 });
  return listRecord(months, policy, fc.boolean()).map(
    ({ numbers, years, joiner, repeatUnit, slashForm, lead, style }) => {
      const { w, every } = years;
      const elements = numbers.map((m, i) => {
        const unit = i === 0 || repeatUnit || every ? 'tháng ' : '';
        const after = every || i === numbers.length - 1 ? yearAfter(w, slashForm) : '';
        return `${unit}${number(m, style)}${after}`;
      });
      const milestones = runs(numbers).map(([from, to]) => monthSpan(w.y, from, to));
      return {
        text: `${lead}${joinList(elements, joiner)}`,
        milestones,
        tags: ['month-list', ...yearTags(w)],
      };
    },
  );
}

/** "Quý I và Quý III năm 2025" (two), "Quý III, IV năm 2025" (one span), "Quý I, II và IV/2025" (two). */
function quarterList(policy: YearPolicy): fc.Arbitrary<Item> {
  // Never all four: the doc gives all four quarters a reading of their own only as a range.
  const quarters = fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 3 });
  return listRecord(quarters, policy, fc.boolean()).map(
    ({ numbers, years, joiner, repeatUnit, slashForm, lead, style }) => {
      const { w, every } = years;
      const elements = numbers.map((q, i) => {
        // Without its word an Arabic quarter reads as a month ("Quý 1, 3/2025"): only Roman ones go bare.
        const unit = i === 0 || repeatUnit || every || !style ? 'Quý ' : '';
        const after = every || i === numbers.length - 1 ? yearAfter(w, slashForm) : '';
        return `${unit}${quarterName(q, style)}${after}`;
      });
      const milestones = runs(numbers).map(([from, to]) => quarterSpan(w.y, from, to));
      return {
        text: `${lead}${joinList(elements, joiner)}`,
        milestones,
        tags: ['quarter-list', quarterTag(style), ...yearTags(w)],
      };
    },
  );
}

const LIST_DAY_LEADS = ['trước ngày', 'chậm nhất ngày', 'ngày', 'hạn ngày'];

/** "Ngày 31/3 và ngày 30/9/2025", "trước ngày 15/6 và 15/12/2025": one deadline each, never merged. */
function dayList(policy: YearPolicy): fc.Arbitrary<Item> {
  const days = fc.uniqueArray(fc.integer({ min: 1, max: 365 }), { minLength: 2, maxLength: 4 });
  const style = fc.record({ lead: fc.constantFrom(...LIST_DAY_LEADS), padded: fc.boolean() });
  return listRecord(days, policy, style).map(({ numbers, years, joiner, repeatUnit, style }) => {
    const { w, every } = years;
    // Ordinals of a non-leap year, so that a day is valid in every year and the order is kept.
    const dates = numbers.map((ordinal) => {
      const date = new Date(Date.UTC(2023, 0, ordinal));
      return { m: date.getUTCMonth() + 1, d: date.getUTCDate() };
    });
    const elements = dates.map(({ m, d }, i) => {
      const lead = i === 0 || repeatUnit ? `${style.lead} ` : '';
      const after = every || i === dates.length - 1 ? yearAfter(w, true) : '';
      return `${lead}${number(d, style.padded)}${SLASH}${number(m, style.padded)}${after}`;
    });
    const milestones = dates.map(({ m, d }) => deadline(iso(w.y, m, d)));
    return { text: joinList(elements, joiner), milestones, tags: ['day-list', ...yearTags(w)] };
  });
}

// ---------------------------------------------------------------- recurrences

const MONTHLY_WORDS = [
  'hằng tháng',
  'hàng tháng',
  'định kỳ hằng tháng',
  'theo tháng',
  'thường xuyên trong tháng',
];
const QUARTERLY_WORDS = ['hằng quý', 'định kỳ hằng quý', 'theo quý', 'hàng quý'];
const SEMIANNUAL_WORDS = [
  'định kỳ 6 tháng',
  'định kỳ 06 tháng',
  '6 tháng một lần',
  '06 tháng một lần',
  'hằng 6 tháng',
];

/** Every recurrence of the doc; each starts on the plan year's first day and is due at its last occurrence. */
function recurrence(policy: YearPolicy): fc.Arbitrary<Item> {
  const plan = policy.plan;
  const day = fc.record({ d: fc.integer({ min: 2, max: 28 }), padded: fc.boolean() });
  const item = (text: string, due: string, kind: string, tag: string): Item => ({
    text,
    milestones: [recurring(plan, due, kind)],
    tags: ['recurrence', tag],
    strong: true,
  });
  const monthly = fc
    .constantFrom(...MONTHLY_WORDS)
    .map((t) => item(t, iso(plan, 12, 31), 'MONTHLY', 'monthly'));
  const monthlyOnDay = fc
    .tuple(
      day,
      fc.constantFrom(
        'trước ngày D hằng tháng',
        'hằng tháng, trước ngày D',
        'ngày D hàng tháng',
        'trước ngày D hàng tháng',
      ),
    )
    .map(([{ d, padded }, form]) =>
      item(form.replace('D', number(d, padded)), iso(plan, 12, d), 'MONTHLY', 'monthly-day'),
    );
  const monthlyNext = fc
    .tuple(day, fc.constantFrom('của tháng liền kề', 'tháng sau', 'của tháng tiếp theo'))
    .map(([{ d, padded }, next]) =>
      item(`trước ngày ${number(d, padded)} ${next}`, iso(plan + 1, 1, d), 'MONTHLY', 'monthly-next-month'),
    );
  const quarterly = fc
    .constantFrom(...QUARTERLY_WORDS)
    .map((t) => item(t, iso(plan, 12, 31), 'QUARTERLY', 'quarterly'));
  const quarterlyOnDay = day.map(({ d, padded }) =>
    item(
      `trước ngày ${number(d, padded)} của tháng cuối quý`,
      iso(plan, 12, d),
      'QUARTERLY',
      'quarterly-day',
    ),
  );
  const semiannual = fc
    .constantFrom(...SEMIANNUAL_WORDS)
    .map((t) => item(t, iso(plan, 12, 31), 'SEMIANNUAL', 'semiannual'));
  const yearly = fc
    .record({
      ordinal: fc.integer({ min: 1, max: 365 }),
      padded: fc.boolean(),
      form: fc.constantFrom(
        'trước ngày D/M hằng năm',
        'hằng năm, trước ngày D/M',
        'ngày D tháng M hằng năm',
        'trước ngày D/M hàng năm',
      ),
    })
    .map(({ ordinal, padded, form }) => {
      // A day of a non-leap year, so that it recurs every year.
      const date = new Date(Date.UTC(2023, 0, ordinal));
      const [m, d] = [date.getUTCMonth() + 1, date.getUTCDate()];
      const text = form
        .replace('D/M', `D${SLASH}M`)
        .replace('D', number(d, padded))
        .replace('M', number(m, padded));
      return item(text, iso(plan, m, d), 'YEARLY', 'yearly');
    });
  return fc.oneof(monthly, monthlyOnDay, monthlyNext, quarterly, quarterlyOnDay, semiannual, yearly);
}

// ---------------------------------------------------------------- conditions and citations

const CONDITIONS_ALONE = [
  'Theo kế hoạch',
  'Theo hướng dẫn của tỉnh',
  'Khi có phát sinh',
  'Theo quy định',
  'Khi có yêu cầu',
  'Sau khi có hướng dẫn của cấp trên',
  'Lồng ghép trong báo cáo CCHC',
  'Theo kế hoạch của UBND tỉnh',
];
const CONDITION_CLAUSES = [
  'thực hiện theo kế hoạch đề ra',
  'báo cáo theo quy định',
  'tổ chức thực hiện khi có yêu cầu',
  'cập nhật khi có phát sinh',
  'triển khai sau khi có hướng dẫn của tỉnh',
  'thực hiện theo hướng dẫn của Sở Nội vụ',
];

/** A clause tied to another event: one CONDITIONAL. Alone it may count a duration from the event. */
function condition(alone: boolean): fc.Arbitrary<Item> {
  const asItem = (text: string): Item => ({
    text,
    milestones: [conditional()],
    tags: ['conditional'],
    unprefixed: true,
    solo: alone,
  });
  if (!alone) return fc.constantFrom(...CONDITION_CLAUSES).map(asItem);
  const afterDuration = fc
    .record({
      n: fc.integer({ min: 1, max: 30 }),
      padded: fc.boolean(),
      unit: fc.constantFrom('tháng', 'ngày'),
    })
    .map(
      ({ n, padded, unit }) =>
        `Sau ${number(n, padded)} ${unit} kể từ khi có văn bản của cơ quan có thẩm quyền`,
    );
  return fc.oneof(fc.constantFrom(...CONDITIONS_ALONE), afterDuration).map(asItem);
}

const CITED_KINDS = [
  { name: 'Quyết định', code: 'QĐ-UBND', withYear: false },
  { name: 'Kế hoạch', code: 'KH-UBND', withYear: false },
  { name: 'Công văn', code: 'SNV-CCHC', withYear: false },
  { name: 'Công văn', code: 'UBND-VP', withYear: false },
  { name: 'Nghị định', code: 'NĐ-CP', withYear: true },
  { name: 'Thông tư', code: 'TT-BNV', withYear: true },
];

/** "Quyết định số 1737/QĐ-UBND ngày 17/10/2025", "Nghị định số 52/2015/NĐ-CP", "… ngày 10 tháng 01 năm 2025". */
function citedDocument(plan: number): fc.Arbitrary<string> {
  return fc
    .record({
      kind: fc.constantFrom(...CITED_KINDS),
      n: fc.integer({ min: 1, max: 9999 }),
      y: fc.integer({ min: 2015, max: plan }),
      m: fc.integer({ min: 1, max: 12 }),
      rawDay: fc.integer({ min: 1, max: 31 }),
      dated: fc.boolean(),
      inWords: fc.boolean(),
    })
    .map(({ kind, n, y, m, rawDay, dated, inWords }) => {
      const d = dayIn(y, m, rawDay);
      const numberPart = kind.withYear ? `${pad2(n % 100)}/${y}/${kind.code}` : `${n}/${kind.code}`;
      const date = inWords ? `ngày ${pad2(d)} tháng ${pad2(m)} năm ${y}` : `ngày ${d}/${m}/${y}`;
      return `${kind.name} số ${numberPart}${dated || !kind.withYear ? ` ${date}` : ''}`;
    });
}

/** A cell that only cites a document, or names a plan by its year: one CONDITIONAL. */
function citationAlone(plan: number): fc.Arbitrary<Item> {
  const named = fc
    .integer({ min: plan - 1, max: plan })
    .map((y) => `Theo Kế hoạch rà soát, đánh giá thủ tục hành chính năm ${y} của tỉnh`);
  const cited = fc
    .tuple(citedDocument(plan), fc.constantFrom('Theo ', 'Theo các mốc thời gian tại ', ''))
    .map(([doc, lead]) => `${lead}${doc}${lead ? ' của UBND tỉnh' : ''}`);
  return fc.oneof(named, cited).map((text) => ({
    text,
    milestones: [conditional()],
    tags: ['citation-alone'],
    solo: true,
    unprefixed: true,
  }));
}

// ---------------------------------------------------------------- parts: task words around an item

const TASKS = [
  'Ban hành kế hoạch',
  'Báo cáo kết quả thực hiện',
  'Tổ chức kiểm tra',
  'Rà soát, đánh giá',
  'Tổ chức tập huấn',
  'Cập nhật dữ liệu',
  'Trình UBND xã phê duyệt',
  'Gửi báo cáo về Sở Nội vụ',
  'Tổ chức đối thoại với người dân',
  'Hoàn thiện hồ sơ',
  'Công khai kết quả',
  'Xây dựng và ban hành quy chế',
  'Khảo sát mức độ hài lòng',
  'Triển khai thực hiện',
];
const NOTES = [
  '(Gửi KH về Sở Nội vụ)',
  '(đối với cấp xã)',
  '(bằng văn bản và bản điện tử)',
  '(thí điểm tại bộ phận một cửa)',
  '(ưu tiên TTHC có nhiều hồ sơ)',
  '(sau khi có hướng dẫn của Sở Nội vụ)',
];
const TAILS = [' và tổ chức thực hiện', ' và triển khai thực hiện'];

/** An item with what a plan writes around it: task words, a note, a cited document, a dated note. */
interface Part {
  text: string;
  milestones: Milestone[];
  tags: string[];
  item: Item;
  /** Starts with the item itself (no task words), so it can only open a cell or a numbered part. */
  opensWithItem: boolean;
  timeFirst: boolean;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Items that open with a word that ties them to what precedes ("trước", "trong"…), so a citation may precede. */
const OPENS_WITH_TIME_WORD = /^(trước|chậm nhất|trong|từ|hạn chót|hoàn thành|vào)\s/;
/** Only a day or a span may take a dated note: after a recurrence the note's date could be its day. */
const TAKES_DATED_NOTE = new Set(['DEADLINE', 'PERIOD']);

function decoratedPart(policy: YearPolicy, item: Item, needsTask: boolean): fc.Arbitrary<Part> {
  const taskWithCitation = fc.oneof(
    citedDocument(policy.plan).map((doc) => `Triển khai ${doc} của UBND tỉnh`),
    fc.constant(`Báo cáo kết quả thực hiện Kế hoạch CCHC năm ${policy.plan}`),
  );
  return fc
    .record({
      task: fc.constantFrom(...TASKS),
      taskWithCitation,
      words: fc.constantFrom('task', 'task', 'task', 'cited', 'none', 'time-first'),
      after: fc.constantFrom('none', 'none', 'none', 'note', 'citation', 'dated-note', 'tail'),
      note: fc.constantFrom(...NOTES),
      citation: fc.tuple(citedDocument(policy.plan), fc.boolean()),
      datedNote: fc.tuple(dayDeadline(policy), fc.constantFrom(...TASKS)),
      tail: fc.constantFrom(...TAILS),
    })
    .map((choice) => {
      const tags = [...item.tags];
      let words = item.unprefixed ? 'none' : choice.words === 'none' && needsTask ? 'task' : choice.words;
      if (words === 'cited' && !OPENS_WITH_TIME_WORD.test(item.text)) words = 'task';
      let text = item.text;
      let milestones = item.milestones;
      if (words === 'task') text = `${choice.task} ${text}`;
      if (words === 'cited') text = `${choice.taskWithCitation} ${text}`;
      if (words === 'cited') tags.push('cited-in-task');
      const [dated, datedTask] = choice.datedNote;
      const after = item.unprefixed && choice.after !== 'note' ? 'none' : choice.after;
      if (after === 'note') text = `${text} ${choice.note}`;
      if (after === 'citation') text = `${text} (${choice.citation[1] ? 'theo ' : ''}${choice.citation[0]})`;
      if (after === 'citation') tags.push('cited-in-parentheses');
      // "hằng năm (… trước ngày 15/12)" could read as a yearly recurrence: strong items take no dated note.
      const datedNoteFits =
        TAKES_DATED_NOTE.has(item.milestones[0].kind) && !item.strong && !dated.unprefixed;
      if (after === 'dated-note' && datedNoteFits) {
        // A date inside a note that is not a citation is read like any other.
        text = `${text} (${lowerFirst(datedTask)} ${dated.text})`;
        milestones = [...milestones, ...dated.milestones];
        tags.push('dated-note', ...dated.tags);
      }
      // "Từ tháng 7/2025" is open-ended only with nothing after it.
      if (after === 'tail' && !item.last) text = `${text}${choice.tail}`;
      if (after === 'note' || (after === 'tail' && !item.last)) tags.push(after);
      const timeFirst = words === 'time-first';
      if (timeFirst) text = `${text}: ${lowerFirst(choice.task)}`;
      if (timeFirst) tags.push('time-first');
      return { text, milestones, tags, item, opensWithItem: words === 'none' || timeFirst, timeFirst };
    });
}

// ---------------------------------------------------------------- cells

/** Items that read the same anywhere in a cell (those that only read alone come with `alone`). */
function itemArbitrary(policy: YearPolicy, alone: boolean): fc.Arbitrary<Item> {
  const maybe = (arb: fc.Arbitrary<Item | null>) => arb.filter((i): i is Item => i !== null);
  const free = policy.shared ? [] : [{ weight: 2, arbitrary: multiYearPeriod(policy) }];
  const aloneOnly = alone
    ? [
        { weight: 2, arbitrary: condition(true) },
        { weight: 2, arbitrary: citationAlone(policy.plan) },
      ]
    : [{ weight: 2, arbitrary: condition(false) }];
  return fc
    .oneof(
      { weight: 6, arbitrary: dayDeadline(policy) },
      { weight: 2, arbitrary: unitEdgeDeadline(policy, 'before') },
      { weight: 2, arbitrary: unitEdgeDeadline(policy, 'end') },
      { weight: 4, arbitrary: monthPeriod(policy) },
      { weight: 4, arbitrary: quarterPeriod(policy) },
      { weight: 2, arbitrary: yearPeriod(policy) },
      { weight: 3, arbitrary: leadingOrTrailingSpan(policy) },
      { weight: 2, arbitrary: openEndedItem(policy) },
      { weight: 3, arbitrary: maybe(unitRange(policy, MONTHS)) },
      { weight: 3, arbitrary: maybe(unitRange(policy, QUARTERS)) },
      { weight: 2, arbitrary: maybe(dayRange(policy)) },
      { weight: 3, arbitrary: monthList(policy) },
      { weight: 3, arbitrary: quarterList(policy) },
      { weight: 3, arbitrary: dayList(policy) },
      { weight: 5, arbitrary: recurrence(policy) },
      ...free,
      ...aloneOnly,
    )
    .filter((item) => alone || !item.solo);
}

const policyArbitrary: fc.Arbitrary<YearPolicy> = fc
  .record({
    plan: fc.integer({ min: 2024, max: 2027 }),
    shared: fc.boolean(),
    anchorOffset: fc.constantFrom(0, 0, 0, 1, -1),
  })
  .map(({ plan, shared, anchorOffset }) => ({ plan, shared, anchor: plan + anchorOffset }));

type Joint = 'list' | 'semicolon' | 'sentence' | 'numbered' | 'dashed' | 'dashed-lines';
const STRONG_JOINTS: Joint[] = ['semicolon', 'sentence', 'numbered', 'dashed', 'dashed-lines'];
const EACH_PART_OPENS: Joint[] = ['sentence', 'numbered', 'dashed', 'dashed-lines'];

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Within one sentence, a later part starts in lower case ("…, báo cáo kết quả trước ngày…"). */
const lowerAfterFirst = (s: string, i: number) => (i === 0 ? s : lowerFirst(s));

function joinParts(texts: string[], joint: Joint, lastAnd: boolean): string {
  switch (joint) {
    case 'list':
      return joinList(texts.map(lowerAfterFirst), lastAnd ? 'và' : 'comma');
    case 'semicolon':
      return texts.map(lowerAfterFirst).join('; ');
    case 'sentence':
      return `${texts.map(upperFirst).join('. ')}.`;
    case 'numbered':
      return texts.map((t, i) => `${i + 1}. ${upperFirst(t)}.`).join(' ');
    case 'dashed':
      return texts.map((t) => `- ${upperFirst(t)}.`).join(' ');
    case 'dashed-lines':
      return texts.map((t) => `- ${upperFirst(t)}`).join('\n');
  }
}

interface Draft {
  plan: number;
  text: string;
  milestones: Milestone[];
  tags: string[];
}

function cellDraft(policy: YearPolicy): fc.Arbitrary<Draft> {
  return fc
    .integer({ min: 1, max: 3 })
    .chain((count) => fc.array(itemArbitrary(policy, count === 1), { minLength: count, maxLength: count }))
    .chain((items) =>
      fc.record({
        // After the first part, every part says what is done: bare items in a row would be one list.
        parts: fc.tuple(...items.map((item, i) => decoratedPart(policy, item, i > 0))),
        joint: fc.constantFrom<Joint>('list', 'list', ...STRONG_JOINTS),
        lastAnd: fc.boolean(),
      }),
    )
    .filter(({ parts, joint }) => partsFit(parts, joint))
    .map(({ parts, joint, lastAnd }) => ({
      plan: policy.plan,
      text: upperFirst(
        joinParts(
          parts.map((p) => p.text),
          joint,
          lastAnd,
        ),
      ),
      milestones: parts.flatMap((p) => p.milestones),
      tags: [
        ...parts.flatMap((p) => p.tags),
        `parts-${parts.length}`,
        parts.length > 1 ? `joint-${joint}` : 'single',
      ],
    }));
}

/** Whether the parts read as intended joined this way (see the canonical rules at the top). */
function partsFit(parts: Part[], joint: Joint): boolean {
  if (parts.length === 1) return true;
  const strong = STRONG_JOINTS.includes(joint);
  const eachOpens = EACH_PART_OPENS.includes(joint);
  return parts.every((p, i) => {
    if (p.item.strong && !strong) return false;
    if (p.item.last && i !== parts.length - 1) return false;
    if (p.timeFirst && !eachOpens) return false;
    return (
      i === 0 || !p.opensWithItem || (eachOpens && p.timeFirst) || p.item.milestones[0].kind === 'CONDITIONAL'
    );
  });
}

/** Two periods of a cell that touch or repeat would be one span under coordination: not canonical. */
export function hasTouchingPeriods(milestones: Milestone[]): boolean {
  const periods = milestones.filter((m) => m.kind === 'PERIOD');
  return periods.some((p, i) =>
    periods.some(
      (q, j) =>
        i !== j && (q.start === shiftDay(p.due as string, 1) || (q.start === p.start && q.due === p.due)),
    ),
  );
}

// ---------------------------------------------------------------- surface

type LetterCase = 'as-written' | 'upper' | 'lower';

interface Surface {
  letterCase: LetterCase;
  stripDiacritics: boolean;
  /** Random draws for each year and slash of the cell, in turn. */
  draws: number[];
}

const surfaceArbitrary: fc.Arbitrary<Surface> = fc.record({
  letterCase: fc.oneof(
    { weight: 8, arbitrary: fc.constant<LetterCase>('as-written') },
    { weight: 1, arbitrary: fc.constant<LetterCase>('upper') },
    { weight: 1, arbitrary: fc.constant<LetterCase>('lower') },
  ),
  stripDiacritics: fc.integer({ min: 1, max: 5 }).map((n) => n === 1),
  draws: fc.array(fc.nat({ max: 99 }), { minLength: 24, maxLength: 24 }),
});

export const stripVietnameseDiacritics = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');

/** Puts the PDF's breaks into years and spaces around slashes; applies the letter case and diacritics. */
function applySurface(draft: Draft, surface: Surface): TaggedTimeCell {
  let turn = 0;
  const draw = () => surface.draws[turn++ % surface.draws.length];
  const tags = [...draft.tags];
  let text = draft.text.replace(YEAR_MARK, (_, digits: string) => {
    const r = draw();
    if (r >= 7) return digits;
    tags.push('pdf-break');
    const at = 1 + (r % 3);
    return `${digits.slice(0, at)}${r < 3 ? '\n' : ' '}${digits.slice(at)}`;
  });
  text = text.replace(new RegExp(SLASH, 'g'), () => {
    const r = draw();
    if (r >= 6) return '/';
    tags.push('slash-spaces');
    return [' / ', ' /', '/ '][r % 3];
  });
  if (surface.letterCase === 'upper') text = text.toUpperCase();
  if (surface.letterCase === 'lower') text = text.toLowerCase();
  if (surface.letterCase !== 'as-written') tags.push(surface.letterCase);
  if (surface.stripDiacritics) {
    text = stripVietnameseDiacritics(text);
    tags.push('no-diacritics');
  }
  return { year: draft.plan, text, milestones: draft.milestones, tags: [...new Set(tags)] };
}

/** A time cell with its constructions and surface variants, for the generator's own coverage check. */
export const taggedTimeCellArbitrary: fc.Arbitrary<TaggedTimeCell> = policyArbitrary
  .chain((policy) => cellDraft(policy))
  .filter((draft) => !hasTouchingPeriods(draft.milestones))
  .chain((draft) => surfaceArbitrary.map((surface) => applySurface(draft, surface)));

/** A realistic time cell of a plan with exactly the milestones docs/TIME-EXPRESSIONS.md reads in it. */
export const timeCellArbitrary: fc.Arbitrary<TimeCell> = taggedTimeCellArbitrary.map(
  ({ year, text, milestones }) => ({
    year,
    text,
    milestones,
  }),
);
