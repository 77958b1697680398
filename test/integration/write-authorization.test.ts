import { useSeededGraphql } from '../utils/seeded-graphql';
import { codesOf, writeFixture } from '../utils/write-fixtures';
import type { Cast, WriteFixture } from '../utils/write-fixtures';

type Who = keyof Cast;
const EVERYONE: Who[] = ['admin', 'analyst', 'otherAnalyst', 'officer', 'otherOfficer', 'exportJob'];
const EDITORS: Who[] = ['admin', 'officer'];
const REVIEWERS: Who[] = ['admin', 'analyst'];
/**
 * Refused callers who may not even read the target get NOT_FOUND, worded as for a missing record
 * (its existence must not leak); the others get FORBIDDEN. Who cannot read the commune's plans,
 * tasks and reports: the analyst of another province, and the officer of another commune. Who
 * cannot see the commune or province 52 itself (createPlan, importPlan, auditLog): the analyst of
 * another province only.
 */
const CANNOT_READ_PLANS: Who[] = ['otherAnalyst', 'otherOfficer'];
const CANNOT_SEE_PLACE: Who[] = ['otherAnalyst'];
/** National data (the indicator catalogue): nothing to hide, every refusal is FORBIDDEN. */
const NATIONAL_CASES = new Set(['upsertIndicatorCatalogEntry', 'updateIndicatorCatalogEntry']);
let catalogCodes = 0;
const PLACE_CASES = new Set([
  'createPlan (commune)',
  "createPlan (a province's own)",
  'importPlan',
  'auditLog of province 52 (query)',
]);

interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * Each mutation × each kind of caller, on a commune of province 52: the callers in `allowed`
 * succeed, every other one gets FORBIDDEN (or NOT_FOUND, outside its scope) and changes nothing. Each case gets its own fresh target
 * (plan, task, report in the right state), prepared by the operator.
 */
describe('who may write what (policy: canEditOwner, canReview, canReadAudit)', () => {
  const client = useSeededGraphql();
  let fx: WriteFixture;
  let year = 2040;
  let taskPlan: { id: string; year: number };
  const periodPool: { planId: string; taskId: string; period: string }[] = [];
  const sql = (text: string, params?: unknown[]) => client.db().dataSource.query(text, params);

  beforeAll(async () => {
    fx = await writeFixture(client.db().dataSource);
    taskPlan = await plan();
  });

  const run = (query: string, variables: Record<string, unknown> = {}) => client.data(query, variables);
  async function plan(): Promise<{ id: string; year: number }> {
    const { createPlan } = await run(
      `mutation($input: CreatePlanInput!) { createPlan(input: $input) { id year } }`,
      { input: { communeCode: fx.commune.code, year: year++, title: 'Kế hoạch thử quyền' } },
    );
    return createPlan;
  }
  const task = async (planId = taskPlan.id) =>
    (
      await run(`mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`, {
        input: { planId, areaCode: 'DIRECTION', name: 'Nhiệm vụ', timeText: 'Thường xuyên' },
      })
    ).createTask.id as string;
  const indicator = async () =>
    (
      await run(`mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { id } }`, {
        input: { planId: taskPlan.id, areaCode: 'DIRECTION', name: 'Tỷ lệ', targetText: 'đạt tối thiểu 80%' },
      })
    ).createIndicator.id as string;
  /** A fresh period of some plan of the commune, with one task to report on. */
  async function freshPeriod() {
    if (!periodPool.length) {
      const p = await plan();
      const taskId = await task(p.id);
      const months = Array.from({ length: 12 }, (_, i) => `${p.year}-${String(i + 1).padStart(2, '0')}`);
      for (const period of [
        String(p.year),
        `${p.year}Q1`,
        `${p.year}Q2`,
        `${p.year}Q3`,
        `${p.year}Q4`,
        ...months,
      ]) {
        periodPool.push({ planId: p.id, taskId, period });
      }
    }
    return periodPool.pop()!;
  }
  async function report(
    state: 'DRAFT' | 'SUBMITTED' | 'APPROVED',
  ): Promise<{ reportId: string; version: number }> {
    const { planId, taskId, period } = await freshPeriod();
    const { saveReportDraft } = await run(
      `mutation($planId: ID!, $period: String!, $taskProgress: [TaskProgressInput!]) {
        saveReportDraft(planId: $planId, period: $period, taskProgress: $taskProgress) { report { id } } }`,
      { planId, period, taskProgress: [{ taskId, status: 'IN_PROGRESS', percent: 30 }] },
    );
    const reportId = saveReportDraft.report.id;
    if (state === 'DRAFT') return { reportId, version: 1 };
    await run(`mutation($id: ID!) { submitReport(reportId: $id, version: 1) { id } }`, { id: reportId });
    if (state === 'SUBMITTED') return { reportId, version: 2 };
    await run(`mutation($id: ID!) { approveReport(reportId: $id, version: 2) { id } }`, { id: reportId });
    return { reportId, version: 3 };
  }

  const cases: [string, Who[], () => Promise<Operation>][] = [
    [
      'createPlan (commune)',
      EDITORS,
      async () => ({
        query: `mutation($input: CreatePlanInput!) { createPlan(input: $input) { id } }`,
        variables: { input: { communeCode: fx.commune.code, year: year++, title: 'KH' } },
      }),
    ],
    [
      "createPlan (a province's own)",
      ['admin'],
      async () => ({
        query: `mutation($input: CreatePlanInput!) { createPlan(input: $input) { id } }`,
        variables: { input: { provinceCode: '52', year: year++, title: 'KH tỉnh' } },
      }),
    ],
    [
      'updatePlan',
      EDITORS,
      async () => ({
        query: `mutation($id: ID!) { updatePlan(id: $id, version: 1, input: { title: "Mới" }) { id } }`,
        variables: { id: (await plan()).id },
      }),
    ],
    [
      'deletePlan',
      EDITORS,
      async () => ({
        query: `mutation($id: ID!) { deletePlan(id: $id, version: 1) }`,
        variables: { id: (await plan()).id },
      }),
    ],
    [
      'importPlan',
      EDITORS,
      async () => ({
        query: `mutation($input: ImportPlanInput!) { importPlan(input: $input) { id } }`,
        variables: {
          input: {
            communeCode: fx.commune.code,
            year: year++,
            csv: 'STT,Nhiệm vụ,Thời gian\nI Cải cách thể chế,,\n1,Rà soát văn bản,Thường xuyên\n',
          },
        },
      }),
    ],
    [
      'createTask',
      EDITORS,
      async () => ({
        query: `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`,
        variables: { input: { planId: taskPlan.id, areaCode: 'DIRECTION', name: 'Mới' } },
      }),
    ],
    [
      'updateTask',
      EDITORS,
      async () => ({
        query: `mutation($id: ID!) { updateTask(id: $id, version: 1, input: { timeText: "Quý II/2040" }) { id } }`,
        variables: { id: await task() },
      }),
    ],
    [
      'deleteTask',
      EDITORS,
      async () => ({
        query: `mutation($id: ID!) { deleteTask(id: $id, version: 1) }`,
        variables: { id: await task() },
      }),
    ],
    [
      'createIndicator',
      EDITORS,
      async () => ({
        query: `mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { id } }`,
        variables: {
          input: { planId: taskPlan.id, areaCode: 'DIRECTION', name: 'x', targetText: 'trên 85%' },
        },
      }),
    ],
    [
      'updateIndicator',
      EDITORS,
      async () => ({
        query: `mutation($id: ID!) { updateIndicator(id: $id, version: 1, input: { targetText: "trên 90%" }) { id } }`,
        variables: { id: await indicator() },
      }),
    ],
    [
      'deleteIndicator',
      EDITORS,
      async () => ({
        query: `mutation($id: ID!) { deleteIndicator(id: $id, version: 1) }`,
        variables: { id: await indicator() },
      }),
    ],
    [
      'saveReportDraft',
      EDITORS,
      async () => {
        const { planId, taskId, period } = await freshPeriod();
        return {
          query: `mutation($planId: ID!, $period: String!, $taskId: ID!) {
            saveReportDraft(planId: $planId, period: $period, taskProgress: [{ taskId: $taskId, status: IN_PROGRESS, percent: 10 }]) { reportCreated } }`,
          variables: { planId, period, taskId },
        };
      },
    ],
    [
      'submitReport',
      EDITORS,
      async () => ({
        query: `mutation($reportId: ID!, $version: Int!) { submitReport(reportId: $reportId, version: $version) { id } }`,
        variables: await report('DRAFT'),
      }),
    ],
    [
      'approveReport',
      REVIEWERS,
      async () => ({
        query: `mutation($reportId: ID!, $version: Int!) { approveReport(reportId: $reportId, version: $version) { id } }`,
        variables: await report('SUBMITTED'),
      }),
    ],
    [
      'returnReport',
      REVIEWERS,
      async () => ({
        query: `mutation($reportId: ID!, $version: Int!) { returnReport(reportId: $reportId, version: $version, reason: "Sửa lại") { id } }`,
        variables: await report('SUBMITTED'),
      }),
    ],
    [
      'reopenReport',
      REVIEWERS,
      async () => ({
        query: `mutation($reportId: ID!, $version: Int!) { reopenReport(reportId: $reportId, version: $version, reason: "Sai") { id } }`,
        variables: await report('APPROVED'),
      }),
    ],
    [
      'setIndicatorClassification',
      EDITORS,
      async () => ({
        query: `mutation($id: ID!) { setIndicatorClassification(indicatorId: $id, catalogCode: "ONLINE_PAYMENT") { id } }`,
        variables: { id: await indicator() },
      }),
    ],
    [
      'linkProvinceIndicator',
      EDITORS,
      async () => ({
        query: `mutation($id: ID!) { linkProvinceIndicator(indicatorId: $id, provinceIndicatorId: null) { id } }`,
        variables: { id: await indicator() },
      }),
    ],
    [
      'upsertIndicatorCatalogEntry',
      ['admin'],
      async () => ({
        query: `mutation($input: IndicatorCatalogEntryInput!) { upsertIndicatorCatalogEntry(input: $input) { code } }`,
        variables: {
          input: {
            code: `TEST_ENTRY_${++catalogCodes}`,
            nameVi: 'Tỷ lệ thử',
            nameEn: 'Test',
            unit: 'PERCENT',
            direction: 'INCREASE',
            definition: 'A test entry.',
            phrases: ['chỉ tiêu thử nghiệm'],
          },
        },
      }),
    ],
    [
      'updateIndicatorCatalogEntry',
      ['admin'],
      async () => {
        const [{ version }] = await sql(`SELECT version FROM indicator_catalog WHERE code = 'ISO_9001'`);
        return {
          query: `mutation($version: Int!) { updateIndicatorCatalogEntry(code: "ISO_9001", version: $version, input: { nameEn: "ISO 9001" }) { code } }`,
          variables: { version },
        };
      },
    ],
    [
      'auditLog of province 52 (query)',
      REVIEWERS,
      async () => ({ query: `{ auditLog(provinceCode: "52", first: 1) { totalCount } }`, variables: {} }),
    ],
  ];

  const matrix = cases.flatMap(([name, allowed, prepare]) =>
    EVERYONE.map((who) => [name, who, allowed.includes(who), prepare] as const),
  );

  it.each(matrix)('%s as %s: allowed = %s', async (name, who, allowed, prepare) => {
    const { query, variables } = await prepare();
    const [{ count: before }] = await sql('SELECT count(*)::int AS count FROM audit_log');
    const result = await client.execute(query, variables, fx.cast[who]);
    if (allowed) {
      expect(codesOf(result)).toEqual([]);
    } else {
      const hidden =
        !NATIONAL_CASES.has(name) &&
        (PLACE_CASES.has(name) ? CANNOT_SEE_PLACE : CANNOT_READ_PLANS).includes(who);
      expect(codesOf(result)).toEqual([hidden ? 'NOT_FOUND' : 'FORBIDDEN']);
      expect(result.errors![0].message).toMatch(
        hidden
          ? /^(Plan|Task|Indicator|Report|Commune|Province) "[^"]+" was not found\.$/
          : /^Your token's role does not allow you to /,
      );
      const [{ count: after }] = await sql('SELECT count(*)::int AS count FROM audit_log');
      expect(after).toBe(before);
    }
  });

  it('answers a task outside the caller scope exactly like a task that does not exist', async () => {
    const taskId = await task();
    const [{ missing }] = await sql('SELECT max(id)::int + 1000 AS missing FROM task');
    const update = (id: string | number) =>
      client.execute(
        `mutation($id: ID!) { updateTask(id: $id, version: 1, input: { name: "x" }) { id } }`,
        { id: String(id) },
        fx.cast.otherOfficer,
      );
    const [hidden, absent] = await Promise.all([update(taskId), update(missing)]);
    expect(hidden.errors!.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['NOT_FOUND', `Task "${taskId}" was not found.`],
    ]);
    expect(absent.errors!.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['NOT_FOUND', `Task "${missing}" was not found.`],
    ]);
  });

  it('says in the message what was refused and for whom', async () => {
    const result = await client.execute(
      `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`,
      { input: { planId: taskPlan.id, areaCode: 'DIRECTION', name: 'x' } },
      fx.cast.analyst,
    );
    expect(result.errors![0].message).toBe(
      `Your token's role does not allow you to add tasks of the ${taskPlan.year} plan of commune ${fx.commune.code}.`,
    );
  });
});
