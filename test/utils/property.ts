import fc from 'fast-check';

/**
 * Settings of the property-based tests: FC_SEED (a fixed seed by default, so CI runs the same
 * inputs every time; set another to explore) and CCHC_PROPERTY_RUNS (inputs per property).
 */
export const PROPERTY_SEED = Number(process.env.FC_SEED ?? 20251010);
export const PROPERTY_RUNS = Number(process.env.CCHC_PROPERTY_RUNS ?? 100);

/** fast-check parameters for one property: the fixed seed, the configured number of runs. */
export const propertyParameters = (offset = 0): fc.Parameters<unknown> => ({
  seed: PROPERTY_SEED + offset,
  numRuns: PROPERTY_RUNS,
  // One failing input is enough to report; shrinking through GraphQL calls costs minutes.
  endOnFailure: true,
});

const LONE_SURROGATE = fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u));

/** Strings that have broken services before: NUL, lone surrogates, combining marks, zero-width, long. */
export const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDE00\uD83D',
  'To\u031b Tung', // combining horn
  'Tơ Tung',
  'Xa\u0303 Đak Đoa',
  '\u200B',
  '\uFEFFđ',
  '\u202Eabc', // right-to-left override
  '😀',
  "'; DROP TABLE plan; --",
  '%_\\',
  '${x}',
  'null',
  'x'.repeat(2000),
  'x'.repeat(2001),
  'ế'.repeat(4001),
  '\u0301'.repeat(3000),
];

/** Any string, with the edge cases above often. */
export const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.oneof(fc.string({ minLength: 1, maxLength: 1 }), LONE_SURROGATE),
      maxLength: 20,
    }),
  },
);

/** Mostly valid values of a kind, sometimes nasty strings. */
export const mostly = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: nastyString });

/** Period codes: valid, relative, malformed and out of range. */
export const periodArb = mostly(
  fc.oneof(
    fc.constantFrom(
      '2025',
      '2025Q3',
      '2025-07',
      '2026Q1',
      'THIS_QUARTER',
      'LAST_4_QUARTERS',
      'MONTHS_THIS_YEAR',
    ),
    fc.constantFrom(
      '0000',
      '9999Q4',
      '1999',
      '2101-01',
      '2025Q5',
      '2025-13',
      '2025-00',
      '２０２５',
      '2025q3',
      '-2025',
    ),
    fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.constantFrom('', 'Q1', 'Q4', '-01', '-12'))
      .map(([y, s]) => `${String(y).padStart(4, '0')}${s}`),
  ),
);

/** Ids: real ones (given), malformed, out of the integer range, of nothing. */
export const idArb = (real: readonly string[]) =>
  mostly(
    fc.oneof(
      fc.constantFrom(...real),
      fc.constantFrom(
        '0',
        '-1',
        '2147483647',
        '2147483648',
        '99999999999999999999',
        '1e3',
        '0x10',
        '１',
        ' 1',
        '1.0',
      ),
      fc.integer({ min: 1, max: 10_000_000 }).map(String),
    ),
  );

/** Ints at and beyond limits (GraphQL Int is 32-bit: beyond it the variable is refused). */
export const intArb = fc.oneof(
  fc.constantFrom(0, -1, 1, 50, 100, 101, 500, 501, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1),
  fc.integer({ min: -1000, max: 3000 }),
);

/** Floats at and beyond limits: ±0, 1e15, 1e308, ±Infinity (a 1e309 in JSON), ordinary values. */
export const floatArb = fc.oneof(
  fc.constantFrom(0, -0, 0.5, 1, 100, 100.0001, -1, 2 ** 31, 1e15, 1e16, 1e308, -1e308, Infinity, -Infinity),
  fc.double({ noNaN: true }),
);

/** Float literals for the query text, where 1e309 arrives as Infinity without any JSON step. */
export const floatLiteralArb = fc.oneof(
  fc.constantFrom('0', '-0', '1e309', '-1e309', '1e308', '1e16', '99.5', '2147483648', '-1'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)),
);

/** Cursors: real ones (given), base64 of anything, nasty strings. */
export const cursorArb = (real: readonly string[]) =>
  fc.oneof(
    fc.constant(null),
    fc.constantFrom(...real),
    nastyString,
    nastyString.map((s) => Buffer.from(s).toString('base64url')),
    fc
      .tuple(
        fc.constantFrom('communes', 'tasks', 'overdue', 'audit', 'x'),
        fc.oneof(fc.integer().map(String), nastyString),
      )
      .map(([list, key]) => Buffer.from(`${list}:${key}`).toString('base64url')),
  );

/** Counts the inputs tried by all properties of a file, for its summary line. */
export class InputCounter {
  private readonly counts = new Map<string, number>();
  add(property: string) {
    this.counts.set(property, (this.counts.get(property) ?? 0) + 1);
  }
  get total() {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
  summary() {
    return [...this.counts.entries()].map(([k, v]) => `${k}: ${v}`).join(', ');
  }
}
