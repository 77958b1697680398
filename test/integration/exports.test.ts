import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { PassThrough, Writable } from 'node:stream';
import { createRequestContext } from '../../src/app/request-context';
import { periodsArgument } from '../../src/core/period.args';
import { OPERATOR, Role } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';
import { parseExportRequest, writeExport } from '../../src/modules/export/export.service';
import type { ExportFormat, WriteExportOptions } from '../../src/modules/export/export.service';
import { useSeededGraphql } from '../utils/seeded-graphql';

// Every export is read back with a real reader (csv-parse, exceljs, JSON per line) and compared
// with what the API answers over GraphQL for the same parameters: the export code is never used to
// compute the expected figures.

const MEASURES = `taskCount completedCount inProgressCount notStartedCount cancelledCount overdueCount
  completionRate dueCompletionRate onTimeRate indicatorsMet indicatorsNotMet indicatorsNoData`.split(/\s+/);

describe('exports', () => {
  const api = useSeededGraphql();
  const ds = () => api.db().dataSource;
  let gialai: number;
  beforeAll(async () => {
    [{ id: gialai }] = await ds().query(`SELECT id FROM province WHERE code = '52'`);
  });
  const viewer = (role: Role, provinceId: number | null, communeId: number | null = null): Viewer => ({
    role,
    name: `${role}-test`,
    tokenId: null,
    provinceId,
    communeId,
  });

  /** Runs an export into memory as `viewer` (default the operator): the bytes and the row count. */
  async function exportBytes(
    kind: string,
    params: Record<string, unknown>,
    format: ExportFormat,
    options: WriteExportOptions & { viewer?: Viewer } = {},
  ): Promise<{ bytes: Buffer; rows: number }> {
    const ctx = createRequestContext(ds(), options.viewer ?? OPERATOR);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const { rows } = await writeExport(ctx, parseExportRequest(kind, params), format, out, options);
    return { bytes: Buffer.concat(chunks), rows };
  }

  /** CSV rows, after checking the UTF-8 BOM. */
  const readCsv = (bytes: Buffer): string[][] => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parse(bytes.subarray(3), { relax_column_count: true }) as string[][];
  };
  /** CSV rows as objects by header. */
  const csvRecords = (bytes: Buffer) => {
    const [header, ...rows] = readCsv(bytes);
    return { header, records: rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]]))) };
  };
  const ndjson = (bytes: Buffer) =>
    bytes
      .toString('utf8')
      .split('\n')
      .filter((line, i, lines) => line !== '' || i < lines.length - 1)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const countBy = (values: unknown[]) => {
    const counts: Record<string, number> = {};
    for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
    return counts;
  };

  describe('roll-up', () => {
    it('CSV: BOM, Vietnamese headers, every row and measure of Query.rollup', async () => {
      const { bytes, rows } = await exportBytes(
        'rollup',
        { province: '52', period: ['2025Q2', '2025Q3'], groupBy: 'COMMUNE,AREA,PERIOD' },
        'csv',
      );
      const [header, ...body] = readCsv(bytes);
      expect(header.slice(0, 8)).toEqual([
        'Mã xã',
        'Xã, phường, đặc khu',
        'Mã lĩnh vực',
        'Lĩnh vực',
        'Kỳ',
        'Số nhiệm vụ',
        'Đã hoàn thành',
        'Đang thực hiện',
      ]);
      const { rollup, reformAreas } = await api.data(
        `{ rollup(periods: ["2025Q2", "2025Q3"], provinceCode: "52", groupBy: [COMMUNE, AREA, PERIOD]) { communeCode communeName areaCode period ${MEASURES.join(' ')} }
           reformAreas { code nameVi } }`,
      );
      expect(rollup.length).toBeGreaterThan(100);
      expect(rows).toBe(rollup.length);
      expect(body).toHaveLength(rollup.length);
      const areaName = new Map(reformAreas.map((a: any) => [a.code, a.nameVi]));
      body.forEach((cells, i) => {
        const want = rollup[i];
        expect(cells.slice(0, 5)).toEqual([
          want.communeCode,
          want.communeName,
          want.areaCode,
          areaName.get(want.areaCode),
          want.period,
        ]);
        expect(cells.slice(5).map((c) => (c === '' ? null : Number(c)))).toEqual(
          MEASURES.map((m) => want[m]),
        );
      });
    });

    it('English headers with lang en; relative periods read as the API reads them', async () => {
      const { bytes } = await exportBytes(
        'rollup',
        { province: '52', period: 'QUARTERS_THIS_YEAR', groupBy: ['PERIOD'] },
        'csv',
        { lang: 'en' },
      );
      const { header, records } = csvRecords(bytes);
      expect(header.slice(0, 3)).toEqual(['Period', 'Tasks', 'Completed']);
      const { rollup } = await api.data(
        '{ rollup(periods: ["QUARTERS_THIS_YEAR"], provinceCode: "52", groupBy: [PERIOD]) { period taskCount completionRate } }',
      );
      expect(records.map((r) => r.Period)).toEqual(rollup.map((r: any) => r.period));
      expect(records.map((r) => r.Period)).toEqual(
        periodsArgument(['QUARTERS_THIS_YEAR'], 'Asia/Ho_Chi_Minh').map((p) => p.code),
      );
      expect(records.map((r) => Number(r.Tasks))).toEqual(rollup.map((r: any) => r.taskCount));
    });

    it('XLSX: header row frozen and bold, rates as numbers with a % format, the values of Query.rollup', async () => {
      const { bytes, rows } = await exportBytes(
        'rollup',
        { province: '52', period: '2025Q3', groupBy: 'PROVINCE,AREA' },
        'xlsx',
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).font?.bold).toBe(true);
      const header = (sheet.getRow(1).values as string[]).slice(1);
      expect(header.slice(0, 5)).toEqual([
        'Mã tỉnh',
        'Tỉnh, thành phố',
        'Mã lĩnh vực',
        'Lĩnh vực',
        'Số nhiệm vụ',
      ]);
      const rateColumn = header.indexOf('Tỷ lệ hoàn thành') + 1;
      expect(sheet.getColumn(rateColumn).width).toBeGreaterThan(5);
      const { rollup } = await api.data(
        `{ rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [PROVINCE, AREA]) { provinceCode areaCode ${MEASURES.join(' ')} } }`,
      );
      expect(rows).toBe(7);
      expect(sheet.rowCount).toBe(1 + rollup.length);
      rollup.forEach((want: any, i: number) => {
        const row = sheet.getRow(i + 2);
        expect([row.getCell(1).value, row.getCell(3).value]).toEqual([want.provinceCode, want.areaCode]);
        MEASURES.forEach((m, j) => expect(row.getCell(5 + j).value ?? null).toEqual(want[m]));
        expect(row.getCell(rateColumn).numFmt).toBe('0.0%');
        expect(typeof row.getCell(rateColumn).value).toBe('number');
      });
    });

    it('passes areas and communes through to Query.rollup (areaCodes, communeCodes)', async () => {
      const { bytes } = await exportBytes(
        'rollup',
        {
          period: '2025Q3',
          area: 'procedures,INSTITUTIONS',
          communes: '52001,52003',
          groupBy: 'COMMUNE,AREA',
        },
        'ndjson',
      );
      const { rollup } = await api.data(
        `{ rollup(periods: ["2025Q3"], areaCodes: [PROCEDURES, INSTITUTIONS], communeCodes: ["52001", "52003"], groupBy: [COMMUNE, AREA]) { communeCode communeName areaCode ${MEASURES.join(' ')} } }`,
      );
      expect(rollup).toHaveLength(4);
      expect(ndjson(bytes).map(({ areaName: _name, ...row }) => row)).toEqual(rollup);
      await expect(
        exportBytes('rollup', { period: '2025Q3', communes: '52001,00000' }, 'csv'),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('NDJSON: one object per line, keys = column keys, numbers as numbers, null as null', async () => {
      const { bytes } = await exportBytes('rollup', { period: '2025Q3', groupBy: 'PROVINCE' }, 'ndjson');
      const lines = ndjson(bytes);
      const { rollup } = await api.data(
        `{ rollup(periods: ["2025Q3"], groupBy: [PROVINCE]) { provinceCode provinceName ${MEASURES.join(' ')} } }`,
      );
      expect(lines).toEqual(rollup);
      expect(Object.keys(lines[0])).toEqual(['provinceCode', 'provinceName', ...MEASURES]);
    });
  });

  describe('tasks', () => {
    it('one row per task as of the period: statuses, overdue and row count equal the roll-up', async () => {
      const { bytes, rows } = await exportBytes('tasks', { province: '52', period: '2025Q3' }, 'ndjson');
      const lines = ndjson(bytes);
      const { rollup, province } = await api.data(
        `{ rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: []) { ${MEASURES.join(' ')} }
           province(code: "52") { overdueTasks(period: "2025Q3", first: 1) { totalCount } } }`,
      );
      const [total] = rollup;
      expect(rows).toBe(total.taskCount);
      expect(lines).toHaveLength(total.taskCount);
      expect(countBy(lines.map((l) => l.status))).toEqual(
        Object.fromEntries(
          Object.entries({
            COMPLETED: total.completedCount,
            IN_PROGRESS: total.inProgressCount,
            NOT_STARTED: total.notStartedCount,
            CANCELLED: total.cancelledCount,
          }).filter(([, n]) => n > 0),
        ),
      );
      const overdue = lines.filter((l) => l.overdue === true);
      expect(overdue).toHaveLength(total.overdueCount);
      expect(overdue).toHaveLength(province.overdueTasks.totalCount);
      for (const line of lines) {
        expect(line.provinceCode).toBe('52');
        expect(typeof line.percent).toBe('number');
        if (line.dueOn !== null) expect(line.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(line.daysOverdue === null).toBe(line.overdue === false);
      }
    });

    it("several periods: each period's list after the other, as many rows as the roll-up by period", async () => {
      const { bytes, rows } = await exportBytes('tasks', { province: '52', period: '2025Q2,2025Q4' }, 'csv', {
        lang: 'en',
      });
      const { records } = csvRecords(bytes);
      const { rollup } = await api.data(
        '{ rollup(periods: ["2025Q2", "2025Q4"], provinceCode: "52", groupBy: [PERIOD]) { period taskCount overdueCount } }',
      );
      expect(rows).toBe(rollup[0].taskCount + rollup[1].taskCount);
      expect(countBy(records.map((r) => r.Period))).toEqual({
        '2025Q2': rollup[0].taskCount,
        '2025Q4': rollup[1].taskCount,
      });
      // In order: the first period's rows, then the second's.
      expect(records.findIndex((r) => r.Period === '2025Q4')).toBe(rollup[0].taskCount);
      const overdue = (period: string) =>
        records.filter((r) => r.Period === period && r.Overdue === 'Yes').length;
      expect([overdue('2025Q2'), overdue('2025Q4')]).toEqual([
        rollup[0].overdueCount,
        rollup[1].overdueCount,
      ]);
    });

    it('overdueOnly: the tasks of Province.overdueTasks, with their days overdue', async () => {
      const { bytes } = await exportBytes(
        'tasks',
        { province: '52', period: '2025Q3', overdueOnly: 'true' },
        'ndjson',
      );
      const lines = ndjson(bytes);
      const { province } = await api.data(
        `{ province(code: "52") { overdueTasks(period: "2025Q3", first: 500) { totalCount edges { node { daysOverdue commune { code } task { ordinal name } } } } } }`,
      );
      expect(lines.length).toBe(province.overdueTasks.totalCount);
      const key = (commune: unknown, ordinal: unknown, name: unknown, days: unknown) =>
        `${commune}|${ordinal}|${name}|${days}`;
      const exported = new Set(lines.map((l) => key(l.communeCode, l.ordinal, l.name, l.daysOverdue)));
      for (const { node } of province.overdueTasks.edges) {
        expect(
          exported.has(key(node.commune.code, node.task.ordinal, node.task.name, node.daysOverdue)),
        ).toBe(true);
      }
    });

    it("milestones: each task's Task.milestones as docs/EXPORTS.md writes them, also after an edit", async () => {
      // "<kind> [<recurrence>] [<start>..<due>]" joined by "; " (docs/EXPORTS.md, tasks).
      const asText = (
        milestones: { kind: string; recurrence: string | null; start: string | null; due: string | null }[],
      ) =>
        milestones
          .map((m) =>
            [m.kind, m.recurrence, m.start !== null ? `${m.start}..${m.due ?? ''}` : m.due]
              .filter((p) => p !== null)
              .join(' '),
          )
          .join('; ');
      const tasksQuery = `{ commune(code: "52003") { plan(year: 2025) { tasks(first: 500) { edges { node {
        id version ordinal milestones { kind recurrence start due } } } } } } }`;
      const apiTasks = async () =>
        (await api.data(tasksQuery)).commune.plan.tasks.edges.map((e: any) => e.node);
      const exported = async () =>
        ndjson((await exportBytes('tasks', { commune: '52003', period: '2025' }, 'ndjson')).bytes).map(
          (row) => row.milestones,
        );
      const before = await apiTasks();
      expect(before.some((t: any) => t.milestones.length > 1)).toBe(true);
      expect(await exported()).toEqual(before.map((t: any) => asText(t.milestones)));

      // A new time text: the stored text follows the new milestones in the same write.
      const task = before[0];
      await api.data(
        `mutation($id: ID!, $version: Int!) { updateTask(id: $id, version: $version,
           input: { timeText: "Hằng quý; hoàn thành trước 15/11/2025" }) { id } }`,
        { id: task.id, version: task.version },
      );
      const after = await apiTasks();
      expect(after[0].milestones).not.toEqual(task.milestones);
      expect((await exported())[0]).toBe(asText(after[0].milestones));
    });

    it('XLSX: due dates as dates, overdue as yes/no text in the language asked for', async () => {
      const { bytes, rows } = await exportBytes('tasks', { commune: '52001', period: '2025Q3' }, 'xlsx', {
        lang: 'en',
      });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      const header = (sheet.getRow(1).values as string[]).slice(1);
      expect(header).toContain('Due date');
      const due = header.indexOf('Due date') + 1;
      const overdue = header.indexOf('Overdue') + 1;
      const { commune } = await api.data(
        '{ commune(code: "52001") { rollup(period: "2025Q3") { total { taskCount } } plan(year: 2025) { tasks(first: 500) { edges { node { dueOn } } } } } }',
      );
      expect(rows).toBe(commune.rollup.total.taskCount);
      const dues = commune.plan.tasks.edges.map((e: any) => e.node.dueOn);
      for (let i = 0; i < rows; i++) {
        const cell = sheet.getRow(i + 2).getCell(due);
        if (dues[i] === null) expect(cell.value).toBeNull();
        else expect((cell.value as Date).toISOString().slice(0, 10)).toBe(dues[i]);
        expect(['Yes', 'No']).toContain(sheet.getRow(i + 2).getCell(overdue).value);
      }
    });
  });

  it('indicators: met / not met / no data per indicator, as many as the roll-up counts', async () => {
    const { bytes, rows } = await exportBytes('indicators', { province: '52', period: '2025' }, 'csv', {
      lang: 'en',
    });
    const { records } = csvRecords(bytes);
    const { rollup } = await api.data(
      '{ rollup(periods: ["2025"], provinceCode: "52", groupBy: []) { indicatorsMet indicatorsNotMet indicatorsNoData } }',
    );
    const [total] = rollup;
    expect(rows).toBe(total.indicatorsMet + total.indicatorsNotMet + total.indicatorsNoData);
    expect(countBy(records.map((r) => r.Attainment))).toEqual(
      Object.fromEntries(
        Object.entries({
          MET: total.indicatorsMet,
          NOT_MET: total.indicatorsNotMet,
          NO_DATA: total.indicatorsNoData,
        }).filter(([, n]) => n > 0),
      ),
    );
    expect(total.indicatorsMet).toBeGreaterThan(0);
    for (const r of records.filter((x) => x.Attainment !== 'NO_DATA')) expect(r['Actual value']).not.toBe('');
  });

  it('reporting: one row per expected commune; submitted, on time and missing as Province.reporting', async () => {
    const { bytes, rows } = await exportBytes('reporting', { province: '52', period: '2025Q3' }, 'ndjson');
    const lines = ndjson(bytes);
    const { province } = await api.data(
      '{ province(code: "52") { reporting(period: "2025Q3") { expected submitted onTime missingCommunes { code } } } }',
    );
    const { reporting } = province;
    expect(rows).toBe(reporting.expected);
    expect(lines.filter((l) => l.submitted)).toHaveLength(reporting.submitted);
    expect(lines.filter((l) => l.onTime)).toHaveLength(reporting.onTime);
    expect(lines.filter((l) => l.missing).map((l) => l.communeCode)).toEqual(
      reporting.missingCommunes.map((c: any) => c.code),
    );
    expect(reporting.submitted).toBeGreaterThan(0);
    for (const l of lines.filter((x) => x.submitted)) expect(l.submittedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  describe('formula injection', () => {
    it('neutralises text cells beginning with = + - @ tab or CR in CSV; numbers stay numbers', async () => {
      const [task] = await ds().query(
        `SELECT t.id FROM task t JOIN plan p ON p.id = t.plan_id JOIN commune c ON c.id = p.commune_id
          WHERE c.code = '52001' AND p.year = 2025 ORDER BY t.position LIMIT 1`,
      );
      const texts = [
        '=HYPERLINK("http://evil.example","x")',
        '+1+1',
        '-2+3',
        '@SUM(A1)',
        '\tcmd',
        "'=quoted",
      ];
      try {
        for (const [i, text] of texts.entries()) {
          await ds().query('UPDATE task SET name = $1, lead_unit = $2 WHERE id = $3', [
            text,
            `-${i}`,
            task.id,
          ]);
          const { bytes } = await exportBytes('tasks', { commune: '52001', period: '2025Q3' }, 'csv');
          const { records } = csvRecords(bytes);
          expect(records[0]['Nhiệm vụ']).toBe(`'${text}`);
          expect(records[0]['Chủ trì']).toBe(`'-${i}`);
          // A number column is a number, never quoted: Năm kế hoạch, Tiến độ (%).
          expect(records[0]['Năm kế hoạch']).toBe('2025');
          expect(records[0]['Tiến độ (%)']).toMatch(/^\d+$/);
          // NDJSON and XLSX carry the text as it is (a JSON string, an XLSX string cell).
          const { bytes: json } = await exportBytes(
            'tasks',
            { commune: '52001', period: '2025Q3' },
            'ndjson',
          );
          expect(ndjson(json)[0].name).toBe(text);
        }
      } finally {
        await ds().query('UPDATE task SET name = $1 WHERE id = $2', ['restored', task.id]);
      }
    });
  });

  describe('scope', () => {
    it('an EXPORT_JOB of one province never sees another: refused as missing, or left out', async () => {
      const [other] = await ds().query(
        `SELECT v.code, p.year FROM plan p JOIN commune c ON c.id = p.commune_id JOIN province v ON v.id = c.province_id
          WHERE v.code <> '52' LIMIT 1`,
      );
      expect(other).toBeDefined();
      const job52 = viewer(Role.EXPORT_JOB, gialai);
      for (const kind of ['rollup', 'tasks', 'indicators', 'reporting']) {
        const params = {
          province: other.code,
          period: '2025Q3',
          ...(kind === 'rollup' ? { groupBy: 'AREA' } : {}),
        };
        await expect(exportBytes(kind, params, 'csv', { viewer: job52 })).rejects.toMatchObject({
          code: 'NOT_FOUND',
          message: `Province "${other.code}" was not found.`,
        });
      }
      const api52 = await api.execute(
        `{ rollup(periods: ["2025Q3"], provinceCode: "${other.code}", groupBy: [AREA]) { taskCount } }`,
        {},
        job52,
      );
      expect(api52.errors?.[0]).toMatchObject({
        message: `Province "${other.code}" was not found.`,
        extensions: { code: 'NOT_FOUND' },
      });
      // Without a province: only the job's own province.
      const { bytes } = await exportBytes('tasks', { period: '2025Q3' }, 'ndjson', { viewer: job52 });
      const provinces = new Set(ndjson(bytes).map((l) => l.provinceCode));
      expect([...provinces]).toEqual(['52']);
      const all = await exportBytes('tasks', { period: String(other.year) }, 'ndjson', {
        viewer: viewer(Role.EXPORT_JOB, null),
      });
      expect(new Set(ndjson(all.bytes).map((l) => l.provinceCode)).has(other.code)).toBe(true);
    });

    it('a commune officer lists its own tasks only; another commune is NOT_FOUND as in the API', async () => {
      const [own] = await ds().query(`SELECT id FROM commune WHERE code = '52001'`);
      const officer = viewer(Role.COMMUNE_OFFICER, gialai, own.id);
      const { bytes } = await exportBytes('tasks', { province: '52', period: '2025Q3' }, 'ndjson', {
        viewer: officer,
      });
      expect(new Set(ndjson(bytes).map((l) => l.communeCode))).toEqual(new Set(['52001']));
      await expect(
        exportBytes('tasks', { commune: '52002', period: '2025Q3' }, 'csv', { viewer: officer }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const viaApi = await api.execute('{ commune(code: "52002") { plan(year: 2025) { id } } }', {}, officer);
      expect(viaApi.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('streaming', () => {
    it('waits for the output to drain: never more than a batch beyond the high-water mark', async () => {
      let maxBuffered = 0;
      let largestChunk = 0;
      let bytes = 0;
      const slow = new Writable({
        highWaterMark: 16 * 1024,
        write(chunk: Buffer, _encoding, done) {
          largestChunk = Math.max(largestChunk, chunk.length);
          bytes += chunk.length;
          setTimeout(done, 1);
        },
      });
      const write = slow.write.bind(slow);
      slow.write = ((chunk: any, ...rest: any[]) => {
        const result = write(chunk, ...rest);
        maxBuffered = Math.max(maxBuffered, slow.writableLength);
        return result;
      }) as typeof slow.write;
      const ctx = createRequestContext(ds(), OPERATOR);
      const { rows } = await writeExport(ctx, parseExportRequest('tasks', { period: '2025Q3' }), 'csv', slow);
      expect(rows).toBeGreaterThan(1000);
      expect(slow.writableFinished).toBe(true);
      expect(bytes).toBeGreaterThan(maxBuffered);
      // Write returned false at most once before the writer waited for 'drain'.
      expect(maxBuffered).toBeLessThanOrEqual(16 * 1024 + largestChunk);
    });

    it('an abort between batches stops the export and destroys the output; progress is reported', async () => {
      const controller = new AbortController();
      const progress: [number, number | null][] = [];
      const out = new PassThrough();
      out.resume();
      const failed = new Promise((resolve) => out.on('error', resolve));
      const ctx = createRequestContext(ds(), OPERATOR);
      const run = writeExport(ctx, parseExportRequest('tasks', { period: '2025Q3' }), 'ndjson', out, {
        signal: controller.signal,
        onProgress: (rows, total) => {
          progress.push([rows, total]);
          if (rows > 0) controller.abort(new Error('stop here'));
        },
      });
      await expect(run).rejects.toThrow('stop here');
      expect(out.destroyed).toBe(true);
      expect(await failed).toMatchObject({ message: 'stop here' });
      const [[first, total], [second]] = progress;
      expect(first).toBe(0);
      expect(total).toBeGreaterThan(second);
    });

    it('refuses before writing a byte: the output is untouched', async () => {
      const out = new PassThrough();
      const ctx = createRequestContext(ds(), OPERATOR);
      await expect(
        writeExport(ctx, parseExportRequest('tasks', { province: '00', period: '2025Q3' }), 'csv', out),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(out.destroyed).toBe(false);
      expect(out.writableLength + out.readableLength).toBe(0);
    });
  });

  describe('parameters', () => {
    it.each([
      ['frobnicate', {}, /not an export kind: use one of rollup, tasks/],
      ['rollup', { groupBy: 'AREA' }, /needs period/],
      ['rollup', { period: '2025Q3', groupBy: 'AREA,TOWN' }, /TOWN is not a dimension/],
      ['tasks', { period: '2025Q3', groupBy: 'AREA' }, /does not take groupBy/],
      ['indicators', { period: ['2025Q3', '2025Q4'] }, /Give one period/],
      ['tasks', { period: '2025Q3', area: 'SPORTS' }, /not a reform area/],
      ['tasks', { period: '2025Q3', area: 'PROCEDURES,INSTITUTIONS' }, /Give one area/],
      [
        'rollup',
        { period: '2025Q3', communes: Array.from({ length: 501 }, (_, i) => String(i)) },
        /at most 500/,
      ],
      ['tasks', { period: '2025Q3', overdueOnly: 'maybe' }, /true or false/],
      ['plan', { commune: '52001' }, /needs year/],
      ['plan', { commune: '52001', province: '52', year: '2025' }, /not both/],
      ['plan', { year: '2025' }, /needs commune=<code>/],
    ])('%s %p is BAD_USER_INPUT: %p', (kind, params, message) => {
      expect(() => parseExportRequest(kind, params)).toThrow(message);
      try {
        parseExportRequest(kind, params);
      } catch (error) {
        expect((error as { code: string }).code).toBe('BAD_USER_INPUT');
      }
    });

    it('a period that names several periods, or none, is refused when the export runs', async () => {
      await expect(
        exportBytes('indicators', { province: '52', period: 'QUARTERS_THIS_YEAR' }, 'csv'),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/takes one/) });
      await expect(exportBytes('tasks', { province: '52', period: '2025Q5' }, 'csv')).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
      });
    });
  });
});
