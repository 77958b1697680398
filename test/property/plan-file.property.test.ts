import fc from 'fast-check';
import { IndicatorCell } from '../../src/modules/indicator/indicator.enums';
import { planFileBytes } from '../../src/modules/export/export.plan';
import { planTables } from '../../src/modules/plan-export/plan-table-writer';
import type { IndicatorDraft, PlanDraft, TaskDraft } from '../../src/modules/plan-import/plan-draft';
import { readCsv, readXlsx } from '../../src/modules/plan-import/plan-file';
import { draftOfTable, draftOfTables } from '../../src/modules/plan-import/plan-source';
import { ReformAreaCode } from '../../src/modules/reform-area/reform-area.entity';
import { PROPERTY_RUNS, PROPERTY_SEED } from '../utils/property';

// Any plan draft written as a file reads back as the same draft: also the plans no real document
// has (tasks of one area apart, areas with no heading or no tasks, repeated STT, targets linked to
// a task of another area), and cells holding what CSV and the readers treat specially.

/** Pieces that make cells hard to write and read back: separators, quotes, headers, numerals. */
const PIECES = [
  'Cải cách thể chế',
  'Tơ Tung',
  'To\u031b Tung',
  'Chỉ tiêu',
  'Nhiệm vụ',
  'STT',
  'I',
  'VII',
  '1.2',
  '#2',
  ' #1',
  '100%',
  '652–660',
  '=1+1',
  '- Kế hoạch',
  "'",
  "'=x",
  '@SUM(A1)',
  '+84',
  ',',
  ';',
  '"',
  '""',
  '\n',
  '  ',
  '\t',
  '\u200B',
  'INSTITUTIONS',
];
const text = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join('').trim());
/** A cell's text as the importer keeps it: trimmed, and never empty (an empty cell is null). */
const required = text.filter((t) => t.length > 0);
const optional = fc.option(required, { nil: null });
const ordinal = fc.oneof(fc.constantFrom('1', '1.1', '2', '1.2', '1.2 #1', 'II', 'T1'), required);
const area = fc.constantFrom(...Object.values(ReformAreaCode));
const source = fc.option(
  fc
    .tuple(required, fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 50 }))
    .map(([file, firstLine, extra]) => ({ file, firstLine, lastLine: firstLine + extra })),
  { nil: null },
);

const task: fc.Arbitrary<TaskDraft> = fc.record({
  areaCode: area,
  ordinal,
  objective: optional,
  name: required,
  activities: optional,
  outputs: optional,
  leadUnit: optional,
  coordinatingUnits: optional,
  monitoringUnit: optional,
  timeText: optional,
  budgetText: optional,
  source,
  note: optional,
});

const draft: fc.Arbitrary<PlanDraft> = fc
  .tuple(
    fc.shuffledSubarray(Object.values(ReformAreaCode)),
    fc.array(optional, { minLength: 7, maxLength: 7 }),
    fc.array(task, { minLength: 1, maxLength: 8 }),
  )
  .chain(([codes, headings, tasks]) =>
    fc
      .array(
        fc.record<IndicatorDraft>({
          areaCode: area,
          ordinal: required,
          name: required,
          targetText: required,
          taskIndex: fc.option(fc.integer({ min: 0, max: tasks.length - 1 }), { nil: null }),
          statedIn: fc.option(fc.constantFrom(...Object.values(IndicatorCell)), { nil: null }),
          source,
          note: optional,
        }),
        { maxLength: 8 },
      )
      .map((indicators) => ({
        areas: codes.map((areaCode, i) => ({ areaCode, heading: headings[i] })),
        tasks,
        indicators,
      })),
  );

describe('plan files (property)', () => {
  it('a draft written as CSV reads back as the same draft', async () => {
    await fc.assert(
      fc.asyncProperty(draft, async (plan) => {
        const csv = (await planFileBytes(planTables(plan), 'csv')).toString('utf8');
        expect(draftOfTable(readCsv(csv))).toEqual(plan);
      }),
      { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS * 2 },
    );
  });

  it('a draft written as XLSX reads back as the same draft', async () => {
    await fc.assert(
      fc.asyncProperty(draft, async (plan) => {
        expect(draftOfTables(await readXlsx(await planFileBytes(planTables(plan), 'xlsx')))).toEqual(plan);
      }),
      { seed: PROPERTY_SEED + 1, numRuns: Math.ceil(PROPERTY_RUNS / 2) },
    );
  });
});
