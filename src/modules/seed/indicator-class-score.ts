import { readFileSync } from 'node:fs';
import { classifyIndicator } from '../../parsing/indicator-class';
import type { CatalogPhrases } from '../../parsing/indicator-class';
import { INDICATOR_PHRASES } from '../../parsing/indicator-phrases';
import {
  INDICATOR_CATALOG_FILE,
  INDICATOR_CLASS_TABLES,
  readNewIndicatorClassCases,
  readRealIndicatorClassCases,
} from './indicator-class-tables';
import type { IndicatorClassCase } from './indicator-class-tables';

/**
 * The classifier scored on a hand-labelled table (docs/INDICATORS.md, "How well it classifies"):
 * - classified: it named a code; correct: the person's code; wrong: another code (or a code where the
 *   person said none);
 * - unclassified: it named none; of those, rightly: the person said none too; missed: a code was due.
 */
export interface IndicatorClassScore {
  table: string;
  rows: number;
  classified: number;
  correct: number;
  wrong: number;
  unclassified: number;
  rightlyUnclassified: number;
  missed: number;
  wrongRows: {
    source: string;
    name: string;
    expected: string | null;
    got: string | null;
    phrase: string | null;
  }[];
  missedRows: { source: string; name: string; expected: string | null }[];
}

/** The seed catalogue with the phrases the migration stores (what the classifier reads at first). */
export function seedCatalogPhrases(file = INDICATOR_CATALOG_FILE): CatalogPhrases[] {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as { code: string }[];
  return entries.map((entry) => ({ code: entry.code, phrases: INDICATOR_PHRASES[entry.code] ?? [] }));
}

export function scoreIndicatorClasses(
  table: string,
  cases: IndicatorClassCase[],
  catalog: CatalogPhrases[] = seedCatalogPhrases(),
): IndicatorClassScore {
  const score: IndicatorClassScore = {
    table,
    rows: cases.length,
    classified: 0,
    correct: 0,
    wrong: 0,
    unclassified: 0,
    rightlyUnclassified: 0,
    missed: 0,
    wrongRows: [],
    missedRows: [],
  };
  for (const row of cases) {
    const found = classifyIndicator({ name: row.name, targetText: row.targetText ?? '' }, catalog);
    if (found) {
      score.classified += 1;
      if (found.code === row.code) {
        score.correct += 1;
      } else {
        score.wrong += 1;
        score.wrongRows.push({
          source: row.source,
          name: row.name,
          expected: row.code,
          got: found.code,
          phrase: found.phrase,
        });
      }
    } else {
      score.unclassified += 1;
      if (row.code === null) {
        score.rightlyUnclassified += 1;
      } else {
        score.missed += 1;
        score.missedRows.push({ source: row.source, name: row.name, expected: row.code });
      }
    }
  }
  return score;
}

/** Both tables of seeds/tables/, scored. */
export function scoreIndicatorClassTables(): IndicatorClassScore[] {
  return [
    scoreIndicatorClasses(
      'indicator-classes-real.json',
      readRealIndicatorClassCases(INDICATOR_CLASS_TABLES.real),
    ),
    scoreIndicatorClasses(
      'indicator-classes-new.json',
      readNewIndicatorClassCases(INDICATOR_CLASS_TABLES.new),
    ),
  ];
}
