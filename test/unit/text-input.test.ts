import {
  checkText,
  dateProblem,
  DEFAULT_MAX_CHARS,
  floatProblem,
  isWellFormed,
  MAX_FLOAT_MAGNITUDE,
} from '../../src/core/text-input';

describe('isWellFormed', () => {
  it.each([
    ['', true],
    ['Tơ Tung', true],
    ['😀 emoji (a surrogate pair)', true],
    ['\uD83D\uDE00', true],
    ['lone high \uD83D', false],
    ['lone low \uDE00 here', false],
    ['\uDE00\uD83D', false],
    ['ends high \uD800', false],
  ])('%p → %p', (text, expected) => expect(isWellFormed(text)).toBe(expected));
});

describe('checkText', () => {
  it('normalises combining Vietnamese to NFC', () => {
    const combining = 'To\u031b Tung'; // "Tơ" as o + combining horn
    expect(combining).not.toBe('Tơ Tung');
    expect(checkText(combining)).toEqual({ value: 'Tơ Tung' });
    expect(checkText('Xa\u0303 Đak Đoa')).toEqual({ value: 'Xã Đak Đoa' });
  });

  it.each([
    ['a\u0000b', 'NUL'],
    ['\u0000', 'NUL'],
    ['x\uD800y', 'unpaired surrogate'],
    ['\uDFFF', 'unpaired surrogate'],
  ])('refuses %p (%s)', (text, what) => {
    const result = checkText(text);
    expect('problem' in result && result.problem).toContain(what);
  });

  it('keeps zero-width and other ordinary characters', () => {
    expect(checkText('a\u200Bb\uFEFF')).toEqual({ value: 'a\u200Bb\uFEFF' });
  });

  it('refuses a string longer than the limit, and accepts one at it', () => {
    expect(checkText('x'.repeat(DEFAULT_MAX_CHARS))).toEqual({ value: 'x'.repeat(DEFAULT_MAX_CHARS) });
    expect(checkText('x'.repeat(DEFAULT_MAX_CHARS + 1))).toEqual({
      problem: `is ${DEFAULT_MAX_CHARS + 1} characters long; at most ${DEFAULT_MAX_CHARS} are accepted`,
    });
    expect(checkText('abcd', 3)).toHaveProperty('problem');
  });
});

describe('floatProblem', () => {
  it.each([0, -0, 1.5, -1, 100, MAX_FLOAT_MAGNITUDE, -MAX_FLOAT_MAGNITUDE])('accepts %p', (value) =>
    expect(floatProblem(value)).toBeNull(),
  );
  it.each([Infinity, -Infinity, NaN, 1e308, -1e308, MAX_FLOAT_MAGNITUDE * 1.0001, Number('1e309')])(
    'refuses %p',
    (value) => expect(floatProblem(value)).not.toBeNull(),
  );
});

describe('dateProblem', () => {
  it.each(['1900-01-01', '2025-07-31', '2200-12-31'])('accepts %p', (value) =>
    expect(dateProblem(value)).toBeNull(),
  );
  it.each(['0000-01-01', '1899-12-31', '2201-01-01', '9999-12-31', 'garbage'])('refuses %p', (value) =>
    expect(dateProblem(value)).not.toBeNull(),
  );
});
