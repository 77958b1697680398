import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { PROJECT_ROOT } from '../../core/config';
import { readTargetSentence } from '../../parsing/target';
import { parseTimeExpression } from '../../parsing/time-expression';

/**
 * The parser tables of seeds/tables/: cells and sentences with what a person read from them, written
 * by reading, never by running the parsers. Scoring a table runs the parser on every row.
 */
export const PARSER_TABLES_DIR = path.join(PROJECT_ROOT, 'seeds', 'tables');

/** One row of a table: the text, what it means, and whether the parser should warn about it. */
export interface TableRow<T> {
  source: string;
  text: string;
  /** The plan year, for time cells. */
  year?: number;
  expected: T[];
  warn?: boolean;
  why?: string;
}

/**
 * - right: exactly the expected readings, with a warning if and only if the row expects one;
 * - unread: not right, but the parser warned and every reading it gave is an expected one (a gap,
 *   said out loud);
 * - wrong: anything else, such as a date that is not expected, warned about or not.
 */
export type Verdict = 'right' | 'unread' | 'wrong';

export interface RowScore {
  source: string;
  text: string;
  verdict: Verdict;
  got: unknown[];
  warnings: string[];
}

export interface TableScore {
  file: string;
  rows: number;
  right: number;
  unread: number;
  wrong: number;
  scores: RowScore[];
}

/** What a parser gives for a row: its readings and its warnings. */
type Parser<T> = (row: TableRow<T>) => { readings: T[]; warnings: string[] };

const readTime: Parser<unknown> = (row) => {
  const { milestones, warnings } = parseTimeExpression(row.text, row.year ?? NaN);
  return { readings: milestones, warnings };
};
const readTarget: Parser<unknown> = (row) => {
  const { targets, warnings } = readTargetSentence(row.text);
  return { readings: targets, warnings };
};

/** The tables seed:report scores, by file name, with the parser each is read by. */
export const PARSER_TABLES: { file: string; parser: Parser<unknown> }[] = [
  { file: 'time-cells-real.json', parser: readTime },
  { file: 'time-cells-new.json', parser: readTime },
  { file: 'target-sentences-real.json', parser: readTarget },
  { file: 'target-sentences-new.json', parser: readTarget },
];

export function verdictOf<T>(expected: T[], got: T[], warned: boolean, shouldWarn: boolean): Verdict {
  if (isDeepStrictEqual(got, expected) && warned === shouldWarn) return 'right';
  const expectedReading = (reading: T) => expected.some((wanted) => isDeepStrictEqual(wanted, reading));
  return warned && got.every(expectedReading) ? 'unread' : 'wrong';
}

/** Runs a parser over every row of a table and counts each verdict. */
export function scoreRows<T>(file: string, rows: TableRow<T>[], parser: Parser<T>): TableScore {
  const scores = rows.map((row): RowScore => {
    const { readings, warnings } = parser(row);
    // Readings as plain JSON, as the table holds them (no undefined, no class instances).
    const got = JSON.parse(JSON.stringify(readings)) as T[];
    const verdict = verdictOf(row.expected, got, warnings.length > 0, Boolean(row.warn));
    return { source: row.source, text: row.text, verdict, got, warnings };
  });
  const count = (verdict: Verdict) => scores.filter((score) => score.verdict === verdict).length;
  return {
    file,
    rows: rows.length,
    right: count('right'),
    unread: count('unread'),
    wrong: count('wrong'),
    scores,
  };
}

/** Scores one table of seeds/tables/ by its file name; null when the file is not there. */
export function scoreTable(file: string, dir = PARSER_TABLES_DIR): TableScore | null {
  const table = PARSER_TABLES.find((entry) => entry.file === file);
  if (!table) {
    throw new Error(`${file} is not a parser table (${PARSER_TABLES.map((t) => t.file).join(', ')})`);
  }
  const full = path.join(dir, file);
  if (!existsSync(full)) return null;
  return scoreRows(file, JSON.parse(readFileSync(full, 'utf8')) as TableRow<unknown>[], table.parser);
}

/** Every parser table that exists, scored. */
export function scoreTables(dir = PARSER_TABLES_DIR): TableScore[] {
  return PARSER_TABLES.map(({ file }) => scoreTable(file, dir)).filter(
    (score): score is TableScore => !!score,
  );
}
