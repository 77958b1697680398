import { readFileSync } from 'node:fs';
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
// Real cells of the five plans, each with the milestones a person read from the document. Required:
// a missing table fails the test rather than skipping it.
const realCells: TimeCase[] = JSON.parse(readFileSync(FIXTURE, 'utf8'));

const D = (due: string) => ({ kind: 'DEADLINE', start: null, due, recurrence: null });
const P = (start: string, due: string) => ({ kind: 'PERIOD', start, due, recurrence: null });
const R = (start: string, due: string, recurrence: string) => ({ kind: 'RECURRING', start, due, recurrence });
const O = (start: string) => ({ kind: 'OPEN_ENDED', start, due: null, recurrence: null });
const C = { kind: 'CONDITIONAL', start: null, due: null, recurrence: null };

type Case = [number, string, unknown[]];
const reads = (cases: Case[]) =>
  it.each<Case>(cases)('(%i) %s', (year, text, expected) => {
    expect(parseTimeExpression(text, year)).toEqual({ milestones: expected, warnings: [] });
  });

/** Each form of docs/TIME-EXPRESSIONS.md, with the reading the document gives it. */
describe('the forms of docs/TIME-EXPRESSIONS.md', () => {
  describe('deadlines', () =>
    reads([
      [2025, 'trước 31/12/2024', [D('2024-12-31')]],
      [2025, 'hoàn thành trước ngày 30/6/2025', [D('2025-06-30')]],
      [2025, 'hạn ngày 30/6/2025', [D('2025-06-30')]],
      [2025, 'Ngày 25/7/2025', [D('2025-07-25')]],
      [2025, '30/6/2025', [D('2025-06-30')]],
      [2024, 'ngày 15 tháng 6 năm 2025', [D('2025-06-15')]],
      [2025, 'trước ngày 15 tháng 6 năm 2025', [D('2025-06-15')]],
      [2026, 'ngày 15 tháng 6', [D('2026-06-15')]],
      [2025, 'trước ngày 30/6', [D('2025-06-30')]],
      [2026, 'trước 15/11', [D('2026-11-15')]],
      [2024, 'trước tháng 01/2024', [D('2023-12-31')]],
      [2025, 'trước Quý III/2025', [D('2025-06-30')]],
      [2025, 'trước năm 2026', [D('2025-12-31')]],
      [2026, 'chậm nhất tháng 9/2026', [D('2026-09-30')]],
      [2026, 'chậm nhất trong tháng 9/2026', [D('2026-09-30')]],
      [2026, 'chậm nhất trong tháng 9', [D('2026-09-30')]],
      [2026, 'hạn chót tháng 9/2026', [D('2026-09-30')]],
      [2025, 'chậm nhất quý IV/2025', [D('2025-12-31')]],
      [2025, 'chậm nhất trong quý IV/2025', [D('2025-12-31')]],
      [2025, 'chậm nhất năm 2025', [D('2025-12-31')]],
      [2025, 'chậm nhất trong năm 2025', [D('2025-12-31')]],
    ]));

  describe('periods', () =>
    reads([
      [2025, 'Trong tháng 12/2025', [P('2025-12-01', '2025-12-31')]],
      [2025, 'trong tháng 9', [P('2025-09-01', '2025-09-30')]],
      [2025, 'quý 2/2025', [P('2025-04-01', '2025-06-30')]],
      [2025, 'Quý III', [P('2025-07-01', '2025-09-30')]],
      [2025, 'Cả năm 2025', [P('2025-01-01', '2025-12-31')]],
      [2025, '2025', [P('2025-01-01', '2025-12-31')]],
      [2025, 'Thường xuyên trong năm', [P('2025-01-01', '2025-12-31')]],
      [2025, 'Hằng năm', [P('2025-01-01', '2025-12-31')]],
      [2025, 'Hàng năm', [P('2025-01-01', '2025-12-31')]],
      [2025, 'Cả năm', [P('2025-01-01', '2025-12-31')]],
      [2026, 'Trong năm', [P('2026-01-01', '2026-12-31')]],
      [2025, 'Liên tục', [P('2025-01-01', '2025-12-31')]],
      [2025, '06 tháng đầu năm 2025', [P('2025-01-01', '2025-06-30')]],
      [2024, '6 tháng cuối năm', [P('2024-07-01', '2024-12-31')]],
      [2025, 'Trong 3 tháng đầu năm 2025', [P('2025-01-01', '2025-03-31')]],
      [2025, '9 tháng đầu năm', [P('2025-01-01', '2025-09-30')]],
      [2025, '02 tháng cuối năm 2025', [P('2025-11-01', '2025-12-31')]],
      [2025, 'Giai đoạn 2024-2025', [P('2024-01-01', '2025-12-31')]],
      [2025, 'từ năm 2024 đến năm 2025', [P('2024-01-01', '2025-12-31')]],
      [2025, 'Năm 2024 - 2025', [P('2024-01-01', '2025-12-31')]],
    ]));

  describe('ranges', () =>
    reads([
      [2025, 'Từ tháng 3 đến tháng 6/2025', [P('2025-03-01', '2025-06-30')]],
      [2025, 'tháng 9 - tháng 10/2025', [P('2025-09-01', '2025-10-31')]],
      [2025, 'Tháng 9-10/2025', [P('2025-09-01', '2025-10-31')]],
      [2025, 'Quý II - Quý III/2025', [P('2025-04-01', '2025-09-30')]],
      [2025, 'Quý II – III năm 2025', [P('2025-04-01', '2025-09-30')]],
      [2025, 'Từ ngày 01/3 đến ngày 30/6/2025', [P('2025-03-01', '2025-06-30')]],
      [2025, '01/3 - 30/6/2025', [P('2025-03-01', '2025-06-30')]],
      [2025, 'Từ tháng 10/2025 đến tháng 3/2026', [P('2025-10-01', '2026-03-31')]],
      [2025, 'Quý I – Quý IV/2025', [R('2025-01-01', '2025-12-31', 'QUARTERLY')]],
      [2026, 'Quý I đến Quý IV', [R('2026-01-01', '2026-12-31', 'QUARTERLY')]],
      [2025, 'Từ tháng 11 đến tháng 02/2026', [P('2025-11-01', '2026-02-28')]],
    ]));

  describe('coordination', () =>
    reads([
      [2025, 'Quý I và Quý III năm 2025', [P('2025-01-01', '2025-03-31'), P('2025-07-01', '2025-09-30')]],
      [2025, 'Quý I và Quý II/2025', [P('2025-01-01', '2025-06-30')]],
      [2025, 'Tháng 4 và tháng 5/2025', [P('2025-04-01', '2025-05-31')]],
      [
        2025,
        'tháng 3, 6, 9 và 12/2025',
        [
          P('2025-03-01', '2025-03-31'),
          P('2025-06-01', '2025-06-30'),
          P('2025-09-01', '2025-09-30'),
          P('2025-12-01', '2025-12-31'),
        ],
      ],
      [2025, 'Ngày 31/3 và ngày 30/9/2025', [D('2025-03-31'), D('2025-09-30')]],
      [2025, 'trước ngày 15/6 và 15/12/2025', [D('2025-06-15'), D('2025-12-15')]],
      [2024, 'Quý I, III năm 2025', [P('2025-01-01', '2025-03-31'), P('2025-07-01', '2025-09-30')]],
      [2026, 'Quý I, III', [P('2026-01-01', '2026-03-31'), P('2026-07-01', '2026-09-30')]],
      [2026, 'tháng 4, 5', [P('2026-04-01', '2026-05-31')]],
      [2025, 'Quý I; Quý III/2026', [P('2026-01-01', '2026-03-31'), P('2026-07-01', '2026-09-30')]],
      [
        2025,
        '- Ban hành kế hoạch trong Quý I/2025; - Báo cáo kết quả trước ngày 15/12/2025',
        [P('2025-01-01', '2025-03-31'), D('2025-12-15')],
      ],
    ]));

  describe('recurrences', () =>
    reads([
      [2025, 'Hằng tháng', [R('2025-01-01', '2025-12-31', 'MONTHLY')]],
      [2025, 'theo tháng', [R('2025-01-01', '2025-12-31', 'MONTHLY')]],
      [2025, 'Thường xuyên trong tháng', [R('2025-01-01', '2025-12-31', 'MONTHLY')]],
      [2025, 'trước ngày 10 hằng tháng', [R('2025-01-01', '2025-12-10', 'MONTHLY')]],
      [2025, 'Hằng tháng, trước ngày 10', [R('2025-01-01', '2025-12-10', 'MONTHLY')]],
      [2026, 'ngày 25 hàng tháng', [R('2026-01-01', '2026-12-25', 'MONTHLY')]],
      [2025, 'trước ngày 05 tháng sau', [R('2025-01-01', '2026-01-05', 'MONTHLY')]],
      [2025, 'trước ngày 5 của tháng tiếp theo', [R('2025-01-01', '2026-01-05', 'MONTHLY')]],
      [2025, 'Hằng quý', [R('2025-01-01', '2025-12-31', 'QUARTERLY')]],
      [2025, 'theo quý', [R('2025-01-01', '2025-12-31', 'QUARTERLY')]],
      [2025, 'hàng quý', [R('2025-01-01', '2025-12-31', 'QUARTERLY')]],
      [2025, 'trước ngày 15 của tháng cuối quý', [R('2025-01-01', '2025-12-15', 'QUARTERLY')]],
      [2025, 'Định kỳ 6 tháng', [R('2025-01-01', '2025-12-31', 'SEMIANNUAL')]],
      [2025, 'định kỳ 06 tháng', [R('2025-01-01', '2025-12-31', 'SEMIANNUAL')]],
      [2025, '6 tháng một lần', [R('2025-01-01', '2025-12-31', 'SEMIANNUAL')]],
      [2025, 'hằng 6 tháng', [R('2025-01-01', '2025-12-31', 'SEMIANNUAL')]],
      [2025, 'trước ngày 15/12 hằng năm', [R('2025-01-01', '2025-12-15', 'YEARLY')]],
      [2025, 'Hằng năm, trước ngày 15/12', [R('2025-01-01', '2025-12-15', 'YEARLY')]],
      [2024, 'ngày 15 tháng 12 hằng năm', [R('2024-01-01', '2024-12-15', 'YEARLY')]],
    ]));

  describe('relative years', () =>
    reads([
      [2025, 'trước 31/01 năm sau', [D('2026-01-31')]],
      [2025, 'Quý I năm sau', [P('2026-01-01', '2026-03-31')]],
      [2025, 'Năm tới', [P('2026-01-01', '2026-12-31')]],
      [2025, 'Quý IV năm trước', [P('2024-10-01', '2024-12-31')]],
      [2025, 'Trong năm nay', [P('2025-01-01', '2025-12-31')]],
      [2025, 'từ năm 2025 trở đi', [O('2025-01-01')]],
      [2025, 'Từ tháng 7/2025', [O('2025-07-01')]],
    ]));

  describe('conditional clauses', () =>
    reads([
      [2025, 'Theo quy định', [C]],
      [2025, 'Lồng ghép trong báo cáo CCHC', [C]],
      [2025, 'Khi có yêu cầu', [C]],
      [2026, 'Sau 03 tháng kể từ khi có văn bản của Trung ương', [C]],
      [2026, 'Ban hành kế hoạch trong tháng 01/2026 và tổ chức thực hiện', [P('2026-01-01', '2026-01-31')]],
      [
        2026,
        'Ban hành kế hoạch chậm nhất là ngày 15/01/2026 và thực hiện theo kế hoạch đề ra',
        [D('2026-01-15'), C],
      ],
    ]));

  describe('cited documents and notes', () =>
    reads([
      [2025, 'Kế hoạch 12/KH-UBND ngày 05/01/2025', [C]],
      [2025, '(theo Công văn số 123/SNV-CCHC ngày 10/3/2025)', [C]],
      [2025, 'Nghị định số 52/2015/NĐ-CP', [C]],
      [2026, 'Theo Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2026 của tỉnh', [C]],
      [2026, 'Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025', [C]],
      [2025, 'Trước ngày 30/6/2025 (theo Kế hoạch số 45/KH-UBND ngày 12/01/2025)', [D('2025-06-30')]],
      [2025, 'Báo cáo kết quả (trước ngày 15/12/2025)', [D('2025-12-15')]],
    ]));

  describe('finer points', () =>
    reads([
      [
        2025,
        'Ban hành kế hoạch trong tháng 3, báo cáo trước ngày 15/12/2026',
        [P('2025-03-01', '2025-03-31'), D('2026-12-15')],
      ],
      [2025, 'tháng 12/2025 và tháng 01/2026', [P('2025-12-01', '2026-01-31')]],
      [2025, 'Năm 2024 và năm 2025', [P('2024-01-01', '2024-12-31'), P('2025-01-01', '2025-12-31')]],
      [2025, 'Quý I, II, III và IV năm 2025', [R('2025-01-01', '2025-12-31', 'QUARTERLY')]],
      [2025, 'Quý I - IV năm 2026', [R('2026-01-01', '2026-12-31', 'QUARTERLY')]],
      [2025, 'Hằng quý năm 2026', [R('2026-01-01', '2026-12-31', 'QUARTERLY')]],
      [2025, 'Thực hiện thường xuyên khi có yêu cầu', [C]],
      [2025, 'Quý II/2025 (khi có yêu cầu)', [P('2025-04-01', '2025-06-30')]],
      [2025, 'vào tháng 11', [P('2025-11-01', '2025-11-30')]],
      [2025, 'vào Quý II', [P('2025-04-01', '2025-06-30')]],
      [2025, 'Từ tháng 7/2025 và tổ chức thực hiện', [O('2025-07-01')]],
    ]));

  describe('text broken by the PDF, diacritics and case', () =>
    reads([
      [2025, 'Năm 20 25', [P('2025-01-01', '2025-12-31')]],
      [2025, 'Trước ngày 31 / 12 / 2025', [D('2025-12-31')]],
      [2025, 'Quý I -IV năm 2025', [R('2025-01-01', '2025-12-31', 'QUARTERLY')]],
      [2025, 'QUY IV NAM 2025', [P('2025-10-01', '2025-12-31')]],
      [2025, 'QUÝ IV NĂM 2025', [P('2025-10-01', '2025-12-31')]],
      [2025, 'truoc ngay 30/6/2025', [D('2025-06-30')]],
      [2025, 'hang thang', [R('2025-01-01', '2025-12-31', 'MONTHLY')]],
    ]));
});

describe('consume or warn (docs/TIME-EXPRESSIONS.md)', () => {
  it.each<[number, string, string]>([
    [2025, 'Quý 7/2025', '7'],
    [2025, 'Quý V', 'V'],
    [2025, 'tháng 14/2025', '14'],
    [2025, 'ngày 32/1/2025', '32'],
    [2025, '30/2/2025', '30/2'],
    [2025, '31/4/2025', '31/4'],
    [2025, 'Năm 1999', '1999'],
    [2025, 'Trong năm 2101', '2101'],
    [2025, 'trước ngày 15', '15'],
    [2025, 'Trong 3 tháng', '3'],
    [2025, 'từ tháng 3 đến tháng 13/2025', '13'],
    // The year names the programme: no span, and nothing else to read.
    [2025, 'Chương trình chuyển đổi số năm 2025', 'Chương trình chuyển đổi số năm 2025'],
  ])('(%i) %s: a warning that names %s, no milestone', (year, text, named) => {
    const { milestones, warnings } = parseTimeExpression(text, year);
    expect(milestones).toEqual([]);
    expect(warnings.join(' ')).toContain(named);
  });

  it.each<Case>([
    [2025, 'Quý 7/2025 và Quý I/2025', [P('2025-01-01', '2025-03-31')]],
    [2025, 'tháng 14/2025, trước ngày 30/6/2025', [D('2025-06-30')]],
    [2025, 'Ngày 31/4/2025 và ngày 30/9/2025', [D('2025-09-30')]],
  ])('(%i) %s: the impossible item is warned about, the others still read', (year, text, expected) => {
    const { milestones, warnings } = parseTimeExpression(text, year);
    expect(milestones).toEqual(expected);
    expect(warnings).toHaveLength(1);
  });

  it.each(['Không xác định', 'Khi nào xong thì thôi'])('%s: a warning and no milestone', (text) => {
    const { milestones, warnings } = parseTimeExpression(text, 2025);
    expect(milestones).toEqual([]);
    expect(warnings).toHaveLength(1);
  });
});

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

  it('has the real-cell table', () => expect(realCells.length).toBeGreaterThan(100));

  it.each(realCells.map((c) => [c.source, c] as const))('real cell: %s', (_source, cell) => {
    const result = parseTimeExpression(cell.text, cell.year);
    expect({ text: cell.text, milestones: result.milestones }).toEqual({
      text: cell.text,
      milestones: cell.expected,
    });
    expect(result.warnings.length > 0).toBe(Boolean(cell.warn));
  });
});
