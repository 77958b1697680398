import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  INDICATOR_CLASS_TABLES,
  readIndicatorCatalogCodes,
  readNewIndicatorClassCases,
  readRealIndicatorClassCases,
} from '../../src/modules/seed/indicator-class-tables';
import type {
  NewIndicatorClassRow,
  RealIndicatorClassRow,
} from '../../src/modules/seed/indicator-class-tables';

// Shape and coverage of the hand-made classification tables only; the labels themselves are the
// ground truth a classifier is scored on, so nothing here compares them with a classifier.

const ROOT = path.join(__dirname, '..', '..');
const REAL = path.join(ROOT, 'seeds', 'real');
const SEED_FILES = readdirSync(REAL)
  .filter((f) => /^\d{3}_.*\.json$/.test(f))
  .sort();
type SeedIndicator = { ordinal: string; name: string; targetText: string | null };
const seeds = new Map<string, SeedIndicator[]>(
  SEED_FILES.map((file) => [file, JSON.parse(readFileSync(path.join(REAL, file), 'utf8')).indicators]),
);
const seedIndicators = (file: string): SeedIndicator[] => seeds.get(file) ?? [];

const codes = readIndicatorCatalogCodes();
const realRows: RealIndicatorClassRow[] = JSON.parse(readFileSync(INDICATOR_CLASS_TABLES.real, 'utf8'));
const newRows: NewIndicatorClassRow[] = JSON.parse(readFileSync(INDICATOR_CLASS_TABLES.new, 'utf8'));
const isLabel = (code: unknown) => code === null || (typeof code === 'string' && codes.includes(code));

describe('the indicator catalogue', () => {
  it('has 20 distinct codes', () => {
    expect(codes).toHaveLength(20);
    expect(new Set(codes).size).toBe(20);
  });
});

describe('indicator-classes-real.json', () => {
  it('has exactly one row per indicator of every seeds/real plan', () => {
    const wanted = SEED_FILES.flatMap((file) => seedIndicators(file).map((_, index) => `${file}#${index}`));
    const got = realRows.map((row) => `${row.file}#${row.index}`);
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort()).toEqual([...wanted].sort());
    expect(got).toHaveLength(116);
  });

  it('copies each indicator’s ordinal and name from its seed', () => {
    const mismatches = realRows.filter((row) => {
      const indicator = seedIndicators(row.file)[row.index];
      return indicator.ordinal !== row.ordinal || indicator.name !== row.name;
    });
    expect(mismatches).toEqual([]);
  });

  it('labels every row with a catalogue code or null, and says why for every null', () => {
    const bad = realRows.filter(
      (row) =>
        !isLabel(row.code) ||
        (row.code === null && !row.why?.trim()) ||
        (row.why !== undefined && typeof row.why !== 'string'),
    );
    expect(bad).toEqual([]);
    const keys = new Set(realRows.flatMap((row) => Object.keys(row)));
    expect([...keys].sort()).toEqual(['code', 'file', 'index', 'name', 'ordinal', 'why']);
  });
});

describe('indicator-classes-new.json', () => {
  it('has about 80 distinct phrasings, each with a label and a reason', () => {
    expect(newRows.length).toBeGreaterThanOrEqual(75);
    expect(newRows.length).toBeLessThanOrEqual(100);
    expect(new Set(newRows.map((row) => row.name)).size).toBe(newRows.length);
    const bad = newRows.filter(
      (row) =>
        !row.name.trim() ||
        !(row.targetText === null || (typeof row.targetText === 'string' && row.targetText.trim())) ||
        !isLabel(row.code) ||
        !row.why.trim() ||
        Object.keys(row).sort().join() !== 'code,name,targetText,why',
    );
    expect(bad).toEqual([]);
  });

  it('covers every catalogue code, and leaves roughly a third unclassified', () => {
    const used = new Set(newRows.map((row) => row.code));
    expect(codes.filter((code) => !used.has(code))).toEqual([]);
    const unclassified = newRows.filter((row) => row.code === null).length / newRows.length;
    expect(unclassified).toBeGreaterThanOrEqual(0.25);
    expect(unclassified).toBeLessThanOrEqual(0.4);
  });

  it('shares no phrasing with the real plans (the classifier must not have seen it)', () => {
    const seen = new Set(
      SEED_FILES.flatMap((file) => seedIndicators(file).map((i) => `${i.name}\n${i.targetText}`)),
    );
    expect(newRows.filter((row) => seen.has(`${row.name}\n${row.targetText}`))).toEqual([]);
  });
});

describe('the cases a classifier is scored on', () => {
  it('joins each real row with its seed’s target sentence', () => {
    const cases = readRealIndicatorClassCases();
    expect(cases).toHaveLength(realRows.length);
    const first = realRows[0];
    expect(cases[0]).toEqual({
      source: `${first.file}#${first.index}`,
      name: first.name,
      targetText: seedIndicators(first.file)[first.index].targetText,
      code: first.code,
      why: first.why ?? null,
    });
  });

  it('reads every new row', () => {
    const cases = readNewIndicatorClassCases();
    expect(cases.map((c) => [c.name, c.targetText, c.code])).toEqual(
      newRows.map((row) => [row.name, row.targetText, row.code]),
    );
  });
});
