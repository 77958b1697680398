import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../../src/cli/cchc';
import { exportArguments } from '../../src/cli/export';

const ROOT = path.join(__dirname, '..', '..');
const cchc = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'),
      '--transpile-only',
      path.join(ROOT, 'src', 'cli', 'cchc.ts'),
      ...args,
    ],
    {
      encoding: 'utf8',
    },
  );

describe('cchc CLI', () => {
  it('parse-time prints only the JSON milestones on stdout, with exactly the specified keys', () => {
    const result = cchc('parse-time', '--year', '2025', 'Trước ngày 05 của tháng liền kề');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { kind: 'RECURRING', start: '2025-01-01', due: '2026-01-05', recurrence: 'MONTHLY' },
    ]);
  });

  it('parse-target prints numbers as JSON numbers', () => {
    const stdout = execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'),
        '--transpile-only',
        path.join(ROOT, 'src', 'cli', 'cchc.ts'),
        'parse-target',
        'Giảm tối thiểu 2,5% chi hỗ trợ',
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(stdout)).toEqual([
      { comparator: 'GTE', value: 2.5, max: null, unit: 'PERCENT', noun: null, direction: 'DECREASE' },
    ]);
  });

  it('parse-target names a figure it did not read as a target on stderr', () => {
    const result = cchc('parse-target', '100% hồ sơ được số hóa (không bao gồm 5% hồ sơ mật)');
    expect(JSON.parse(result.stdout)).toHaveLength(1);
    expect(result.stderr).toMatch(/warning: Figure "5"/);
  });

  it.each([
    [['parse-time', 'Quý IV năm 2025'], /--year/],
    [['parse-time', '--year', '25', 'Quý IV'], /four digits/],
    [['parse-time', '--year', '2025'], /time text/],
    [['parse-target'], /target sentence/],
    [['frobnicate'], /Unknown command/],
    [['parse-time', '--yaer', '2025', 'x'], /Unknown option/],
  ])('exits non-zero with a clear message for %p', (args, message) => {
    const result = runCli(args);
    expect(result.exitCode).not.toBe(0);
    expect(result.error).toMatch(message);
    expect(result.output).toBeUndefined();
  });

  it('reports unreadable text as a warning and an empty list, not a guessed date', () => {
    const result = cchc('parse-time', '--year', '2025', 'Khi nào xong thì thôi');
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(result.stderr).toMatch(/warning: Time text not understood/);
  });

  describe('export arguments', () => {
    it('reads the kind, its parameters, the format (from --format or the file name) and the language', () => {
      expect(
        exportArguments([
          'rollup',
          '--province',
          '52',
          '--period',
          '2025Q3',
          '--period',
          'LAST_QUARTER',
          '--group-by',
          'commune,area',
          '--out',
          'x.xlsx',
          '--lang',
          'en',
        ]),
      ).toMatchObject({
        request: {
          kind: 'ROLLUP',
          params: {
            province: '52',
            commune: null,
            periods: ['2025Q3', 'LAST_QUARTER'],
            groupBy: ['COMMUNE', 'AREA'],
            approvedOnly: false,
          },
        },
        format: 'xlsx',
        lang: 'en',
        out: 'x.xlsx',
      });
      expect(exportArguments(['tasks', '--period', '2025Q3', '--overdue-only'])).toMatchObject({
        request: { kind: 'TASKS', params: { periods: ['2025Q3'], overdueOnly: true, area: null } },
        format: 'csv',
        lang: 'vi',
      });
    });

    it.each([
      [[], /needs one kind/],
      [['budgets', '--period', '2025Q3'], /not an export kind/],
      [['tasks', '--period', '2025Q3', '--group-by', 'AREA'], /does not take groupBy/],
      [['tasks', '--period', '2025Q3', '--format', 'pdf'], /not an export format/],
      [['tasks', '--period', '2025Q3', '--format', 'xlsx'], /XLSX export needs --out/],
      [['tasks', '--period', '2025Q3', '--lang', 'fr'], /lang must be vi or en/],
      [['tasks', '--perod', '2025Q3'], /Unknown option/],
      [['plan', '--commune', 'x'], /needs year/],
    ])('exit code 2 with a clear message for %p', (args, message) => {
      expect(() => exportArguments(args)).toThrow(message);
      try {
        exportArguments(args);
      } catch (error) {
        expect((error as { exitCode: number }).exitCode).toBe(2);
      }
    });

    it('runs from the command line: a bad kind exits 2 with the message, before any database', () => {
      const result = cchc('export', 'budgets', '--period', '2025Q3');
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(
        /"budgets" is not an export kind: use one of rollup, tasks, indicators, reporting, plan/,
      );
      expect(result.stdout).toBe('');
    });
  });
});
