import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../../src/cli/cchc';

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
});
