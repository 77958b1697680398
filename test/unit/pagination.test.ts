import { DomainError } from '../../src/core/errors';
import { INTEGER_KEY, decodeCursor, encodeCursor, toConnection } from '../../src/core/pagination';

describe('cursors', () => {
  it('round-trips a key', () => expect(decodeCursor('task', encodeCursor('task', 42))).toBe('42'));

  it.each([
    ['garbage', 'not base64 of anything'],
    ['another list', encodeCursor('commune', '52001')],
    ['an empty key', encodeCursor('task', '')],
  ])('rejects %s with BAD_USER_INPUT', (_label, cursor) => {
    let error: unknown;
    try {
      decodeCursor('task', cursor);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['42', true],
    ['1', true],
    ['0', false],
    ['-3', false],
    ['1e3', false],
    ['007', false],
    ['abc', false],
  ])('with an integer key shape, reads key "%s": %s', (key, accepted) => {
    const decode = () => decodeCursor('task', encodeCursor('task', key), INTEGER_KEY);
    if (accepted) {
      expect(decode()).toBe(key);
    } else {
      expect(decode).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'after' } }),
      );
    }
  });
});

describe('toConnection', () => {
  const rows = [1, 2, 3];
  const cursorOf = (n: number) => `c${n}`;
  it('marks a next page when one extra row was fetched', () => {
    const page = toConnection(rows, { first: 2 }, 10, cursorOf);
    expect(page.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: 'c1',
      endCursor: 'c2',
    });
  });
  it('gives an empty page for first = 0 with the total still counted', () => {
    const page = toConnection(rows, { first: 0 }, 10, cursorOf);
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBe(10);
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});
