import fc from 'fast-check';
import { parseTarget } from '../../src/parsing/target';
import { parseTimeExpression } from '../../src/parsing/time-expression';
import { nastyString, PROPERTY_RUNS, PROPERTY_SEED } from '../utils/property';

/** Pieces of real time cells and targets, so generated text often looks like one. */
const PIECES = [
  'Quý',
  'I',
  'II',
  'III',
  'IV',
  'năm',
  'Tháng',
  '7',
  '12',
  '/',
  '2025',
  '31/12/2025',
  'Trước ngày',
  'Hằng',
  'tháng',
  'quý',
  'Thường xuyên',
  'Khi có phát sinh',
  '100%',
  'ít nhất',
  '03',
  'giảm tối thiểu',
  '2,5%',
  'sáng kiến',
  'hồ sơ',
  'TTHC',
  '-',
  '–',
  ';',
  ',',
  ' ',
  '\u0301',
  '\u200B',
  '0',
  '99999999999999999999',
  '1e309',
];
/** Figures of any length, up to far beyond a double, with what makes them a target. */
const figure = fc
  .tuple(
    fc.constantFrom('', 'ít nhất ', 'từ 1 đến ', 'giảm '),
    fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('1', '5', '9')).map(([n, d]) => d.repeat(n)),
    fc.constantFrom('%', ' sáng kiến', '% trở lên', ',5%'),
  )
  .map((parts) => parts.join(''));
const cellLike = fc.oneof(
  nastyString,
  figure,
  fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((parts) => parts.join(' ')),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((parts) => parts.join('')),
);
const parameters = { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS * 5 };

/** The plan parsers read whatever a document holds: they may give up on a cell, never throw. */
describe(`parsers never throw (seed ${PROPERTY_SEED}, ${PROPERTY_RUNS * 5} runs each)`, () => {
  it('parseTimeExpression', () => {
    fc.assert(
      fc.property(cellLike, fc.integer({ min: -1, max: 10_000 }), (text, year) => {
        const result = parseTimeExpression(text, year);
        expect(result).toBeDefined();
      }),
      parameters,
    );
  });

  it('parseTarget', () => {
    fc.assert(
      fc.property(cellLike, (text) => {
        const targets = parseTarget(text);
        expect(Array.isArray(targets)).toBe(true);
        for (const target of targets) {
          for (const value of [target.value, target.max]) {
            if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
          }
        }
      }),
      parameters,
    );
  });
});
