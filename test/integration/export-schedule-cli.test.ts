import { createToken } from '../../src/modules/api-token/api-token.service';
import { Role } from '../../src/core/viewer';
import { runCchc } from '../utils/cchc';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

describe('cchc schedule', () => {
  let db: TestDatabase;
  let job52: string;
  let analyst68: string;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    job52 = (
      await createToken(db.dataSource, { role: Role.EXPORT_JOB, name: 'nightly-52', provinceCode: '52' })
    ).token;
    analyst68 = (
      await createToken(db.dataSource, {
        role: Role.PROVINCE_ANALYST,
        name: 'analyst-68',
        provinceCode: '68',
      })
    ).token;
  });
  afterAll(() => db?.drop());

  const cchc = (args: string[]) => runCchc(db.name, args);

  it('adds a schedule as a token, lists it, refuses another province’s token and a bad cron, and cancels it', async () => {
    const added = await cchc([
      'schedule',
      'add',
      'rollup',
      '--province',
      '52',
      '--period',
      'LAST_QUARTER',
      '--group-by',
      'COMMUNE',
      '--format',
      'xlsx',
      '--cron',
      '0 6 1 * *',
      '--token',
      job52,
    ]);
    expect(added).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\d+\n$/) });
    expect(added.stderr).toMatch(/"0 6 1 \* \*" in Asia\/Ho_Chi_Minh; next run .* UTC, as nightly-52\./);
    const id = added.stdout.trim();
    const [stored] = await db.dataSource.query('SELECT * FROM export_schedule WHERE id = $1', [id]);
    expect(stored).toMatchObject({
      kind: 'ROLLUP',
      format: 'xlsx',
      cron: '0 6 1 * *',
      time_zone: 'Asia/Ho_Chi_Minh',
      requested_by: 'nightly-52',
      params: { province: '52', period: ['LAST_QUARTER'], groupBy: 'COMMUNE' },
    });
    // 06:00 on the 1st in UTC+7 is 23:00 UTC on the last day of the month before.
    expect(new Date(stored.next_run_at).getUTCHours()).toBe(23);

    const listed = await cchc(['schedule', 'list', '--token', job52]);
    expect(listed.status).toBe(0);
    const [header, row] = listed.stdout.trim().split('\n');
    expect(header.split(/\s{2,}/)).toEqual([
      'ID',
      'KIND',
      'FORMAT',
      'CRON',
      'TIME ZONE',
      'NEXT RUN (UTC)',
      'STATUS',
      'BY',
      'PARAMS',
    ]);
    expect(row).toMatch(
      new RegExp(`^${id}\\s+rollup\\s+xlsx\\s+0 6 1 \\* \\*\\s+Asia/Ho_Chi_Minh\\s+.*ACTIVE\\s+nightly-52`),
    );

    // Another province's analyst: as if it did not exist (exit 4); a bad cron is bad input (exit 2).
    const hidden = await cchc(['schedule', 'cancel', id, '--token', analyst68]);
    expect(hidden).toMatchObject({ status: 4, stderr: `Export schedule "${id}" was not found.\n` });
    const bad = await cchc(['schedule', 'add', 'rollup', '--period', '2025Q3', '--cron', 'every night']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/"every night" is not a schedule: write five fields/);

    const cancelled = await cchc(['schedule', 'cancel', id, '--token', job52]);
    expect(cancelled).toMatchObject({
      status: 0,
      stderr: expect.stringMatching(`Cancelled export schedule ${id}`),
    });
    const [after] = await db.dataSource.query(
      'SELECT status, cancelled_by FROM export_schedule WHERE id = $1',
      [id],
    );
    expect(after).toEqual({ status: 'CANCELLED', cancelled_by: 'nightly-52' });
  }, 120_000);
});
