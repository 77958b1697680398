import fc from 'fast-check';
import { OPERATOR } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';
import { brokenInvariants } from '../utils/db-invariants';
import {
  cursorArb,
  floatArb,
  floatLiteralArb,
  idArb,
  InputCounter,
  intArb,
  mostly,
  nastyString,
  periodArb,
  PROPERTY_RUNS,
  PROPERTY_SEED,
  propertyParameters,
} from '../utils/property';
import { useSeededGraphql } from '../utils/seeded-graphql';
import { writeFixture } from '../utils/write-fixtures';
import type { WriteFixture } from '../utils/write-fixtures';

/** The only codes a call may end in: success, or an error the caller can act on. */
// QUERY_TOO_COMPLEX: a `first` far beyond any cap is priced before validation and refused (HTTP 400).
const ACCEPTABLE = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'QUERY_TOO_COMPLEX']);

const AREAS = [
  'APPARATUS',
  'CIVIL_SERVICE',
  'DIGITAL_GOVERNMENT',
  'DIRECTION',
  'INSTITUTIONS',
  'PROCEDURES',
  'PUBLIC_FINANCE',
];
const MEASURES = ['taskCount', 'completionRate', 'overdueCount', 'onTimeRate', 'indicatorsMet'];
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(null), fc.constant(undefined));

/**
 * Every mutation and every query argument, called through GraphQL with generated inputs (Unicode
 * edge cases, numbers at and beyond limits, malformed periods, cursors and ids) as each kind of
 * caller: each call succeeds or fails with BAD_USER_INPUT, NOT_FOUND, FORBIDDEN or CONFLICT, never
 * INTERNAL_SERVER_ERROR; afterwards the database keeps its invariants (test/utils/db-invariants.ts).
 * FC_SEED fixes the inputs (default a constant); CCHC_PROPERTY_RUNS sets the inputs per property.
 */
describe(`generated inputs through GraphQL (seed ${PROPERTY_SEED}, ${PROPERTY_RUNS} runs per property)`, () => {
  const client = useSeededGraphql();
  const counter = new InputCounter();
  let fx: WriteFixture;
  let roles: fc.Arbitrary<Viewer>;
  const ids = {
    plans: [] as string[],
    tasks: [] as string[],
    indicators: [] as string[],
    reports: [] as string[],
  };
  const cursors: string[] = [];
  const sql = (text: string, params?: unknown[]) => client.db().dataSource.query(text, params);
  const column = async (text: string, params?: unknown[]) =>
    ((await sql(text, params)) as { id: number }[]).map((r) => String(r.id));

  beforeAll(async () => {
    fx = await writeFixture(client.db().dataSource);
    const { admin, analyst, otherAnalyst, officer, otherOfficer, exportJob } = fx.cast;
    roles = fc.constantFrom(OPERATOR, admin, analyst, otherAnalyst, officer, otherOfficer, exportJob);
    const communes = [fx.commune.id, fx.otherCommune.id];
    ids.plans = await column('SELECT id FROM plan WHERE commune_id = ANY($1) ORDER BY id', [communes]);
    ids.tasks = await column('SELECT id FROM task WHERE plan_id = ANY($1::int[]) ORDER BY id LIMIT 20', [
      ids.plans,
    ]);
    ids.indicators = await column(
      'SELECT id FROM indicator WHERE plan_id = ANY($1::int[]) ORDER BY id LIMIT 20',
      [ids.plans],
    );
    ids.reports = await column(
      'SELECT id FROM status_report WHERE plan_id = ANY($1::int[]) ORDER BY id LIMIT 20',
      [ids.plans],
    );
    const page = await client.data(`{ communes(first: 2) { edges { cursor } } }`);
    cursors.push(...page.communes.edges.map((e: { cursor: string }) => e.cursor));
  });

  /** Runs one generated call and checks its outcome. */
  async function call(name: string, query: string, variables: Record<string, unknown>, viewer: Viewer) {
    counter.add(name);
    const result = await client.execute(query, variables, viewer);
    for (const error of result.errors ?? []) {
      const code = String(error.extensions?.code);
      if (!ACCEPTABLE.has(code)) {
        throw new Error(
          `${name} ended in ${code}: ${error.message}\nvariables: ${JSON.stringify(variables).slice(0, 500)}`,
        );
      }
    }
  }

  const check = async (offset: number, property: fc.IAsyncProperty<any>) => {
    await fc.assert(property, propertyParameters(offset));
  };

  const code = () =>
    mostly(fc.constantFrom(fx.commune.code, fx.otherCommune.code, '52', '01', 'to-tung', 'X24'));
  const plan = () => idArb(ids.plans);
  const task = () => idArb(ids.tasks);
  const indicator = () => idArb(ids.indicators);
  const report = () => idArb(ids.reports);
  const version = fc.oneof(fc.constantFrom(1, 2, 3), intArb);
  const text = (valid: string[]) => mostly(fc.constantFrom(...valid));
  const key = optional(nullable(mostly(fc.uuid())));

  describe('mutations', () => {
    it('createPlan', () =>
      check(
        1,
        fc.asyncProperty(
          roles,
          code(),
          intArb,
          text(['Kế hoạch CCHC']),
          optional(nullable(mostly(fc.constantFrom('2025-01-05', '0000-01-01', '2025-02-30', '1899-12-31')))),
          optional(nullable(nastyString)),
          (viewer, communeCode, year, title, issueDate, note) =>
            call(
              'createPlan',
              `mutation($input: CreatePlanInput!) { createPlan(input: $input) { id title } }`,
              {
                input: {
                  communeCode,
                  year: year % 3 === 0 ? 2040 + (Math.abs(year) % 60) : year,
                  title,
                  issueDate,
                  note,
                },
              },
              viewer,
            ),
        ),
      ));

    it('updatePlan', () =>
      check(
        2,
        fc.asyncProperty(
          roles,
          plan(),
          version,
          optional(nullable(nastyString)),
          optional(nullable(nastyString)),
          optional(nullable(mostly(fc.constantFrom('2025-03-01', '0000-01-01', '9999-12-31')))),
          (viewer, id, v, title, note, issueDate) =>
            call(
              'updatePlan',
              `mutation($id: ID!, $v: Int!, $input: UpdatePlanInput!) { updatePlan(id: $id, version: $v, input: $input) { id } }`,
              { id, v, input: { title, note, issueDate } },
              viewer,
            ),
        ),
      ));

    it('createTask', () =>
      check(
        3,
        fc.asyncProperty(
          roles,
          plan(),
          fc.constantFrom(...AREAS),
          text(['Nhiệm vụ mới']),
          optional(nullable(text(['Quý III/2025', 'Trước ngày 31/12/2025', 'Hằng tháng']))),
          optional(nullable(text(['50', 'Theo dự toán', '1e309', '99999999999999999']))),
          optional(nullable(task())),
          optional(nullable(nastyString)),
          (viewer, planId, areaCode, name, timeText, budgetText, beforeTaskId, note) =>
            call(
              'createTask',
              `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`,
              {
                input: {
                  planId,
                  areaCode,
                  name,
                  timeText,
                  budgetText,
                  beforeTaskId,
                  note,
                  ordinal: undefined,
                },
              },
              viewer,
            ),
        ),
      ));

    it('updateTask', () =>
      check(
        4,
        fc.asyncProperty(
          roles,
          task(),
          version,
          optional(nullable(nastyString)),
          optional(nullable(text(['Quý IV/2025', '31/02/2025']))),
          optional(nullable(text(['12,5', '-1', '1e400']))),
          optional(nullable(nastyString)),
          (viewer, id, v, name, timeText, budgetText, ordinal) =>
            call(
              'updateTask',
              `mutation($id: ID!, $v: Int!, $input: UpdateTaskInput!) { updateTask(id: $id, version: $v, input: $input) { id } }`,
              { id, v, input: { name, timeText, budgetText, ordinal } },
              viewer,
            ),
        ),
      ));

    it('createIndicator', () =>
      check(
        5,
        fc.asyncProperty(
          roles,
          plan(),
          fc.constantFrom(...AREAS),
          text(['Tỷ lệ hồ sơ']),
          text(['100% hồ sơ TTHC được số hóa', 'ít nhất có 03 sáng kiến', 'giảm tối thiểu 2,5%', '1e309%']),
          optional(nullable(task())),
          (viewer, planId, areaCode, name, targetText, taskId) =>
            call(
              'createIndicator',
              `mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { id } }`,
              { input: { planId, areaCode, name, targetText, taskId } },
              viewer,
            ),
        ),
      ));

    it('updateIndicator', () =>
      check(
        6,
        fc.asyncProperty(
          roles,
          indicator(),
          version,
          optional(nullable(nastyString)),
          optional(nullable(text(['90% hồ sơ', 'ít nhất 5 lớp']))),
          optional(nullable(task())),
          (viewer, id, v, name, targetText, taskId) =>
            call(
              'updateIndicator',
              `mutation($id: ID!, $v: Int!, $input: UpdateIndicatorInput!) { updateIndicator(id: $id, version: $v, input: $input) { id } }`,
              { id, v, input: { name, targetText, taskId } },
              viewer,
            ),
        ),
      ));

    it('deletePlan, deleteTask, deleteIndicator', () =>
      check(
        7,
        fc.asyncProperty(
          roles,
          fc.constantFrom('deletePlan', 'deleteTask', 'deleteIndicator'),
          fc.oneof(plan(), task(), indicator()),
          version,
          (viewer, mutation, id, v) =>
            call(
              mutation,
              `mutation($id: ID!, $v: Int!) { ${mutation}(id: $id, version: $v) }`,
              { id, v },
              viewer,
            ),
        ),
      ));

    it('importPlan', () =>
      check(
        8,
        fc.asyncProperty(
          roles,
          code(),
          intArb,
          fc.oneof(
            nastyString,
            fc.constantFrom(
              'STT,Nhiệm vụ\n1,"chưa đóng\n',
              'STT,Mục tiêu,Nhiệm vụ,Hoạt động,Kết quả/Sản phẩm,Chủ trì,Phối hợp,Thời gian,Kinh phí,Theo dõi\nI,CẢI CÁCH THỂ CHẾ\n1,,Rà soát văn bản,,,UBND xã,,Quý III/2025,10,\n',
              'a;b\n"x""y";z\n',
              '\u0000,\u0000\n',
            ),
          ),
          optional(nullable(nastyString)),
          (viewer, communeCode, year, csv, title) =>
            call(
              'importPlan',
              `mutation($input: ImportPlanInput!) { importPlan(input: $input) { id } }`,
              {
                input: {
                  communeCode,
                  year: year % 2 === 0 ? 2070 + (Math.abs(year) % 30) : year,
                  csv,
                  title,
                },
              },
              viewer,
            ),
        ),
      ));

    it('saveReportDraft (variables)', () =>
      check(
        9,
        fc.asyncProperty(
          roles,
          plan(),
          periodArb,
          fc.array(
            fc.record({
              taskId: task(),
              status: fc.constantFrom('NOT_STARTED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'),
              percent: intArb,
              note: optional(nullable(nastyString)),
              version: optional(nullable(version)),
            }),
            { maxLength: 3 },
          ),
          fc.array(
            fc.record({
              indicatorId: indicator(),
              actualValue: nullable(floatArb),
              unit: optional(nullable(fc.constantFrom('COUNT', 'PERCENT'))),
              note: optional(nullable(nastyString)),
              version: optional(nullable(version)),
            }),
            { maxLength: 3 },
          ),
          key,
          (viewer, planId, period, taskProgress, indicatorValues, idempotencyKey) =>
            call(
              'saveReportDraft',
              `mutation($planId: ID!, $period: String!, $tp: [TaskProgressInput!], $iv: [IndicatorValueInput!], $key: String) {
          saveReportDraft(planId: $planId, period: $period, taskProgress: $tp, indicatorValues: $iv, idempotencyKey: $key) { report { id version } } }`,
              { planId, period, tp: taskProgress, iv: indicatorValues, key: idempotencyKey },
              viewer,
            ),
        ),
      ));

    it('saveReportDraft (Float literals in the query text)', () =>
      check(
        10,
        fc.asyncProperty(
          roles,
          fc.constantFrom(...ids.indicators.slice(0, 5)),
          floatLiteralArb,
          (viewer, indicatorId, literal) =>
            call(
              'saveReportDraft literal',
              `mutation($planId: ID!) { saveReportDraft(planId: $planId, period: "2025-11", indicatorValues: [{ indicatorId: "${indicatorId}", actualValue: ${literal} }]) { report { id } } }`,
              { planId: ids.plans[0] },
              viewer,
            ),
        ),
      ));

    it('submitReport, approveReport, returnReport, reopenReport', () =>
      check(
        11,
        fc.asyncProperty(
          roles,
          fc.constantFrom('submitReport', 'approveReport', 'returnReport', 'reopenReport'),
          report(),
          version,
          key,
          text(['Thiếu số liệu quý III']),
          fc.constantFrom('RETURNED', 'DRAFT'),
          (viewer, mutation, reportId, v, idempotencyKey, reason, to) => {
            const extra =
              mutation === 'returnReport'
                ? ', reason: $reason'
                : mutation === 'reopenReport'
                  ? ', reason: $reason, to: $to'
                  : '';
            const decl =
              mutation === 'returnReport'
                ? ', $reason: String!'
                : mutation === 'reopenReport'
                  ? ', $reason: String!, $to: ReopenTarget!'
                  : '';
            const variables: Record<string, unknown> = { reportId, v, key: idempotencyKey };
            if (extra) variables.reason = reason;
            if (mutation === 'reopenReport') variables.to = to;
            return call(
              mutation,
              `mutation($reportId: ID!, $v: Int!, $key: String${decl}) { ${mutation}(reportId: $reportId, version: $v, idempotencyKey: $key${extra}) { id status } }`,
              variables,
              viewer,
            );
          },
        ),
      ));
  });

  describe('queries', () => {
    it('communes, commune and its fields', () =>
      check(
        21,
        fc.asyncProperty(
          roles,
          optional(nullable(nastyString)),
          optional(nullable(code())),
          intArb,
          cursorArb(cursors),
          code(),
          intArb,
          periodArb,
          async (viewer, search, provinceCode, first, after, communeCode, year, period) => {
            await Promise.all([
              call(
                'Query.communes',
                `query($search: String, $p: String, $first: Int!, $after: String) { communes(search: $search, provinceCode: $p, first: $first, after: $after) { totalCount edges { cursor node { code } } } }`,
                { search, p: provinceCode, first, after },
                viewer,
              ),
              call(
                'Query.commune',
                `query($code: String!, $year: Int!, $period: String!) { commune(code: $code) { code plan(year: $year) { id } plans(year: $year) { id } rollup(period: $period) { total { taskCount completionRate } } } }`,
                { code: communeCode, year, period },
                viewer,
              ),
            ]);
          },
        ),
      ));

    it('province and its fields', () =>
      check(
        22,
        fc.asyncProperty(
          roles,
          code(),
          intArb,
          cursorArb(cursors),
          optional(nullable(nastyString)),
          periodArb,
          intArb,
          optional(nullable(fc.constantFrom(...AREAS))),
          (viewer, provinceCode, first, after, search, period, year, areaCode) =>
            call(
              'Query.province',
              `query($code: String!, $first: Int!, $after: String, $search: String, $period: String!, $year: Int!, $area: ReformAreaCode) {
          province(code: $code) { code
            communes(first: $first, after: $after, search: $search) { totalCount }
            communeRanking(period: $period, first: $first, areaCode: $area) { communeCode }
            overdueTasks(period: $period, first: $first, after: $after, areaCode: $area) { totalCount }
            plan(year: $year) { id } reporting(period: $period) { expected rate } rollup(period: $period) { total { taskCount } } } }`,
              { code: provinceCode, first, after, search, period, year, area: areaCode },
              viewer,
            ),
        ),
      ));

    it('plan and its fields', () =>
      check(
        23,
        fc.asyncProperty(
          roles,
          plan(),
          intArb,
          cursorArb(cursors),
          periodArb,
          optional(nullable(fc.constantFrom(...AREAS))),
          (viewer, id, first, after, period, areaCode) =>
            call(
              'Query.plan',
              `query($id: ID!, $first: Int!, $after: String, $period: String!, $area: ReformAreaCode) {
          plan(id: $id) { id tasks(first: $first, after: $after, areaCode: $area) { totalCount edges { node { id progress(period: $period) { percent } } } }
            indicators(areaCode: $area) { id value(period: $period) { actualValue } } rollup(period: $period) { total { taskCount } } } }`,
              { id, first, after, period, area: areaCode },
              viewer,
            ),
        ),
      ));

    it('rollup', () =>
      check(
        24,
        fc.asyncProperty(
          roles,
          fc.array(periodArb, { maxLength: 4 }),
          optional(nullable(code())),
          optional(nullable(code())),
          fc.subarray(['PROVINCE', 'COMMUNE', 'AREA', 'PERIOD']),
          fc.array(
            fc.record({
              measure: fc.constantFrom(...MEASURES),
              op: fc.constantFrom('EQ', 'GT', 'GTE', 'LT', 'LTE'),
              value: floatArb,
            }),
            { maxLength: 3 },
          ),
          fc.array(
            fc.record({ measure: fc.constantFrom(...MEASURES), direction: fc.constantFrom('ASC', 'DESC') }),
            { maxLength: 2 },
          ),
          optional(nullable(intArb)),
          fc.boolean(),
          (viewer, periods, provinceCode, communeCode, groupBy, having, orderBy, first, approvedOnly) =>
            call(
              'Query.rollup',
              `query($periods: [String!]!, $p: String, $c: String, $g: [RollupDimension!]!, $h: [RollupFilterInput!]!, $o: [RollupOrderInput!]!, $first: Int, $a: Boolean!) {
          rollup(periods: $periods, provinceCode: $p, communeCode: $c, groupBy: $g, having: $h, orderBy: $o, first: $first, approvedOnly: $a) { taskCount completionRate } }`,
              {
                periods,
                p: provinceCode,
                c: communeCode,
                g: groupBy,
                h: having,
                o: orderBy,
                first,
                a: approvedOnly,
              },
              viewer,
            ),
        ),
      ));

    it('auditLog', () =>
      check(
        25,
        fc.asyncProperty(
          roles,
          optional(nullable(code())),
          optional(
            nullable(
              fc.constantFrom(
                'PLAN',
                'TASK',
                'INDICATOR',
                'STATUS_REPORT',
                'TASK_PROGRESS',
                'INDICATOR_VALUE',
              ),
            ),
          ),
          optional(nullable(plan())),
          optional(nullable(plan())),
          intArb,
          cursorArb(cursors),
          (viewer, provinceCode, entity, entityId, planId, first, after) =>
            call(
              'Query.auditLog',
              `query($p: String, $e: AuditEntity, $eid: ID, $plan: ID, $first: Int!, $after: String) {
          auditLog(provinceCode: $p, entity: $e, entityId: $eid, planId: $plan, first: $first, after: $after) { totalCount } }`,
              { p: provinceCode, e: entity, eid: entityId, plan: planId, first, after },
              viewer,
            ),
        ),
      ));

    it('provinces, reformAreas, viewer', () =>
      check(
        26,
        fc.asyncProperty(roles, (viewer) =>
          call(
            'Query (no arguments)',
            `{ provinces { code } reformAreas { code } viewer { role } }`,
            {},
            viewer,
          ),
        ),
      ));
  });

  it('the database keeps its invariants after all of it', async () => {
    expect(await brokenInvariants(client.db().dataSource)).toEqual({});
    const writes = await sql(`SELECT count(*)::int AS n FROM audit_log WHERE at > now() - interval '1 hour'`);
    // The summary line the issue's closing note quotes.
    console.log(
      `Property tests (seed ${PROPERTY_SEED}, ${PROPERTY_RUNS} runs per property): ${counter.total} generated inputs tried, ${writes[0].n} audited writes made. ${counter.summary()}`,
    );
    expect(counter.total).toBeGreaterThan(0);
  });
});
