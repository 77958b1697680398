#!/usr/bin/env node
// The cchc command for data stewards. The parse commands need no database and print only JSON on
// stdout; messages go to stderr.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GraphQLError } from 'graphql';
import { loadConfig } from '../config/config';
import { openDatabase } from '../db/database';
import { templateRows, writeCsv, writeXlsx } from '../modules/plan-import/plan-file';
import type { TableFormat } from '../modules/plan-import/plan-file';
import { importPlan, planDraftOf, PlanImportError } from '../modules/plan-import/plan-import.service';
import { readPlanFile } from '../modules/plan-import/plan-source';
import { planTableRows } from '../modules/plan-import/plan-table';
import { parseTarget } from '../parsing/target';
import { parseTimeExpression } from '../parsing/time-expression';

const USAGE = `Usage:
  cchc parse-time --year <plan year> "<time text>"   milestones of a "Thời gian" cell, as JSON
  cchc parse-target "<target text>"                  targets of an indicator sentence, as JSON
  cchc import <file.csv|file.xlsx|file.json> (--commune <code> | --province <code>) --year <year> [--title <text>]
                                                     import a plan (all or nothing)
  cchc export-plan (--commune <code> | --province <code>) --year <year> --format csv|xlsx [--out <file>]
                                                     write a plan in the template's columns
  cchc template --format csv|xlsx [--out <file>]     an empty template with an example row`;

class UsageError extends Error {}

function parseTimeCommand(args: string[]): unknown {
  const { values, positionals } = parseArgs({
    args,
    options: { year: { type: 'string' } },
    allowPositionals: true,
  });
  if (!values.year || !/^\d{4}$/.test(values.year)) {
    throw new UsageError(
      `parse-time needs --year with the plan year (four digits), got ${values.year ?? 'nothing'}.`,
    );
  }
  const text = positionals.join(' ').trim();
  if (!text) throw new UsageError('parse-time needs the time text to read, e.g. "Quý IV năm 2025".');
  const { milestones, warnings } = parseTimeExpression(text, Number(values.year));
  for (const warning of warnings) console.error(`warning: ${warning}`);
  return milestones.map(({ kind, start, due, recurrence }) => ({ kind, start, due, recurrence }));
}

function parseTargetCommand(args: string[]): unknown {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
  const text = positionals.join(' ').trim();
  if (!text) {
    throw new UsageError('parse-target needs the target sentence to read, e.g. "đạt tối thiểu 80%".');
  }
  const targets = parseTarget(text);
  if (!targets.length) console.error(`warning: no target figure found in "${text}"`);
  return targets.map(({ comparator, value, max, unit, noun, direction }) => ({
    comparator,
    value,
    max,
    unit,
    noun,
    direction,
  }));
}

const OWNER_OPTIONS = {
  commune: { type: 'string' },
  province: { type: 'string' },
  year: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  title: { type: 'string' },
} as const;

function yearOption(value: string | undefined): number {
  if (!value || !/^\d{4}$/.test(value)) {
    throw new UsageError(`--year needs the plan year (four digits), got ${value ?? 'nothing'}.`);
  }
  return Number(value);
}

function formatOption(value: string | undefined): TableFormat {
  if (value !== 'csv' && value !== 'xlsx') {
    throw new UsageError(`--format must be csv or xlsx, got ${value ?? 'nothing'}.`);
  }
  return value;
}

function ownerOptions(values: { commune?: string; province?: string }) {
  if (Boolean(values.commune) === Boolean(values.province)) {
    throw new UsageError('Give exactly one of --commune <code> or --province <code>.');
  }
  return { communeCode: values.commune ?? null, provinceCode: values.province ?? null };
}

async function writeTable(
  rows: string[][],
  format: TableFormat,
  out: string | undefined,
): Promise<string | undefined> {
  const content = format === 'csv' ? writeCsv(rows) : await writeXlsx(rows);
  if (out) {
    writeFileSync(out, content);
    console.error(`Wrote ${out}`);
    return undefined;
  }
  if (format === 'xlsx') throw new UsageError('An XLSX file needs --out <file>.');
  return content as string;
}

async function withDatabase<T>(
  work: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(loadConfig(), { log: (m) => console.error(m) });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Commands that touch files and the database; print their messages on stderr. */
export async function runDataCommand(command: string, args: string[]): Promise<string | undefined> {
  const { values, positionals } = parseArgs({ args, options: OWNER_OPTIONS, allowPositionals: true });
  if (command === 'template') return writeTable(templateRows(), formatOption(values.format), values.out);
  if (command === 'import') {
    const [file] = positionals;
    if (!file) throw new UsageError('import needs the file to read.');
    const owner = ownerOptions(values);
    const year = yearOption(values.year);
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch (error) {
      throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
    }
    const draft = await readPlanFile(file, content);
    const plan = await withDatabase(({ dataSource }) =>
      importPlan(dataSource, { ...owner, year, draft, title: values.title, sourceName: path.basename(file) }),
    );
    console.error(
      `Imported plan ${plan.id}: ${draft.tasks.length} tasks, ${draft.indicators.length} indicators.`,
    );
    return undefined;
  }
  if (command === 'export-plan') {
    const owner = ownerOptions(values);
    const year = yearOption(values.year);
    const format = formatOption(values.format);
    const { draft } = await withDatabase(({ dataSource }) => planDraftOf(dataSource, owner, year));
    return writeTable(planTableRows(draft), format, values.out);
  }
  throw new UsageError(`Unknown command "${command}".`);
}

export function runCli(argv: string[]): { output?: unknown; exitCode: number; error?: string } {
  const [command, ...args] = argv;
  try {
    if (command === 'parse-time') return { output: parseTimeCommand(args), exitCode: 0 };
    if (command === 'parse-target') return { output: parseTargetCommand(args), exitCode: 0 };
    if (command === undefined || command === '--help' || command === 'help') {
      return { exitCode: command ? 0 : 2, error: USAGE };
    }
    throw new UsageError(`Unknown command "${command}".`);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      return { exitCode: 2, error: `${(error as Error).message}\n${USAGE}` };
    }
    throw error;
  }
}

const DATA_COMMANDS = new Set(['import', 'export-plan', 'template']);

async function main(argv: string[]): Promise<number> {
  if (!DATA_COMMANDS.has(argv[0])) {
    const { output, exitCode, error } = runCli(argv);
    if (error) console.error(error);
    if (output !== undefined) process.stdout.write(`${JSON.stringify(output)}\n`);
    return exitCode;
  }
  try {
    const output = await runDataCommand(argv[0], argv.slice(1));
    if (output !== undefined) process.stdout.write(output);
    return 0;
  } catch (error) {
    if (error instanceof PlanImportError) {
      console.error('The plan was not imported:');
      for (const p of error.problems) console.error(`  row ${p.row}, column "${p.column}": ${p.message}`);
      return 1;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof GraphQLError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
