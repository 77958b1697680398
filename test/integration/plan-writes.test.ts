import { useSeededGraphql } from '../utils/seeded-graphql';
import { codesOf, writeFixture } from '../utils/write-fixtures';
import type { WriteFixture } from '../utils/write-fixtures';

const PLAN_FIELDS = 'id year title documentNumber issueDate note version';
const TASK_FIELDS = `id ordinal name timeText milestones { kind start due recurrence } dueOn budgetText budgetMillionVnd
  parseWarnings version area { code }`;
const INDICATOR_FIELDS = `id ordinal name targetText comparator targetValue targetMax unit unitNoun direction parseWarnings version statedIn
  task { id }`;

const CREATE_PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { ${PLAN_FIELDS} } }`;
const UPDATE_PLAN = `mutation($id: ID!, $version: Int!, $input: UpdatePlanInput!) { updatePlan(id: $id, version: $version, input: $input) { ${PLAN_FIELDS} } }`;
const DELETE_PLAN = `mutation($id: ID!, $version: Int!) { deletePlan(id: $id, version: $version) }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
const UPDATE_TASK = `mutation($id: ID!, $version: Int!, $input: UpdateTaskInput!) { updateTask(id: $id, version: $version, input: $input) { ${TASK_FIELDS} } }`;
const DELETE_TASK = `mutation($id: ID!, $version: Int!) { deleteTask(id: $id, version: $version) }`;
const CREATE_INDICATOR = `mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { ${INDICATOR_FIELDS} } }`;
const UPDATE_INDICATOR = `mutation($id: ID!, $version: Int!, $input: UpdateIndicatorInput!) { updateIndicator(id: $id, version: $version, input: $input) { ${INDICATOR_FIELDS} } }`;
const DELETE_INDICATOR = `mutation($id: ID!, $version: Int!) { deleteIndicator(id: $id, version: $version) }`;
const SAVE = `mutation($planId: ID!, $period: String!, $taskProgress: [TaskProgressInput!], $indicatorValues: [IndicatorValueInput!]) {
  saveReportDraft(planId: $planId, period: $period, taskProgress: $taskProgress, indicatorValues: $indicatorValues) { report { id version } }
}`;
const SUBMIT = `mutation($reportId: ID!, $version: Int!) { submitReport(reportId: $reportId, version: $version) { id status } }`;
const AUDIT = `query($entity: AuditEntity, $entityId: ID, $planId: ID) {
  auditLog(provinceCode: "52", entity: $entity, entityId: $entityId, planId: $planId, first: 500) {
    totalCount edges { node { entity entityId action actorName oldValues newValues changedFields } }
  }
}`;

describe('plan, task and indicator mutations (issue #5)', () => {
  const client = useSeededGraphql();
  let fx: WriteFixture;
  const sql = (text: string, params?: unknown[]) => client.db().dataSource.query(text, params);
  let year = 2030;
  const as = () => fx.cast.officer;

  beforeAll(async () => {
    fx = await writeFixture(client.db().dataSource);
  });

  const newPlan = async (extra: Record<string, unknown> = {}) =>
    (
      await client.data(
        CREATE_PLAN,
        { input: { communeCode: fx.commune.code, year: year++, title: 'Kế hoạch CCHC', ...extra } },
        as(),
      )
    ).createPlan;

  describe('plans', () => {
    it('creates, updates with versions, refuses stale versions and duplicates, deletes', async () => {
      const plan = await newPlan({ documentNumber: '72/KH-UBND', issueDate: '2030-01-05' });
      expect(plan).toMatchObject({
        title: 'Kế hoạch CCHC',
        documentNumber: '72/KH-UBND',
        issueDate: '2030-01-05',
        version: 1,
      });

      const updated = (
        await client.data(
          UPDATE_PLAN,
          { id: plan.id, version: 1, input: { title: 'Kế hoạch CCHC năm 2030', note: null } },
          as(),
        )
      ).updatePlan;
      expect(updated).toMatchObject({
        title: 'Kế hoạch CCHC năm 2030',
        documentNumber: '72/KH-UBND',
        version: 2,
      });

      const stale = await client.execute(
        UPDATE_PLAN,
        { id: plan.id, version: 1, input: { title: 'Khác' } },
        as(),
      );
      expect(codesOf(stale)).toEqual(['CONFLICT']);
      expect(stale.errors![0].message).toMatch(/Plan \d+ was changed by someone else .*version 1.*version 2/);
      expect((await sql('SELECT title, version FROM plan WHERE id = $1', [Number(plan.id)]))[0]).toEqual({
        title: 'Kế hoạch CCHC năm 2030',
        version: 2,
      });

      const cleared = await client.execute(
        UPDATE_PLAN,
        { id: plan.id, version: 2, input: { title: null } },
        as(),
      );
      expect(codesOf(cleared)).toEqual(['BAD_USER_INPUT']);
      expect(cleared.errors![0].extensions).toMatchObject({ field: 'input.title' });

      const duplicate = await client.execute(
        CREATE_PLAN,
        { input: { communeCode: fx.commune.code, year: plan.year, title: 'Lần nữa' } },
        as(),
      );
      expect(codesOf(duplicate)).toEqual(['CONFLICT']);
      expect(duplicate.errors![0].message).toContain(
        `already has a plan for ${plan.year} (plan id ${plan.id})`,
      );

      expect(codesOf(await client.execute(DELETE_PLAN, { id: plan.id, version: 1 }, as()))).toEqual([
        'CONFLICT',
      ]);
      expect((await client.data(DELETE_PLAN, { id: plan.id, version: 2 }, as())).deletePlan).toBe(plan.id);
      expect(await sql('SELECT id FROM plan WHERE id = $1', [Number(plan.id)])).toEqual([]);

      const { auditLog } = await client.data(AUDIT, { entity: 'PLAN', entityId: plan.id }, fx.cast.admin);
      expect(auditLog.edges.map((e: any) => e.node.action)).toEqual(['DELETE', 'UPDATE', 'CREATE']);
      expect(auditLog.edges[1].node.changedFields).toEqual(['title', 'version']);
      expect(auditLog.edges[0].node.oldValues).toMatchObject({ title: 'Kế hoạch CCHC năm 2030', version: 2 });
      expect(auditLog.edges[0].node.newValues).toBeNull();
    });

    it('validates the owner and the input', async () => {
      const both = await client.execute(
        CREATE_PLAN,
        { input: { communeCode: fx.commune.code, provinceCode: '52', year: 2099, title: 'x' } },
        fx.cast.admin,
      );
      expect(codesOf(both)).toEqual(['BAD_USER_INPUT']);
      expect(both.errors![0].extensions).toMatchObject({ field: 'input.communeCode' });
      const unknown = await client.execute(CREATE_PLAN, {
        input: { communeCode: 'nowhere', year: 2099, title: 'x' },
      });
      expect(codesOf(unknown)).toEqual(['NOT_FOUND']);
      const badYear = await client.execute(CREATE_PLAN, {
        input: { communeCode: fx.commune.code, year: 1999, title: 'x' },
      });
      expect(badYear.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.year' });
      const longTitle = await client.execute(CREATE_PLAN, {
        input: { communeCode: fx.commune.code, year: 2099, title: 'x'.repeat(1001) },
      });
      expect(longTitle.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
      const badId = await client.execute(UPDATE_PLAN, { id: '0', version: 1, input: {} });
      expect(badId.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(codesOf(await client.execute(UPDATE_PLAN, { id: '99999999', version: 1, input: {} }))).toEqual([
        'NOT_FOUND',
      ]);
    });

    it("creates a province's own plan (admin)", async () => {
      const { createPlan } = await client.data(CREATE_PLAN, {
        input: { provinceCode: '52', year: 2099, title: 'KH tỉnh' },
      });
      expect(createPlan).toMatchObject({ year: 2099, version: 1 });
      const owner = await client.data(
        `query($id: ID!) { plan(id: $id) { owner { ... on Province { code } } } }`,
        {
          id: createPlan.id,
        },
      );
      expect(owner.plan.owner).toEqual({ code: '52' });
    });
  });

  describe('tasks', () => {
    let plan: any;
    beforeAll(async () => {
      plan = await newPlan();
    });

    it('reads raw cells into parsed fields with the import parsers', async () => {
      const task = (
        await client.data(
          CREATE_TASK,
          {
            input: {
              planId: plan.id,
              areaCode: 'PROCEDURES',
              name: 'Số hóa hồ sơ, kết quả giải quyết TTHC',
              timeText: `Quý III/${plan.year}`,
              budgetText: '1.500',
            },
          },
          as(),
        )
      ).createTask;
      expect(task).toMatchObject({
        ordinal: '1',
        timeText: `Quý III/${plan.year}`,
        milestones: [
          { kind: 'PERIOD', start: `${plan.year}-07-01`, due: `${plan.year}-09-30`, recurrence: null },
        ],
        dueOn: `${plan.year}-09-30`,
        budgetMillionVnd: 1500,
        parseWarnings: [],
        version: 1,
        area: { code: 'PROCEDURES' },
      });

      const updated = (
        await client.data(
          UPDATE_TASK,
          {
            id: task.id,
            version: 1,
            input: { timeText: 'sớm nhất có thể', budgetText: 'Theo dự toán được cấp' },
          },
          as(),
        )
      ).updateTask;
      expect(updated).toMatchObject({
        milestones: [],
        dueOn: null,
        budgetMillionVnd: null,
        parseWarnings: ['Time text not understood: "sớm nhất có thể"'],
        version: 2,
        name: task.name,
      });

      const { auditLog } = await client.data(AUDIT, { entity: 'TASK', entityId: task.id }, fx.cast.analyst);
      const update = auditLog.edges[0].node;
      expect(update.changedFields).toEqual([
        'budgetMillionVnd',
        'budgetText',
        'dueOn',
        'milestones',
        'parseWarnings',
        'timeText',
        'version',
      ]);
      expect(update.oldValues.timeText).toBe(`Quý III/${plan.year}`);
      expect(update.newValues.timeText).toBe('sớm nhất có thể');
    });

    it('inserts before a given task, keeping the table order', async () => {
      const make = async (name: string, beforeTaskId?: string) =>
        (
          await client.data(
            CREATE_TASK,
            { input: { planId: plan.id, areaCode: 'DIRECTION', name, beforeTaskId } },
            as(),
          )
        ).createTask;
      const a = await make('A');
      const c = await make('C');
      const b = await make('B', c.id);
      expect(b.ordinal).toBe('3');
      const { plan: read } = await client.data(
        `query($id: ID!) { plan(id: $id) { tasks(areaCode: DIRECTION) { edges { node { id name } } } } }`,
        { id: plan.id },
      );
      expect(read.tasks.edges.map((e: any) => e.node.name)).toEqual(['A', 'B', 'C']);
      expect([a.id, c.id]).not.toContain(b.id);
      const foreign = await client.execute(
        CREATE_TASK,
        { input: { planId: plan.id, areaCode: 'DIRECTION', name: 'x', beforeTaskId: '1' } },
        as(),
      );
      expect(foreign.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.beforeTaskId',
      });
    });

    it('validates task input', async () => {
      const empty = await client.execute(
        CREATE_TASK,
        { input: { planId: plan.id, areaCode: 'DIRECTION', name: '' } },
        as(),
      );
      expect(empty.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
      const long = await client.execute(
        CREATE_TASK,
        { input: { planId: plan.id, areaCode: 'DIRECTION', name: 'x', note: 'n'.repeat(4001) } },
        as(),
      );
      expect(long.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note' });
      const { createTask } = await client.data(
        CREATE_TASK,
        { input: { planId: plan.id, areaCode: 'DIRECTION', name: 'y' } },
        as(),
      );
      const cleared = await client.execute(
        UPDATE_TASK,
        { id: createTask.id, version: 1, input: { name: null } },
        as(),
      );
      expect(cleared.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
      const stale = await client.execute(
        UPDATE_TASK,
        { id: createTask.id, version: 3, input: { name: 'z' } },
        as(),
      );
      expect(codesOf(stale)).toEqual(['CONFLICT']);
    });

    it('deletes a task with its draft progress, audited; refuses while a sent report states its progress', async () => {
      const p = await newPlan();
      const make = async (name: string) =>
        (await client.data(CREATE_TASK, { input: { planId: p.id, areaCode: 'APPARATUS', name } }, as()))
          .createTask;
      const kept = await make('Đã báo cáo');
      const drafted = await make('Chỉ trong bản nháp');
      const { createIndicator } = await client.data(
        CREATE_INDICATOR,
        {
          input: {
            planId: p.id,
            areaCode: 'APPARATUS',
            name: 'Tỷ lệ',
            targetText: 'đạt tối thiểu 80%',
            taskId: drafted.id,
          },
        },
        as(),
      );
      const sent = await client.data(
        SAVE,
        {
          planId: p.id,
          period: `${p.year}Q1`,
          taskProgress: [{ taskId: kept.id, status: 'IN_PROGRESS', percent: 10 }],
        },
        as(),
      );
      await client.data(SUBMIT, { reportId: sent.saveReportDraft.report.id, version: 1 }, as());
      await client.data(
        SAVE,
        {
          planId: p.id,
          period: `${p.year}Q2`,
          taskProgress: [{ taskId: drafted.id, status: 'IN_PROGRESS', percent: 20 }],
        },
        as(),
      );

      const refused = await client.execute(DELETE_TASK, { id: kept.id, version: 1 }, as());
      expect(codesOf(refused)).toEqual(['CONFLICT']);
      expect(refused.errors![0].message).toMatch(
        new RegExp(
          `Task ${kept.id} \\("Đã báo cáo"\\) cannot be deleted: 1 report\\(s\\).*\\(${p.year}Q1 SUBMITTED\\).*CANCELLED`,
        ),
      );
      expect(await sql('SELECT id FROM task WHERE id = $1', [Number(kept.id)])).toHaveLength(1);

      expect((await client.data(DELETE_TASK, { id: drafted.id, version: 1 }, as())).deleteTask).toBe(
        drafted.id,
      );
      expect(await sql('SELECT id FROM task_progress WHERE task_id = $1', [Number(drafted.id)])).toEqual([]);
      // The indicator stated in its row stays, unlinked, with a new version.
      expect(
        (await sql('SELECT task_id, version FROM indicator WHERE id = $1', [Number(createIndicator.id)]))[0],
      ).toEqual({
        task_id: null,
        version: 2,
      });
      const { auditLog } = await client.data(AUDIT, { planId: p.id }, fx.cast.admin);
      const latest = auditLog.edges.slice(0, 3).map((e: any) => [e.node.entity, e.node.action]);
      expect(latest).toEqual([
        ['TASK', 'DELETE'],
        ['INDICATOR', 'UPDATE'],
        ['TASK_PROGRESS', 'DELETE'],
      ]);
      expect(auditLog.edges[2].node.oldValues).toMatchObject({ taskId: Number(drafted.id), percent: 20 });

      // A plan with a sent report cannot be deleted either.
      const planDelete = await client.execute(DELETE_PLAN, { id: p.id, version: 1 }, as());
      expect(codesOf(planDelete)).toEqual(['CONFLICT']);
      expect(planDelete.errors![0].message).toMatch(/cannot be deleted: 1 report\(s\)/);
    });

    it('deletes a plan with only draft reports, every row audited', async () => {
      const p = await newPlan();
      const { createTask } = await client.data(
        CREATE_TASK,
        { input: { planId: p.id, areaCode: 'APPARATUS', name: 'T' } },
        as(),
      );
      await client.data(
        CREATE_INDICATOR,
        { input: { planId: p.id, areaCode: 'APPARATUS', name: 'I', targetText: 'ít nhất 02 đơn vị' } },
        as(),
      );
      await client.data(
        SAVE,
        {
          planId: p.id,
          period: `${p.year}-01`,
          taskProgress: [{ taskId: createTask.id, status: 'IN_PROGRESS', percent: 5 }],
        },
        as(),
      );
      await client.data(DELETE_PLAN, { id: p.id, version: 1 }, as());
      const { auditLog } = await client.data(AUDIT, { planId: p.id }, fx.cast.admin);
      const deleted = auditLog.edges
        .filter((e: any) => e.node.action === 'DELETE')
        .map((e: any) => e.node.entity);
      expect(deleted.sort()).toEqual(['INDICATOR', 'PLAN', 'STATUS_REPORT', 'TASK', 'TASK_PROGRESS']);
      expect(await sql('SELECT id FROM status_report WHERE plan_id = $1', [Number(p.id)])).toEqual([]);
    });
  });

  describe('indicators', () => {
    let plan: any;
    beforeAll(async () => {
      plan = await newPlan();
    });

    it('reads the target sentence into comparator, value and unit, and again when it changes', async () => {
      const indicator = (
        await client.data(
          CREATE_INDICATOR,
          {
            input: {
              planId: plan.id,
              areaCode: 'PROCEDURES',
              name: 'Tỷ lệ số hóa hồ sơ',
              targetText: '100% hồ sơ TTHC được số hóa',
            },
          },
          as(),
        )
      ).createIndicator;
      expect(indicator).toMatchObject({
        ordinal: '1',
        comparator: 'EQ',
        targetValue: 100,
        unit: 'PERCENT',
        direction: 'INCREASE',
        parseWarnings: [],
        version: 1,
        task: null,
      });
      const updated = (
        await client.data(
          UPDATE_INDICATOR,
          { id: indicator.id, version: 1, input: { targetText: 'từ 01 đến 02 cuộc đối thoại' } },
          as(),
        )
      ).updateIndicator;
      expect(updated).toMatchObject({
        comparator: 'BETWEEN',
        targetValue: 1,
        targetMax: 2,
        unit: 'COUNT',
        unitNoun: 'cuộc đối thoại',
        version: 2,
      });
      const reduction = (
        await client.data(
          CREATE_INDICATOR,
          {
            input: {
              planId: plan.id,
              areaCode: 'PUBLIC_FINANCE',
              name: 'Giảm chi',
              targetText: 'Giảm tối thiểu 2,5% chi hỗ trợ hoạt động thường xuyên',
            },
          },
          as(),
        )
      ).createIndicator;
      expect(reduction).toMatchObject({
        comparator: 'GTE',
        targetValue: 2.5,
        unit: 'PERCENT',
        direction: 'DECREASE',
        ordinal: '2',
      });
    });

    it('records where a target is stated, consistent with its task link', async () => {
      const task = (
        await client.data(
          CREATE_TASK,
          { input: { planId: plan.id, areaCode: 'PROCEDURES', name: 'Số hóa hồ sơ' } },
          as(),
        )
      ).createTask;
      const create = (input: Record<string, unknown>) =>
        client.execute(
          CREATE_INDICATOR,
          {
            input: {
              planId: plan.id,
              areaCode: 'PROCEDURES',
              name: 'Số hóa',
              targetText: '80% hồ sơ',
              ...input,
            },
          },
          as(),
        );
      const planLevel = (await create({})).data!.createIndicator;
      expect(planLevel).toMatchObject({ statedIn: 'KEY_INDICATORS', task: null });
      const inOutputs = (await create({ taskId: task.id, statedIn: 'OUTPUTS' })).data!.createIndicator;
      expect(inOutputs).toMatchObject({ statedIn: 'OUTPUTS', task: { id: task.id } });
      expect((await create({ taskId: task.id })).data!.createIndicator.statedIn).toBeNull();

      const cellWithoutTask = await create({ statedIn: 'OBJECTIVE' });
      expect(codesOf(cellWithoutTask)).toEqual(['BAD_USER_INPUT']);
      expect(cellWithoutTask.errors![0].message).toMatch(/needs its taskId/);
      expect(codesOf(await create({ taskId: task.id, statedIn: 'KEY_INDICATORS' }))).toEqual([
        'BAD_USER_INPUT',
      ]);

      // Linking a plan-level target to a task makes its cell unknown until said; unlinking makes it plan-level.
      const linked = (
        await client.data(
          UPDATE_INDICATOR,
          { id: planLevel.id, version: 1, input: { taskId: task.id } },
          as(),
        )
      ).updateIndicator;
      expect(linked).toMatchObject({ statedIn: null, task: { id: task.id }, version: 2 });
      const unlinked = (
        await client.data(UPDATE_INDICATOR, { id: inOutputs.id, version: 1, input: { taskId: null } }, as())
      ).updateIndicator;
      expect(unlinked).toMatchObject({ statedIn: 'KEY_INDICATORS', task: null });
      await client.data(DELETE_TASK, { id: task.id, version: 1 }, as());
      expect(await sql('SELECT stated_in FROM indicator WHERE id = $1', [Number(linked.id)])).toEqual([
        { stated_in: 'KEY_INDICATORS' },
      ]);
    });

    it('refuses a unit change once reports give values, and deletion once a sent report does', async () => {
      const { createIndicator: indicator } = await client.data(
        CREATE_INDICATOR,
        {
          input: {
            planId: plan.id,
            areaCode: 'PROCEDURES',
            name: 'Thanh toán trực tuyến',
            targetText: 'trên 60%',
          },
        },
        as(),
      );
      const draft = await client.data(
        SAVE,
        {
          planId: plan.id,
          period: `${plan.year}Q3`,
          indicatorValues: [{ indicatorId: indicator.id, actualValue: 64 }],
        },
        as(),
      );
      const unitChange = await client.execute(
        UPDATE_INDICATOR,
        { id: indicator.id, version: 1, input: { targetText: 'ít nhất 03 sáng kiến' } },
        as(),
      );
      expect(codesOf(unitChange)).toEqual(['CONFLICT']);
      expect(unitChange.errors![0].message).toMatch(/in COUNT but 1 report value\(s\) are in PERCENT/);
      const sameUnit = await client.data(
        UPDATE_INDICATOR,
        { id: indicator.id, version: 1, input: { targetText: 'đạt tối thiểu 70%' } },
        as(),
      );
      expect(sameUnit.updateIndicator).toMatchObject({ comparator: 'GTE', targetValue: 70, version: 2 });

      await client.data(SUBMIT, { reportId: draft.saveReportDraft.report.id, version: 1 }, as());
      const refused = await client.execute(DELETE_INDICATOR, { id: indicator.id, version: 2 }, as());
      expect(codesOf(refused)).toEqual(['CONFLICT']);
      expect(refused.errors![0].message).toMatch(/cannot be deleted: 1 report\(s\)/);

      const { createIndicator: spare } = await client.data(
        CREATE_INDICATOR,
        { input: { planId: plan.id, areaCode: 'PROCEDURES', name: 'x', targetText: 'ít nhất 01 mô hình' } },
        as(),
      );
      expect((await client.data(DELETE_INDICATOR, { id: spare.id, version: 1 }, as())).deleteIndicator).toBe(
        spare.id,
      );
    });

    it('links only tasks of the same plan', async () => {
      const [foreign] = await sql('SELECT id FROM task WHERE plan_id <> $1 LIMIT 1', [Number(plan.id)]);
      const result = await client.execute(
        CREATE_INDICATOR,
        {
          input: {
            planId: plan.id,
            areaCode: 'PROCEDURES',
            name: 'x',
            targetText: '80%',
            taskId: String(foreign.id),
          },
        },
        as(),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.taskId' });
    });
  });

  it('importPlan is authorized like any plan edit and audited', async () => {
    const csv = 'STT,Nhiệm vụ,Thời gian\nI Cải cách thể chế,,\n1,Rà soát văn bản QPPL,Quý IV/2098\n';
    const IMPORT = `mutation($input: ImportPlanInput!) { importPlan(input: $input) { id version } }`;
    const forbidden = await client.execute(
      IMPORT,
      { input: { communeCode: fx.commune.code, year: 2098, csv } },
      fx.cast.otherOfficer,
    );
    expect(codesOf(forbidden)).toEqual(['FORBIDDEN']);
    const first = (
      await client.data(IMPORT, { input: { communeCode: fx.commune.code, year: 2098, csv } }, as())
    ).importPlan;
    const again = (
      await client.data(IMPORT, { input: { communeCode: fx.commune.code, year: 2098, csv } }, as())
    ).importPlan;
    expect([first.version, again.version]).toEqual([1, 2]);
    const { auditLog } = await client.data(AUDIT, { entity: 'PLAN', entityId: first.id }, fx.cast.admin);
    expect(
      auditLog.edges.map((e: any) => [
        e.node.action,
        e.node.actorName,
        e.node.oldValues?.taskCount ?? null,
        e.node.newValues.taskCount,
      ]),
    ).toEqual([
      ['IMPORT', fx.cast.officer.name, 1, 1],
      ['IMPORT', fx.cast.officer.name, null, 1],
    ]);
  });
});
