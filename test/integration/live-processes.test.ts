import { createToken } from '../../src/modules/api-token/api-token.service';
import { Role } from '../../src/core/viewer';
import { MainProcess } from '../utils/embedded-cluster';
import { freePeriods, httpGraphql, submitReport } from '../utils/live-fixtures';
import { subscribe } from '../utils/sse';
import { createTestDatabase, databaseUrl } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

const ADMIN_TOKEN = 'operator-secret-for-the-live-processes-test-0123';

/**
 * Two `npm start` processes on one database, as behind a load balancer: a report submitted
 * through process A reaches a subscriber of process B (NOTIFY goes to every listening connection).
 */
describe('live updates across two server processes', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('delivers a submission made through process A to a subscriber of process B, and both stop cleanly', async () => {
    const [commune] = await db.dataSource.query(
      `SELECT c.id, c.code FROM commune c JOIN province p ON p.id = c.province_id
        WHERE p.code = '52' AND c.code ~ '^[0-9]+$'
          AND EXISTS (SELECT 1 FROM plan WHERE commune_id = c.id AND year = 2026)
        ORDER BY c.code LIMIT 1`,
    );
    const { token: officer } = await createToken(db.dataSource, {
      role: Role.COMMUNE_OFFICER,
      name: 'officer',
      communeCode: commune.code,
    });
    const plan = await freePeriods(db.dataSource, commune.id, 2026);
    const env = {
      DATABASE_URL: databaseUrl(db.name),
      NODE_ENV: 'test',
      CCHC_ADMIN_TOKEN: ADMIN_TOKEN,
      CCHC_EXPORT_WORKER: '0',
    };
    const servers = [new MainProcess(env), new MainProcess(env)];
    try {
      const [urlA, urlB] = await Promise.all(servers.map((server) => server.ready()));
      const onB = await subscribe(
        `${urlB}/stream`,
        ADMIN_TOKEN,
        `subscription { reportEvents(provinceCode: "52") { kind reportId communeCode } }`,
      );
      expect(onB.status).toBe(200);
      const reportId = await submitReport(httpGraphql(urlA), officer, plan, plan.periods[0]);
      expect((await onB.nextResult()).data).toEqual({
        reportEvents: { kind: 'SUBMITTED', reportId, communeCode: commune.code },
      });
      // SIGTERM on B with a subscriber still connected: the stream completes, the process exits 0.
      servers[1].child.kill('SIGTERM');
      expect((await onB.next()).event).toBe('complete');
      servers[0].child.kill('SIGTERM');
      expect(await Promise.all(servers.map((server) => server.exited))).toEqual([0, 0]);
    } finally {
      for (const server of servers) server.kill();
    }
  }, 180_000);
});
