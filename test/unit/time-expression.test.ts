import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MilestoneData } from '../../src/parsing/milestone';
import { parseTimeExpression } from '../../src/parsing/time-expression';
import { generateTime } from '../../src/modules/seed/generator-templates';
import { Random } from '../../src/modules/seed/random';

interface TimeCase {
  source: string;
  year: number;
  text: string;
  expected: MilestoneData[];
  warn?: boolean;
  why?: string;
}

const FIXTURE = path.join(__dirname, '..', '..', 'seeds', 'tables', 'time-cells-real.json');
// Real cells of the five plans, each with the milestones a person read from the document.
const realCells: TimeCase[] = existsSync(FIXTURE) ? JSON.parse(readFileSync(FIXTURE, 'utf8')) : [];

const D = (due: string) => ({ kind: 'DEADLINE', start: null, due, recurrence: null });
const P = (start: string, due: string) => ({ kind: 'PERIOD', start, due, recurrence: null });
const C = { kind: 'CONDITIONAL', start: null, due: null, recurrence: null };

describe('parseTimeExpression', () => {
  it.each<[number, string, unknown[]]>([
    [2025, 'Trước ngày 31/12/2024', [D('2024-12-31')]],
    [2025, 'chậm nhất ngày 10/12/2025', [D('2025-12-10')]],
    [2025, 'chậm nhất là ngày 15/01/2026', [D('2026-01-15')]],
    [2025, 'Quý IV năm 2025', [P('2025-10-01', '2025-12-31')]],
    [2024, 'Trong Quý I/2024', [P('2024-01-01', '2024-03-31')]],
    [2025, 'Quý III/2025', [P('2025-07-01', '2025-09-30')]],
    [2025, 'Tháng 7/2025', [P('2025-07-01', '2025-07-31')]],
    [2025, 'Tháng 07/2025', [P('2025-07-01', '2025-07-31')]],
    [2025, 'tháng 7 năm 2025', [P('2025-07-01', '2025-07-31')]],
    [2024, 'Trong tháng 12 năm 2024', [P('2024-12-01', '2024-12-31')]],
    [2025, 'Tháng 02/2025 (Gửi KH về Sở Nội vụ)', [P('2025-02-01', '2025-02-28')]],
    [2025, 'Năm 2025', [P('2025-01-01', '2025-12-31')]],
    [2026, 'Trong năm 2026', [P('2026-01-01', '2026-12-31')]],
    [2025, 'Thường xuyên trong năm 2025', [P('2025-01-01', '2025-12-31')]],
    [2025, 'Thường xuyên', [P('2025-01-01', '2025-12-31')]],
    [2025, '06 tháng cuối năm 2025', [P('2025-07-01', '2025-12-31')]],
    [
      2025,
      'Quý I- IV năm 2025',
      [{ kind: 'RECURRING', start: '2025-01-01', due: '2025-12-31', recurrence: 'QUARTERLY' }],
    ],
    [2024, 'Giai đoạn 2024- 2025', [P('2024-01-01', '2025-12-31')]],
    [
      2024,
      'Năm 2024 và các năm tiếp theo',
      [{ kind: 'OPEN_ENDED', start: '2024-01-01', due: null, recurrence: null }],
    ],
    [
      2025,
      'Trước ngày 05 của tháng liền kề',
      [{ kind: 'RECURRING', start: '2025-01-01', due: '2026-01-05', recurrence: 'MONTHLY' }],
    ],
    [2025, 'Trước ngày 31/01 năm liền kề', [D('2026-01-31')]],
    [2025, 'Theo kế hoạch', [C]],
    [2025, 'Theo hướng dẫn của tỉnh', [C]],
    [2025, 'Khi có phát sinh', [C]],
    [2025, 'Sau khi có Nghị định, Thông tư hướng dẫn', [C]],
    [
      2025,
      '1. Ban hành Kế hoạch trước ngày 31/12/2024. 2. Báo cáo kết quả thực hiện trong Quý IV năm 2025.',
      [D('2024-12-31'), P('2025-10-01', '2025-12-31')],
    ],
    [2025, 'Trước 10/2/202 5', [D('2025-02-10')]],
    [2026, 'Theo Quyết định số 1737/QĐ-UBND ngày 17/10/2025 của UBND tỉnh', [C]],
    [2026, 'Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ', [C]],
  ])('(%i) %s', (year, text, expected) => {
    expect(parseTimeExpression(text, year)).toEqual({ milestones: expected, warnings: [] });
  });

  it('gives a warning and no milestone for text it cannot read', () => {
    const result = parseTimeExpression('Khi nào xong thì thôi', 2025);
    expect(result.milestones).toEqual([]);
    expect(result.warnings).toHaveLength(1);
  });

  it('reads every time text the generator writes as the milestones it meant', () => {
    const random = new Random('parser-vs-generator');
    for (let i = 0; i < 500; i++) {
      const year = random.pick([2024, 2025, 2026]);
      const { text, milestones } = generateTime(random, year);
      expect({ text, ...parseTimeExpression(text, year) }).toEqual({ text, milestones, warnings: [] });
    }
  });

  if (realCells.length) {
    it.each(realCells.map((c) => [c.source, c] as const))('real cell: %s', (_source, cell) => {
      const result = parseTimeExpression(cell.text, cell.year);
      expect({ text: cell.text, milestones: result.milestones }).toEqual({
        text: cell.text,
        milestones: cell.expected,
      });
      expect(result.warnings.length > 0).toBe(Boolean(cell.warn));
    });
  }
});
