import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readTargets } from '../../src/parsing/plan-cells';
import { parseTarget, readTargetSentence } from '../../src/parsing/target';
import type { TargetData } from '../../src/parsing/target';

interface TargetCase {
  source: string;
  text: string;
  expected: TargetData[];
  why?: string;
}

const TABLES = path.join(__dirname, '..', '..', 'seeds', 'tables');
const table = (file: string): TargetCase[] =>
  existsSync(path.join(TABLES, file)) ? JSON.parse(readFileSync(path.join(TABLES, file), 'utf8')) : [];
// Real sentences of the five plans, each with the targets a person read from the document.
const realSentences = table('target-sentences-real.json');
// New sentences in the plans' style, each with the reading written before the parser was changed.
const newSentences = table('target-sentences-new.json');

const pct = (
  comparator: TargetData['comparator'],
  value: number,
  direction: TargetData['direction'] = 'INCREASE',
): TargetData => ({
  comparator,
  value,
  max: null,
  unit: 'PERCENT',
  noun: null,
  direction,
});
const count = (
  comparator: TargetData['comparator'],
  value: number,
  noun: string,
  max: number | null = null,
  direction: TargetData['direction'] = 'INCREASE',
): TargetData => ({
  comparator,
  value,
  max,
  unit: 'COUNT',
  noun,
  direction,
});

/** One test per sentence: it reads as exactly these targets. */
const readsAs = (cases: [string, TargetData[]][]) =>
  it.each(cases)('%s', (text, expected) => expect(parseTarget(text)).toEqual(expected));

describe('parseTarget', () => {
  readsAs([
    ['đạt tối thiểu 80%', [pct('GTE', 80)]],
    ['Tối thiểu 35% phòng chuyên môn được kiểm tra CCHC trong năm 2025', [pct('GTE', 35)]],
    ['Mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC đạt từ 95% trở lên.', [pct('GTE', 95)]],
    ['trên 85%', [pct('GT', 85)]],
    ['Tỷ lệ thanh toán trực tuyến đạt trên 60%', [pct('GT', 60)]],
    [
      '100% TTHC nội bộ giữa các cơ quan hành chính nhà nước được rà soát, công bố, công khai.',
      [pct('EQ', 100)],
    ],
    ['90% cán bộ, công chức cấp xã khối chính quyền có trình độ đại học trở lên', [pct('GTE', 90)]],
    ['80% hồ sơ công việc được xử lý trên môi trường mạng', [pct('GTE', 80)]],
    [
      'Phấn đấu ít nhất có 03 sáng kiến (hoặc giải pháp mới) về CCHC áp dụng có hiệu quả',
      [count('GTE', 3, 'sáng kiến')],
    ],
    ['Kiểm tra công vụ ít nhất 02 đơn vị', [count('GTE', 2, 'đơn vị')]],
    [
      'tổ chức ít nhất từ 01 đến 02 cuộc đối thoại/diễn đàn của lãnh đạo UBND xã',
      [count('BETWEEN', 1, 'cuộc đối thoại', 2)],
    ],
    [
      'Giảm tối thiểu 2,5% chi hỗ trợ trực tiếp từ ngân sách nhà nước theo Chỉ thị số 01/CT-TTg ngày 04/01/2024',
      [pct('GTE', 2.5, 'DECREASE')],
    ],
    ['giảm tối thiểu 15% đầu mối', [pct('GTE', 15, 'DECREASE')]],
    [
      'trên 90% hồ sơ được giải quyết đúng hạn, trong đó có trên 60% trả trước hạn',
      [pct('GT', 90), pct('GT', 60)],
    ],
    [
      '100% đơn vị sự nghiệp công lập được giao quyền tự chủ tài chính theo Nghị định số 60/2021/NĐ-CP của Chính phủ.',
      [pct('EQ', 100)],
    ],
    ['Phấn đấu trong 06 tháng cuối năm tổ chức đối thoại', []],
    ['UBND xã ban hành kế hoạch và triển khai có hiệu quả kế hoạch CCHC năm 2025.', []],
    ['Áp dụng Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015', []],
  ]);

  describe('durations are targets with a comparator or a verb of a cut', () => {
    readsAs([
      ['không quá 03 ngày làm việc', [count('LTE', 3, 'ngày làm việc')]],
      ['Thời gian giải quyết tối đa 05 ngày', [count('LTE', 5, 'ngày')]],
      ['Rút ngắn thời gian giải quyết xuống còn 10 ngày', [count('LTE', 10, 'ngày')]],
      ['trong thời hạn không quá 7 ngày làm việc', [count('LTE', 7, 'ngày làm việc')]],
      ['Rút ngắn ít nhất 02 ngày so với quy định', [count('GTE', 2, 'ngày', null, 'DECREASE')]],
      ['Giải quyết trong 03 ngày làm việc', [count('LTE', 3, 'ngày làm việc')]],
      ['thoi gian giai quyet khong qua 2 ngay', [count('LTE', 2, 'ngay')]],
      // Dates and time cells are never targets.
      ['Phấn đấu trong 06 tháng cuối năm 2025 tổ chức đối thoại', []],
      ['Hoàn thành trước ngày 30/6', []],
      ['Báo cáo định kỳ 6 tháng một lần', []],
    ]);
  });

  describe('scores are counts of "điểm"', () => {
    readsAs([
      ['Chỉ số CCHC đạt trên 90 điểm', [count('GT', 90, 'điểm')]],
      ['Chỉ số SIPAS đạt từ 85 điểm trở lên', [count('GTE', 85, 'điểm')]],
      // The number after the slash names the scale: the target is the score as written.
      ['Kết quả chấm điểm xếp loại Tốt, đạt 80/100 điểm', [count('GTE', 80, 'điểm')]],
      ['Chỉ số CCHC đạt tối thiểu 85,5 điểm (thang điểm 100)', [count('GTE', 85.5, 'điểm')]],
    ]);
  });

  if (realSentences.length) {
    it.each(realSentences.map((c) => [c.source, c] as const))('real sentence: %s', (_source, sentence) => {
      expect({ text: sentence.text, targets: parseTarget(sentence.text) }).toEqual({
        text: sentence.text,
        targets: sentence.expected,
      });
    });
  }
});

describe('new sentences (seeds/tables/target-sentences-new.json)', () => {
  it('holds at least 60 sentences, and at least 95 % of them are read as written down', () => {
    const misses = newSentences
      .map((c) => ({ source: c.source, text: c.text, expected: c.expected, read: parseTarget(c.text) }))
      .filter((c) => !isDeepStrictEqual(c.read, c.expected));
    const right = newSentences.length - misses.length;
    expect(newSentences.length).toBeGreaterThanOrEqual(60);
    // On failure the misses are printed beside the share.
    expect({ atLeast95Percent: right >= 0.95 * newSentences.length, misses }).toEqual({
      atLeast95Percent: true,
      misses: expect.any(Array),
    });
  });
});

describe('consume or warn', () => {
  it.each<[string, TargetData[], string[]]>([
    [
      'Giảm tối thiểu 5% chi thường xuyên (không bao gồm tiết kiệm 10% chi thường xuyên để cải cách tiền lương)',
      [pct('GTE', 5, 'DECREASE')],
      ['Figure "10" not read as a target: it is inside an exclusion in parentheses.'],
    ],
    [
      'Thời gian giải quyết TTHC là 03 ngày làm việc',
      [],
      ['Figure "03" not read as a target: a duration ("03 ngày làm việc") with no comparator.'],
    ],
    [
      '100% hồ sơ được giải quyết trong 05 ngày làm việc',
      [pct('EQ', 100)],
      [
        'Figure "05" not read as a target: the duration "05 ngày làm việc" qualifies another target of the sentence.',
      ],
    ],
    [
      'Rút ngắn thời gian từ 10 ngày xuống còn 07 ngày',
      [count('LTE', 7, 'ngày')],
      ['Figure "10" not read as a target: the starting level ("từ 10 … xuống …").'],
    ],
    [
      'Tiết kiệm tối thiểu 200 triệu đồng',
      [],
      ['Figure "200" not read as a target: an amount of money or a measure ("200 triệu").'],
    ],
    [
      'Chỉ số CCHC thuộc nhóm 10 đơn vị dẫn đầu',
      [],
      ['Figure "10" not read as a target: a rank ("nhóm 10").'],
    ],
    [
      'Chỉ số CCHC của xã đạt trên 85',
      [],
      ['Figure "85" not read as a target: no unit, percent sign or counted noun follows it.'],
    ],
  ])('%s', (text, targets, warnings) => {
    expect(readTargetSentence(text)).toMatchObject({ targets, warnings });
  });

  it('gives every number of a sentence exactly one reading, and consumes dates, citations and labels silently', () => {
    const text =
      '1.2. Theo Điều 17 Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 và TCVN ISO 9001:2015, trong Quý 2/2025, 100% dịch vụ công mức độ 4 được cung cấp.';
    const { targets, warnings, figures } = readTargetSentence(text);
    expect(targets).toEqual([pct('EQ', 100)]);
    expect(warnings).toEqual([]);
    expect(figures.map((f) => f.text)).toEqual(text.match(/\d+(?:[.,]\d+)*/g));
    expect(figures.filter((f) => f.reading === 'not a target')).toHaveLength(figures.length - 1);
  });
});

describe('readTargets', () => {
  it('gives the n-th record of a sentence its n-th target, and every record the warnings of its sentence', () => {
    const compound = 'trên 90% hồ sơ đúng hạn, trong đó có trên 60% trả trước hạn (trừ 5% hồ sơ mật)';
    const warning = 'Figure "5" not read as a target: it is inside an exclusion in parentheses.';
    expect(
      readTargets([{ targetText: compound }, { targetText: compound }, { targetText: 'năm 2025' }]),
    ).toEqual([
      { target: pct('GT', 90), parseWarnings: [warning] },
      { target: pct('GT', 60), parseWarnings: [warning] },
      { target: null, parseWarnings: [] },
    ]);
  });
});

// Found by the property tests: 400 digits read as Infinity, which the database then stored.
it('reads no target from a figure too long for a number, and names it', () => {
  expect(parseTarget(`${'9'.repeat(400)}%`)).toEqual([]);
  expect(parseTarget(`từ 1 đến ${'9'.repeat(400)} sáng kiến`)).toEqual([]);
  expect(readTargetSentence(`${'9'.repeat(400)}%`).warnings).toEqual([
    `Figure "${'9'.repeat(20)}…" not read as a target: it is too long or not written as a number.`,
  ]);
});

// A 2,000-digit run took seconds when the reading backtracked; it must stay linear. The timeout is
// jest's default, set here because the project's configuration raises it for database tests.
describe('hostile inputs of 100,000 characters', () => {
  it.each([
    ['a run of digits', '9'.repeat(100_000)],
    ['a run of digits and a noun', `${'9'.repeat(99_990)} sáng kiến`],
    ['decimal commas', '1,'.repeat(50_000)],
    ['slashes', '1/'.repeat(50_000)],
    ['dashes', '1-'.repeat(50_000)],
    ['spaced numbers', '1 '.repeat(50_000)],
    ['open parentheses', '('.repeat(100_000)],
    ['open ranges', 'từ 1 đến '.repeat(11_000)],
    ['verbs of a cut', 'giảm, '.repeat(16_000)],
  ])(
    '%s',
    (_name, text) => {
      expect(Array.isArray(readTargetSentence(text).targets)).toBe(true);
    },
    5_000,
  );

  it('many targets', () => {
    expect(parseTarget('80% hồ sơ, '.repeat(9_000))).toHaveLength(9_000);
  }, 5_000);
});
