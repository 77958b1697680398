import fc from 'fast-check';
import { parseTarget, readTargetSentence } from '../../src/parsing/target';
import type { TargetComparator, TargetData } from '../../src/parsing/target';
import { foldVietnamese } from '../../src/parsing/area-heading';
import { PROPERTY_RUNS, PROPERTY_SEED } from '../utils/property';

/**
 * Indicator sentences built from the vocabulary of the plans: targets with random figures,
 * comparators and nouns, beside dates, years, cited documents, standards, labels, time cells and
 * figures that must only be warned about. Each number carries the reading it must get.
 */
type Role = 'target' | 'warning' | 'target or warning' | 'not a target';
interface Figure {
  text: string;
  role: Role;
}
interface Fragment {
  parts: (string | Figure)[];
  /** The target a reader takes from this fragment, when it stands in a clause of its own. */
  expected?: TargetData;
}

const figure = (text: string, role: Role): Figure => ({ text, role });
const padded = (n: number) => fc.constantFrom(String(n), String(n).padStart(2, '0'));
const integer = (min: number, max: number) =>
  fc.integer({ min, max }).chain((n) => padded(n).map((text) => ({ text, value: n })));
const decimal = (max: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: max - 1 }), fc.integer({ min: 1, max: 9 }))
    .map(([whole, tenth]) => ({ text: `${whole},${tenth}`, value: whole + tenth / 10 }));
const amount = (max: number) =>
  fc.oneof({ weight: 4, arbitrary: integer(1, max) }, { weight: 1, arbitrary: decimal(max) });
const target = (
  comparator: TargetComparator,
  value: number,
  unit: TargetData['unit'],
  noun: string | null,
  direction: TargetData['direction'] = 'INCREASE',
  max: number | null = null,
): TargetData => ({ comparator, value, max, unit, noun, direction });

/** [words before the figure, words after it, comparator]; null for a bare figure. */
const PERCENT_COMPARATORS: [string, string, TargetComparator | null][] = [
  ['tối thiểu ', '', 'GTE'],
  ['ít nhất ', '', 'GTE'],
  ['không thấp hơn ', '', 'GTE'],
  ['không dưới ', '', 'GTE'],
  ['từ ', ' trở lên', 'GTE'],
  ['', ' trở lên', 'GTE'],
  ['trên ', '', 'GT'],
  ['hơn ', '', 'GT'],
  ['vượt ', '', 'GT'],
  ['tối đa ', '', 'LTE'],
  ['không quá ', '', 'LTE'],
  ['không vượt quá ', '', 'LTE'],
  ['từ ', ' trở xuống', 'LTE'],
  ['dưới ', '', 'LT'],
  ['', '', null],
];
const percent = fc
  .record({
    lead: fc.constantFrom(
      'Tỷ lệ hồ sơ trực tuyến đạt ',
      'Phấn đấu ',
      'Bảo đảm ',
      '',
      'Tỷ lệ TTHC được số hóa đạt ',
      'trong đó có ',
      'Mức độ hài lòng của người dân đạt ',
      'Hoàn thành ',
    ),
    comparator: fc.constantFrom(...PERCENT_COMPARATORS),
    value: fc.oneof(amount(100), fc.constant({ text: '100', value: 100 })),
    tail: fc.constantFrom('', ' hồ sơ được giải quyết đúng hạn', ' cơ quan được kiểm tra'),
    plain: fc.boolean(), // written without diacritics
  })
  .map(({ lead, comparator: [before, after, comparator], value, tail, plain }): Fragment => {
    const write = (text: string) => (plain ? foldVietnamese(text) : text);
    return {
      parts: [write(lead + before), figure(value.text, 'target'), write(`%${after}${tail}`)],
      expected: target(comparator ?? (value.value === 100 ? 'EQ' : 'GTE'), value.value, 'PERCENT', null),
    };
  });

const cut = fc
  .record({
    verb: fc.constantFrom('Giảm ', 'Cắt giảm ', 'Rút ngắn ', 'Tiết kiệm ', 'Phấn đấu giảm '),
    comparator: fc.constantFrom('tối thiểu ', 'ít nhất ', ''),
    value: amount(50),
    object: fc.constantFrom('', ' chi thường xuyên', ' thời gian giải quyết TTHC', ' đầu mối'),
  })
  .map(
    ({ verb, comparator, value, object }): Fragment => ({
      parts: [verb + comparator, figure(value.text, 'target'), `%${object}`],
      expected: target('GTE', value.value, 'PERCENT', null, 'DECREASE'),
    }),
  );

/** [noun as written after the figure, the counted noun a reader names]. */
const NOUNS: [string, string][] = [
  ['sáng kiến', 'sáng kiến'],
  ['đơn vị sự nghiệp', 'đơn vị'],
  ['cuộc đối thoại với người dân', 'cuộc đối thoại'],
  ['lớp tập huấn', 'lớp tập huấn'],
  ['mô hình mới', 'mô hình'],
  ['TTHC', 'TTHC'],
  ['doanh nghiệp', 'doanh nghiệp'],
  ['văn bản QPPL', 'văn bản'],
  ['xã', 'xã'],
  ['buổi tuyên truyền', 'buổi tuyên truyền'],
  ['lượt truy cập', 'lượt truy cập'],
  ['cán bộ, công chức', 'cán bộ'],
  ['tài khoản định danh điện tử', 'tài khoản'],
  ['hội nghị tập huấn', 'hội nghị'],
  ['đợt kiểm tra công vụ', 'đợt kiểm tra'],
  ['phòng chuyên môn', 'phòng chuyên môn'],
  ['thủ tục hành chính', 'thủ tục'],
];
const COUNT_COMPARATORS: [string, string, TargetComparator][] = [
  ['ít nhất ', '', 'GTE'],
  ['tối thiểu ', '', 'GTE'],
  ['', '', 'GTE'],
  ['trên ', '', 'GT'],
  ['không quá ', '', 'LTE'],
  ['tối đa ', '', 'LTE'],
  ['dưới ', '', 'LT'],
  ['từ ', ' trở lên', 'GTE'],
];
const count = fc
  .record({
    lead: fc.constantFrom(
      'Tổ chức ',
      'Có ',
      'Xây dựng ',
      'Phấn đấu có ',
      'Kiểm tra ',
      'Hằng năm có ',
      'Đào tạo ',
    ),
    comparator: fc.constantFrom(...COUNT_COMPARATORS),
    value: integer(1, 999),
    noun: fc.constantFrom(...NOUNS),
  })
  .map(
    ({ lead, comparator: [before, after, comparator], value, noun: [written, noun] }): Fragment => ({
      parts: [lead + before, figure(value.text, 'target'), ` ${written}${after}`],
      expected: target(comparator, value.value, 'COUNT', noun),
    }),
  );

const range = fc
  .record({
    low: fc.integer({ min: 1, max: 60 }),
    span: fc.integer({ min: 1, max: 30 }),
    shape: fc.constantFrom('từ A đến B N', 'A-B N', 'từ A% đến B%', 'A-B%'),
    noun: fc.constantFrom(...NOUNS),
  })
  .map(({ low, span, shape, noun: [written, noun] }): Fragment => {
    const [a, b] = [String(low).padStart(2, '0'), String(low + span).padStart(2, '0')];
    const percentRange = shape.endsWith('%');
    const [start, middle] = shape.startsWith('từ') ? ['từ ', percentRange ? '% đến ' : ' đến '] : ['', '-'];
    return {
      parts: [
        'Tổ chức ',
        start,
        figure(a, 'target'),
        middle,
        figure(b, 'target'),
        percentRange ? '%' : ` ${written}`,
      ],
      expected: target(
        'BETWEEN',
        low,
        percentRange ? 'PERCENT' : 'COUNT',
        percentRange ? null : noun,
        'INCREASE',
        low + span,
      ),
    };
  });

const DURATION_UNITS = ['ngày làm việc', 'ngày', 'giờ làm việc', 'giờ', 'tuần', 'tháng', 'phút'];
const DURATION_COMPARATORS: [string, TargetComparator][] = [
  ['không quá ', 'LTE'],
  ['tối đa ', 'LTE'],
  ['trong vòng ', 'LTE'],
  ['trong thời hạn không quá ', 'LTE'],
  ['chậm nhất sau ', 'LTE'],
  ['dưới ', 'LT'],
  ['ít nhất ', 'GTE'],
];
const duration = fc
  .record({
    comparator: fc.constantFrom(...DURATION_COMPARATORS),
    value: integer(1, 90),
    unit: fc.constantFrom(...DURATION_UNITS),
    tail: fc.constantFrom('', ' kể từ ngày nhận đủ hồ sơ hợp lệ'),
  })
  .map(
    ({ comparator: [before, comparator], value, unit, tail }): Fragment => ({
      parts: [`Thời gian giải quyết ${before}`, figure(value.text, 'target'), ` ${unit}${tail}`],
      expected: target(comparator, value.value, 'COUNT', unit),
    }),
  );
/** Durations whose reading is fixed by their verb, and the ones that are only warned about. */
const durationByVerb = fc
  .record({
    value: integer(1, 30),
    unit: fc.constantFrom(...DURATION_UNITS),
    shape: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ value, unit, shape }): Fragment => {
    const written = figure(
      value.text,
      shape === 2 ? 'target or warning' : shape === 3 ? 'warning' : 'target',
    );
    if (shape === 0) {
      return {
        parts: ['Rút ngắn ít nhất ', written, ` ${unit} so với quy định`],
        expected: target('GTE', value.value, 'COUNT', unit, 'DECREASE'),
      };
    }
    if (shape === 1) {
      return {
        parts: ['Rút ngắn thời gian giải quyết xuống còn ', written, ` ${unit}`],
        expected: target('LTE', value.value, 'COUNT', unit),
      };
    }
    // "trong 05 ngày": a ceiling alone, the window of another target beside one.
    if (shape === 2) return { parts: ['Giải quyết hồ sơ trong ', written, ` ${unit}`] };
    return { parts: ['Thời gian giải quyết là ', written, ` ${unit}`] };
  });

const score = fc
  .record({
    comparator: fc.constantFrom<[string, string, TargetComparator]>(
      ['trên ', '', 'GT'],
      ['từ ', ' trở lên', 'GTE'],
      ['tối thiểu ', '', 'GTE'],
      ['', '', 'GTE'],
    ),
    value: amount(100),
    scaled: fc.boolean(),
  })
  .map(
    ({ comparator: [before, after, comparator], value, scaled }): Fragment => ({
      parts: scaled
        ? ['Chỉ số CCHC đạt ', figure(value.text, 'target'), '/', figure('100', 'not a target'), ' điểm']
        : [`Chỉ số SIPAS đạt ${before}`, figure(value.text, 'target'), ` điểm${after}`],
      expected: target(scaled ? 'GTE' : comparator, value.value, 'COUNT', 'điểm'),
    }),
  );

const day = fc.integer({ min: 1, max: 28 }).chain(padded);
const month = fc.integer({ min: 1, max: 12 }).chain(padded);
const year = fc.integer({ min: 2020, max: 2030 }).map(String);
const docNumber = fc.integer({ min: 1, max: 2500 }).map(String);
const small = fc.integer({ min: 1, max: 9 }).map(String);
const never = (text: string) => figure(text, 'not a target');
/** Numbers that are never targets: dates, years, cited documents, standards, labels, time cells. */
const notATarget = fc
  .oneof(
    fc.tuple(day, month, year).map(([d, m, y]) => ['trước ngày ', never(d), '/', never(m), '/', never(y)]),
    fc
      .tuple(day, month, year)
      .map(([d, m, y]) => ['ngày ', never(d), ' tháng ', never(m), ' năm ', never(y)]),
    fc.tuple(day, month).map(([d, m]) => ['đến ngày ', never(d), '/', never(m)]),
    fc.tuple(month, year).map(([m, y]) => ['trong tháng ', never(m), '/', never(y)]),
    fc
      .tuple(fc.integer({ min: 1, max: 4 }).map(String), year)
      .map(([q, y]) => ['Quý ', never(q), '/', never(y)]),
    year.map((y) => ['năm ', never(y)]),
    fc.tuple(year, year).map(([a, b]) => ['giai đoạn ', never(a), '-', never(b)]),
    fc.tuple(docNumber, year).map(([k, y]) => ['theo Nghị định số ', never(k), '/', never(y), '/NĐ-CP']),
    fc
      .tuple(docNumber, day, month, year)
      .map(([k, d, m, y]) => [
        'theo Quyết định số ',
        never(k),
        '/QĐ-UBND ngày ',
        never(d),
        '/',
        never(m),
        '/',
        never(y),
      ]),
    docNumber.map((k) => ['theo Nghị quyết số ', never(k), '-NQ/TW']),
    fc.tuple(docNumber, year).map(([k, y]) => ['theo Thông tư ', never(k), '/', never(y), '/TT-BNV']),
    fc.constant<(string | Figure)[]>(['theo TCVN ISO ', never('9001'), ':', never('2015')]),
    small.map((k) => ['dịch vụ công trực tuyến mức độ ', never(k)]),
    small.map((k) => ['theo Điều ', never(k), ' Luật Cán bộ, công chức']),
    fc.tuple(small, small).map(([k, l]) => ['theo khoản ', never(k), ' Điều ', never(l)]),
    small.map((k) => ['hệ thống thông tin cấp độ ', never(k)]),
    small.map((k) => ['đơn vị sự nghiệp nhóm ', never(k)]),
    small.map((k) => ['trong ', never(k), ' tháng cuối năm']),
    fc.tuple(small, year).map(([k, y]) => ['', never(k), ' tháng đầu năm ', never(y)]),
    small.map((k) => ['định kỳ ', never(k), ' tháng']),
    small.map((k) => ['', never(k), ' tháng một lần']),
  )
  .map((parts): Fragment => ({ parts }));

/** Figures that could be targets but are not this sentence's: they must be named in a warning. */
const warnedAbout = fc
  .oneof(
    integer(1, 50).map((v) => ['(không bao gồm ', figure(v.text, 'warning'), '% chi tiền lương)']),
    integer(1, 50).map((v) => ['(trừ ', figure(v.text, 'warning'), ' đơn vị có nội dung mật)']),
    integer(1, 50).map((v) => ['(tương đương ', figure(v.text, 'warning'), ' biên chế)']),
    integer(1, 900).map((v) => ['tiết kiệm ', figure(v.text, 'warning'), ' triệu đồng']),
    integer(1, 20).map((v) => ['thuộc nhóm ', figure(v.text, 'warning'), ' đơn vị dẫn đầu']),
    integer(14, 60).map((v) => ['người dân từ ', figure(v.text, 'warning'), ' tuổi trở lên']),
  )
  .map((parts): Fragment => ({ parts }));

const itemNumber = fc
  .tuple(small, fc.option(small, { nil: undefined }))
  .map(([a, b]): Fragment => ({ parts: [never(b ? `${a}.${b}` : a), '. '] }));

const sentence = fc
  .record({
    item: fc.option(itemNumber, { nil: undefined }),
    fragments: fc.array(
      fc.oneof(
        { weight: 3, arbitrary: percent },
        { weight: 2, arbitrary: count },
        { weight: 1, arbitrary: cut },
        { weight: 1, arbitrary: range },
        { weight: 2, arbitrary: duration },
        { weight: 1, arbitrary: durationByVerb },
        { weight: 1, arbitrary: score },
        { weight: 3, arbitrary: notATarget },
        { weight: 1, arbitrary: warnedAbout },
      ),
      { minLength: 1, maxLength: 5 },
    ),
    separators: fc.array(fc.constantFrom('; ', ', ', '. '), { minLength: 5, maxLength: 5 }),
  })
  .map(({ item, fragments, separators }) => {
    let text = '';
    const figures: (Figure & { start: number })[] = [];
    const expected: TargetData[] = [];
    [...(item ? [item] : []), ...fragments].forEach((fragment, k) => {
      if (k > 0 && !(item && k === 1)) text += separators[k % separators.length];
      for (const part of fragment.parts) {
        if (typeof part !== 'string') figures.push({ ...part, start: text.length });
        text += typeof part === 'string' ? part : part.text;
      }
      if (fragment.expected) expected.push(fragment.expected);
    });
    return { text: `${text}.`, figures, expected };
  });

/** Every number as written, with each value a reader could give it ("2,5" 2.5, "3.000" 3000). */
function writtenValues(text: string): Set<number> {
  const values = new Set<number>();
  for (const [written] of text.matchAll(/\d+(?:[.,]\d+)*/g)) {
    for (const run of written.split(/[.,]/)) values.add(Number(run));
    values.add(Number(written.replace(/\./g, '').replace(',', '.')));
    values.add(Number(written.replace(',', '.')));
  }
  return values;
}

const parameters = { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS * 5 };

describe(`indicator sentences from the plans' vocabulary (seed ${PROPERTY_SEED}, ${PROPERTY_RUNS * 5} runs each)`, () => {
  it('give every figure that could be a target a target or a warning that names it', () => {
    fc.assert(
      fc.property(sentence, ({ text, figures }) => {
        const { targets, warnings } = readTargetSentence(text);
        for (const { text: written, role } of figures.filter((f) => f.role !== 'not a target')) {
          const value = Number(written.replace(',', '.'));
          const read = targets.some((t) => t.value === value || t.max === value);
          const named = warnings.some((w) => w.startsWith(`Figure "${written}" not read as a target: `));
          expect({ text, written, role, readOrNamed: read || named }).toEqual({
            text,
            written,
            role,
            readOrNamed: true,
          });
        }
      }),
      parameters,
    );
  });

  it('read each figure as its role says: dates, years, cited documents and labels are never targets', () => {
    fc.assert(
      fc.property(sentence, ({ text, figures }) => {
        const read = readTargetSentence(text).figures;
        for (const { text: written, role, start } of figures) {
          const reading = read.find((f) => f.start === start);
          const allowed = role === 'target or warning' ? ['target', 'warning'] : [role];
          expect({
            text,
            written,
            reading: reading?.text,
            as: allowed.includes(reading?.reading ?? ''),
          }).toEqual({
            text,
            written,
            reading: written,
            as: true,
          });
        }
      }),
      parameters,
    );
  });

  it('read no target value that is not a number written in the sentence', () => {
    fc.assert(
      fc.property(sentence, ({ text }) => {
        const written = writtenValues(text);
        for (const target of parseTarget(text)) {
          expect(written.has(target.value)).toBe(true);
          if (target.max !== null) expect(written.has(target.max)).toBe(true);
        }
      }),
      parameters,
    );
  });

  it('read the target of each fragment with its comparator, value, unit, noun and direction', () => {
    fc.assert(
      fc.property(sentence, ({ text, expected }) => {
        const targets = parseTarget(text);
        for (const target of expected) {
          expect({ text, targets }).toEqual({ text, targets: expect.arrayContaining([target]) });
        }
      }),
      parameters,
    );
  });
});
