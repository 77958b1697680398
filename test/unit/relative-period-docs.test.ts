import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RELATIVE_PERIODS, resolveRelativePeriod } from '../../src/core/relative-period';
import type { RelativePeriod } from '../../src/core/relative-period';

/**
 * docs/ROLLUPS.md, "Relative periods": its worked table (one column per day, "on YYYY-MM-DD") must
 * say what the code resolves, cell by cell, and name every relative period, so the doc cannot drift.
 */

const ROLLUPS = readFileSync(path.join(__dirname, '..', '..', 'docs', 'ROLLUPS.md'), 'utf8');

/** The Markdown table whose header has "on <date>" columns: days, then rows by name. */
function workedTable(markdown: string) {
  const lines = markdown.split('\n');
  const header = lines.findIndex((line) => /^\|\s*name\s*\|.*\bon \d{4}-\d{2}-\d{2}/.test(line));
  if (header < 0) throw new Error('docs/ROLLUPS.md has no table of relative periods by day');
  const cells = (line: string) =>
    line
      .replace(/^\s*\||\|\s*$/g, '')
      .split('|')
      .map((cell) => cell.trim());
  const days = cells(lines[header])
    .slice(1)
    .map((cell) => /^on (\d{4}-\d{2}-\d{2})$/.exec(cell)![1]);
  const rows: { name: string; periods: string[][] }[] = [];
  for (let i = header + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const [name, ...periods] = cells(lines[i]);
    rows.push({ name: name.replace(/`/g, ''), periods: periods.map((cell) => cell.split(/,\s*/)) });
  }
  return { days, rows };
}

describe('docs/ROLLUPS.md relative periods', () => {
  const { days, rows } = workedTable(ROLLUPS);

  it('works out every relative period, once, for at least two days', () => {
    expect(days.length).toBeGreaterThanOrEqual(2);
    expect([...rows.map((r) => r.name)].sort()).toEqual([...RELATIVE_PERIODS].sort());
    for (const row of rows) expect([row.name, row.periods.length]).toEqual([row.name, days.length]);
  });

  it.each(rows.flatMap((row) => days.map((day, k) => [row.name, day, row.periods[k]] as const)))(
    '%s on %s is what the table says',
    (name, day, documented) => {
      expect(resolveRelativePeriod(name as RelativePeriod, day)).toEqual(documented);
    },
  );

  it('lists every name in the table of meanings too', () => {
    const section = ROLLUPS.slice(ROLLUPS.indexOf('## Relative periods'));
    for (const name of RELATIVE_PERIODS) {
      expect(section).toMatch(new RegExp(`^\\| \`${name}\` +\\| [a-z]`, 'm'));
    }
  });
});
