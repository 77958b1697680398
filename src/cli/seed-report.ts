// npm run seed:report: how much of the real plans' time and target text the parsers understood, and
// their accuracy on the tables of seeds/tables/ (rows read by hand).
import { loadConfig } from '../core/config';
import { openDatabase } from '../app/database';
import { scoreIndicatorClassTables } from '../modules/seed/indicator-class-score';
import { scoreTables } from '../modules/seed/parser-tables';
import { loadRealPlans } from '../modules/seed/real-plans';
import { seedReport } from '../modules/seed/seed-report';

const share = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : 'n/a');

async function main() {
  const database = await openDatabase(loadConfig(), { log: (m) => console.error(m) });
  try {
    await loadRealPlans(database.dataSource);
    const rows = await seedReport(database.dataSource);
    const total = rows.reduce(
      (sum, r) => ({
        file: 'all five plans',
        timeCells: sum.timeCells + r.timeCells,
        timeCellsRead: sum.timeCellsRead + r.timeCellsRead,
        targetSentences: sum.targetSentences + r.targetSentences,
        targetSentencesRead: sum.targetSentencesRead + r.targetSentencesRead,
      }),
      { file: '', timeCells: 0, timeCellsRead: 0, targetSentences: 0, targetSentencesRead: 0 },
    );
    console.log('| document | time cells read | target sentences read |');
    console.log('|---|---|---|');
    for (const r of [...rows, total]) {
      console.log(
        `| ${r.file} | ${r.timeCellsRead}/${r.timeCells} (${share(r.timeCellsRead, r.timeCells)}) | ` +
          `${r.targetSentencesRead}/${r.targetSentences} (${share(r.targetSentencesRead, r.targetSentences)}) |`,
      );
    }
  } finally {
    await database.close();
  }
  printTableAccuracy();
  printClassificationAccuracy();
}

/** Right: exactly the expected reading; unread: a warning, no unexpected reading; wrong: the rest. */
function printTableAccuracy() {
  console.log('\n| table | rows | right | unread (warned) | wrong |');
  console.log('|---|---|---|---|---|');
  for (const t of scoreTables()) {
    console.log(
      `| ${t.file} | ${t.rows} | ${t.right} (${share(t.right, t.rows)}) | ${t.unread} (${share(t.unread, t.rows)}) | ` +
        `${t.wrong} (${share(t.wrong, t.rows)}) |`,
    );
  }
}

/**
 * The indicator classifier on the hand-labelled tables (docs/INDICATORS.md): classified (correct,
 * wrong) and unclassified (rightly: no code was due; missed: one was).
 */
function printClassificationAccuracy() {
  console.log(
    '\n| classification table | rows | classified | correct | wrong | unclassified (rightly / missed) |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const t of scoreIndicatorClassTables()) {
    console.log(
      `| ${t.table} | ${t.rows} | ${t.classified} (${share(t.classified, t.rows)}) | ${t.correct} | ${t.wrong} | ` +
        `${t.unclassified} (${t.rightlyUnclassified} / ${t.missed}) |`,
    );
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
