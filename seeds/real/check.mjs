// Checks a real-plan seed file against FORMAT.md and its source document.
// Usage: node seeds/real/check.mjs seeds/real/000_9f0162df09b6f017.json [...]
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = join(dirname(fileURLToPath(import.meta.url)), '..', 'sources');

const AREAS = ['DIRECTION', 'INSTITUTIONS', 'PROCEDURES', 'APPARATUS', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT'];
const TASK_TEXT = ['objective', 'name', 'activities', 'outputs', 'leadUnit', 'coordinatingUnits', 'monitoringUnit', 'timeText', 'budgetText'];
const INDICATOR_TEXT = ['targetText'];

const tokens = (s) => s.normalize('NFC').split(/\s+/).filter(Boolean);

// Greedy in-order match: each field token must equal one source token, or 2–4 adjacent source
// tokens joined (a word or number broken by the extraction), at or after the previous match.
function findInOrder(fieldTokens, sourceTokens) {
  let at = 0;
  for (const t of fieldTokens) {
    let found = -1;
    let width = 1;
    search: for (let i = at; i < sourceTokens.length; i++) {
      let joined = '';
      for (let w = 1; w <= 4 && i + w <= sourceTokens.length; w++) {
        joined += sourceTokens[i + w - 1];
        // A row number the extraction glued onto a cell's last word ("doanh nghiệp4") still matches.
        if (joined === t || (w === 1 && /^\d+$/.test(joined.slice(t.length)) && joined.startsWith(t))) {
          found = i;
          width = w;
          break search;
        }
        if (!t.startsWith(joined)) break;
      }
    }
    if (found < 0) return t;
    at = found + width;
  }
  return null;
}

let failures = 0;
for (const file of process.argv.slice(2)) {
  const seed = JSON.parse(readFileSync(file, 'utf8'));
  const problems = [];
  const srcPath = join(SOURCES, seed.source?.file ?? basename(file).replace(/\.json$/, '.txt'));
  const lines = readFileSync(srcPath, 'utf8').split('\n');
  const check = (where, rec, fields) => {
    const [from, to] = rec.sourceLines ?? [];
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < from || to > lines.length) {
      problems.push(`${where}: bad sourceLines ${JSON.stringify(rec.sourceLines)}`);
      return;
    }
    const src = tokens(lines.slice(from - 1, to).join('\n'));
    for (const f of fields) {
      const v = rec[f];
      if (v === undefined) problems.push(`${where}: missing key ${f}`);
      else if (v === '') problems.push(`${where}: ${f} is "" (use null)`);
      else if (v !== null) {
        const miss = findInOrder(tokens(v), src);
        if (miss) problems.push(`${where}: ${f} token "${miss}" not found in order in lines ${from}-${to}`);
      }
    }
  };
  if (!['COMMUNE', 'PROVINCE'].includes(seed.owner?.level)) problems.push('owner.level');
  if (!Number.isInteger(seed.plan?.year)) problems.push('plan.year');
  (seed.tasks ?? []).forEach((t, i) => {
    const where = `task[${i}] ${t.ordinal}`;
    if (!AREAS.includes(t.area)) problems.push(`${where}: area ${t.area}`);
    if (!t.ordinal) problems.push(`${where}: ordinal`);
    if (!t.name) problems.push(`${where}: name is required`);
    check(where, t, TASK_TEXT);
    // The area heading is printed once, above the rows: look for it anywhere in the document.
    if (t.areaHeading && findInOrder(tokens(t.areaHeading), tokens(lines.join('\n')))) {
      problems.push(`${where}: areaHeading "${t.areaHeading}" not found in the document`);
    }
  });
  (seed.indicators ?? []).forEach((x, i) => {
    const where = `indicator[${i}] ${x.ordinal}`;
    if (!AREAS.includes(x.area)) problems.push(`${where}: area ${x.area}`);
    if (!x.name) problems.push(`${where}: name is required`);
    check(where, x, INDICATOR_TEXT);
  });
  const counts = `${seed.tasks?.length ?? 0} tasks, ${seed.indicators?.length ?? 0} indicators`;
  if (problems.length) {
    failures++;
    console.log(`${file}: ${counts}, ${problems.length} problem(s)`);
    for (const p of problems.slice(0, 50)) console.log('  ' + p);
  } else console.log(`${file}: OK (${counts})`);
}
process.exit(failures ? 1 : 0);
