import { createHash } from 'node:crypto';
import type { DomainError } from '../../src/core/errors';
import {
  authenticate,
  createToken,
  isAdminToken,
  listTokens,
  revokeToken,
} from '../../src/modules/api-token/api-token.service';
import { OPERATOR, Role } from '../../src/core/viewer';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return { code: (error as DomainError).code, message: (error as Error).message };
  }
  throw new Error('expected an error');
};

describe('API tokens', () => {
  let db: TestDatabase;
  let gialai: number;
  let toTung: { id: number; province_id: number };
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    [{ id: gialai }] = await db.dataSource.query(`SELECT id FROM province WHERE code = '52'`);
    [toTung] = await db.dataSource.query(`SELECT id, province_id FROM commune WHERE code = 'to-tung'`);
  });
  afterAll(() => db?.drop());

  it('makes a random token per role, stores only its SHA-256, and authenticates it with the scope', async () => {
    const made = await Promise.all([
      createToken(db.dataSource, { role: Role.ADMIN, name: 'ops' }),
      createToken(db.dataSource, { role: Role.PROVINCE_ANALYST, name: 'analyst', provinceCode: '52' }),
      createToken(db.dataSource, { role: Role.COMMUNE_OFFICER, name: 'officer', communeCode: 'to-tung' }),
      createToken(db.dataSource, { role: Role.EXPORT_JOB, name: 'export-52', provinceCode: '52' }),
      createToken(db.dataSource, { role: Role.EXPORT_JOB, name: 'export-all' }),
    ]);
    for (const { token } of made) expect(token).toMatch(/^cchc_[A-Za-z0-9_-]{43}$/);
    expect(new Set(made.map((m) => m.token)).size).toBe(made.length);

    const rows = await db.dataSource.query('SELECT * FROM api_token ORDER BY id');
    const stored = JSON.stringify(rows);
    for (const { token, info } of made) {
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(token.slice(5)); // nor the random part alone
      const row = rows.find((r: any) => r.id === info.id);
      expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    }

    const viewers = await Promise.all(made.map(({ token }) => authenticate(db.dataSource, token)));
    expect(viewers.map((v) => [v!.role, v!.name, v!.provinceId, v!.communeId])).toEqual([
      [Role.ADMIN, 'ops', null, null],
      [Role.PROVINCE_ANALYST, 'analyst', gialai, null],
      // The officer's province is read from its commune; the row stores none.
      [Role.COMMUNE_OFFICER, 'officer', toTung.province_id, toTung.id],
      [Role.EXPORT_JOB, 'export-52', gialai, null],
      [Role.EXPORT_JOB, 'export-all', null, null],
    ]);
    expect(viewers.map((v) => v!.tokenId)).toEqual(made.map((m) => m.info.id));
    expect(rows.find((r: any) => r.name === 'officer').province_id).toBeNull();
  });

  it('does not authenticate unknown, malformed or revoked tokens', async () => {
    const { token } = await createToken(db.dataSource, { role: Role.ADMIN, name: 'short-lived' });
    expect(await authenticate(db.dataSource, token)).not.toBeNull();
    expect(await authenticate(db.dataSource, `${token}x`)).toBeNull();
    expect(await authenticate(db.dataSource, 'cchc_' + 'A'.repeat(43))).toBeNull();
    expect(await authenticate(db.dataSource, '')).toBeNull();
    expect(await authenticate(db.dataSource, 'Bearer something')).toBeNull();

    const revoked = await revokeToken(db.dataSource, 'short-lived');
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticate(db.dataSource, token)).toBeNull();
    // Revoking again says so instead of succeeding silently; an unknown token is NOT_FOUND.
    expect(await codeOf(revokeToken(db.dataSource, String(revoked.id)))).toMatchObject({ code: 'CONFLICT' });
    expect(await codeOf(revokeToken(db.dataSource, 'no-such-token'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await codeOf(revokeToken(db.dataSource, '999999'))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('revokes by id, and a revoked name can be used again', async () => {
    const first = await createToken(db.dataSource, { role: Role.ADMIN, name: 'rotating' });
    expect(await codeOf(createToken(db.dataSource, { role: Role.ADMIN, name: 'rotating' }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already named "rotating"/),
    });
    await revokeToken(db.dataSource, String(first.info.id));
    const second = await createToken(db.dataSource, { role: Role.ADMIN, name: 'rotating' });
    expect(await authenticate(db.dataSource, first.token)).toBeNull();
    expect((await authenticate(db.dataSource, second.token))?.tokenId).toBe(second.info.id);

    const live = await listTokens(db.dataSource);
    expect(live.filter((t) => t.name === 'rotating').map((t) => t.id)).toEqual([second.info.id]);
    const all = await listTokens(db.dataSource, { includeRevoked: true });
    expect(all.filter((t) => t.name === 'rotating').map((t) => t.id)).toEqual([
      second.info.id,
      first.info.id,
    ]);
    expect(JSON.stringify(all)).not.toMatch(/cchc_|[0-9a-f]{64}/);
  });

  it.each([
    [{ role: Role.PROVINCE_ANALYST }, 'BAD_USER_INPUT', /PROVINCE_ANALYST needs --province/],
    [
      { role: Role.PROVINCE_ANALYST, provinceCode: '52', communeCode: 'to-tung' },
      'BAD_USER_INPUT',
      /no --commune/,
    ],
    [{ role: Role.COMMUNE_OFFICER, provinceCode: '52' }, 'BAD_USER_INPUT', /COMMUNE_OFFICER needs --commune/],
    [
      { role: Role.COMMUNE_OFFICER, communeCode: 'to-tung', provinceCode: '01' },
      'BAD_USER_INPUT',
      /not in province/,
    ],
    [{ role: Role.ADMIN, provinceCode: '52' }, 'BAD_USER_INPUT', /ADMIN takes neither/],
    [{ role: Role.EXPORT_JOB, communeCode: 'to-tung' }, 'BAD_USER_INPUT', /EXPORT_JOB takes --province/],
    [{ role: Role.PROVINCE_ANALYST, provinceCode: '99' }, 'NOT_FOUND', /Province "99"/],
    [{ role: Role.COMMUNE_OFFICER, communeCode: 'nowhere' }, 'NOT_FOUND', /Commune "nowhere"/],
  ])('refuses the scope %p with a clear message', async (request, code, message) => {
    expect(await codeOf(createToken(db.dataSource, { name: 'bad-scope', ...request }))).toEqual({
      code,
      message: expect.stringMatching(message),
    });
  });

  it('takes an officer with its own province, and refuses names that read as ids or are empty', async () => {
    const { info } = await createToken(db.dataSource, {
      role: Role.COMMUNE_OFFICER,
      name: 'officer-with-province',
      communeCode: 'to-tung',
      provinceCode: '52',
    });
    expect(info).toMatchObject({ communeCode: 'to-tung', provinceCode: null });
    expect(await codeOf(createToken(db.dataSource, { role: Role.ADMIN, name: '42' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await codeOf(createToken(db.dataSource, { role: Role.ADMIN, name: '  ' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });

  it('has the database refuse a scope that does not fit the role, and a token where a hash belongs', async () => {
    const insert = (role: string, provinceId: number | null, communeId: number | null, hash: string) =>
      db.dataSource.query(
        'INSERT INTO api_token (name, role, province_id, commune_id, token_hash) VALUES ($1, $2, $3, $4, $5)',
        [`raw-${Math.random()}`, role, provinceId, communeId, hash],
      );
    const hash = () => createHash('sha256').update(String(Math.random())).digest('hex');
    await expect(insert('PROVINCE_ANALYST', null, null, hash())).rejects.toThrow(/ck_api_token_scope/);
    await expect(insert('COMMUNE_OFFICER', gialai, toTung.id, hash())).rejects.toThrow(/ck_api_token_scope/);
    await expect(insert('ADMIN', gialai, null, hash())).rejects.toThrow(/ck_api_token_scope/);
    await expect(insert('EXPORT_JOB', null, toTung.id, hash())).rejects.toThrow(/ck_api_token_scope/);
    await expect(insert('SUPERUSER', null, null, hash())).rejects.toThrow(/ck_api_token_role/);
    await expect(insert('ADMIN', null, null, 'cchc_' + 'A'.repeat(43))).rejects.toThrow(
      /ck_api_token_token_hash/,
    );
    await expect(insert('EXPORT_JOB', null, null, hash())).resolves.toBeDefined();
  });

  it('records the last use, at most every few minutes', async () => {
    const { token, info } = await createToken(db.dataSource, { role: Role.ADMIN, name: 'used' });
    const lastUsed = async () =>
      (await db.dataSource.query('SELECT last_used_at FROM api_token WHERE id = $1', [info.id]))[0]
        .last_used_at;
    expect(await lastUsed()).toBeNull();
    await authenticate(db.dataSource, token);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await authenticate(db.dataSource, token);
    expect(await lastUsed()).toEqual(first);
    await db.dataSource.query(`UPDATE api_token SET last_used_at = now() - interval '1 hour' WHERE id = $1`, [
      info.id,
    ]);
    await authenticate(db.dataSource, token);
    expect((await lastUsed()).getTime()).toBeGreaterThan(first.getTime() - 1000);
  });

  it('accepts CCHC_ADMIN_TOKEN only when it is set and matches exactly', () => {
    const admin = 'an-operator-token-of-some-length';
    expect(isAdminToken(admin, admin)).toBe(true);
    expect(isAdminToken(`${admin} `, admin)).toBe(false);
    expect(isAdminToken(admin.slice(1), admin)).toBe(false);
    expect(isAdminToken(admin, undefined)).toBe(false);
    expect(isAdminToken('', undefined)).toBe(false);
    expect(OPERATOR.role).toBe(Role.ADMIN);
  });
});
