import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planDraftOf } from '../../src/modules/plan-export/plan-export.service';
import { planFileBytes } from '../../src/modules/export/export.plan';
import { planTables, templateTables } from '../../src/modules/plan-export/plan-table-writer';
import { readCsv, readXlsx } from '../../src/modules/plan-import/plan-file';
import { importPlan } from '../../src/modules/plan-import/plan-import.service';
import { draftOfTable, draftOfTables, readPlanFile } from '../../src/modules/plan-import/plan-source';
import type { PlanImportError } from '../../src/modules/plan-import/table-cells';
import { readRealPlanSeeds } from '../../src/modules/seed/real-plans';
import { useSeededGraphql } from '../utils/seeded-graphql';
import { databaseUrl } from '../utils/test-database';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const toTung = readRealPlanSeeds().find((s) => s.owner.commune?.code === 'to-tung')!;
const CELLS = [
  'ordinal',
  'objective',
  'name',
  'activities',
  'outputs',
  'leadUnit',
  'coordinatingUnits',
  'monitoringUnit',
  'timeText',
  'budgetText',
] as const;
const cellsOf = (tasks: any[]) =>
  tasks.map((t) =>
    Object.fromEntries([['areaCode', t.areaCode ?? t.area], ...CELLS.map((c) => [c, t[c] ?? null])]),
  );

describe('plan import and export', () => {
  const ctx = useSeededGraphql();
  const ds = () => ctx.db().dataSource;
  const stored = async (communeCode: string, year: number) =>
    (await planDraftOf(ds(), { communeCode }, year)).draft;
  const counts = async () =>
    (
      await ds().query(
        'SELECT (SELECT count(*) FROM plan)::int AS plans, (SELECT count(*) FROM task)::int AS tasks',
      )
    )[0];

  it.each([['to-tung-2024.csv'], ['to-tung-2024.xlsx']])(
    'imports the Tơ Tung plan from %s with every cell as in the document',
    async (file) => {
      const draft = await readPlanFile(file, readFileSync(path.join(FIXTURES, file)));
      const year = file.endsWith('csv') ? 2030 : 2031;
      await importPlan(ds(), { communeCode: 'to-tung', year, draft });
      const plan = await stored('to-tung', year);
      expect(cellsOf(plan.tasks)).toEqual(cellsOf(toTung.tasks));
      expect(plan.areas.map((a) => a.areaCode)).toEqual([...new Set(toTung.tasks.map((t) => t.area))]);
      expect(plan.indicators.length).toBeGreaterThan(0);
      const [{ milestones }] = await ds().query(
        `SELECT count(*) FILTER (WHERE jsonb_array_length(milestones) > 0)::int AS milestones FROM task t JOIN plan p ON p.id = t.plan_id
        WHERE p.year = $1 AND p.commune_id = (SELECT id FROM commune WHERE code = 'to-tung')`,
        [year],
      );
      expect(milestones).toBe(toTung.tasks.filter((t) => t.timeText).length);
    },
  );

  it.each([['csv'], ['xlsx']])(
    'round-trips through export-plan as %s: the same tasks and indicators',
    async (format) => {
      await importPlan(ds(), {
        communeCode: 'to-tung',
        year: 2032,
        draft: draftOfTable(readCsv(readFileSync(path.join(FIXTURES, 'to-tung-2024.csv'), 'utf8'))),
      });
      const first = await stored('to-tung', 2032);
      const tables = planTables(first);
      const exported =
        format === 'csv'
          ? draftOfTable(readCsv((await planFileBytes(tables, 'csv')).toString('utf8')))
          : draftOfTables(await readXlsx(await planFileBytes(tables, 'xlsx')));
      await importPlan(ds(), { communeCode: 'to-tung', year: 2033, draft: exported });
      const again = await stored('to-tung', 2033);
      expect(again.tasks).toEqual(first.tasks);
      expect(again.indicators).toEqual(first.indicators);
      // Replacing a plan that has no reports yet: same content, nothing duplicated.
      await importPlan(ds(), { communeCode: 'to-tung', year: 2033, draft: exported });
      expect((await stored('to-tung', 2033)).tasks).toHaveLength(first.tasks.length);
    },
  );

  it('imports nothing from a file with one bad row, and names the row and column', async () => {
    const rows = readCsv(readFileSync(path.join(FIXTURES, 'to-tung-2024.csv'), 'utf8'));
    rows[5][2] = ''; // Nhiệm vụ of spreadsheet row 6
    rows.push(['VIII', 'Cải cách gì đó', '', '', '', '', '', '', '', '']);
    const before = await counts();
    let error: PlanImportError | undefined;
    try {
      await importPlan(ds(), { communeCode: 'to-tung', year: 2034, draft: draftOfTable(rows) });
    } catch (e) {
      error = e as PlanImportError;
    }
    expect(error?.code).toBe('BAD_USER_INPUT');
    expect(error?.problems).toEqual([
      { row: 6, column: 'Nhiệm vụ', message: expect.stringMatching(/empty/) },
      {
        row: rows.length,
        column: 'STT',
        message: expect.stringMatching(/not one of the seven reform areas/),
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses to replace a plan whose tasks are already reported on, and changes nothing', async () => {
    const before = await stored('52001', 2025);
    await expect(
      importPlan(ds(), {
        communeCode: '52001',
        year: 2025,
        draft: draftOfTable(readCsv(readFileSync(path.join(FIXTURES, 'to-tung-2024.csv'), 'utf8'))),
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/status report/),
    });
    expect(await stored('52001', 2025)).toEqual(before);
  });

  it('imports through the importPlan mutation, with the same rules', async () => {
    const csv = readFileSync(path.join(FIXTURES, 'to-tung-2024.csv'), 'utf8');
    const mutation = `mutation($input: ImportPlanInput!) { importPlan(input: $input) { year owner { ... on Commune { code } } areas { area { code } taskCount } } }`;
    const { importPlan: plan } = await ctx.data(mutation, {
      input: { communeCode: '52002', year: 2035, csv },
    });
    expect(plan.owner.code).toBe('52002');
    expect(plan.areas.reduce((n: number, a: any) => n + a.taskCount, 0)).toBe(toTung.tasks.length);

    const bad = await ctx.execute(mutation, {
      input: { communeCode: '52002', year: 2036, csv: 'STT,Mục tiêu,Nhiệm vụ\n1,x,y\n' },
    });
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ row: 2, column: 'STT' }],
    });
    const unknown = await ctx.execute(mutation, { input: { communeCode: 'nope', year: 2036, csv } });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const both = await ctx.execute(mutation, {
      input: { communeCode: '52002', provinceCode: '52', year: 2036, csv },
    });
    expect(both.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('works from the cchc command: import, then export-plan, then import that again', async () => {
    const cchc = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [
          path.join(__dirname, '..', '..', 'node_modules', 'ts-node', 'dist', 'bin.js'),
          '--transpile-only',
          path.join(__dirname, '..', '..', 'src', 'cli', 'cchc.ts'),
          ...args,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: databaseUrl(ctx.db().name) },
        },
      );
    const imported = cchc(
      'import',
      path.join(FIXTURES, 'to-tung-2024.xlsx'),
      '--commune',
      'to-tung',
      '--year',
      '2040',
    );
    expect(imported.stderr).toMatch(/Imported plan \d+: 34 tasks/);
    expect(imported.status).toBe(0);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'cchc-export-')), 'to-tung.xlsx');
    expect(
      cchc('export-plan', '--commune', 'to-tung', '--year', '2040', '--format', 'xlsx', '--out', out).status,
    ).toBe(0);
    expect(cchc('import', out, '--commune', 'to-tung', '--year', '2041').status).toBe(0);
    expect((await stored('to-tung', 2041)).tasks).toEqual((await stored('to-tung', 2040)).tasks);

    const csv = cchc('export-plan', '--commune', 'to-tung', '--year', '2040', '--format', 'csv');
    expect(csv.stdout.split('\n')[0]).toContain('STT,Mục tiêu,Nhiệm vụ');
    const bad = cchc(
      'import',
      path.join(FIXTURES, 'make-to-tung.js'),
      '--commune',
      'to-tung',
      '--year',
      '2042',
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Unknown file type/);
  });

  it('reads its own template (with the example row) and the JSON seed format', async () => {
    const template = draftOfTables(await readXlsx(await planFileBytes(templateTables(), 'xlsx')));
    expect(template.areas).toEqual([{ areaCode: 'INSTITUTIONS', heading: 'I Cải cách thể chế' }]);
    expect(template.tasks).toHaveLength(1);
    expect(template.indicators.length).toBeGreaterThan(0);

    const json = await readPlanFile(
      '002.json',
      readFileSync(path.join(__dirname, '..', '..', 'seeds', 'real', '002_95777da50a226c25.json')),
    );
    expect(cellsOf(json.tasks)).toEqual(cellsOf(toTung.tasks));
    await expect(readPlanFile('bad.json', Buffer.from('{"tasks": 3}'))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });
});
