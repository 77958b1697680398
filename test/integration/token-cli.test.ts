import { authenticate } from '../../src/modules/api-token/api-token.service';
import { Role } from '../../src/core/viewer';
import { runCchc } from '../utils/cchc';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

// Each test starts several cchc processes (ts-node compiles the CLI each time): on CI's two busy
// cores that outlasts jest's default of 60 s, which is a ceiling, not a timing check.
jest.setTimeout(240_000);

describe('cchc token', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
  });
  afterAll(() => db?.drop());

  /** Runs the cchc command as a person would, on this test's database. */
  const cchc = (...args: string[]) => runCchc(db.name, args);

  it('creates a token, printed once on stdout with a warning on stderr; lists without secrets; revokes it', async () => {
    const [analyst, officer] = await Promise.all([
      cchc(
        'token',
        'create',
        '--role',
        'PROVINCE_ANALYST',
        '--province',
        '52',
        '--name',
        'dashboard-gia-lai',
      ),
      cchc(
        'token',
        'create',
        '--role',
        'commune_officer',
        '--commune',
        'to-tung',
        '--name',
        'to-tung-office',
      ),
    ]);
    expect(analyst).toMatchObject({ status: 0, stdout: expect.stringMatching(/^cchc_[\w-]{43}\n$/) });
    expect(analyst.stderr).toMatch(/shown only this once/);
    expect(analyst.stderr).toMatch(/PROVINCE_ANALYST, 52/);
    expect(officer.status).toBe(0);
    const analystToken = analyst.stdout.trim();
    expect(await authenticate(db.dataSource, analystToken)).toMatchObject({
      role: Role.PROVINCE_ANALYST,
      name: 'dashboard-gia-lai',
    });
    expect(await authenticate(db.dataSource, officer.stdout.trim())).toMatchObject({
      role: Role.COMMUNE_OFFICER,
    });

    const list = await cchc('token', 'list');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+NAME\s+ROLE\s+SCOPE/);
    expect(list.stdout).toMatch(/dashboard-gia-lai\s+PROVINCE_ANALYST\s+province 52/);
    expect(list.stdout).toMatch(/to-tung-office\s+COMMUNE_OFFICER\s+commune to-tung/);
    expect(list.stdout).not.toMatch(/cchc_|[0-9a-f]{64}/);

    const [{ id: officerId }] = await db.dataSource.query(
      `SELECT id FROM api_token WHERE name = 'to-tung-office'`,
    );
    const [byName, byId] = await Promise.all([
      cchc('token', 'revoke', 'dashboard-gia-lai'),
      cchc('token', 'revoke', String(officerId)),
    ]);
    expect(byName).toMatchObject({ status: 0, stdout: '' });
    expect(byName.stderr).toMatch(/Revoked token \d+ "dashboard-gia-lai"/);
    expect(byId.stderr).toMatch(/Revoked token \d+ "to-tung-office"/);
    expect(await authenticate(db.dataSource, analystToken)).toBeNull();

    const [live, all] = await Promise.all([cchc('token', 'list'), cchc('token', 'list', '--all')]);
    expect(live.stdout).not.toMatch(/dashboard-gia-lai/);
    expect(all.stdout).toMatch(
      /dashboard-gia-lai\s+PROVINCE_ANALYST\s+province 52\s+\S+ \S+\s+\S+ \S+\s+\d{4}-/,
    );
  });

  it('exits 2 for a wrong argument (role, scope, name) and 1 for an unknown province, commune or token, with a clear message', async () => {
    const cases: [string[], number, RegExp][] = [
      [
        ['--role', 'SUPERUSER', '--name', 'x'],
        2,
        /--role must be one of ADMIN, PROVINCE_ANALYST, COMMUNE_OFFICER, EXPORT_JOB/,
      ],
      [['--role', 'ADMIN'], 2, /needs --name/],
      [['--role', 'PROVINCE_ANALYST', '--name', 'x'], 2, /PROVINCE_ANALYST needs --province/],
      [['--role', 'COMMUNE_OFFICER', '--name', 'x'], 2, /COMMUNE_OFFICER needs --commune/],
      [['--role', 'PROVINCE_ANALYST', '--province', '99', '--name', 'x'], 1, /Province "99" was not found/],
      [
        ['--role', 'COMMUNE_OFFICER', '--commune', 'atlantis', '--name', 'x'],
        1,
        /Commune "atlantis" was not found/,
      ],
      [['--role', 'ADMIN', '--commune', 'to-tung', '--name', 'x'], 2, /ADMIN takes neither/],
    ];
    const results = await Promise.all(cases.map(([args]) => cchc('token', 'create', ...args)));
    results.forEach((result, i) => {
      expect({ status: result.status, stdout: result.stdout }).toEqual({ status: cases[i][1], stdout: '' });
      expect(result.stderr).toMatch(cases[i][2]);
    });
    const [revokeUnknown, noSub] = await Promise.all([cchc('token', 'revoke', 'nope'), cchc('token')]);
    expect(revokeUnknown).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/Token "nope" was not found/),
    });
    expect(noSub).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/token needs create, revoke or list/),
    });
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM api_token WHERE name = 'x'`)).toEqual([
      { n: 0 },
    ]);
  });
});
