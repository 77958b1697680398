// Checks a real-plan seed file against FORMAT.md and its source document, in both directions:
// - every text field is found, token by token and in order, within its record's sourceLines;
// - every word inside some record's sourceLines is accounted for: by a field of some record (or its
//   area heading or printed STT number), or by a page artefact listed in artefacts.mjs. A dropped
//   word fails, with its line; so do fields read from one printed cell that disagree.
// Prints, per document, the share of the words in record ranges that are accounted for.
// Usage: node seeds/real/check.mjs [--sources DIR] [--artefacts FILE.mjs] seeds/real/000_….json [...]
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

const AREAS = ['DIRECTION', 'INSTITUTIONS', 'PROCEDURES', 'APPARATUS', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT'];
const TASK_TEXT = ['objective', 'name', 'activities', 'outputs', 'leadUnit', 'coordinatingUnits', 'monitoringUnit', 'timeText', 'budgetText'];
const INDICATOR_TEXT = ['targetText'];

const tokens = (s) => s.normalize('NFC').split(/\s+/).filter(Boolean);

// The widths w (1–4) such that source tokens at..at+w-1, joined, spell the field token t: a word or
// number broken by the extraction is rejoined; a row number glued onto a cell's last word
// ("doanh nghiệp4") still matches.
function spanWidths(t, source, at) {
  const widths = [];
  let joined = '';
  for (let w = 1; w <= 4 && at + w <= source.length; w++) {
    joined += source[at + w - 1].text;
    if (joined === t || (w === 1 && joined.startsWith(t) && /^\d+$/.test(joined.slice(t.length))))
      widths.push(w);
    if (!t.startsWith(joined)) break;
  }
  return widths;
}

// Aligns a field's tokens, in order, with source tokens from..to-1. A cell is printed as a few
// contiguous runs of words, and each printed word belongs to one cell: the alignment taken is the one
// with the fewest jumps, where reusing a word already claimed by another field costs a little too
// (reusing the whole field costs one and a half jumps). So a unit named on two rows takes its own
// row's words even when a page break splits them, while an objective that spans several rows (printed
// once) is shared by all of them. Returns { positions } (source indexes) or { missing } (the first
// field token with no in-order match).
function align(fieldTokens, source, from, to, claims) {
  const INF = Number.MAX_SAFE_INTEGER;
  const jumpCost = 2 * fieldTokens.length;
  const reuse = (j, w) => {
    let n = 0;
    for (let k = j; k < j + w; k++) if (claims[k]) n += 3;
    return n;
  };
  const steps = [];
  let before = null; // before[e - from]: least cost with the previous token ending at e
  for (const t of fieldTokens) {
    const cost = new Array(to - from + 1).fill(INF);
    const start = new Int32Array(to - from + 1);
    const previousEnd = new Int32Array(to - from + 1);
    let best = INF;
    let bestEnd = -1;
    for (let j = from; j < to; j++) {
      if (before && before[j - from] < best) [best, bestEnd] = [before[j - from], j];
      for (const w of spanWidths(t, source, j)) {
        let c = 0;
        let e = -1;
        if (before) {
          const contiguous = before[j - from];
          [c, e] = contiguous <= best + jumpCost ? [contiguous, j] : [best + jumpCost, bestEnd];
          if (c >= INF) continue;
        }
        c += reuse(j, w);
        if (c < cost[j + w - from])
          [cost[j + w - from], start[j + w - from], previousEnd[j + w - from]] = [c, j, e];
      }
    }
    if (!cost.some((c) => c < INF)) return { missing: t };
    steps.push({ start, previousEnd });
    before = cost;
  }
  let end = from + before.indexOf(Math.min(...before));
  const positions = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const { start, previousEnd } = steps[i];
    for (let k = start[end - from]; k < end; k++) positions.push(k);
    end = previousEnd[end - from];
  }
  return { positions: positions.reverse() };
}

// Every place where a phrase's tokens stand contiguously in the source (words broken by the
// extraction rejoined), as the source indexes of each occurrence.
function occurrences(phrase, source, from = 0, to = source.length) {
  const wanted = tokens(phrase);
  const found = [];
  for (let j = from; j < to; j++) {
    let at = j;
    for (const t of wanted) {
      const w = at < to ? spanWidths(t, source, at)[0] : undefined;
      if (!w) {
        at = -1;
        break;
      }
      at += w;
    }
    if (at > 0 && at <= to) found.push(Array.from({ length: at - j }, (_, k) => j + k));
  }
  return found;
}

function readDocument(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const source = [];
  const lineStart = [0];
  lines.forEach((line, i) => {
    lineStart[i + 1] = source.length;
    tokens(line).forEach((text, k) => source.push({ text, line: i + 1, startsLine: k === 0 }));
  });
  lineStart[lines.length + 1] = source.length;
  return { lines, source, lineStart };
}

// The structure, and the records (tasks, indicators) with their source ranges as token indexes.
function readRecords(seed, document, problems) {
  const { lines, lineStart } = document;
  const records = [];
  const add = (where, rec, fields) => {
    for (const f of fields) {
      if (rec[f] === undefined) problems.push(`${where}: missing key ${f}`);
      else if (rec[f] === '') problems.push(`${where}: ${f} is "" (use null)`);
    }
    const [first, last] = rec.sourceLines ?? [];
    if (
      !Number.isInteger(first) ||
      !Number.isInteger(last) ||
      first < 1 ||
      last < first ||
      last > lines.length
    ) {
      problems.push(`${where}: bad sourceLines ${JSON.stringify(rec.sourceLines)}`);
      return;
    }
    records.push({
      where,
      rec,
      fields,
      range: { from: lineStart[first], to: lineStart[last + 1], first, last },
    });
  };
  if (!['COMMUNE', 'PROVINCE'].includes(seed.owner?.level)) problems.push('owner.level');
  if (!Number.isInteger(seed.plan?.year)) problems.push('plan.year');
  (seed.tasks ?? []).forEach((t, i) => {
    const where = `task[${i}] ${t.ordinal}`;
    if (!AREAS.includes(t.area)) problems.push(`${where}: area ${t.area}`);
    if (!t.ordinal) problems.push(`${where}: ordinal`);
    if (!t.name) problems.push(`${where}: name is required`);
    add(where, t, TASK_TEXT);
  });
  (seed.indicators ?? []).forEach((x, i) => {
    const where = `indicator[${i}] ${x.ordinal}`;
    if (!AREAS.includes(x.area)) problems.push(`${where}: area ${x.area}`);
    if (!x.name) problems.push(`${where}: name is required`);
    add(where, x, INDICATOR_TEXT);
  });
  return records;
}

// Claims, for every text field, the source words it was transcribed from (the forward check: a field
// that cannot be aligned in order is a problem). Longest fields first, since their alignment is the
// least ambiguous; then every field once more against the final claims of all the others, so that the
// order does not decide which of two rows gets which printed copy of the same words.
function claimFields(records, source, claims, problems) {
  const fields = records.flatMap((r) =>
    r.fields
      .filter((f) => typeof r.rec[f] === 'string' && r.rec[f] !== '')
      .map((f) => ({ ...r, field: f, words: tokens(r.rec[f]) })),
  );
  fields.sort((a, b) => b.words.length - a.words.length);
  const aligned = [];
  for (const field of fields) {
    const { where, range } = field;
    const result = align(field.words, source, range.from, range.to, claims);
    if (result.missing) {
      problems.push(
        `${where}: ${field.field} token "${result.missing}" not found in order in lines ${range.first}-${range.last}`,
      );
      continue;
    }
    result.positions.forEach((k) => claims[k]++);
    aligned.push({ ...field, positions: result.positions });
  }
  for (const field of aligned) {
    field.positions.forEach((k) => claims[k]--);
    field.positions = align(field.words, source, field.range.from, field.range.to, claims).positions;
    field.positions.forEach((k) => claims[k]++);
  }
  for (const field of aligned) checkSkippedWords(field, source, problems);
  checkSharedWords(aligned, problems);
}

// A line of the extraction is a piece of one cell (rarely of two side by side), so a field whose
// words stand on one line with other words between them has dropped those words, even where another
// row's copy of the same cell accounts for them.
function checkSkippedWords({ where, field, positions }, source, problems) {
  for (let i = 1; i < positions.length; i++) {
    const [before, after] = [positions[i - 1], positions[i]];
    if (after > before + 1 && source[before].line === source[after].line) {
      const skipped = source
        .slice(before + 1, after)
        .map((t) => t.text)
        .join(' ');
      problems.push(`${where}: ${field} skips "${skipped}" on line ${source[after].line}`);
    }
  }
}

// Two fields that claim some of the same printed words were read from one cell: a cell spanning
// several rows, repeated on each, or a target sentence inside a task cell. Where their words overlap
// they must claim the same words (else one of them dropped a word the other kept), and two fields of
// one column read from mostly the same words must be the same text.
function checkSharedWords(aligned, problems) {
  const shared = new Map(); // "i j" (field indexes) -> number of words both claim
  const claimants = new Map(); // source index -> field indexes
  aligned.forEach((f, i) => f.positions.forEach((k) => claimants.set(k, [...(claimants.get(k) ?? []), i])));
  for (const fields of claimants.values()) {
    for (const i of fields)
      for (const j of fields) if (i < j) shared.set(`${i} ${j}`, (shared.get(`${i} ${j}`) ?? 0) + 1);
  }
  for (const [pair, count] of shared) {
    const [a, b] = pair.split(' ').map((i) => aligned[i]);
    const sameColumn = a.field === b.field;
    if (
      sameColumn &&
      a.rec[a.field] !== b.rec[b.field] &&
      2 * count > Math.min(a.positions.length, b.positions.length)
    ) {
      problems.push(
        `${b.where}: ${b.field} differs from ${a.where}'s, though both were read from the same printed cell`,
      );
    } else if (!sameWordsWhereOverlapping(a.positions, b.positions)) {
      problems.push(
        `${b.where}: ${b.field} and ${a.where}'s ${a.field} share printed words but not all of those between them`,
      );
    }
  }
}

function sameWordsWhereOverlapping(a, b) {
  const [from, to] = [Math.max(a[0], b[0]), Math.min(a[a.length - 1], b[b.length - 1])];
  const within = (positions) => positions.filter((k) => k >= from && k <= to).join(' ');
  return within(a) === within(b);
}

// A target stated in a task row is one piece of one of that row's cells: a word dropped from either
// the cell or the sentence (inside it) makes them disagree.
function checkTargetsInTaskRows(seed, problems) {
  const joined = (text) => tokens(text).join(' ');
  (seed.indicators ?? []).forEach((x, i) => {
    if (!x.taskOrdinal || typeof x.targetText !== 'string') return;
    const rows = (seed.tasks ?? []).filter((t) => t.area === x.area && t.ordinal === x.taskOrdinal);
    const sentence = joined(x.targetText);
    if (
      !rows.some((t) => TASK_TEXT.some((f) => typeof t[f] === 'string' && joined(t[f]).includes(sentence)))
    ) {
      problems.push(
        `indicator[${i}] ${x.ordinal}: targetText is not part of any cell of task ${x.area} ${x.taskOrdinal}`,
      );
    }
  });
}

// The area heading is printed once, above the rows (or, where the extraction moved it, among them),
// so it is looked for in the whole document, preferring words inside the records' ranges.
function claimAreaHeadings(records, source, claims, inRecordRange, problems) {
  const outsideOrClaimed = claims.map((n, k) => (n || !inRecordRange[k] ? 1 : 0));
  const done = new Set();
  for (const { where, rec } of records) {
    if (!rec.areaHeading || done.has(rec.areaHeading)) continue;
    done.add(rec.areaHeading);
    const result = align(tokens(rec.areaHeading), source, 0, source.length, outsideOrClaimed);
    if (result.missing) problems.push(`${where}: areaHeading "${rec.areaHeading}" not found in the document`);
    else result.positions.forEach((k) => claims[k]++);
  }
}

// "1.1.a" → "1.1.a", "1.1", "1", each also with a trailing dot.
function printedForms(ordinal) {
  const forms = [];
  for (let o = ordinal; o; ) {
    forms.push(o, o + '.');
    const parent = o.replace(/\.?([a-z]+|\d+)$/, '');
    o = parent === o ? '' : parent;
  }
  return forms;
}

// Where the STT column is printed apart from the cells, its number is the record's ordinal: as
// printed ("2.3" or "2.3."), or, for an ordinal derived below a printed one ("1.a" or "1.1" under
// "1", "3.9a" under "3.9"), that printed part. It stands at the start of a line in the record's range.
function claimOrdinals(records, source, claims) {
  for (const { rec, range } of records) {
    const printed = printedForms(rec.ordinal ?? '');
    for (let k = range.from; k < range.to; k++) {
      if (!claims[k] && source[k].startsLine && printed.includes(source[k].text)) {
        claims[k]++;
        break;
      }
    }
  }
}

function claimArtefacts(artefacts, categories, document, claims, problems) {
  const { lines, source, lineStart } = document;
  for (const a of artefacts) {
    if (!categories[a.category]) problems.push(`artefact "${a.text}": unknown category ${a.category}`);
    const [first, last] = a.lines ?? [1, lines.length];
    const found = occurrences(a.text, source, lineStart[first], lineStart[last + 1]);
    if (!found.length)
      problems.push(
        `artefact ${a.category} "${a.text}" not found${a.lines ? ` in lines ${first}-${last}` : ''}`,
      );
    for (const positions of found) positions.forEach((k) => claims[k]++);
  }
}

/**
 * Checks one seed (parsed) against its source document, both ways. options: sources (directory of
 * the .txt files), documents and categories (as in artefacts.mjs).
 */
export function checkSeed(seed, file, { sources, documents, categories }) {
  const problems = [];
  const documentFile = seed.source?.file ?? basename(file).replace(/\.json$/, '.txt');
  const document = readDocument(join(sources, documentFile));
  const { source } = document;
  const records = readRecords(seed, document, problems);
  checkTargetsInTaskRows(seed, problems);
  const inRecordRange = new Uint8Array(source.length);
  for (const { range } of records) inRecordRange.fill(1, range.from, range.to);

  const layout = documents[documentFile] ?? { sttColumnApart: false, artefacts: [] };
  const claims = new Uint16Array(source.length);
  claimFields(records, source, claims, problems);
  claimAreaHeadings(records, source, claims, inRecordRange, problems);
  if (layout.sttColumnApart) claimOrdinals(records, source, claims);
  const byRecords = claims.map((n, k) => (n && inRecordRange[k] ? 1 : 0)).reduce((a, b) => a + b, 0);
  claimArtefacts(layout.artefacts, categories, document, claims, problems);

  const coverage = { words: 0, accounted: 0, byRecords };
  const dropped = new Map();
  for (let k = 0; k < source.length; k++) {
    if (!inRecordRange[k]) continue;
    coverage.words++;
    if (claims[k]) coverage.accounted++;
    else dropped.set(source[k].line, [...(dropped.get(source[k].line) ?? []), source[k].text]);
  }
  for (const [line, words] of dropped)
    problems.push(`line ${line}: "${words.join(' ')}" is in no field and no listed artefact`);
  return { problems, coverage, artefactCount: layout.artefacts.length };
}

function parseArguments(argv) {
  const options = { sources: join(HERE, '..', 'sources'), artefacts: join(HERE, 'artefacts.mjs'), files: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sources') options.sources = argv[++i];
    else if (argv[i] === '--artefacts') options.artefacts = argv[++i];
    else options.files.push(argv[i]);
  }
  return options;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const { CATEGORIES, DOCUMENTS } = await import(pathToFileURL(resolve(options.artefacts)).href);
  let failures = 0;
  for (const file of options.files) {
    const seed = JSON.parse(readFileSync(file, 'utf8'));
    const { problems, coverage, artefactCount } = checkSeed(seed, file, {
      sources: options.sources,
      documents: DOCUMENTS,
      categories: CATEGORIES,
    });
    const counts = `${seed.tasks?.length ?? 0} tasks, ${seed.indicators?.length ?? 0} indicators`;
    const share = ((100 * coverage.accounted) / Math.max(coverage.words, 1)).toFixed(2);
    const covered =
      `coverage ${share}% (${coverage.accounted} of ${coverage.words} words in record ranges accounted for: ` +
      `${coverage.byRecords} by the records, ${coverage.accounted - coverage.byRecords} by ${artefactCount} listed artefacts)`;
    if (problems.length) {
      failures++;
      console.log(`${file}: ${counts}, ${covered}, ${problems.length} problem(s)`);
      for (const p of problems.slice(0, Number(process.env.CHECK_MAX_PROBLEMS ?? 50))) console.log('  ' + p);
    } else console.log(`${file}: OK (${counts}, ${covered})`);
  }
  process.exit(failures ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
