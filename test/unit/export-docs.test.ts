import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  EXPORT_KINDS,
  EXPORT_PARAMETERS,
  INDICATOR_EXPORT_COLUMNS,
  REPORTING_EXPORT_COLUMNS,
  rollupColumns,
  TASK_EXPORT_COLUMNS,
} from '../../src/modules/export/export.kinds';
import type { ExportColumn } from '../../src/modules/export/export.kinds';
import { RollupDimension } from '../../src/modules/rollup/rollup.enums';

// docs/EXPORTS.md names every column of every kind in order with both headers and its type, and
// every parameter: this keeps it true to export.kinds.ts.

const DOC = readFileSync(path.join(__dirname, '..', '..', 'docs', 'EXPORTS.md'), 'utf8');

/** The rows of the markdown table under a "### `<kind>`" heading, as trimmed cells. */
function documentedColumns(kind: string): string[][] {
  const section = DOC.split(`### \`${kind}\``)[1].split('\n### ')[0];
  return section
    .split('\n')
    .filter((line) => /^\| \d+ /.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe('docs/EXPORTS.md', () => {
  it.each([
    ['rollup', rollupColumns(Object.values(RollupDimension))],
    ['tasks', TASK_EXPORT_COLUMNS],
    ['indicators', INDICATOR_EXPORT_COLUMNS],
    ['reporting', REPORTING_EXPORT_COLUMNS],
  ] as [string, ExportColumn[]][])(
    'lists the %s columns in order, with both headers and the type',
    (kind, columns) => {
      expect(documentedColumns(kind).map((cells) => cells.slice(0, 5))).toEqual(
        columns.map((c, i) => [String(i + 1), `\`${c.key}\``, c.vi, c.en, c.type]),
      );
    },
  );

  it('names every kind and every parameter', () => {
    for (const kind of EXPORT_KINDS) {
      const row = DOC.split('\n').find((line) => line.startsWith(`| \`${kind.toLowerCase()}\``));
      expect(row).toBeDefined();
      for (const parameter of EXPORT_PARAMETERS[kind]) expect(row).toContain(`\`${parameter.name}\``);
    }
  });
});
