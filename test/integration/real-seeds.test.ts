import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ReformAreaCode } from '../../src/modules/reform-area/reform-area.entity';
import { readRealPlanSeeds } from '../../src/modules/seed/real-plans';

const ROOT = path.join(__dirname, '..', '..');

describe('real-plan seeds', () => {
  const seeds = readRealPlanSeeds();

  it('transcribe all five source documents', () => {
    const sources = readdirSync(path.join(ROOT, 'seeds', 'sources')).filter((f) => f.endsWith('.txt'));
    expect(seeds.map((s) => s.source.file).sort()).toEqual(sources.sort());
  });

  it('keep every text field findable, in order, within its source lines (seeds/real/check.mjs)', () => {
    const files = readdirSync(path.join(ROOT, 'seeds', 'real'))
      .filter((f) => /^\d{3}_.*\.json$/.test(f))
      .map((f) => path.join(ROOT, 'seeds', 'real', f));
    // Throws (failing the test) with the checker's report when a field is not in the document.
    const output = execFileSync(process.execPath, [path.join(ROOT, 'seeds', 'real', 'check.mjs'), ...files], {
      encoding: 'utf8',
    });
    expect(output.match(/: OK/g)).toHaveLength(files.length);
  });

  it('cover the seven areas with tasks that have a name, an ordinal and a source line', () => {
    for (const seed of seeds) {
      expect(seed.tasks.length).toBeGreaterThan(0);
      for (const task of seed.tasks) {
        expect(Object.values(ReformAreaCode)).toContain(task.area);
        expect(task.name.trim()).not.toBe('');
        expect(task.sourceLines[0]).toBeLessThanOrEqual(task.sourceLines[1]);
      }
    }
    const areas = new Set(seeds.flatMap((s) => s.tasks.map((t) => t.area)));
    expect(areas.size).toBe(7);
  });

  it('record what the documents do not say instead of guessing', () => {
    const kyLac = seeds.find((s) => s.owner.commune?.code === 'ky-lac')!;
    expect(kyLac.owner.province).toBeNull();
    const bacGiang = seeds.find((s) => s.owner.level === 'PROVINCE')!;
    expect(bacGiang.owner.province).toEqual({ code: 'X24', name: 'Bắc Giang' });
    const lamDong = seeds.find((s) => s.owner.province?.code === '68')!;
    expect(lamDong.owner.note).toBeTruthy();
  });
});
