import fc from 'fast-check';
import { parseTimeExpression } from '../../src/parsing/time-expression';
import { PROPERTY_SEED } from '../utils/property';
import {
  hasTouchingPeriods,
  stripVietnameseDiacritics,
  taggedTimeCellArbitrary,
  timeCellArbitrary,
} from './time-phrases';
import type { Milestone, TimeCell } from './time-phrases';

/*
 * Time cells generated from milestones by the phrase grammar in ./time-phrases.ts (written from
 * docs/TIME-EXPRESSIONS.md, blind to the parser) must read back to exactly those milestones.
 * The seed and the number of runs are fixed so that every run checks the same cells.
 */
const PARSER_RUNS = 600;
const SELF_CHECK_RUNS = 3000;

const KINDS = new Set(['DEADLINE', 'PERIOD', 'RECURRING', 'OPEN_ENDED', 'CONDITIONAL']);
const RECURRENCES = new Set(['MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'YEARLY']);

/** Every construction and surface variant the grammar has; each must turn up in the self-check's sample. */
const EXPECTED_TAGS = [
  'deadline',
  'date-in-words',
  'before-unit',
  'end-of-unit',
  'month',
  'quarter',
  'year',
  'all-year',
  'span',
  'multi-year',
  'open-ended',
  'range',
  'range-over-year-end',
  'four-quarters',
  'day-range',
  'month-list',
  'quarter-list',
  'day-list',
  'monthly',
  'monthly-day',
  'monthly-next-month',
  'quarterly',
  'quarterly-day',
  'semiannual',
  'yearly',
  'relative',
  'missing-year',
  'conditional',
  'citation-alone',
  'cited-in-task',
  'cited-in-parentheses',
  'note',
  'dated-note',
  'tail',
  'time-first',
  'roman',
  'arabic',
  'pdf-break',
  'slash-spaces',
  'upper',
  'lower',
  'no-diacritics',
  'parts-1',
  'parts-2',
  'parts-3',
  'joint-list',
  'joint-semicolon',
  'joint-sentence',
  'joint-numbered',
  'joint-dashed',
  'joint-dashed-lines',
];

const isIsoDate = (s: string | null) =>
  s !== null && /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** What each kind of milestone must carry (docs/TIME-EXPRESSIONS.md, "The result"). */
function shapeIsRight(m: Milestone): boolean {
  if (!KINDS.has(m.kind)) return false;
  const recurrenceRight =
    m.kind === 'RECURRING' ? RECURRENCES.has(m.recurrence ?? '') : m.recurrence === null;
  const startRight =
    m.kind === 'DEADLINE' || m.kind === 'CONDITIONAL' ? m.start === null : isIsoDate(m.start);
  const dueRight = m.kind === 'OPEN_ENDED' || m.kind === 'CONDITIONAL' ? m.due === null : isIsoDate(m.due);
  return recurrenceRight && startRight && dueRight;
}

/**
 * The years a milestone may use: a year written in the cell (digits broken by the PDF joined), the
 * plan year, the year after it when the cell says so ("năm sau", "tháng sau"), and the year before
 * a written one or the plan year ("năm trước", the day before January or before Quý I, the start of
 * a range over a year end).
 */
function yearsBackedBy(cell: TimeCell): (year: number) => boolean {
  const joined = cell.text.replace(/(\d)[ \n]+(?=\d)/g, '$1');
  const written = new Set([...joined.matchAll(/(?<!\d)\d{4}(?!\d)/g)].map((m) => Number(m[0])));
  const words = stripVietnameseDiacritics(cell.text).toLowerCase();
  const next = /(nam|thang) (sau|lien ke|toi|tiep theo)/.test(words);
  return (year) =>
    written.has(year) ||
    written.has(year + 1) ||
    year === cell.year ||
    year + 1 === cell.year ||
    (next && year === cell.year + 1);
}

describe('time phrases: generator self-check (no parser)', () => {
  const sample = fc.sample(taggedTimeCellArbitrary, { seed: PROPERTY_SEED, numRuns: SELF_CHECK_RUNS });

  it('self-check: every milestone has its shape, valid ISO dates and start <= due', () => {
    for (const cell of sample) {
      for (const m of cell.milestones) {
        expect({ text: cell.text, m, shapeIsRight: shapeIsRight(m) }).toEqual({
          text: cell.text,
          m,
          shapeIsRight: true,
        });
        if (m.start !== null && m.due !== null) expect(m.start <= m.due).toBe(true);
      }
    }
  });

  it('self-check: every year of a milestone is written in the text, or is the plan year or next to it by words', () => {
    for (const cell of sample) {
      const backed = yearsBackedBy(cell);
      const years = cell.milestones.flatMap((m) => [m.start, m.due]).filter((d): d is string => d !== null);
      const unbacked = years.filter((d) => !backed(Number(d.slice(0, 4))));
      expect({ text: cell.text, year: cell.year, unbacked }).toEqual({
        text: cell.text,
        year: cell.year,
        unbacked: [],
      });
    }
  });

  it('self-check: cells are canonical (no touching periods, no marker left, 1 to 3 parts, a milestone or more)', () => {
    for (const cell of sample) {
      expect(hasTouchingPeriods(cell.milestones)).toBe(false);
      expect(cell.text).not.toMatch(/[\uE000-\uE002]/);
      expect(cell.milestones.length).toBeGreaterThan(0);
      expect(cell.year).toBeGreaterThanOrEqual(2024);
      expect(cell.year).toBeLessThanOrEqual(2027);
    }
  });

  it('self-check: the sample covers every construction and surface variant of the grammar', () => {
    const seen = new Set(sample.flatMap((cell) => cell.tags));
    expect(EXPECTED_TAGS.filter((tag) => !seen.has(tag))).toEqual([]);
  });
});

describe(`time phrases: parsed back (seed ${PROPERTY_SEED}, ${PARSER_RUNS} cells)`, () => {
  it('reads every generated cell to exactly its milestones, in order, with no warning', () => {
    fc.assert(
      fc.property(timeCellArbitrary, (cell) => {
        expect(parseTimeExpression(cell.text, cell.year)).toEqual({
          milestones: cell.milestones,
          warnings: [],
        });
      }),
      { seed: PROPERTY_SEED, numRuns: PARSER_RUNS },
    );
  });
});
