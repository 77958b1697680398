import path from 'node:path';
import { readIndicatorTable } from './indicator-table';
import type { PlanDraft } from './plan-draft';
import { readCsv, readXlsx, tablesOfRows } from './plan-file';
import type { PlanTables } from './plan-file';
import { indicatorsOfCells, readTaskTable } from './plan-table';
import { PlanImportError } from './table-cells';
import { draftOfSeed } from './real-plan-seed';
import type { RealPlanSeed } from './real-plan-seed';

/** Reads an import file by its extension: .csv / .xlsx in the template's columns, or .json seeds. */
export async function readPlanFile(fileName: string, content: Buffer): Promise<PlanDraft> {
  const extension = path.extname(fileName).toLowerCase();
  if (extension === '.csv') return draftOfTable(readCsv(content.toString('utf8')));
  if (extension === '.xlsx') return draftOfTables(await readXlsx(content));
  if (extension === '.json') return draftOfJson(content.toString('utf8'));
  throw new PlanImportError([
    {
      row: 1,
      column: 'STT',
      message: `Unknown file type "${extension || fileName}": use .csv, .xlsx or .json.`,
    },
  ]);
}

/** The draft of one sheet's rows (a CSV file): its task table and its indicator section, if any. */
export function draftOfTable(rows: string[][]): PlanDraft {
  return draftOfTables(tablesOfRows(rows));
}

/**
 * The draft of a plan file's tables. With an indicator table, the indicators are its rows (an
 * empty one: none); without, one per target found in the task cells. PlanImportError lists every
 * bad row and column of both tables.
 */
export function draftOfTables(tables: PlanTables): PlanDraft {
  const { table, errors } = readTaskTable(tables.tasks);
  const { indicators, errors: indicatorErrors } = tables.indicators
    ? readIndicatorTable(tables.indicators.rows, table.tasks, tables.indicators)
    : { indicators: indicatorsOfCells(table.tasks), errors: [] };
  errors.push(...indicatorErrors);
  if (errors.length) throw new PlanImportError(errors);
  return { ...table, indicators };
}

function draftOfJson(text: string): PlanDraft {
  let seed: RealPlanSeed;
  try {
    seed = JSON.parse(text) as RealPlanSeed;
  } catch (error) {
    throw new PlanImportError([
      { row: 1, column: 'JSON', message: `Not valid JSON: ${(error as Error).message}` },
    ]);
  }
  if (!Array.isArray(seed?.tasks) || !Array.isArray(seed?.indicators) || !seed.source?.file) {
    throw new PlanImportError([
      {
        row: 1,
        column: 'JSON',
        message: 'Not the seed format of seeds/real/FORMAT.md (source, tasks, indicators).',
      },
    ]);
  }
  const problems = seed.tasks.flatMap((task, i) =>
    task?.name ? [] : [{ row: i + 1, column: 'name', message: `Task ${i + 1} has no name.` }],
  );
  if (problems.length) throw new PlanImportError(problems);
  return draftOfSeed(seed);
}
