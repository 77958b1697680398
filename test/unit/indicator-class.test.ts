import catalogJson from '../../seeds/indicator-catalog.json';
import { classifyIndicator, indicatorWords, parsePhrase } from '../../src/parsing/indicator-class';
import { INDICATOR_PHRASES } from '../../src/parsing/indicator-phrases';

const CATALOG = catalogJson.map((entry) => ({ code: entry.code, phrases: INDICATOR_PHRASES[entry.code] }));
const codeOf = (name: string, targetText = '') =>
  classifyIndicator({ name, targetText }, CATALOG)?.code ?? null;

describe('indicator words', () => {
  it('fold diacritics and case, break at punctuation, and spell out abbreviations', () => {
    expect(indicatorWords('Tỷ lệ TTHC, DVCTT')).toEqual(
      'ty le thu tuc hanh chinh dich vu cong truc tuyen'.split(' '),
    );
    expect(indicatorWords('CB,CC,VC và CBCCVC')).toEqual(
      'can bo cong chuc vien chuc va can bo cong chuc vien chuc'.split(' '),
    );
    expect(indicatorWords('tỉ lệ kĩ năng số')).toEqual(['ty', 'le', 'ky', 'nang', 'so']);
  });

  it('read the phrase notation', () => {
    expect(parsePhrase('-trả trước hạn')).toMatchObject({
      kind: 'forbidden',
      parts: [['tra', 'truoc', 'han']],
    });
    expect(parsePhrase('+công chức')).toMatchObject({ kind: 'required', wordCount: 2 });
    expect(parsePhrase('số hóa … kết quả')).toMatchObject({
      kind: 'key',
      parts: [
        ['so', 'hoa'],
        ['ket', 'qua'],
      ],
    });
    expect(parsePhrase('  ')).toBeNull();
  });
});

describe('classifyIndicator', () => {
  it('classifies every catalogue name as its own entry', () => {
    for (const entry of catalogJson) {
      expect([entry.code, codeOf(entry.nameVi)]).toEqual([entry.code, entry.code]);
    }
  });

  // Expected codes read from the catalogue's definitions (seeds/indicator-catalog.json).
  it.each<[string, string | null]>([
    // ONLINE_PAYMENT counts transactions; ONLINE_PAYMENT_PROCEDURES counts fee-bearing procedures.
    ['Tỷ lệ giao dịch thanh toán trực tuyến', 'ONLINE_PAYMENT'],
    ['Tỷ lệ thanh toán trực tuyến trên tổng số giao dịch thanh toán của dịch vụ công', 'ONLINE_PAYMENT'],
    [
      'Tỷ lệ TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến',
      'ONLINE_PAYMENT_PROCEDURES',
    ],
    ['Tỷ lệ thủ tục hành chính đang triển khai thanh toán trực tuyến', 'ONLINE_PAYMENT_PROCEDURES'],
    // Procedures offered fully online vs applications made fully online vs online applications.
    ['Tỷ lệ TTHC cung cấp DVCTT toàn trình', 'FULL_ONLINE_SERVICES'],
    ['Tỷ lệ TTHC đủ điều kiện được cung cấp trực tuyến toàn trình', 'FULL_ONLINE_SERVICES'],
    ['Tỷ lệ hồ sơ được xử lý trực tuyến toàn trình', 'FULL_ONLINE_APPLICATIONS'],
    ['Tỷ lệ nộp hồ sơ trực tuyến toàn trình', 'FULL_ONLINE_APPLICATIONS'],
    ['Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ tiếp nhận', 'ONLINE_APPLICATIONS'],
    // On time, not early only.
    ['Tỷ lệ hồ sơ TTHC được giải quyết trước và đúng hạn', 'ON_TIME_DOSSIERS'],
    ['Tỷ lệ hồ sơ TTHC trả trước hạn', null],
    // Satisfaction in one sector stays unclassified.
    ['Mức độ hài lòng về giải quyết các TTHC lĩnh vực đất đai, xây dựng, đầu tư', null],
    ['Mức độ hài lòng của người dân, doanh nghiệp về việc giải quyết TTHC', 'SATISFACTION'],
    // Work files created electronically are not work files processed online.
    ['Tỷ lệ hồ sơ công việc được xác lập trên môi trường mạng', null],
    ['Tỷ lệ văn bản, hồ sơ công việc được xử lý trên môi trường điện tử', 'ONLINE_WORK_FILES'],
    // Internal procedures: reviewed and published, not cut.
    ['Tỷ lệ TTHC nội bộ được rà soát, công bố, công khai', 'INTERNAL_PROCEDURES_REVIEWED'],
    ['Tỷ lệ cắt giảm chi phí tuân thủ TTHC nội bộ', null],
    ['Tỷ lệ TTHC được công khai', 'PROCEDURES_PUBLISHED'],
    ['Tỷ lệ kết quả giải quyết hồ sơ TTHC được công khai', null],
    ['Tỷ lệ TTHC được xây dựng quy trình nội bộ và được công bố, công khai', null],
    ['Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hoá', 'DATA_REUSE'],
    ['Tỷ lệ kết quả giải quyết TTHC của cá nhân được lưu trữ điện tử với số định danh cá nhân', null],
    ['Tỷ lệ văn bản QPPL của HĐND, UBND tỉnh được thẩm định trước khi ban hành', null],
    ['Tỷ lệ nội dung giao quy định chi tiết được triển khai, thực hiện kịp thời', null],
    ['Số cuộc đối thoại của lãnh đạo UBND xã với người dân, doanh nghiệp', 'CITIZEN_DIALOGUES'],
    ['Xây dựng, áp dụng Hệ thống quản lý chất lượng TCVN ISO 9001:2015', 'ISO_9001'],
    // Nothing of the catalogue.
    ['Tỷ lệ đơn vị sự nghiệp công lập được giao quyền tự chủ tài chính', null],
    ['', null],
  ])('%s → %s', (name, code) => {
    expect(codeOf(name)).toBe(code);
  });

  it('reads the target sentence only when the name matches nothing, and less confidently', () => {
    const fromName = classifyIndicator({ name: 'Tỷ lệ hồ sơ trực tuyến', targetText: '' }, CATALOG);
    const fromTarget = classifyIndicator(
      { name: 'Chỉ tiêu 3.4', targetText: 'Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ đạt tối thiểu 70%' },
      CATALOG,
    );
    expect(fromName).toEqual({
      code: 'ONLINE_APPLICATIONS',
      confidence: expect.any(Number),
      phrase: 'hồ sơ trực tuyến',
    });
    expect(fromTarget?.code).toBe('ONLINE_APPLICATIONS');
    expect(fromTarget!.confidence).toBeLessThan(fromName!.confidence);
    // A sentence with two catalogue targets names neither for sure.
    expect(
      codeOf(
        'Chỉ tiêu',
        'Mức độ hài lòng của người dân đạt 95%. Tổ chức 02 cuộc đối thoại của lãnh đạo với người dân.',
      ),
    ).toBeNull();
    // A weak match (a one-word phrase, only in the sentence) is not enough.
    expect(codeOf('Chỉ tiêu', 'Khảo sát SIPAS đạt 90%')).toBeNull();
    expect(codeOf('Khảo sát SIPAS', '')).toBe('SATISFACTION');
  });

  it('leaves an indicator unclassified when two entries match and neither encloses the other', () => {
    expect(codeOf('Tỷ lệ hồ sơ trực tuyến và mức độ hài lòng của người dân')).toBeNull();
    // A match whose words enclose the other's wins.
    const enclosing = [
      { code: 'SHORT', phrases: ['thanh toán trực tuyến'] },
      { code: 'LONG', phrases: ['TTHC … thanh toán trực tuyến'] },
    ];
    expect(
      classifyIndicator({ name: 'TTHC được thanh toán trực tuyến', targetText: '' }, enclosing)?.code,
    ).toBe('LONG');
    expect(
      classifyIndicator({ name: 'thanh toán trực tuyến của TTHC', targetText: '' }, enclosing)?.code,
    ).toBe('SHORT');
    // The catalogue's forbidden words keep such neighbours apart.
    expect(codeOf('Tỷ lệ TTHC có nghĩa vụ tài chính có giao dịch thanh toán trực tuyến')).toBe(
      'ONLINE_PAYMENT_PROCEDURES',
    );
  });

  it('returns the phrase as written in the catalogue and a confidence in (0, 1]', () => {
    const result = classifyIndicator({ name: 'TỶ LỆ SỐ HOÁ HỒ SƠ TTHC', targetText: '' }, CATALOG);
    expect(result).toEqual({
      code: 'DOSSIER_DIGITISATION',
      confidence: expect.any(Number),
      phrase: 'số hóa hồ sơ',
    });
    expect(result!.confidence).toBeGreaterThan(0);
    expect(result!.confidence).toBeLessThanOrEqual(1);
  });
});
