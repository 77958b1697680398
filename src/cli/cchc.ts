#!/usr/bin/env node
// The cchc command for data stewards. The parse commands need no database and print only JSON on
// stdout; messages go to stderr.
import { parseArgs } from 'node:util';
import { parseTarget } from '../parsing/target';
import { parseTimeExpression } from '../parsing/time-expression';

const USAGE = `Usage:
  cchc parse-time --year <plan year> "<time text>"   milestones of a "Thời gian" cell, as JSON
  cchc parse-target "<target text>"                  targets of an indicator sentence, as JSON`;

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

if (require.main === module) {
  const { output, exitCode, error } = runCli(process.argv.slice(2));
  if (error) console.error(error);
  if (output !== undefined) process.stdout.write(`${JSON.stringify(output)}\n`);
  process.exitCode = exitCode;
}
