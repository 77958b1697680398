import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/config';

/**
 * The indicator classification tables of seeds/tables/ (see seeds/tables/INDICATOR-CLASSES.md): plan
 * indicators with the catalogue code a person chose by reading the catalogue's definitions, never by
 * running a classifier. null means "no definition clearly covers it" and is a right answer to score.
 */
export const SEEDS_DIR = path.join(PROJECT_ROOT, 'seeds');
export const INDICATOR_CATALOG_FILE = path.join(SEEDS_DIR, 'indicator-catalog.json');
export const INDICATOR_CLASS_TABLES = {
  real: path.join(SEEDS_DIR, 'tables', 'indicator-classes-real.json'),
  new: path.join(SEEDS_DIR, 'tables', 'indicator-classes-new.json'),
} as const;

/** A row of indicator-classes-real.json: it points at one indicator of a seeds/real plan. */
export interface RealIndicatorClassRow {
  file: string;
  /** 0-based index in that file's `indicators` array. */
  index: number;
  /** Copied from the seed so a reader sees what it is. */
  ordinal: string;
  name: string;
  code: string | null;
  why?: string;
}

/** A row of indicator-classes-new.json: a phrasing written for the table, never shown to the classifier. */
export interface NewIndicatorClassRow {
  name: string;
  targetText: string | null;
  code: string | null;
  why: string;
}

/** Either table's row, as a classifier reads it: what it is called, its sentence, and the expected code. */
export interface IndicatorClassCase {
  /** "001_e3bc42067013132d.json#5" for a real row, "new#12" for a new one. */
  source: string;
  name: string;
  targetText: string | null;
  code: string | null;
  why: string | null;
}

interface SeedIndicator {
  ordinal: string;
  name: string;
  targetText: string | null;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The catalogue's codes, in file order. */
export function readIndicatorCatalogCodes(file = INDICATOR_CATALOG_FILE): string[] {
  return readJson<{ code: string }[]>(file).map((entry) => entry.code);
}

/** The real table joined with seeds/real, so each case carries the indicator's target sentence. */
export function readRealIndicatorClassCases(
  table = INDICATOR_CLASS_TABLES.real,
  realDir = path.join(SEEDS_DIR, 'real'),
): IndicatorClassCase[] {
  const seeds = new Map<string, SeedIndicator[]>();
  return readJson<RealIndicatorClassRow[]>(table).map((row) => {
    if (!seeds.has(row.file)) {
      seeds.set(row.file, readJson<{ indicators: SeedIndicator[] }>(path.join(realDir, row.file)).indicators);
    }
    const indicator = seeds.get(row.file)![row.index];
    if (!indicator) throw new Error(`${row.file} has no indicator at index ${row.index}`);
    return {
      source: `${row.file}#${row.index}`,
      name: indicator.name,
      targetText: indicator.targetText ?? null,
      code: row.code,
      why: row.why ?? null,
    };
  });
}

export function readNewIndicatorClassCases(table = INDICATOR_CLASS_TABLES.new): IndicatorClassCase[] {
  return readJson<NewIndicatorClassRow[]>(table).map((row, index) => ({
    source: `new#${index}`,
    name: row.name,
    targetText: row.targetText,
    code: row.code,
    why: row.why,
  }));
}
