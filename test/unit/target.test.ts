import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTarget } from '../../src/parsing/target';
import type { TargetData } from '../../src/parsing/target';

interface TargetCase {
  source: string;
  text: string;
  expected: TargetData[];
  why?: string;
}

const FIXTURE = path.join(__dirname, '..', '..', 'seeds', 'tables', 'target-sentences-real.json');
// Real sentences of the five plans, each with the targets a person read from the document.
const realSentences: TargetCase[] = existsSync(FIXTURE) ? JSON.parse(readFileSync(FIXTURE, 'utf8')) : [];

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
): TargetData => ({
  comparator,
  value,
  max,
  unit: 'COUNT',
  noun,
  direction: 'INCREASE',
});

describe('parseTarget', () => {
  it.each<[string, TargetData[]]>([
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
  ])('%s', (text, expected) => expect(parseTarget(text)).toEqual(expected));

  if (realSentences.length) {
    it.each(realSentences.map((c) => [c.source, c] as const))('real sentence: %s', (_source, sentence) => {
      expect({ text: sentence.text, targets: parseTarget(sentence.text) }).toEqual({
        text: sentence.text,
        targets: sentence.expected,
      });
    });
  }
});

// Found by the property tests: 400 digits read as Infinity, which the database then stored.
it('reads no target from a figure too long for a number', () => {
  expect(parseTarget(`${'9'.repeat(400)}%`)).toEqual([]);
  expect(parseTarget(`từ 1 đến ${'9'.repeat(400)} sáng kiến`)).toEqual([]);
});
