import { startGraphqlServer } from '../../src/app/server';
import { createToken, revokeToken } from '../../src/modules/api-token/api-token.service';
import { openSubscriptionCount } from '../../src/modules/live/live.hub';
import { Role } from '../../src/core/viewer';
import { freePeriods, httpGraphql, submitReport } from '../utils/live-fixtures';
import { subscribe } from '../utils/sse';
import type { Subscription } from '../utils/sse';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';
import { waitFor } from '../utils/wait';

const ADMIN_TOKEN = 'operator-secret-for-the-live-test-0123456789';
const REPORT_EVENTS = `subscription($p: String!) { reportEvents(provinceCode: $p) { kind reportId planId communeCode provinceCode period at } }`;
const ROW =
  'provinceCode communeCode areaCode period taskCount completedCount inProgressCount notStartedCount overdueCount indicatorsMet completionRate onTimeRate';
const ROLLUP_CHANGED = `subscription($p: String!, $period: String!) {
  provinceRollupChanged(provinceCode: $p, period: $period) {
    provinceCode period reason communeCode areas { ${ROW} } communeAreas { ${ROW} }
  }
}`;
const ROLLUP = `query($p: String!, $period: String!, $groupBy: [RollupDimension!]!) {
  rollup(periods: [$period], provinceCode: $p, groupBy: $groupBy) { ${ROW} }
}`;

describe('live updates over graphql-sse (issue #13)', () => {
  let db: TestDatabase;
  let server: { url: string; stop: () => Promise<void> };
  let stream: string;
  let graphql: ReturnType<typeof httpGraphql>;
  const tokens: Record<string, string> = {};
  let communeA: { id: number; code: string };
  let communeB: { id: number; code: string };
  let otherProvince: string;
  const open: Subscription[] = [];
  const logs: string[] = [];
  const sql = (text: string, params?: unknown[]) => db.dataSource.query(text, params);

  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    server = await startGraphqlServer({
      dataSource: db.dataSource,
      port: 0,
      isDevelopment: false,
      adminToken: ADMIN_TOKEN,
      log: (line) => logs.push(line),
    });
    stream = `${server.url}/stream`;
    graphql = httpGraphql(server.url);
    [communeA, communeB] = await sql(
      `SELECT c.id, c.code FROM commune c JOIN province p ON p.id = c.province_id
        WHERE p.code = '52' AND c.code ~ '^[0-9]+$'
          AND EXISTS (SELECT 1 FROM plan WHERE commune_id = c.id AND year = 2026)
        ORDER BY c.code LIMIT 2`,
    );
    [{ code: otherProvince }] = await sql(
      `SELECT code FROM province WHERE code <> '52' ORDER BY code LIMIT 1`,
    );
    const make = async (name: string, role: Role, scope: { provinceCode?: string; communeCode?: string }) =>
      (tokens[name] = (await createToken(db.dataSource, { role, name, ...scope })).token);
    tokens.admin = ADMIN_TOKEN;
    await make('analyst', Role.PROVINCE_ANALYST, { provinceCode: '52' });
    await make('otherAnalyst', Role.PROVINCE_ANALYST, { provinceCode: otherProvince });
    await make('officerA', Role.COMMUNE_OFFICER, { communeCode: communeA.code });
    await make('officerB', Role.COMMUNE_OFFICER, { communeCode: communeB.code });
    await make('exportJob', Role.EXPORT_JOB, {});
    await make('revoked', Role.PROVINCE_ANALYST, { provinceCode: '52' });
    await revokeToken(db.dataSource, 'revoked');
  });
  afterEach(() => {
    for (const subscription of open.splice(0)) subscription.close();
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  const liveConnections = async () =>
    Number(
      (
        await sql(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'cchc-hub live'`,
        )
      )[0].n,
    );
  const listen = async (token: string | null, query: string, variables: Record<string, unknown>) => {
    const subscription = await subscribe(stream, token, query, variables);
    open.push(subscription);
    return subscription;
  };
  /** The next result of a subscription, failing on GraphQL errors. */
  const nextData = async (subscription: Subscription) => {
    const result = await subscription.nextResult();
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  const periodsOf = { A: null as null | Awaited<ReturnType<typeof freePeriods>>, B: null as any };
  /** Submits a new report of commune A or B as its officer; its id. */
  const submitIn = async (which: 'A' | 'B') => {
    const commune = which === 'A' ? communeA : communeB;
    periodsOf[which] ??= await freePeriods(db.dataSource, commune.id, 2026);
    const free = periodsOf[which]!;
    const period = free.periods.shift()!;
    return { id: await submitReport(graphql, tokens[`officer${which}`], free, period), period };
  };

  it('answers 401 before streaming without a token, with an unknown token and with a revoked one', async () => {
    for (const token of [null, 'cchc_not-a-real-token', tokens.revoked]) {
      const refused = await subscribe(stream, token, REPORT_EVENTS, { p: '52' });
      expect(refused.status).toBe(401);
      expect(refused.body.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
      expect(refused.body.data).toBeUndefined();
    }
  });

  it('refuses a province outside the token’s scope exactly as Query.rollup does, and bad arguments as queries do', async () => {
    const asQuery = await graphql(tokens.otherAnalyst, ROLLUP, {
      p: '52',
      period: '2026',
      groupBy: ['AREA'],
    });
    expect(asQuery.errors!.map((e) => e.extensions.code)).toEqual(['NOT_FOUND']);
    for (const [query, variables] of [
      [REPORT_EVENTS, { p: '52' }],
      [ROLLUP_CHANGED, { p: '52', period: '2026' }],
    ] as const) {
      const refused = await listen(tokens.otherAnalyst, query, variables);
      expect(refused.status).toBe(200);
      const result = await refused.nextResult();
      expect(result.data ?? null).toBeNull();
      expect(result.errors!.map((e: any) => [e.extensions.code, e.message])).toEqual([
        ['NOT_FOUND', asQuery.errors![0].message],
      ]);
      expect((await refused.next()).event).toBe('complete');
    }
    // A province that does not exist reads the same.
    const missing = await listen(tokens.admin, REPORT_EVENTS, { p: 'no-such-province' });
    expect((await missing.nextResult()).errors!.map((e: any) => e.extensions.code)).toEqual(['NOT_FOUND']);
    // A period that is not one, or names several.
    for (const period of ['2026Q5', 'LAST_4_QUARTERS']) {
      const bad = await listen(tokens.analyst, ROLLUP_CHANGED, { p: '52', period });
      const { errors } = await bad.nextResult();
      expect(errors!.map((e: any) => [e.extensions.code, e.extensions.field])).toEqual([
        ['BAD_USER_INPUT', 'period'],
      ]);
    }
    // Text arguments pass the input guard as on /graphql.
    const nul = await listen(tokens.analyst, REPORT_EVENTS, { p: '5\u00002' });
    expect((await nul.nextResult()).errors!.map((e: any) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('applies the query limits of /graphql and serves only subscriptions', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: kind`).join(' ');
    const tooMany = await listen(
      tokens.analyst,
      `subscription { reportEvents(provinceCode: "52") { ${aliases} } }`,
      {},
    );
    const { errors } = await tooMany.nextResult();
    expect(errors!.map((e: any) => [e.extensions.code, e.extensions.limit])).toEqual([
      ['QUERY_TOO_COMPLEX', 'CCHC_MAX_ALIASES'],
    ]);
    const query = await subscribe(stream, tokens.analyst, '{ provinces { code } }');
    expect(query.status).toBe(400);
    expect(query.body.errors.map((e: any) => e.extensions.code)).toEqual(['BAD_REQUEST']);
    // A subscription sent to /graphql is told where to go.
    const misplaced = await graphql(tokens.analyst, REPORT_EVENTS, { p: '52' });
    expect(misplaced.errors!.map((e) => [e.extensions.code, e.message])).toEqual([
      ['BAD_USER_INPUT', expect.stringContaining('/graphql/stream')],
    ]);
    const unparsable = await subscribe(stream, tokens.analyst, 'subscription {');
    expect(unparsable.status).toBe(400);
    expect(unparsable.body.errors.map((e: any) => e.extensions.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('sends each report transition to whoever may read it: an officer its own commune only, an analyst its province, national tokens everything', async () => {
    const who = ['officerA', 'officerB', 'analyst', 'admin', 'exportJob'] as const;
    const subs = Object.fromEntries(
      await Promise.all(
        who.map(async (name) => [name, await listen(tokens[name], REPORT_EVENTS, { p: '52' })]),
      ),
    ) as Record<(typeof who)[number], Subscription>;
    const a1 = await submitIn('A');
    const b1 = await submitIn('B');
    const a2 = await submitIn('A');
    const idsOf = async (subscription: Subscription, count: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await nextData(subscription)).reportEvents.reportId);
      return ids;
    };
    // Order is commit order; an officer's stream skips the other commune's report.
    expect(await idsOf(subs.officerA, 2)).toEqual([a1.id, a2.id]);
    expect(await idsOf(subs.officerB, 1)).toEqual([b1.id]);
    for (const name of ['analyst', 'admin', 'exportJob'] as const) {
      expect(await idsOf(subs[name], 3)).toEqual([a1.id, b1.id, a2.id]);
    }
    // The payload names the report, its place and period, and when it moved.
    const b2 = await submitIn('B');
    const { reportEvents } = await nextData(subs.officerB);
    const [row] = await sql('SELECT plan_id, submitted_at FROM status_report WHERE id = $1', [Number(b2.id)]);
    expect(reportEvents).toEqual({
      kind: 'SUBMITTED',
      reportId: b2.id,
      planId: String(row.plan_id),
      communeCode: communeB.code,
      provinceCode: '52',
      period: b2.period,
      at: expect.any(String),
    });
    expect(Math.abs(Date.parse(reportEvents.at) - new Date(row.submitted_at).getTime())).toBeLessThan(60_000);

    // Approve, return, reopen: each its kind, to the analyst who did it too.
    const review = (mutation: string, id: string, version: number, extra = '') =>
      graphql(
        tokens.analyst,
        `mutation { ${mutation}(reportId: "${id}", version: ${version}${extra}) { version } }`,
      );
    let { version } = (await sql('SELECT version FROM status_report WHERE id = $1', [Number(b2.id)]))[0];
    version = (await review('approveReport', b2.id, version)).data!.approveReport.version;
    version = (await review('reopenReport', b2.id, version, ', reason: "Bổ sung số liệu"')).data!.reopenReport
      .version;
    const resubmitted = await graphql(
      tokens.officerB,
      `mutation { submitReport(reportId: "${b2.id}", version: ${version}) { version } }`,
    );
    await review(
      'returnReport',
      b2.id,
      resubmitted.data!.submitReport.version,
      ', reason: "Thiếu minh chứng"',
    );
    const kinds: string[] = [];
    for (let i = 0; i < 5; i++) kinds.push((await nextData(subs.analyst)).reportEvents.kind);
    expect(kinds.slice(1)).toEqual(['APPROVED', 'REOPENED', 'SUBMITTED', 'RETURNED']);
  });

  it('sends the province roll-up after a submission: the rows Query.rollup gives the same viewer after the commit', async () => {
    const analyst = await listen(tokens.analyst, ROLLUP_CHANGED, { p: '52', period: '2026' });
    const officer = await listen(tokens.officerA, ROLLUP_CHANGED, { p: '52', period: '2026' });
    const officerB = await listen(tokens.officerB, ROLLUP_CHANGED, { p: '52', period: '2026' });
    // A relative period, read in the province's time zone.
    const thisYear = await listen(tokens.analyst, ROLLUP_CHANGED, { p: '52', period: 'THIS_YEAR' });
    const before = await graphql(tokens.analyst, ROLLUP, {
      p: '52',
      period: '2026',
      groupBy: ['COMMUNE', 'AREA'],
    });
    const { id } = await submitIn('A');

    const expected = async (token: string) => ({
      areas: (await graphql(token, ROLLUP, { p: '52', period: '2026', groupBy: ['AREA'] })).data!.rollup,
      communeAreas: (await graphql(token, ROLLUP, { p: '52', period: '2026', groupBy: ['COMMUNE', 'AREA'] }))
        .data!.rollup,
    });
    const change = (await nextData(analyst)).provinceRollupChanged;
    expect(change).toEqual({
      provinceCode: '52',
      period: '2026',
      reason: 'REPORT_SUBMITTED',
      communeCode: communeA.code,
      ...(await expected(tokens.analyst)),
    });
    expect(change.communeAreas.length).toBe(before.data!.rollup.length);
    expect(change.communeAreas.length).toBeGreaterThan(7);
    // The officer reads the province's figures too (Query.rollup allows it), for its own commune's change.
    const officerChange = (await nextData(officer)).provinceRollupChanged;
    expect(officerChange).toEqual({ ...change, ...(await expected(tokens.officerA)) });
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(
      new Date(),
    );
    expect((await nextData(thisYear)).provinceRollupChanged.period).toBe(year);

    // A plan change: a task added to commune B's plan reaches its officer (and the analyst), with
    // the task counted.
    const plan = periodsOf.B ?? (await freePeriods(db.dataSource, communeB.id, 2026));
    const created = await graphql(
      tokens.officerB,
      `
        mutation ($input: CreateTaskInput!) {
          createTask(input: $input) {
            id
          }
        }
      `,
      {
        input: { planId: plan.planId, areaCode: 'PROCEDURES', name: 'Nhiệm vụ mới', timeText: 'Quý IV/2026' },
      },
    );
    expect(created.errors).toBeUndefined();
    const planChange = (await nextData(officerB)).provinceRollupChanged;
    expect(planChange).toMatchObject({ reason: 'PLAN_CHANGED', communeCode: communeB.code, period: '2026' });
    expect(planChange).toEqual({ ...planChange, ...(await expected(tokens.officerB)) });
    const analystNext = (await nextData(analyst)).provinceRollupChanged;
    expect(analystNext.reason).toBe('PLAN_CHANGED');
    const tasksOf = (rows: any[]) =>
      rows.filter((r) => r.communeCode === communeB.code).reduce((sum, r) => sum + r.taskCount, 0);
    expect(tasksOf(analystNext.communeAreas)).toBe(tasksOf(change.communeAreas) + 1);
    // Officer B never saw commune A's submission: its first event was the plan change.
    expect(id).toBeDefined();
  });

  it('sends nothing for a rolled-back transaction or a failed mutation', async () => {
    const events = await listen(tokens.admin, REPORT_EVENTS, { p: '52' });
    const rollups = await listen(tokens.admin, ROLLUP_CHANGED, { p: '52', period: '2026' });
    // A report transition and a task insert, rolled back.
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const [draft] = await runner.query(
      `SELECT r.id FROM status_report r JOIN plan p ON p.id = r.plan_id
      WHERE p.commune_id = $1 AND r.status IN ('DRAFT', 'RETURNED') LIMIT 1`,
      [communeA.id],
    );
    const [anySubmitted] =
      await runner.query(`SELECT r.id FROM status_report r JOIN plan p ON p.id = r.plan_id
      JOIN commune c ON c.id = p.commune_id JOIN province v ON v.id = c.province_id
      WHERE v.code = '52' AND r.status = 'SUBMITTED' AND p.year = 2026 LIMIT 1`);
    await runner.query(`UPDATE status_report SET status = 'APPROVED' WHERE id = $1`, [anySubmitted.id]);
    if (draft) await runner.query(`UPDATE status_report SET status = 'SUBMITTED' WHERE id = $1`, [draft.id]);
    await runner.query(
      `DELETE FROM task WHERE plan_id = (SELECT id FROM plan WHERE commune_id = $1 AND year = 2026)
      AND NOT EXISTS (SELECT 1 FROM task_progress tp WHERE tp.task_id = task.id)`,
      [communeA.id],
    );
    await runner.rollbackTransaction();
    await runner.release();
    // Mutations that fail: a stale version, and a report outside the token's scope.
    const [submitted] = await sql(`SELECT id, version FROM status_report WHERE id = $1`, [anySubmitted.id]);
    const stale = await graphql(
      tokens.analyst,
      `mutation { approveReport(reportId: "${submitted.id}", version: ${submitted.version + 7}) { id } }`,
    );
    expect(stale.errors!.map((e) => e.extensions.code)).toEqual(['CONFLICT']);
    const forbidden = await graphql(
      tokens.officerB,
      `mutation { approveReport(reportId: "${submitted.id}", version: ${submitted.version}) { id } }`,
    );
    expect(forbidden.errors!.map((e) => e.extensions.code)).toEqual(['NOT_FOUND']);

    // Then a committed submission: it is the first event of both streams.
    const { id } = await submitIn('A');
    const first = (await nextData(events)).reportEvents;
    expect([first.kind, first.reportId]).toEqual(['SUBMITTED', id]);
    const firstChange = (await nextData(rollups)).provinceRollupChanged;
    expect([firstChange.reason, firstChange.communeCode]).toEqual(['REPORT_SUBMITTED', communeA.code]);
  });

  it('sends one event for a transaction that writes many rows of a plan', async () => {
    const rollups = await listen(tokens.admin, ROLLUP_CHANGED, { p: '52', period: '2026' });
    const plan = periodsOf.A ?? (await freePeriods(db.dataSource, communeA.id, 2026));
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const [{ n }] = await runner.query(
      `WITH changed AS (UPDATE task SET note = coalesce(note, '') WHERE plan_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM changed`,
      [Number(plan.planId)],
    );
    expect(n).toBeGreaterThan(10);
    await runner.query(`UPDATE indicator SET note = coalesce(note, '') WHERE plan_id = $1`, [
      Number(plan.planId),
    ]);
    await runner.commitTransaction();
    await runner.release();
    // Then a submission as a marker: exactly one PLAN_CHANGED came before it.
    await submitIn('A');
    const reasons = [
      (await nextData(rollups)).provinceRollupChanged.reason,
      (await nextData(rollups)).provinceRollupChanged.reason,
    ];
    expect(reasons).toEqual(['PLAN_CHANGED', 'REPORT_SUBMITTED']);
  });

  it('reopens its LISTEN connection when it drops, logs it, and goes on delivering', async () => {
    expect(await liveConnections()).toBe(1);
    await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'cchc-hub live'`);
    await waitFor('the drop to be logged', async () =>
      logs.some((l) => /LISTEN connection (failed|closed)/.test(l)),
    );
    await waitFor('the LISTEN connection to be back', async () =>
      logs.some((l) => /LISTEN connection is back/.test(l)),
    );
    expect(await liveConnections()).toBe(1);
    const events = await listen(tokens.admin, REPORT_EVENTS, { p: '52' });
    const { id } = await submitIn('A');
    expect((await nextData(events)).reportEvents.reportId).toBe(id);
  });

  it('ends open subscriptions and closes its LISTEN connection when the server stops', async () => {
    const before = await liveConnections();
    // The streams the earlier tests closed are gone once the server has seen their connections end.
    await waitFor('earlier subscriptions to end', async () => openSubscriptionCount() === 0);
    const countBefore = 0;
    const second = await startGraphqlServer({
      dataSource: db.dataSource,
      port: 0,
      isDevelopment: false,
      adminToken: ADMIN_TOKEN,
    });
    await waitFor('the second LISTEN connection', async () => (await liveConnections()) === before + 1);
    const subs = await Promise.all(
      [0, 1, 2].map(() => subscribe(`${second.url}/stream`, ADMIN_TOKEN, REPORT_EVENTS, { p: '52' })),
    );
    expect(openSubscriptionCount()).toBe(countBefore + 3);
    await second.stop();
    for (const subscription of subs) {
      expect((await subscription.next()).event).toBe('complete');
      await subscription.ended;
    }
    expect(openSubscriptionCount()).toBe(countBefore);
    expect(await liveConnections()).toBe(before);
  });
});
