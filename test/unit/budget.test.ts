import { parseBudgetMillionVnd } from '../../src/parsing/budget';

describe('parseBudgetMillionVnd', () => {
  it.each([
    ['50', 50],
    ['1.500', 1500],
    ['2,5', 2.5],
    ['1.234,5', 1234.5],
    [' 120 ', 120],
    ['Theo dự toán được cấp', null],
    ['Ngân sách xã', null],
    ['', null],
    [null, null],
  ])('%p → %p', (text, expected) => expect(parseBudgetMillionVnd(text)).toBe(expected));
});

// Found by the property tests: a 17-digit budget overflowed numeric(14,3) (INTERNAL_SERVER_ERROR).
it('reads a budget beyond the column as no number', () => {
  expect(parseBudgetMillionVnd('99999999999999999')).toBeNull();
  expect(parseBudgetMillionVnd('99999999999')).toBe(99999999999);
});
