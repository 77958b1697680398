import fc from 'fast-check';
import { formatLsn, parseLsn } from '../../src/app/read-replica';
import { loadConfig } from '../../src/core/config';

/** DATABASE_READ_URL's settings and the WAL positions of X-Cchc-Lsn (docs/READ-REPLICA.md). */
describe('read replica settings and WAL positions', () => {
  it('DATABASE_READ_URL is off unless set; a read waits 500 ms for the replica by default', () => {
    expect(loadConfig({})).toMatchObject({ databaseReadUrl: undefined, replicaMaxWaitMs: 500 });
    expect(
      loadConfig({ DATABASE_READ_URL: 'postgres://r@replica/cchc', CCHC_REPLICA_MAX_WAIT_MS: '0' }),
    ).toMatchObject({ databaseReadUrl: 'postgres://r@replica/cchc', replicaMaxWaitMs: 0 });
    expect(() => loadConfig({ CCHC_REPLICA_MAX_WAIT_MS: '1s' })).toThrow(/CCHC_REPLICA_MAX_WAIT_MS must be/);
  });

  it("reads PostgreSQL's pg_lsn text: two hexadecimal halves of a 64-bit position", () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n);
    expect(parseLsn(' 0/16b3748 ')).toBe(0x16b3748n);
    expect(parseLsn('FFFFFFFF/FFFFFFFF')).toBe(2n ** 64n - 1n);
    for (const bad of [
      '',
      '0',
      '0/',
      '/1',
      '1/2/3',
      'G/0',
      '100000000/0',
      '0/-1',
      'yesterday',
      null,
      undefined,
    ]) {
      expect(parseLsn(bad)).toBeNull();
    }
  });

  it('formats a position so that it reads back the same, and orders as the numbers do', () => {
    const position = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    fc.assert(
      fc.property(position, position, (a, b) => {
        expect(parseLsn(formatLsn(a))).toBe(a);
        expect(formatLsn(a)).toMatch(/^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/);
        // What the replica compares: the parsed text, never the text itself ("A/0" > "10/0" as text).
        expect(parseLsn(formatLsn(a))! < parseLsn(formatLsn(b))!).toBe(a < b);
      }),
    );
  });
});
