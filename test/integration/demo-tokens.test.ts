import { authenticate } from '../../src/modules/api-token/api-token.service';
import { formatDemoTokens, issueDemoTokens } from '../../src/modules/api-token/demo-tokens';
import { Role } from '../../src/core/viewer';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

describe('demo tokens (npm start on the embedded database)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
  });
  afterAll(() => db?.drop());

  it('makes one token per role for Gia Lai and xã Tơ Tung, and revokes the previous ones on each start', async () => {
    const first = await issueDemoTokens(db.dataSource);
    expect(first.map((t) => [t.name, t.role])).toEqual([
      ['demo-admin', Role.ADMIN],
      ['demo-analyst', Role.PROVINCE_ANALYST],
      ['demo-officer', Role.COMMUNE_OFFICER],
      ['demo-export', Role.EXPORT_JOB],
    ]);
    const [{ gialai, toTung }] = await db.dataSource.query(
      `SELECT p.id AS gialai, c.id AS "toTung" FROM province p JOIN commune c ON c.province_id = p.id
        WHERE p.code = '52' AND c.code = 'to-tung'`,
    );
    const viewers = await Promise.all(first.map((t) => authenticate(db.dataSource, t.token)));
    expect(viewers.map((v) => [v!.provinceId, v!.communeId])).toEqual([
      [null, null],
      [gialai, null],
      [gialai, toTung],
      [null, null],
    ]);

    const second = await issueDemoTokens(db.dataSource);
    for (const { token } of first) expect(await authenticate(db.dataSource, token)).toBeNull();
    for (const { token } of second) expect(await authenticate(db.dataSource, token)).not.toBeNull();
    const [{ live }] = await db.dataSource.query(
      `SELECT count(*)::int AS live FROM api_token WHERE name LIKE 'demo-%' AND revoked_at IS NULL`,
    );
    expect(live).toBe(4);

    const printed = formatDemoTokens(second);
    expect(printed).toMatch(/DEMO TOKENS: for trying the API on this embedded demo database only/);
    expect(printed).toMatch(/Authorization: Bearer <token>/);
    for (const t of second) expect(printed).toContain(`${t.token}`);
    expect(printed).toMatch(/demo-officer\s+COMMUNE_OFFICER\s+xã Tơ Tung \(to-tung\)\s+cchc_/);
  });

  it('skips the tokens whose province or commune the database does not have', async () => {
    const empty = await createTestDatabase('empty');
    try {
      const issued = await issueDemoTokens(empty.dataSource);
      expect(issued.map((t) => t.name)).toEqual(['demo-admin', 'demo-export']);
    } finally {
      await empty.drop();
    }
  });
});
