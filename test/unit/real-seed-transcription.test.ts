import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';

// seeds/real/check.mjs in both directions: every field is in the document, and every word of the
// document inside a record's lines is in a field or a listed page artefact.

const ROOT = path.join(__dirname, '..', '..');
const REAL = path.join(ROOT, 'seeds', 'real');
const SOURCES = path.join(ROOT, 'seeds', 'sources');
const CHECK = path.join(REAL, 'check.mjs');
const SEED_FILES = readdirSync(REAL)
  .filter((f) => /^\d{3}_.*\.json$/.test(f))
  .sort();
// The text cells of a task record: every string but its area, heading, ordinal and note.
const NOT_CELLS = ['area', 'areaHeading', 'ordinal', 'note'];
const cellsOf = (task: Task) =>
  Object.keys(task).filter((key) => typeof task[key] === 'string' && !NOT_CELLS.includes(key));

interface Task {
  ordinal: string;
  area: string;
  sourceLines: [number, number];
  [cell: string]: unknown;
}
interface Seed {
  source: { file: string };
  tasks: Task[];
}

const readSeed = (file: string): Seed => JSON.parse(readFileSync(path.join(REAL, file), 'utf8'));

/** The checker's report on each file: its first line and its problems. */
function check(files: string[], ...options: string[]) {
  const run = spawnSync(process.execPath, [CHECK, ...options, ...files], { encoding: 'utf8' });
  const reports = new Map<string, { header: string; problems: string[] }>();
  let current: { header: string; problems: string[] } | undefined;
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('  ') && current) current.problems.push(line.trim());
    else if (line) {
      current = { header: line, problems: [] };
      reports.set(line.slice(0, line.indexOf(': ')), current);
    }
  }
  return { status: run.status, stderr: run.stderr, reports };
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'real-seed-transcription-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const writeSeed = (name: string, seed: Seed) => {
  const file = path.join(scratch, name);
  writeFileSync(file, JSON.stringify(seed));
  return file;
};

describe('the transcription of the five real plans (seeds/real/check.mjs)', () => {
  it('passes both ways, with every word in record ranges accounted for', () => {
    const files = SEED_FILES.map((f) => path.join(REAL, f));
    const { status, stderr, reports } = check(files);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    for (const file of files) {
      expect(reports.get(file)?.header).toMatch(/: OK \(.*coverage 100\.00% \((\d+) of \1 words/);
    }
  });

  it('fails a copy with one word dropped from a task cell, whichever word', () => {
    const seeds = SEED_FILES.map(readSeed);
    const drop = fc
      .record({ seed: fc.nat(seeds.length - 1), cell: fc.nat(), word: fc.nat() })
      .map(({ seed, cell, word }) => {
        const cells = seeds[seed].tasks.flatMap((task, t) => cellsOf(task).map((c) => ({ t, c })));
        const { t, c } = cells[cell % cells.length];
        const words = (seeds[seed].tasks[t][c] as string).split(' ');
        return { seed, t, c, at: word % words.length, words };
      });
    fc.assert(
      fc.property(drop, ({ seed, t, c, at, words }) => {
        const copy: Seed = structuredClone(seeds[seed]);
        copy.tasks[t][c] = words.filter((_, i) => i !== at).join(' ') || null;
        const file = writeSeed(`drop-${SEED_FILES[seed]}`, copy);
        const { status, reports } = check([file]);
        expect(status).toBe(1);
        expect(reports.get(file)?.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 15, seed: 11 },
    );
  });

  it('fails Bắc Giang without the printed numbering of its task cells, naming the line', () => {
    const file = SEED_FILES.find((f) => f.startsWith('003_'))!;
    const seed = readSeed(file);
    const task = seed.tasks.find((t) => t.area === 'APPARATUS' && t.ordinal === '1.2')!;
    expect(task.name).toMatch(/^1\.2\. Nhiệm vụ 2: /);
    task.name = (task.name as string).replace(/^1\.2\. /, '');
    const copy = writeSeed(`numbering-${file}`, seed);
    const { status, reports } = check([copy]);
    expect(status).toBe(1);
    // "1.2. Nhiệm vụ 2: Các sở," is line 1634 of the document.
    expect(reports.get(copy)?.problems).toEqual(['line 1634: "1.2." is in no field and no listed artefact']);
  });

  it('fails a word of a task cell dropped where a target sentence inside the cell still has it', () => {
    const file = SEED_FILES.find((f) => f.startsWith('002_'))!;
    const seed = readSeed(file);
    const task = seed.tasks.find((t) => t.area === 'PROCEDURES' && t.ordinal === '6')!;
    expect(task.outputs).toBe('100% TTHC được công khai.');
    task.outputs = 'TTHC được công khai.';
    const copy = writeSeed(`target-${file}`, seed);
    const { status, reports } = check([copy]);
    expect(status).toBe(1);
    expect(reports.get(copy)?.problems.join('\n')).toMatch(
      /targetText is not part of any cell of task PROCEDURES 6/,
    );
  });

  describe('page artefacts', () => {
    // A blank line inside the record ranges of a document, where an artefact can be slipped in
    // without moving any line number.
    function blankLineInRanges(seed: Seed, lines: string[]) {
      for (const { sourceLines } of seed.tasks) {
        for (let line = sourceLines[0] + 1; line < sourceLines[1]; line++) {
          if (!lines[line - 1].trim()) return line;
        }
      }
      throw new Error('no blank line inside a record range');
    }

    it.each([
      ['a page number', '000_', '7'],
      ['a running title', '004_', 'KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026'],
      ['a column header row of another plan', '003_', 'STT Nhiệm vụ Sản phẩm Thời gian hoàn thành'],
    ])('fails %s that is not listed', (_kind, prefix, artefact) => {
      const file = SEED_FILES.find((f) => f.startsWith(prefix))!;
      const seed = readSeed(file);
      const sources = path.join(scratch, `sources-${prefix}`);
      cpSync(SOURCES, sources, { recursive: true });
      const documentPath = path.join(sources, seed.source.file);
      const lines = readFileSync(documentPath, 'utf8').split('\n');
      const line = blankLineInRanges(seed, lines);
      lines[line - 1] = artefact;
      writeFileSync(documentPath, lines.join('\n'));

      const seedPath = path.join(REAL, file);
      const { status, reports } = check([seedPath], '--sources', sources);
      expect(status).toBe(1);
      expect(reports.get(seedPath)?.problems).toEqual([
        `line ${line}: "${artefact}" is in no field and no listed artefact`,
      ]);
    });

    it('fails when a listed artefact is taken off the list, and when a listed one is found nowhere', () => {
      const list = path.join(scratch, 'artefacts.mjs');
      const real = pathToFileURL(path.join(REAL, 'artefacts.mjs')).href;
      writeFileSync(
        list,
        `import { CATEGORIES, DOCUMENTS as listed } from ${JSON.stringify(real)};
export { CATEGORIES };
export const DOCUMENTS = structuredClone(listed);
const bacGiang = DOCUMENTS['003_dcb111fb99ab3439.txt'].artefacts;
bacGiang.splice(bacGiang.findIndex((a) => a.category === 'strayFragment'), 1);
DOCUMENTS['002_95777da50a226c25.txt'].artefacts.push({ category: 'pageNumber', text: 'Trang 99' });
`,
      );
      const bacGiang = path.join(REAL, SEED_FILES.find((f) => f.startsWith('003_'))!);
      const toTung = path.join(REAL, SEED_FILES.find((f) => f.startsWith('002_'))!);
      const { status, reports } = check([bacGiang, toTung], '--artefacts', list);
      expect(status).toBe(1);
      expect(reports.get(bacGiang)?.problems).toEqual([
        'line 3074: "xác" is in no field and no listed artefact',
      ]);
      expect(reports.get(toTung)?.problems).toEqual(['artefact pageNumber "Trang 99" not found']);
    });
  });
});
