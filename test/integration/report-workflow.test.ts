import type { Viewer } from '../../src/core/viewer';
import { useSeededGraphql } from '../utils/seeded-graphql';
import { codesOf, writeFixture } from '../utils/write-fixtures';
import type { WriteFixture } from '../utils/write-fixtures';

const REPORT_FIELDS = 'id status version period submittedAt submittedBy reviewedBy returnReason';
const SAVE = `mutation($planId: ID!, $period: String!, $taskProgress: [TaskProgressInput!], $indicatorValues: [IndicatorValueInput!]) {
  saveReportDraft(planId: $planId, period: $period, taskProgress: $taskProgress, indicatorValues: $indicatorValues) {
    reportCreated
    report { ${REPORT_FIELDS} }
    taskProgress { id status percent note version task { id } }
    indicatorValues { id actualValue note version indicator { id } }
  }
}`;
const SUBMIT = `mutation($reportId: ID!, $version: Int!, $key: String) {
  submitReport(reportId: $reportId, version: $version, idempotencyKey: $key) { ${REPORT_FIELDS} }
}`;
const APPROVE = `mutation($reportId: ID!, $version: Int!, $key: String) {
  approveReport(reportId: $reportId, version: $version, idempotencyKey: $key) { ${REPORT_FIELDS} }
}`;
const RETURN = `mutation($reportId: ID!, $version: Int!, $reason: String!) {
  returnReport(reportId: $reportId, version: $version, reason: $reason) { ${REPORT_FIELDS} }
}`;
const REOPEN = `mutation($reportId: ID!, $version: Int!, $reason: String!, $to: ReopenTarget) {
  reopenReport(reportId: $reportId, version: $version, reason: $reason, to: $to) { ${REPORT_FIELDS} }
}`;
const AUDIT = `query($provinceCode: String, $entity: AuditEntity, $entityId: ID, $planId: ID, $first: Int, $after: String) {
  auditLog(provinceCode: $provinceCode, entity: $entity, entityId: $entityId, planId: $planId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id at actorName actorRole actorTokenId entity entityId action oldValues newValues changedFields reason planId
      province { code } commune { code } } }
  }
}`;

describe('report workflow (issue #5)', () => {
  const client = useSeededGraphql();
  let fx: WriteFixture;
  let planId: string;
  let taskIds: string[];
  let percentIndicator: string;
  let countIndicator: string;
  let foreignTask: string;
  const sql = (text: string, params?: unknown[]) => client.db().dataSource.query(text, params);

  beforeAll(async () => {
    fx = await writeFixture(client.db().dataSource);
    const [plan] = await sql('SELECT id FROM plan WHERE commune_id = $1 AND year = 2025', [fx.commune.id]);
    planId = String(plan.id);
    taskIds = (await sql('SELECT id FROM task WHERE plan_id = $1 ORDER BY position', [plan.id])).map(
      (t: any) => String(t.id),
    );
    // Enough tasks for the 50 parallel saves below (generated plans have fewer in some communes).
    for (let i = taskIds.length; i < 55; i++) {
      const { createTask } = await client.data(
        `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`,
        { input: { planId, areaCode: 'PROCEDURES', name: `Nhiệm vụ bổ sung ${i}`, timeText: 'Quý IV/2025' } },
        fx.cast.officer,
      );
      taskIds.push(createTask.id);
    }
    const percent = await sql(
      `SELECT id FROM indicator WHERE plan_id = $1 AND unit = 'PERCENT' ORDER BY position LIMIT 1`,
      [plan.id],
    );
    const { createIndicator } = await client.data(
      `mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { id unit } }`,
      {
        input: {
          planId,
          areaCode: 'DIRECTION',
          name: 'Số sáng kiến CCHC',
          targetText: 'ít nhất có 03 sáng kiến',
        },
      },
      fx.cast.officer,
    );
    percentIndicator = String(percent[0].id);
    countIndicator = createIndicator.id;
    const [other] = await sql(
      'SELECT t.id FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.commune_id = $1 LIMIT 1',
      [fx.otherCommune.id],
    );
    foreignTask = String(other.id);
  });

  const save = (
    period: string,
    items: { taskProgress?: unknown[]; indicatorValues?: unknown[] },
    viewer?: Viewer,
  ) => client.execute(SAVE, { planId, period, ...items }, viewer ?? fx.cast.officer);
  const reportRow = async (period: string) =>
    (
      await sql('SELECT * FROM status_report WHERE plan_id = $1 AND period = $2', [Number(planId), period])
    )[0];
  const progressRows = async (reportId: string | number) =>
    sql(
      'SELECT task_id, status, percent, note, version FROM task_progress WHERE report_id = $1 ORDER BY task_id',
      [Number(reportId)],
    );

  it('runs draft → submit → return → edit → resubmit → approve → locked → reopen → edit, each step audited', async () => {
    const { officer, analyst } = fx.cast;
    const created = await client.data(
      SAVE,
      {
        planId,
        period: '2025-08',
        taskProgress: [
          { taskId: taskIds[0], status: 'IN_PROGRESS', percent: 40, note: 'Đang triển khai' },
          { taskId: taskIds[1], status: 'COMPLETED', percent: 100 },
        ],
        indicatorValues: [{ indicatorId: percentIndicator, actualValue: 72.5, unit: 'PERCENT' }],
      },
      officer,
    );
    const draft = created.saveReportDraft;
    expect(draft.reportCreated).toBe(true);
    expect(draft.report).toMatchObject({ status: 'DRAFT', version: 1, period: '2025-08', submittedAt: null });
    expect(draft.taskProgress.map((p: any) => [p.task.id, p.status, p.percent, p.version])).toEqual([
      [taskIds[0], 'IN_PROGRESS', 40, 1],
      [taskIds[1], 'COMPLETED', 100, 1],
    ]);
    expect(draft.indicatorValues[0]).toMatchObject({ actualValue: 72.5, version: 1 });
    const reportId = draft.report.id;

    const submitted = (await client.data(SUBMIT, { reportId, version: 1 }, officer)).submitReport;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', version: 2, submittedBy: officer.name });
    expect(Date.parse(submitted.submittedAt)).not.toBeNaN();

    // Submitted: the commune waits for the review.
    const whileSubmitted = await save(
      '2025-08',
      { taskProgress: [{ taskId: taskIds[0], status: 'IN_PROGRESS', percent: 50, version: 1 }] },
      officer,
    );
    expect(codesOf(whileSubmitted)).toEqual(['CONFLICT']);
    expect(whileSubmitted.errors![0].message).toMatch(/SUBMITTED/);

    const returned = (
      await client.data(RETURN, { reportId, version: 2, reason: 'Thiếu số liệu nhiệm vụ 1' }, analyst)
    ).returnReport;
    expect(returned).toMatchObject({
      status: 'RETURNED',
      version: 3,
      reviewedBy: analyst.name,
      returnReason: 'Thiếu số liệu nhiệm vụ 1',
    });

    // Returned: editable again; the row's own version moves, the report's does not.
    const edited = (
      await client.data(
        SAVE,
        {
          planId,
          period: '2025-08',
          taskProgress: [
            { taskId: taskIds[0], status: 'IN_PROGRESS', percent: 60, note: 'Bổ sung số liệu', version: 1 },
          ],
        },
        officer,
      )
    ).saveReportDraft;
    expect(edited.reportCreated).toBe(false);
    expect(edited.report).toMatchObject({ status: 'RETURNED', version: 3 });
    expect(edited.taskProgress[0]).toMatchObject({ percent: 60, version: 2 });

    const resubmitted = (await client.data(SUBMIT, { reportId, version: 3 }, officer)).submitReport;
    expect(resubmitted).toMatchObject({ status: 'SUBMITTED', version: 4 });
    const approved = (await client.data(APPROVE, { reportId, version: 4 }, analyst)).approveReport;
    expect(approved).toMatchObject({
      status: 'APPROVED',
      version: 5,
      returnReason: null,
      reviewedBy: analyst.name,
    });

    // Approved: locked for the commune, and the stored rows stay as they were.
    const before = await progressRows(reportId);
    const locked = await save(
      '2025-08',
      { taskProgress: [{ taskId: taskIds[0], status: 'COMPLETED', percent: 100, version: 2 }] },
      officer,
    );
    expect(codesOf(locked)).toEqual(['CONFLICT']);
    expect(locked.errors![0].message).toMatch(/APPROVED and locked.*reopenReport/);
    const resubmitLocked = await client.execute(SUBMIT, { reportId, version: 5 }, officer);
    expect(codesOf(resubmitLocked)).toEqual(['CONFLICT']);
    expect(await progressRows(reportId)).toEqual(before);

    const reopened = (
      await client.data(REOPEN, { reportId, version: 5, reason: 'Sai số liệu chỉ tiêu' }, analyst)
    ).reopenReport;
    expect(reopened).toMatchObject({ status: 'RETURNED', version: 6, returnReason: 'Sai số liệu chỉ tiêu' });
    const afterReopen = (
      await client.data(
        SAVE,
        {
          planId,
          period: '2025-08',
          taskProgress: [{ taskId: taskIds[0], status: 'COMPLETED', percent: 100, version: 2 }],
          indicatorValues: [{ indicatorId: percentIndicator, actualValue: 81, version: 1 }],
        },
        officer,
      )
    ).saveReportDraft;
    expect(afterReopen.taskProgress[0]).toMatchObject({ status: 'COMPLETED', version: 3 });
    expect(afterReopen.indicatorValues[0]).toMatchObject({ actualValue: 81, version: 2 });

    // The report's history, newest first, with who, old and new state and the reasons.
    const { auditLog } = await client.data(
      AUDIT,
      { provinceCode: '52', entity: 'STATUS_REPORT', entityId: reportId },
      analyst,
    );
    const history = [...auditLog.edges].reverse().map((e: any) => e.node);
    expect(
      history.map((e: any) => [
        e.action,
        e.actorName,
        e.oldValues?.status ?? null,
        e.newValues.status,
        e.reason,
      ]),
    ).toEqual([
      ['CREATE', officer.name, null, 'DRAFT', null],
      ['SUBMIT', officer.name, 'DRAFT', 'SUBMITTED', null],
      ['RETURN', analyst.name, 'SUBMITTED', 'RETURNED', 'Thiếu số liệu nhiệm vụ 1'],
      ['SUBMIT', officer.name, 'RETURNED', 'SUBMITTED', null],
      ['APPROVE', analyst.name, 'SUBMITTED', 'APPROVED', null],
      ['REOPEN', analyst.name, 'APPROVED', 'RETURNED', 'Sai số liệu chỉ tiêu'],
    ]);
    const reopen = history[5];
    expect(reopen).toMatchObject({
      actorRole: 'PROVINCE_ANALYST',
      actorTokenId: analyst.tokenId,
      entity: 'STATUS_REPORT',
      planId,
      province: { code: '52' },
      commune: { code: fx.commune.code },
    });
    expect(reopen.changedFields).toEqual(['returnReason', 'reviewedAt', 'status', 'version']);
    expect(reopen.oldValues).toMatchObject({ version: 5, returnReason: null });
    expect(reopen.newValues).toMatchObject({ version: 6, returnReason: 'Sai số liệu chỉ tiêu' });

    // Each progress change is there too, old and new values side by side.
    const progressId = afterReopen.taskProgress[0].id;
    const { auditLog: progressLog } = await client.data(
      AUDIT,
      { provinceCode: '52', entity: 'TASK_PROGRESS', entityId: progressId },
      fx.cast.admin,
    );
    expect(
      progressLog.edges.map((e: any) => [
        e.node.action,
        e.node.oldValues?.percent ?? null,
        e.node.newValues.percent,
      ]),
    ).toEqual([
      ['UPDATE', 60, 100],
      ['UPDATE', 40, 60],
      ['CREATE', null, 40],
    ]);
  });

  it('reopens to DRAFT when asked, and refuses transitions from the wrong state', async () => {
    const { officer, analyst } = fx.cast;
    const draft = (
      await client.data(
        SAVE,
        {
          planId,
          period: '2025-09',
          taskProgress: [{ taskId: taskIds[0], status: 'NOT_STARTED', percent: 0 }],
        },
        officer,
      )
    ).saveReportDraft;
    const reportId = draft.report.id;
    const approveDraft = await client.execute(APPROVE, { reportId, version: 1 }, analyst);
    expect(codesOf(approveDraft)).toEqual(['CONFLICT']);
    expect(approveDraft.errors![0].message).toMatch(/is DRAFT\. Only a SUBMITTED report can be approved/);
    const reopenDraft = await client.execute(REOPEN, { reportId, version: 1, reason: 'x' }, analyst);
    expect(codesOf(reopenDraft)).toEqual(['CONFLICT']);
    await client.data(SUBMIT, { reportId, version: 1 }, officer);
    await client.data(APPROVE, { reportId, version: 2 }, analyst);
    const reopened = (
      await client.data(REOPEN, { reportId, version: 3, reason: 'Làm lại', to: 'DRAFT' }, analyst)
    ).reopenReport;
    expect(reopened).toMatchObject({ status: 'DRAFT', version: 4 });
    const blank = await client.execute(RETURN, { reportId, version: 4, reason: '   ' }, analyst);
    expect(codesOf(blank)).toEqual(['BAD_USER_INPUT']);
    expect(blank.errors![0].extensions).toMatchObject({ field: 'reason' });
  });

  it('refuses to submit an empty report', async () => {
    const empty = (await client.data(SAVE, { planId, period: '2025-10' }, fx.cast.officer)).saveReportDraft;
    expect(empty).toMatchObject({ reportCreated: true, taskProgress: [], indicatorValues: [] });
    const result = await client.execute(SUBMIT, { reportId: empty.report.id, version: 1 }, fx.cast.officer);
    expect(codesOf(result)).toEqual(['CONFLICT']);
    expect(result.errors![0].message).toMatch(/empty/);
  });

  describe('input validation: BAD_USER_INPUT with the field path, and nothing written', () => {
    const cases: [string, () => Record<string, unknown>, string, RegExp][] = [
      [
        'percent above 100',
        () => ({ taskProgress: [{ taskId: taskIds[0], status: 'IN_PROGRESS', percent: 101 }] }),
        'taskProgress[0].percent',
        /taskProgress\[0\]\.percent must not be greater than 100/,
      ],
      [
        'negative percent',
        () => ({
          taskProgress: [
            { taskId: taskIds[0], status: 'IN_PROGRESS', percent: 10 },
            { taskId: taskIds[1], status: 'IN_PROGRESS', percent: -1 },
          ],
        }),
        'taskProgress[1].percent',
        /must not be less than 0/,
      ],
      [
        'COMPLETED below 100 %',
        () => ({ taskProgress: [{ taskId: taskIds[0], status: 'COMPLETED', percent: 90 }] }),
        'taskProgress[0].percent',
        /COMPLETED task is 100% done, not 90%/,
      ],
      [
        'NOT_STARTED above 0 %',
        () => ({ taskProgress: [{ taskId: taskIds[0], status: 'NOT_STARTED', percent: 5 }] }),
        'taskProgress[0].percent',
        /NOT_STARTED task is 0% done/,
      ],
      [
        'a task of another plan',
        () => ({
          taskProgress: [
            { taskId: taskIds[0], status: 'IN_PROGRESS', percent: 10 },
            { taskId: foreignTask, status: 'IN_PROGRESS', percent: 10 },
          ],
        }),
        'taskProgress[1].taskId',
        /is not a task of plan/,
      ],
      [
        'the same task twice',
        () => ({
          taskProgress: [
            { taskId: taskIds[2], status: 'IN_PROGRESS', percent: 10 },
            { taskId: taskIds[2], status: 'IN_PROGRESS', percent: 20 },
          ],
        }),
        'taskProgress[1].taskId',
        /given twice \(also taskProgress\[0\]\)/,
      ],
      [
        'a value in the wrong unit',
        () => ({ indicatorValues: [{ indicatorId: countIndicator, actualValue: 80, unit: 'PERCENT' }] }),
        'indicatorValues[0].unit',
        /measured in COUNT, not PERCENT/,
      ],
      [
        'a percentage above 100',
        () => ({ indicatorValues: [{ indicatorId: percentIndicator, actualValue: 120 }] }),
        'indicatorValues[0].actualValue',
        /percentage: 120 is not within 0–100/,
      ],
      [
        'a fractional count',
        () => ({ indicatorValues: [{ indicatorId: countIndicator, actualValue: 2.5, unit: 'COUNT' }] }),
        'indicatorValues[0].actualValue',
        /count: 2.5 is not a whole number/,
      ],
      [
        'an over-long note',
        () => ({
          taskProgress: [{ taskId: taskIds[0], status: 'IN_PROGRESS', percent: 10, note: 'x'.repeat(2001) }],
        }),
        'taskProgress[0].note',
        // The input guard (app/input-guard.ts) measures strings before class-validator does.
        /taskProgress\[0\]\.note is 2001 characters long; at most 2000 are accepted/,
      ],
      [
        'a malformed task id',
        () => ({ taskProgress: [{ taskId: 'abc', status: 'IN_PROGRESS', percent: 10 }] }),
        'taskProgress[0].taskId',
        /taskProgress\[0\]\.taskId must be a task id/,
      ],
    ];
    it.each(cases)('%s', async (_label, items, field, message) => {
      const result = await save('2025-11', items());
      expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].extensions).toMatchObject({ field });
      expect(result.errors![0].message).toMatch(message);
      // The raw validator tree (which echoes the whole input) is not sent.
      expect(result.errors![0].extensions).not.toHaveProperty('validationErrors');
      expect(await reportRow('2025-11')).toBeUndefined();
    });

    it('lists every problem of a request in extensions.problems', async () => {
      const result = await save('2025-11', {
        taskProgress: [
          { taskId: taskIds[0], status: 'COMPLETED', percent: 50 },
          { taskId: foreignTask, status: 'IN_PROGRESS', percent: 10 },
        ],
        indicatorValues: [{ indicatorId: percentIndicator, actualValue: -3 }],
      });
      expect((result.errors![0].extensions!.problems as any[]).map((p) => p.field)).toEqual([
        'taskProgress[0].percent',
        'taskProgress[1].taskId',
        'indicatorValues[0].actualValue',
      ]);
    });

    it.each([
      ['2025Q5', /"2025Q5" is not a period/],
      ['Q3-2025', /is not a period/],
      ['2026Q1', /"2026Q1" lies outside the plan year/],
      ['2024', /lies outside the plan year/],
    ])('period %s', async (period, message) => {
      const result = await save(period, {
        taskProgress: [{ taskId: taskIds[0], status: 'IN_PROGRESS', percent: 10 }],
      });
      expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].extensions).toMatchObject({ field: 'period' });
      expect(result.errors![0].message).toMatch(message);
      expect(await reportRow(period)).toBeUndefined();
    });
  });

  it('a stale version is a CONFLICT that changes nothing, in the rows or the audit log', async () => {
    const first = (
      await save('2025-12', { taskProgress: [{ taskId: taskIds[3], status: 'IN_PROGRESS', percent: 10 }] })
    ).data!.saveReportDraft;
    await client.data(
      SAVE,
      {
        planId,
        period: '2025-12',
        taskProgress: [{ taskId: taskIds[3], status: 'IN_PROGRESS', percent: 30, version: 1 }],
      },
      fx.cast.officer,
    );
    const rowsBefore = await progressRows(first.report.id);
    const [{ count: auditBefore }] = await sql('SELECT count(*)::int AS count FROM audit_log');

    // Someone who read version 1 saves over it, together with a new task: neither is written.
    const stale = await save('2025-12', {
      taskProgress: [
        { taskId: taskIds[4], status: 'IN_PROGRESS', percent: 5 },
        { taskId: taskIds[3], status: 'COMPLETED', percent: 100, version: 1 },
      ],
    });
    expect(codesOf(stale)).toEqual(['CONFLICT']);
    expect(stale.errors![0].message).toMatch(/you sent version 1; it is at 2.*Nothing was saved/);
    // Creating what exists (no version) is a conflict too: it would overwrite unseen work.
    const blind = await save('2025-12', {
      taskProgress: [{ taskId: taskIds[3], status: 'IN_PROGRESS', percent: 99 }],
    });
    expect(codesOf(blind)).toEqual(['CONFLICT']);
    expect(blind.errors![0].message).toMatch(/already exists at version 2/);

    const staleSubmit = await client.execute(
      SUBMIT,
      { reportId: first.report.id, version: 7 },
      fx.cast.officer,
    );
    expect(codesOf(staleSubmit)).toEqual(['CONFLICT']);
    expect(staleSubmit.errors![0].message).toMatch(/you sent version 7; it is now at version 1/);

    expect(await progressRows(first.report.id)).toEqual(rowsBefore);
    expect(rowsBefore).toEqual([
      { task_id: Number(taskIds[3]), status: 'IN_PROGRESS', percent: 30, note: null, version: 2 },
    ]);
    expect((await reportRow('2025-12')).status).toBe('DRAFT');
    const [{ count: auditAfter }] = await sql('SELECT count(*)::int AS count FROM audit_log');
    expect(auditAfter).toBe(auditBefore);
  });

  it('a save that changes nothing bumps no version and writes no audit entry', async () => {
    const item = { taskId: taskIds[5], status: 'IN_PROGRESS', percent: 25, note: 'same' };
    const first = (await save('2025-07', { taskProgress: [item] })).data!.saveReportDraft;
    const [{ count: before }] = await sql('SELECT count(*)::int AS count FROM audit_log');
    const again = (await save('2025-07', { taskProgress: [{ ...item, version: 1 }] })).data!.saveReportDraft;
    expect(again.taskProgress[0].version).toBe(1);
    const [{ count: after }] = await sql('SELECT count(*)::int AS count FROM audit_log');
    expect(after).toBe(before);
    expect(first.taskProgress[0].id).toBe(again.taskProgress[0].id);
  });

  describe('idempotency keys', () => {
    it('the same key twice returns the first result and writes once', async () => {
      const draft = (
        await save('2025-06', { taskProgress: [{ taskId: taskIds[0], status: 'IN_PROGRESS', percent: 10 }] })
      ).data!.saveReportDraft;
      const reportId = draft.report.id;
      const first = (
        await client.data(SUBMIT, { reportId, version: 1, key: 'submit-2025-06-a' }, fx.cast.officer)
      ).submitReport;
      const retry = (
        await client.data(SUBMIT, { reportId, version: 1, key: 'submit-2025-06-a' }, fx.cast.officer)
      ).submitReport;
      expect(retry).toEqual(first);
      expect(first).toMatchObject({ status: 'SUBMITTED', version: 2 });
      const [row] = await sql('SELECT version FROM status_report WHERE id = $1', [Number(reportId)]);
      expect(row.version).toBe(2);
      const [{ count }] = await sql(
        `SELECT count(*)::int AS count FROM audit_log WHERE entity = 'STATUS_REPORT' AND entity_id = $1 AND action = 'SUBMIT'`,
        [Number(reportId)],
      );
      expect(count).toBe(1);

      // The same key on a different request is refused; without a key, the state decides.
      const reused = await client.execute(
        APPROVE,
        { reportId, version: 2, key: 'submit-2025-06-a' },
        fx.cast.officer,
      );
      expect(codesOf(reused)).toEqual(['FORBIDDEN']);
      const reusedByOwner = await client.execute(
        SUBMIT,
        { reportId, version: 2, key: 'submit-2025-06-a' },
        fx.cast.officer,
      );
      expect(codesOf(reusedByOwner)).toEqual(['BAD_USER_INPUT']);
      expect(reusedByOwner.errors![0].extensions).toMatchObject({ field: 'idempotencyKey' });
      const plainRetry = await client.execute(SUBMIT, { reportId, version: 1 }, fx.cast.officer);
      expect(codesOf(plainRetry)).toEqual(['CONFLICT']);

      // Keys belong to their caller: the admin's same key is a new request.
      const adminKey = await client.execute(
        APPROVE,
        { reportId, version: 2, key: 'submit-2025-06-a' },
        fx.cast.admin,
      );
      expect(codesOf(adminKey)).toEqual([]);
    });

    it('concurrent requests with the same key write once and all get the first result', async () => {
      const draft = (
        await save('2025-05', { taskProgress: [{ taskId: taskIds[0], status: 'IN_PROGRESS', percent: 10 }] })
      ).data!.saveReportDraft;
      const reportId = draft.report.id;
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          client.execute(SUBMIT, { reportId, version: 1, key: 'race-2025-05' }, fx.cast.officer),
        ),
      );
      expect(results.map(codesOf)).toEqual(Array(6).fill([]));
      const first = results[0].data!.submitReport;
      for (const result of results) expect(result.data!.submitReport).toEqual(first);
      const [{ count }] = await sql(
        `SELECT count(*)::int AS count FROM audit_log WHERE entity = 'STATUS_REPORT' AND entity_id = $1 AND action = 'SUBMIT'`,
        [Number(reportId)],
      );
      expect(count).toBe(1);
      expect(
        (await sql('SELECT version FROM status_report WHERE id = $1', [Number(reportId)]))[0].version,
      ).toBe(2);
    });

    it('a draft save retried with its key (response lost) returns the first result instead of a CONFLICT', async () => {
      const KEYED = SAVE.replace(
        '$indicatorValues: [IndicatorValueInput!])',
        '$indicatorValues: [IndicatorValueInput!], $key: String)',
      ).replace(
        'indicatorValues: $indicatorValues)',
        'indicatorValues: $indicatorValues, idempotencyKey: $key)',
      );
      const variables = {
        planId,
        period: '2025-10',
        taskProgress: [{ taskId: taskIds[9], status: 'IN_PROGRESS', percent: 15 }],
        key: 'save-2025-10-t9',
      };
      const first = await client.data(KEYED, variables, fx.cast.officer);
      const retry = await client.data(KEYED, variables, fx.cast.officer);
      expect(retry).toEqual(first);
      const unkeyed = await client.execute(KEYED, { ...variables, key: null }, fx.cast.officer);
      expect(codesOf(unkeyed)).toEqual(['CONFLICT']);
      const [row] = await sql('SELECT version FROM task_progress WHERE id = $1', [
        Number(first.saveReportDraft.taskProgress[0].id),
      ]);
      expect(row.version).toBe(1);
    });

    it('a failed request keeps no key: the retry runs', async () => {
      const draft = (
        await save('2025-04', { taskProgress: [{ taskId: taskIds[0], status: 'IN_PROGRESS', percent: 10 }] })
      ).data!.saveReportDraft;
      const reportId = draft.report.id;
      const stale = await client.execute(
        SUBMIT,
        { reportId, version: 9, key: 'fail-then-ok' },
        fx.cast.officer,
      );
      expect(codesOf(stale)).toEqual(['CONFLICT']);
      expect(await sql(`SELECT * FROM idempotency_key WHERE key = 'fail-then-ok'`)).toEqual([]);
      const ok = await client.execute(SUBMIT, { reportId, version: 9, key: 'fail-then-ok' }, fx.cast.officer);
      expect(codesOf(ok)).toEqual(['CONFLICT']);
      const right = await client.execute(
        SUBMIT,
        { reportId: reportId, version: 1, key: 'fail-then-ok-2' },
        fx.cast.officer,
      );
      expect(right.data!.submitReport.status).toBe('SUBMITTED');
    });
  });

  describe('concurrency on the real database', () => {
    it('50 parallel draft saves, each of a different task of one new report, all land', async () => {
      const tasks = taskIds.slice(0, 50);
      const results = await Promise.all(
        tasks.map((taskId, i) =>
          save('2025-03', {
            taskProgress: [{ taskId, status: 'IN_PROGRESS', percent: i + 1, note: `Lần ${i}` }],
          }),
        ),
      );
      expect(results.map(codesOf)).toEqual(Array(50).fill([]));
      // Exactly one of them created the report; all wrote into it.
      expect(results.filter((r) => r.data!.saveReportDraft.reportCreated)).toHaveLength(1);
      expect(new Set(results.map((r) => r.data!.saveReportDraft.report.id)).size).toBe(1);
      const report = await reportRow('2025-03');
      expect(report).toMatchObject({ status: 'DRAFT', version: 1 });
      const rows = await progressRows(report.id);
      expect(rows).toHaveLength(50);
      expect(rows.map((r: any) => [String(r.task_id), r.percent, r.version]).sort()).toEqual(
        tasks.map((taskId, i) => [taskId, i + 1, 1]).sort(),
      );
      const [{ count }] = await sql(
        `SELECT count(*)::int AS count FROM audit_log a JOIN task_progress tp ON tp.id = a.entity_id
          WHERE a.entity = 'TASK_PROGRESS' AND tp.report_id = $1`,
        [report.id],
      );
      expect(count).toBe(50);
    });

    it('two parallel saves of the same task from the same version: one succeeds, one gets CONFLICT', async () => {
      const period = '2025-02';
      await client.data(
        SAVE,
        { planId, period, taskProgress: [{ taskId: taskIds[7], status: 'IN_PROGRESS', percent: 10 }] },
        fx.cast.officer,
      );
      const [a, b] = await Promise.all([
        save(period, {
          taskProgress: [{ taskId: taskIds[7], status: 'IN_PROGRESS', percent: 55, version: 1 }],
        }),
        save(
          period,
          { taskProgress: [{ taskId: taskIds[7], status: 'COMPLETED', percent: 100, version: 1 }] },
          fx.cast.admin,
        ),
      ]);
      const outcomes = [codesOf(a), codesOf(b)].map((codes) => codes[0] ?? 'OK').sort();
      expect(outcomes).toEqual(['CONFLICT', 'OK']);
      const winner = codesOf(a).length ? b : a;
      const [row] = await progressRows((await reportRow(period)).id);
      expect(row.version).toBe(2);
      expect(row.percent).toBe(winner.data!.saveReportDraft.taskProgress[0].percent);
    });

    it('two parallel first saves of the same task: one creates it, the other gets CONFLICT', async () => {
      const period = '2025-01';
      const [a, b] = await Promise.all([
        save(period, { taskProgress: [{ taskId: taskIds[8], status: 'IN_PROGRESS', percent: 20 }] }),
        save(period, { taskProgress: [{ taskId: taskIds[8], status: 'IN_PROGRESS', percent: 30 }] }),
      ]);
      expect([codesOf(a)[0] ?? 'OK', codesOf(b)[0] ?? 'OK'].sort()).toEqual(['CONFLICT', 'OK']);
      expect(await progressRows((await reportRow(period)).id)).toHaveLength(1);
    });

    it('a submit waits for draft saves in flight and is never mixed with them', async () => {
      const period = '2025';
      const draft = (
        await save(period, { taskProgress: [{ taskId: taskIds[0], status: 'IN_PROGRESS', percent: 1 }] })
      ).data!.saveReportDraft;
      // Whatever the order the database takes them in, each save either landed before the submit
      // (and is in the submitted report) or came after it (and was refused).
      const [submit, ...saves] = await Promise.all([
        client.execute(SUBMIT, { reportId: draft.report.id, version: 1 }, fx.cast.officer),
        ...taskIds
          .slice(10, 30)
          .map((taskId) => save(period, { taskProgress: [{ taskId, status: 'IN_PROGRESS', percent: 50 }] })),
      ]);
      expect(codesOf(submit)).toEqual([]);
      const landed = saves.filter((s) => !codesOf(s).length).length;
      // The refused ones were refused for the state, not for a lock collision or deadlock.
      for (const s of saves.filter((s) => codesOf(s).length)) {
        expect(codesOf(s)).toEqual(['CONFLICT']);
        expect(s.errors![0].message).toMatch(/is SUBMITTED and waits for the province's review/);
      }
      expect(await progressRows(draft.report.id)).toHaveLength(1 + landed);
    });
  });

  it('the roll-up counts a submitted report in the very next read, and drops it when returned', async () => {
    const [plan2026] = await sql('SELECT id FROM plan WHERE commune_id = $1 AND year = 2026', [
      fx.commune.id,
    ]);
    const tasks2026: { id: number }[] = await sql(
      'SELECT id FROM task WHERE plan_id = $1 ORDER BY position',
      [plan2026.id],
    );
    const ROLLUP = `query($code: String!) { rollup(periods: ["2026-11"], communeCode: $code, groupBy: [COMMUNE]) {
      taskCount completedCount inProgressCount } }`;
    const read = async () =>
      (await client.data(ROLLUP, { code: fx.commune.code }, fx.cast.analyst)).rollup[0];
    const before = await read();
    expect(before.completedCount).toBeLessThan(before.taskCount);

    const draft = (
      await client.data(
        SAVE,
        {
          planId: String(plan2026.id),
          period: '2026-11',
          taskProgress: tasks2026.map((t) => ({ taskId: String(t.id), status: 'COMPLETED', percent: 100 })),
        },
        fx.cast.officer,
      )
    ).saveReportDraft;
    expect(await read()).toEqual(before); // a draft does not count

    await client.data(SUBMIT, { reportId: draft.report.id, version: 1 }, fx.cast.officer);
    expect(await read()).toEqual({
      taskCount: before.taskCount,
      completedCount: before.taskCount,
      inProgressCount: 0,
    });

    await client.data(
      RETURN,
      { reportId: draft.report.id, version: 2, reason: 'Kiểm tra lại' },
      fx.cast.analyst,
    );
    expect(await read()).toEqual(before);
  });

  describe('audit log access', () => {
    it('admins read every province; an analyst only their own; nobody else', async () => {
      const { admin, analyst, otherAnalyst, officer, otherOfficer, exportJob } = fx.cast;
      const page = (viewer: Viewer, provinceCode?: string) =>
        client.execute(AUDIT, { provinceCode, first: 5 }, viewer);
      expect(codesOf(await page(admin))).toEqual([]);
      expect(codesOf(await page(admin, '52'))).toEqual([]);
      const own = await page(analyst, '52');
      expect(codesOf(own)).toEqual([]);
      expect(own.data!.auditLog.totalCount).toBeGreaterThan(0);
      expect(own.data!.auditLog.edges.every((e: any) => e.node.province.code === '52')).toBe(true);
      expect(codesOf(await page(analyst))).toEqual(['FORBIDDEN']);
      for (const viewer of [officer, otherOfficer, exportJob]) {
        expect(codesOf(await page(viewer, '52'))).toEqual(['FORBIDDEN']);
      }
      // Province 52 is outside the other analyst's scope: it answers as if there were none.
      expect(codesOf(await page(otherAnalyst, '52'))).toEqual(['NOT_FOUND']);
    });

    it('pages newest first with cursors', async () => {
      const first = (await client.data(AUDIT, { provinceCode: '52', first: 3 }, fx.cast.admin)).auditLog;
      const next = (
        await client.data(
          AUDIT,
          { provinceCode: '52', first: 3, after: first.pageInfo.endCursor },
          fx.cast.admin,
        )
      ).auditLog;
      const ids = [...first.edges, ...next.edges].map((e: any) => Number(e.node.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(new Set(ids).size).toBe(6);
      const bad = await client.execute(AUDIT, { provinceCode: '52', after: 'garbage' }, fx.cast.admin);
      expect(codesOf(bad)).toEqual(['BAD_USER_INPUT']);
    });
  });
});
