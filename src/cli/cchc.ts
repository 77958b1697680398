#!/usr/bin/env node
// The cchc command for data stewards. The parse commands need no database and print only JSON on
// stdout; messages go to stderr.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BadUserInputError, DomainError } from '../core/errors';
import { loadConfig } from '../core/config';
import { openDatabase } from '../app/database';
import { createToken, listTokens, revokeToken } from '../modules/api-token/api-token.service';
import type { TokenInfo } from '../modules/api-token/api-token.service';
import { Role } from '../core/viewer';
import { planFileBytes } from '../modules/export/export.plan';
import { templateTables } from '../modules/plan-export/plan-table-writer';
import type { PlanFileTables, TableFormat } from '../modules/plan-export/plan-table-writer';
import { classifyAndLinkAllPlans } from '../modules/indicator-catalog/indicator-classification.service';
import { importPlan } from '../modules/plan-import/plan-import.service';
import { readPlanFile } from '../modules/plan-import/plan-source';
import { describeProblem, PlanImportError } from '../modules/plan-import/table-cells';
import { readTargetSentence } from '../parsing/target';
import { parseTimeExpression } from '../parsing/time-expression';
import { EXPORT_USAGE, ExportCliError, SCHEDULE_USAGE } from './command-texts';
import { formatTime, textTable } from './table';
import { progressBar } from './progress';

const USAGE = `Usage:
  cchc parse-time --year <plan year> "<time text>"   milestones of a "Thời gian" cell, as JSON
  cchc parse-target "<target text>"                  targets of an indicator sentence, as JSON
  cchc import <file.csv|file.xlsx|file.json> (--commune <code> | --province <code>) --year <year> [--title <text>]
                                                     import a plan (all or nothing)
${EXPORT_USAGE}
${SCHEDULE_USAGE}
  cchc export-plan (--commune <code> | --province <code>) --year <year> --format csv|xlsx [--out <file>]
                                                     write a plan: its tasks and its indicators, losslessly
                                                     (docs/PLAN-FILES.md); the same as cchc export plan
  cchc template --format csv|xlsx [--out <file>]     an empty template with an example row
  cchc token create --role <ROLE> [--province <code>] [--commune <code>] --name <name>
                                                     make an API token (printed once, on stdout)
  cchc token revoke <id|name>                        revoke a token for good
  cchc token list [--all]                            tokens (live ones; --all adds revoked), never secrets
  cchc indicators classify [--all]                   match stored indicators to the catalogue and relink
                                                     the province cascade (docs/INDICATORS.md): those never
                                                     classified, or with --all every one not set by hand
  Roles: ${Object.values(Role).join(', ')} (docs/AUTH.md)`;

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
  const { targets, warnings } = readTargetSentence(text);
  for (const warning of warnings) console.error(`warning: ${warning}`);
  if (!targets.length && !warnings.length) console.error(`warning: no target figure found in "${text}"`);
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

async function writeTables(
  tables: PlanFileTables,
  format: TableFormat,
  out: string | undefined,
): Promise<string | undefined> {
  const content = await planFileBytes(tables, format);
  if (out) {
    writeFileSync(out, content);
    console.error(`Wrote ${out}`);
    return undefined;
  }
  if (format === 'xlsx') throw new UsageError('An XLSX file needs --out <file>.');
  return content.toString('utf8');
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

function roleOption(value: string | undefined): Role {
  const role = value?.trim().toUpperCase().replace(/-/g, '_');
  if (!role || !(Object.values(Role) as string[]).includes(role)) {
    throw new UsageError(
      `--role must be one of ${Object.values(Role).join(', ')}; got ${value ? `"${value}"` : 'nothing'}.`,
    );
  }
  return role as Role;
}

/** Tokens as an aligned text table (no secrets: the table has none to show). */
function tokenTable(tokens: TokenInfo[]): string {
  const rows = [
    ['ID', 'NAME', 'ROLE', 'SCOPE', 'CREATED (UTC)', 'LAST USED', 'REVOKED'],
    ...tokens.map((t) => [
      String(t.id),
      t.name,
      t.role,
      t.communeCode ? `commune ${t.communeCode}` : t.provinceCode ? `province ${t.provinceCode}` : 'all',
      formatTime(t.createdAt),
      formatTime(t.lastUsedAt),
      formatTime(t.revokedAt),
    ]),
  ];
  return textTable(rows);
}

/** cchc token create|revoke|list: API tokens (docs/AUTH.md). */
async function tokenCommand(args: string[]): Promise<string | undefined> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      province: { type: 'string' },
      commune: { type: 'string' },
      all: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (sub === 'create') {
    const role = roleOption(values.role);
    if (!values.name?.trim()) {
      throw new UsageError('token create needs --name <name>, e.g. --name dashboard-gia-lai.');
    }
    const { token, info } = await withDatabase(({ dataSource }) =>
      createToken(dataSource, {
        role,
        name: values.name!,
        provinceCode: values.province,
        communeCode: values.commune,
      }).catch((error: unknown) => {
        // A scope the role does not take, or a bad name, is a wrong argument (exit 2), like a bad --role.
        throw error instanceof BadUserInputError ? new UsageError(error.message) : error;
      }),
    );
    const scope = info.communeCode ?? info.provinceCode ?? 'every province';
    console.error(
      `Created token ${info.id} "${info.name}": ${info.role}, ${scope}.\n` +
        'Copy it now: it is shown only this once (only its SHA-256 is stored). Send it as "Authorization: Bearer <token>".',
    );
    return `${token}\n`;
  }
  if (sub === 'revoke') {
    if (positionals.length !== 1) throw new UsageError('token revoke needs one token id or name.');
    const info = await withDatabase(({ dataSource }) => revokeToken(dataSource, positionals[0]));
    console.error(`Revoked token ${info.id} "${info.name}" (${info.role}).`);
    return undefined;
  }
  if (sub === 'list') {
    const tokens = await withDatabase(({ dataSource }) =>
      listTokens(dataSource, { includeRevoked: values.all }),
    );
    return tokenTable(tokens);
  }
  throw new UsageError(`token needs create, revoke or list${sub ? `, not "${sub}"` : ''}.`);
}

/**
 * A command's module, loaded when it runs (require, since dynamic import() would leave CommonJS and
 * ts-node behind): the export pipeline and pg-boss would slow the start of every other command.
 */
function loadCommand<T>(module: './export' | './schedule'): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(module) as T;
}

/** cchc export: the export, then one line on stderr saying what was written. */
async function runExport(args: string[]): Promise<undefined> {
  const { rows, file } = await loadCommand<typeof import('./export')>('./export').exportCommand(args);
  if (file) console.error(`Wrote ${file}: ${rows} rows.`);
  return undefined;
}

/**
 * cchc indicators classify [--all]: classification for indicators stored before the catalogue (an
 * upgraded database) or, with --all, again after the catalogue's phrases changed; never MANUAL ones.
 */
async function indicatorsCommand(args: string[]): Promise<undefined> {
  const { values, positionals } = parseArgs({
    args,
    options: { all: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [sub, ...rest] = positionals;
  if (sub !== 'classify' || rest.length) {
    throw new UsageError(`indicators needs classify${sub ? `, not "${positionals.join(' ')}"` : ''}.`);
  }
  const { classified, linked } = await withDatabase(({ dataSource }) =>
    classifyAndLinkAllPlans(dataSource, {
      scope: values.all ? 'auto' : 'unclassified',
      onProgress: progressBar('Classifying'),
    }),
  );
  console.error(`Classified ${classified} indicator(s) anew; ${linked} province link(s) set or changed.`);
  return undefined;
}

/** Commands that touch files and the database; print their messages on stderr. */
export async function runDataCommand(command: string, args: string[]): Promise<string | undefined> {
  if (command === 'token') return tokenCommand(args);
  if (command === 'schedule') {
    return loadCommand<typeof import('./schedule')>('./schedule').scheduleCommand(args);
  }
  if (command === 'export') return runExport(args);
  if (command === 'indicators') return indicatorsCommand(args);
  const { values, positionals } = parseArgs({ args, options: OWNER_OPTIONS, allowPositionals: true });
  if (command === 'template') return writeTables(templateTables(), formatOption(values.format), values.out);
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
    // The plan export kind, with the options this command always took.
    const owner = ownerOptions(values);
    const options = [
      ...(owner.communeCode ? ['--commune', owner.communeCode] : ['--province', owner.provinceCode!]),
      ...['--year', String(yearOption(values.year)), '--format', formatOption(values.format)],
      ...(values.out ? ['--out', values.out] : []),
    ];
    return runExport(['plan', ...options]);
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

const DATA_COMMANDS = new Set([
  'import',
  'export',
  'export-plan',
  'template',
  'token',
  'schedule',
  'indicators',
]);

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
      for (const p of error.problems) console.error(`  ${describeProblem(p)}`);
      return 1;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof ExportCliError) {
      console.error(error.message);
      return error.exitCode;
    }
    if (error instanceof DomainError) {
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
