import fc from 'fast-check';
import { parseTimeExpression, readTimeCell } from '../../src/parsing/time-expression';
import { PROPERTY_RUNS, PROPERTY_SEED } from '../utils/property';

/*
 * Properties of the time grammar over texts made of the date vocabulary, random numbers and junk
 * (docs/TIME-EXPRESSIONS.md, "Consume or warn"):
 * (a) every milestone is backed by the text: its year, month and day are written in it, or come from
 *     the plan year or the calendar;
 * (b) every number is used, taken by a citation, a name, a condition or the numbering, a count, or
 *     named in a warning;
 * (c) an impossible value never gives a milestone.
 */
const parameters = (offset: number) => ({ seed: PROPERTY_SEED + offset, numRuns: PROPERTY_RUNS * 5 });

const WORDS = [
  'ngày',
  'tháng',
  'Tháng',
  'quý',
  'Quý',
  'QUÝ',
  'năm',
  'Năm',
  'nam',
  'trước',
  'Trước',
  'truoc',
  'chậm nhất',
  'chậm nhất là',
  'hạn chót',
  'là',
  'từ',
  'Từ',
  'đến',
  'đến hết',
  'tới',
  'trong',
  'Trong',
  'vào',
  'cả',
  'và',
  'hoặc',
  'hằng',
  'hàng',
  'định kỳ',
  'một lần',
  'lần',
  'đầu',
  'cuối',
  'sau',
  'tới',
  'liền kề',
  'tiếp theo',
  'nay',
  'của',
  'các năm tiếp theo',
  'trở đi',
  'thường xuyên',
  'giai đoạn',
  'I',
  'II',
  'III',
  'IV',
  'V',
  'iv',
  'Kế hoạch',
  'Quyết định số',
  'QĐ-UBND',
  'số',
  'theo',
  'khi có',
  'kể từ khi',
  'Điều',
  'Ban hành',
  'báo cáo',
  'hồ sơ',
  'điện tử',
  'Hoàn thành',
];
const MARKS = ['/', '/', '-', '–', ',', ';', '.', ':', '(', ')', '%', '\n', '- '];
const numberText = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map(String),
  fc.integer({ min: 1, max: 12 }).map((n) => String(n).padStart(2, '0')),
  fc.integer({ min: 1990, max: 2110 }).map(String),
  fc.integer({ min: 2020, max: 2030 }).map((y) => `${String(y).slice(0, 3)} ${String(y).slice(3)}`),
  fc.integer({ min: 0, max: 999_999 }).map(String),
);
/** A unit word with its number ("Quý II", "tháng 7", "ngày 15/6"), so that many texts hold items. */
const unitPiece = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('Quý', 'quý', 'QUY'),
      fc.constantFrom('I', 'II', 'III', 'IV', 'V', '1', '2', '3', '4', '7'),
    )
    .map((p) => p.join(' ')),
  fc.tuple(fc.constantFrom('tháng', 'Tháng', 'ngày', 'năm'), numberText).map((p) => p.join(' ')),
  fc.tuple(numberText, fc.constantFrom('/', ' / ', '-'), numberText).map((p) => p.join('')),
  fc
    .tuple(numberText, fc.constantFrom('tháng đầu năm', 'tháng cuối năm', 'tháng một lần'))
    .map((p) => p.join(' ')),
);
const piece = fc.oneof(
  { arbitrary: unitPiece, weight: 3 },
  { arbitrary: fc.constantFrom(...WORDS), weight: 4 },
  { arbitrary: numberText, weight: 4 },
  { arbitrary: fc.constantFrom(...MARKS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 4 }), weight: 1 },
);
const joinPieces = (parts: [string, string][]) => parts.map(([text, space]) => text + space).join('');
const spacing = fc.constantFrom(' ', ' ', '', '  ');
/** Texts of every kind of piece, numbers among them as often as words. */
const denseText = fc.array(fc.tuple(piece, spacing), { maxLength: 24 }).map(joinPieces);
/** Words and marks with one to three numbers: few numbers, so what they back is a small set. */
const sparseText = fc
  .tuple(
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...MARKS)), spacing), {
      maxLength: 10,
    }),
    fc.array(fc.tuple(fc.nat(), numberText), { minLength: 1, maxLength: 3 }),
  )
  .map(([parts, numbers]) => {
    const all = [...parts];
    for (const [at, number] of numbers) all.splice(at % (all.length + 1), 0, [number, ' ']);
    return joinPieces(all);
  });
const cellText = fc.oneof(denseText, sparseText);
const planYear = fc.integer({ min: 2020, max: 2030 });

/** The numbers a text writes: its digit runs, and two runs apart by a space only (a year the PDF split). */
function writtenNumbers(text: string): Set<number> {
  const runs = [...text.matchAll(/\d+/g)];
  const numbers = new Set(runs.map((run) => Number(run[0])));
  runs.forEach((run, i) => {
    const next = runs[i + 1];
    if (next && /^\s+$/.test(text.slice(run.index! + run[0].length, next.index))) {
      numbers.add(Number(run[0] + next[0]));
    }
  });
  for (const word of text.toLowerCase().match(/\b[ivx]+\b/g) ?? []) {
    numbers.add({ i: 1, ii: 2, iii: 3, iv: 4, v: 5 }[word] ?? NaN);
  }
  return numbers;
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whether a date's parts come from the text, the plan year or the calendar. */
function backed(date: string, written: Set<number>, year: number): string | null {
  const [y, m, d] = date.split('-').map(Number);
  const years = new Set([year - 1, year, year + 1]);
  for (const w of written) [w - 1, w, w + 1].forEach((near) => years.add(near));
  if (!years.has(y)) return `year ${y}`;
  // Months named by a number: the month itself, the one before it ("trước tháng 3"), the last N or
  // first N months of a year, the months of a quarter or the one before it ("trước Quý III").
  const months = new Set([1, 10, 12]);
  for (const w of written) {
    [w, w - 1, 13 - w, 3 * w - 2, 3 * w, 3 * w - 3].forEach((near) => months.add(near));
  }
  if (!months.has(m)) return `month ${m}`;
  if (!(written.has(d) || d === 1 || d === lastDay(y, m))) return `day ${d}`;
  return null;
}

describe(`time grammar properties (seed ${PROPERTY_SEED}, ${PROPERTY_RUNS * 5} runs each)`, () => {
  it('(a) every milestone date is backed by the text, the plan year or the calendar', () => {
    let dated = 0;
    fc.assert(
      fc.property(cellText, planYear, (text, year) => {
        const written = writtenNumbers(text);
        const { milestones } = parseTimeExpression(text, year);
        if (milestones.some((milestone) => milestone.due)) dated++;
        for (const milestone of milestones) {
          for (const date of [milestone.start, milestone.due]) {
            if (date) {
              expect({ text, date, unbacked: backed(date, written, year) }).toEqual({
                text,
                date,
                unbacked: null,
              });
            }
          }
        }
      }),
      parameters(1),
    );
    // The texts are not all junk: a good part of them read to dates.
    expect(dated).toBeGreaterThan(PROPERTY_RUNS / 2);
  });

  it('(b) every number is used, taken, a count, or named in a warning', () => {
    fc.assert(
      fc.property(cellText, planYear, (text, year) => {
        const { numbers, warnings } = readTimeCell(text, year);
        // The parser accounts for every digit of the text.
        const digits = (raw: string) => raw.replace(/\D/g, '');
        expect(numbers.map((n) => digits(n.raw)).join('')).toBe(digits(text.normalize('NFC')));
        for (const number of numbers) {
          expect(number.fate).toBeDefined();
          if (number.fate === 'warned') {
            const warning = warnings[number.warning!];
            expect(warning).toBeDefined();
            if (number.raw.length <= 12) {
              expect({ warning, named: warning.includes(number.raw.replace(/\s+/g, ' ')) }).toEqual({
                warning,
                named: true,
              });
            }
          }
          // A number after "ngày", "tháng", "quý", "năm", or before one of them or "/", could be a date part.
          const before = text.normalize('NFC').slice(0, number.start).trimEnd().toLowerCase();
          const after = text.normalize('NFC').slice(number.end).trimStart().toLowerCase();
          if (
            /(?:^|[^\p{L}])(?:ngày|tháng|quý|năm)$/u.test(before) ||
            /^(?:\/|(?:ngày|tháng|quý|năm)(?![\p{L}]))/u.test(after)
          ) {
            expect({ text, number: number.raw, fate: number.fate }).not.toEqual({
              text,
              number: number.raw,
              fate: 'count',
            });
          }
        }
      }),
      parameters(2),
    );
  });

  /** Items with one impossible value: a quarter, month or day that does not exist, a year out of range. */
  const impossibleItem = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('0', '5', '6', '9', 'V', 'VI', 'IIII'),
        fc.constantFrom('/2025', ' năm 2025', ''),
      )
      .map(([q, y]) => `Quý ${q}${y}`),
    fc
      .tuple(fc.integer({ min: 13, max: 99 }), fc.constantFrom('/2025', ' năm 2025'))
      .map(([m, y]) => `tháng ${m}${y}`),
    fc.constantFrom(
      'ngày 32/1/2025',
      '30/2/2025',
      '31/4/2025',
      '31/6/2025',
      '29/2/2025',
      '0/5/2025',
      'ngày 31 tháng 9 năm 2025',
    ),
    fc.constantFrom('ngày 31/11', 'ngày 30 tháng 2'),
    fc
      .oneof(fc.integer({ min: 1000, max: 1999 }), fc.integer({ min: 2101, max: 9999 }))
      .map((y) => `Năm ${y}`),
    fc
      .oneof(fc.integer({ min: 1000, max: 1999 }), fc.integer({ min: 2101, max: 9999 }))
      .map((y) => `Quý II/${y}`),
    fc.integer({ min: 13, max: 40 }).map((n) => `${n} tháng đầu năm 2025`),
    fc.constantFrom('Định kỳ 5 tháng', 'từ tháng 3 đến tháng 13/2025', 'từ tháng 9/2025 đến tháng 3/2025'),
  );
  const lead = fc.constantFrom(
    '',
    'Trước ',
    'Trong ',
    'chậm nhất ',
    'Hoàn thành ',
    'Ban hành kế hoạch ',
    'vào ',
  );

  it('(c) an impossible value gives a warning and no milestone', () => {
    fc.assert(
      fc.property(lead, impossibleItem, (before, item) => {
        const text = `${before}${item}`;
        const { milestones, warnings } = parseTimeExpression(text, 2025);
        expect({ text, milestones, warned: warnings.length > 0 }).toEqual({
          text,
          milestones: [],
          warned: true,
        });
      }),
      parameters(3),
    );
  });

  it('(c) other items of the cell still read', () => {
    const deadline = { kind: 'DEADLINE', start: null, due: '2025-06-15', recurrence: null };
    fc.assert(
      fc.property(
        lead,
        impossibleItem,
        fc.constantFrom(' và ', '; ', ', ', '. '),
        fc.boolean(),
        (before, item, joint, first) => {
          const text = first
            ? `${before}${item}${joint}trước ngày 15/6/2025`
            : `trước ngày 15/6/2025${joint}${before}${item}`;
          const { milestones, warnings } = parseTimeExpression(text, 2025);
          expect({ text, milestones, warned: warnings.length > 0 }).toEqual({
            text,
            milestones: [deadline],
            warned: true,
          });
        },
      ),
      parameters(4),
    );
  });
});

describe('hostile input', () => {
  const N = 100_000;
  const fill = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
  // Each of these took the old pattern list seconds to minutes (a 2,000-digit run took ~4 s); the
  // grammar reads them in one pass. No timing assertion: jest's timeout is the bound.
  it.each([
    ['digits', '1'.repeat(N)],
    ['dates without end', fill('1/')],
    ['dashes', fill('1-')],
    ['dots', fill('1.')],
    ['open parentheses', '('.repeat(N)],
    ['quarters listed', fill('Quý I, ')],
    ['ranges', fill('Quý I - ')],
    ['split years', fill('202 5 ')],
    ['document numbers', `1${'/QĐ'.repeat(N / 3)}`],
    ['plan names', fill('Kế hoạch ')],
    ['references', fill('theo kế hoạch ')],
    ['part numbers', fill('1. ')],
    ['prefixes', fill('trước chậm nhất từ đến trong ')],
  ])('reads %s (%#) of 100,000 characters', (_name, text) => {
    const result = parseTimeExpression(text, 2025);
    expect(Array.isArray(result.milestones)).toBe(true);
  });
});
