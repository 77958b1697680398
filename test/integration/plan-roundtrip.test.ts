import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { IndicatorStatedIn1795480600000 } from '../../migrations/1795480600000-indicator-stated-in';
import { IndicatorCell } from '../../src/modules/indicator/indicator.enums';
import { PassThrough } from 'node:stream';
import { createRequestContext } from '../../src/app/request-context';
import { OPERATOR } from '../../src/core/viewer';
import { planFileBytes } from '../../src/modules/export/export.plan';
import { parseExportRequest, writeExport } from '../../src/modules/export/export.service';
import { planDraftOf } from '../../src/modules/plan-export/plan-export.service';
import { planTables } from '../../src/modules/plan-export/plan-table-writer';
import type { TableFormat } from '../../src/modules/plan-export/plan-table-writer';
import { readCsv } from '../../src/modules/plan-import/plan-file';
import type { PlanOwnerRef } from '../../src/modules/plan-import/plan-import.service';
import { importPlan } from '../../src/modules/plan-import/plan-import.service';
import { TARGET_CELLS } from '../../src/modules/plan-import/plan-draft';
import { readPlanFile } from '../../src/modules/plan-import/plan-source';
import { draftOfSeed } from '../../src/modules/plan-import/real-plan-seed';
import type { PlanImportError } from '../../src/modules/plan-import/table-cells';
import { readRealPlanSeeds } from '../../src/modules/seed/real-plans';
import { useSeededGraphql } from '../utils/seeded-graphql';
import { createTestDatabase } from '../utils/test-database';

// Every real plan and a generated one go through export, import into a new owner and export
// again: the stored rows must be the same, field by field, and so must the two files.

/** The plans to round-trip: whatever seeds/real holds, and one generated commune plan. */
const PLANS: { label: string; owner: PlanOwnerRef; year: number }[] = [
  ...readRealPlanSeeds().map((seed) => ({
    label: seed.source.file,
    owner: seed.owner.commune
      ? { communeCode: seed.owner.commune.code }
      : { provinceCode: seed.owner.province!.code },
    year: seed.plan.year,
  })),
  { label: 'generated commune 52001', owner: { communeCode: '52001' }, year: 2025 },
];
const FORMATS: TableFormat[] = ['csv', 'xlsx'];

describe('plan files: export, import, export again', () => {
  const ctx = useSeededGraphql();
  const ds = () => ctx.db().dataSource;
  let communes = 0;

  /** A commune with no plan yet, to import into. */
  async function freshCommune(): Promise<PlanOwnerRef> {
    const code = `roundtrip-${++communes}`;
    await ds().query(
      `INSERT INTO commune (code, name, kind, province_id) SELECT $1, $1, 'XA', id FROM province WHERE code = '52'`,
      [code],
    );
    return { communeCode: code };
  }

  /** The file `cchc export plan` (and `export-plan`, GET /exports/plan.<format>) writes for a plan. */
  async function exported(owner: PlanOwnerRef, year: number, format: TableFormat): Promise<Buffer> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const params = owner.communeCode ? { commune: owner.communeCode } : { province: owner.provinceCode };
    const request = parseExportRequest('plan', { ...params, year });
    await writeExport(createRequestContext(ds(), OPERATOR), request, format, out);
    return Buffer.concat(chunks);
  }

  async function importFile(owner: PlanOwnerRef, year: number, format: TableFormat, file: Buffer) {
    await importPlan(ds(), { ...owner, year, draft: await readPlanFile(`plan.${format}`, file) });
  }

  /**
   * Every stored column of the plan's areas, tasks and indicators (SELECT *, so a column added
   * later is compared too), less the row ids, the plan id and the version a new row starts at;
   * an indicator's task is given by the task's position. An indicator's link to its province's
   * target is not in the file: it comes from where the plan is imported (the copy's province may
   * have a plan of that year where the original's has none; docs/INDICATORS.md, cascade).
   */
  async function storedPlan(owner: PlanOwnerRef, year: number) {
    const { plan } = await planDraftOf(ds(), owner, year);
    const rows = (sql: string) => ds().query(sql, [plan.id]) as Promise<Record<string, unknown>[]>;
    const omit = (row: Record<string, unknown>, ...keys: string[]) =>
      Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)));
    const areas = await rows('SELECT * FROM plan_area WHERE plan_id = $1 ORDER BY position');
    const tasks = await rows('SELECT * FROM task WHERE plan_id = $1 ORDER BY position');
    const indicators = await rows(
      `SELECT i.*, t.position AS task_position FROM indicator i LEFT JOIN task t ON t.id = i.task_id
        WHERE i.plan_id = $1 ORDER BY i.position`,
    );
    return {
      areas: areas.map((a) => omit(a, 'plan_id')),
      tasks: tasks.map((t) => omit(t, 'id', 'plan_id', 'version')),
      indicators: indicators.map((i) =>
        omit(i, 'id', 'plan_id', 'version', 'task_id', 'province_indicator_id', 'province_link_source'),
      ),
    };
  }

  /** Every sheet of a workbook as its name and the text of its cells, row by row. */
  async function workbookCells(file: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    return workbook.worksheets.map((sheet) => ({
      name: sheet.name,
      rows: sheet.getSheetValues().map((row) => (Array.isArray(row) ? row.map((cell) => cell ?? '') : row)),
    }));
  }

  describe.each(PLANS)('$label', ({ owner, year }) => {
    it.each(FORMATS)(
      'as %s: same areas, tasks and indicators in every field; the same file again',
      async (format) => {
        const original = await storedPlan(owner, year);
        expect(original.tasks.length).toBeGreaterThan(0);
        const first = await exported(owner, year, format);

        const copy = await freshCommune();
        await importFile(copy, year, format, first);
        expect(await storedPlan(copy, year)).toEqual(original);

        const second = await exported(copy, year, format);
        if (format === 'csv') expect(second.toString('utf8')).toBe(first.toString('utf8'));
        else expect(await workbookCells(second)).toEqual(await workbookCells(first));
      },
    );
  });

  it('reads an exported CSV back through the importPlan mutation as well', async () => {
    const owner = { communeCode: 'to-tung' };
    const copy = await freshCommune();
    const csv = (await exported(owner, 2024, 'csv')).toString('utf8');
    await ctx.data('mutation($input: ImportPlanInput!) { importPlan(input: $input) { id } }', {
      input: { communeCode: copy.communeCode, year: 2024, csv },
    });
    expect(await storedPlan(copy, 2024)).toEqual(await storedPlan(owner, 2024));
  });

  it('keeps what the old export lost: Tơ Tung 2024 and a generated plan', async () => {
    const toTung = await storedPlan({ communeCode: 'to-tung' }, 2024);
    const generated = await storedPlan({ communeCode: '52001' }, 2025);
    // Targets in the Kết quả cells, one record per transcribed target, each with its source lines.
    expect(toTung.indicators.filter((i) => i.stated_in === IndicatorCell.OUTPUTS).length).toBeGreaterThan(0);
    expect(toTung.indicators.every((i) => i.task_position !== null && i.source !== null)).toBe(true);
    // The generated plan's targets are the plan's own key indicators, tied to no task.
    expect(generated.indicators.length).toBeGreaterThan(0);
    expect(
      generated.indicators.every(
        (i) => i.task_position === null && i.stated_in === IndicatorCell.KEY_INDICATORS,
      ),
    ).toBe(true);
  });

  /** An exported CSV of Tơ Tung 2024 as rows, and where its indicator table starts. */
  async function toTungRows() {
    const rows = readCsv((await exported({ communeCode: 'to-tung' }, 2024, 'csv')).toString('utf8'));
    const header = rows.findIndex((row) => row[0] === 'Chỉ tiêu') + 1;
    expect(header).toBeGreaterThan(1);
    const column = (name: string) => rows[header].indexOf(name);
    return { rows, header, column };
  }
  const csvOf = (rows: string[][]) => Buffer.from(stringify(rows), 'utf8');

  it('places every real indicator of a task row in a cell of that row that holds its sentence', () => {
    for (const seed of readRealPlanSeeds()) {
      const draft = draftOfSeed(seed);
      draft.indicators.forEach((indicator, i) => {
        const { taskOrdinal } = seed.indicators[i];
        if (taskOrdinal === null) {
          expect(indicator.statedIn).toBe(IndicatorCell.KEY_INDICATORS);
          return;
        }
        const task = draft.tasks[indicator.taskIndex!];
        expect({ file: seed.source.file, ordinal: indicator.ordinal, task: task?.ordinal }).toEqual({
          file: seed.source.file,
          ordinal: indicator.ordinal,
          task: taskOrdinal,
        });
        const field = TARGET_CELLS.find(([cell]) => cell === indicator.statedIn)?.[1];
        expect(field && task[field]?.replace(/\s+/g, ' ')).toContain(
          indicator.targetText.replace(/\s+/g, ' ').trim(),
        );
      });
    }
  });

  it('fills Indicator.statedIn of existing rows in the migration as the loaders fill new ones', async () => {
    const db = await createTestDatabase('seeded');
    try {
      const placed = () =>
        db.dataSource.query('SELECT plan_id, position, stated_in FROM indicator ORDER BY plan_id, position');
      const loaded = await placed();
      const runner = db.dataSource.createQueryRunner();
      try {
        const migration = new IndicatorStatedIn1795480600000();
        await migration.down(runner);
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      expect(await placed()).toEqual(loaded);
      // The roll-up trigger it pauses for the backfill is on again.
      const [trigger] = await db.dataSource.query(
        `SELECT tgenabled FROM pg_trigger WHERE tgname = 'tr_indicator_rollup_update'`,
      );
      expect(trigger).toEqual({ tgenabled: 'O' });
    } finally {
      await db.drop();
    }
  });

  it('shows in GraphQL where each target is stated (Tơ Tung 2024, as its transcription notes say)', async () => {
    // Read from the seed's notes ("Kết quả/Sản phẩm cell", "Mục tiêu cell shared by rows 12 and 12.2"…).
    const expected: Record<string, IndicatorCell> = {
      T1: IndicatorCell.ACTIVITIES,
      T2: IndicatorCell.ACTIVITIES,
      T4: IndicatorCell.OBJECTIVE,
      T5: IndicatorCell.OBJECTIVE,
      T6: IndicatorCell.OUTPUTS,
      'T6.2': IndicatorCell.OUTPUTS,
      T12: IndicatorCell.OBJECTIVE,
      T16: IndicatorCell.NAME,
      'T19.4': IndicatorCell.OUTPUTS,
      'T19.7': IndicatorCell.OUTPUTS,
      T21: IndicatorCell.OBJECTIVE,
    };
    const { commune } = await ctx.data(
      '{ commune(code: "to-tung") { plan(year: 2024) { indicators { ordinal statedIn task { ordinal } } } } }',
    );
    const indicators: { ordinal: string; statedIn: string; task: { ordinal: string } }[] =
      commune.plan.indicators;
    for (const [ordinal, cell] of Object.entries(expected)) {
      const stated = indicators.filter((i) => i.ordinal === ordinal);
      expect(stated.length).toBeGreaterThan(0);
      for (const indicator of stated) {
        expect(indicator).toEqual({ ordinal, statedIn: cell, task: { ordinal: ordinal.slice(1) } });
      }
    }
  });

  describe('the comparison bites', () => {
    const owner = { communeCode: 'to-tung' };
    const importedFrom = async (rows: string[][]) => {
      const copy = await freshCommune();
      await importFile(copy, 2024, 'csv', csvOf(rows));
      return storedPlan(copy, 2024);
    };

    it('an indicator row removed from the file: a plan with one indicator less', async () => {
      const original = await storedPlan(owner, 2024);
      const { rows, header } = await toTungRows();
      rows.splice(header + 1, 1);
      const copy = await importedFrom(rows);
      expect(copy).not.toEqual(original);
      expect(copy.indicators).toEqual(
        original.indicators.slice(1).map((i) => ({ ...i, position: (i.position as number) - 1 })),
      );
    });

    it('a target moved to another cell, or a source line changed: a plan that differs there', async () => {
      const original = await storedPlan(owner, 2024);
      const moved = await toTungRows();
      const statedIn = moved.column('Nêu tại');
      const outputs = moved.rows.findIndex(
        (row, i) => i > moved.header && row[statedIn] === 'Kết quả/Sản phẩm',
      );
      moved.rows[outputs][statedIn] = 'Mục tiêu';
      const movedPlan = await importedFrom(moved.rows);
      expect(movedPlan.tasks).toEqual(original.tasks);
      expect(movedPlan.indicators).not.toEqual(original.indicators);
      expect(movedPlan.indicators[outputs - moved.header - 1].stated_in).toBe(IndicatorCell.OBJECTIVE);

      const relined = await toTungRows();
      const lines = relined.rows[0].indexOf('Dòng nguồn');
      const [first, last] = relined.rows[2][lines].split('–');
      relined.rows[2][lines] = `${Number(first) + 1}–${last}`;
      const shifted = await importedFrom(relined.rows);
      expect(shifted.tasks).not.toEqual(original.tasks);
      expect(shifted.tasks.slice(1)).toEqual(original.tasks.slice(1));
      expect(shifted.indicators).toEqual(original.indicators);
    });
  });

  describe('files written by hand', () => {
    const FIXTURES = path.join(__dirname, '..', 'fixtures');

    it('a template file (one sheet, no indicator section): indicators from the task cells, each with its cell', async () => {
      const draft = await readPlanFile('to-tung.csv', readFileSync(path.join(FIXTURES, 'to-tung-2024.csv')));
      expect(draft.indicators.length).toBeGreaterThan(0);
      const fields = { OBJECTIVE: 'objective', NAME: 'name', ACTIVITIES: 'activities' } as const;
      for (const indicator of draft.indicators) {
        expect(Object.keys(fields)).toContain(indicator.statedIn);
        const field = fields[indicator.statedIn as keyof typeof fields];
        expect(draft.tasks[indicator.taskIndex!][field]).toBe(indicator.targetText);
      }
    });

    it('an empty indicator section: a plan with no indicators (not the ones in the task cells)', async () => {
      const { rows, header } = await toTungRows();
      const draft = await readPlanFile('x.csv', csvOf(rows.slice(0, header + 1)));
      expect(draft.indicators).toEqual([]);
      expect(draft.tasks.length).toBeGreaterThan(0);
    });
  });

  describe('malformed indicator tables', () => {
    const counts = async () =>
      (
        await ds().query(
          `SELECT (SELECT count(*) FROM plan)::int AS plans, (SELECT count(*) FROM task)::int AS tasks,
                  (SELECT count(*) FROM indicator)::int AS indicators`,
        )
      )[0];

    async function problemsOf(format: TableFormat, file: Buffer) {
      const before = await counts();
      const owner = await freshCommune();
      const error = await importFile(owner, 2024, format, file).then(
        () => undefined,
        (e: PlanImportError) => e,
      );
      expect(error?.code).toBe('BAD_USER_INPUT');
      expect(await counts()).toEqual(before);
      return error!.problems;
    }

    it('CSV: every bad cell named by its row and column, and nothing imported', async () => {
      const { rows, header, column } = await toTungRows();
      rows[header + 1][column('Mã lĩnh vực')] = 'NOT_AN_AREA';
      rows[header + 2][column('STT nhiệm vụ')] = '99.9';
      rows[header + 3][column('Nêu tại')] = 'Thời gian';
      rows[header + 4][column('Dòng nguồn')] = '660–652';
      rows[header + 5][column('Tệp nguồn')] = '';
      const fileRow = (n: number) => header + n + 1;
      expect(await problemsOf('csv', csvOf(rows))).toEqual([
        { row: fileRow(1), column: 'Mã lĩnh vực', message: expect.stringMatching(/not a reform area/) },
        {
          row: fileRow(2),
          column: 'STT nhiệm vụ',
          message: expect.stringMatching(/No task numbered "99.9"/),
        },
        { row: fileRow(3), column: 'Nêu tại', message: expect.stringMatching(/not a place of a target/) },
        { row: fileRow(4), column: 'Dòng nguồn', message: expect.stringMatching(/not a line range/) },
        { row: fileRow(5), column: 'Tệp nguồn', message: expect.stringMatching(/need the source file/) },
      ]);
    });

    it('CSV: a section without its header row is refused at that row', async () => {
      const { rows, header } = await toTungRows();
      rows.splice(header, 1);
      expect(await problemsOf('csv', csvOf(rows))).toEqual([
        {
          row: header + 1,
          column: 'Mã lĩnh vực',
          message: expect.stringMatching(/must start with its header row/),
        },
      ]);
    });

    it('XLSX: a problem on the "Chỉ tiêu" sheet names the sheet', async () => {
      const tables = planTables((await planDraftOf(ds(), { communeCode: 'to-tung' }, 2024)).draft);
      tables.indicators![3][3] = '';
      expect(await problemsOf('xlsx', await planFileBytes(tables, 'xlsx'))).toEqual([
        { sheet: 'Chỉ tiêu', row: 4, column: 'Nội dung chỉ tiêu', message: expect.stringMatching(/empty/) },
      ]);
    });
  });
});
