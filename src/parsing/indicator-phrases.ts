/**
 * The phrases by which plans name each catalogue indicator (seeds/indicator-catalog.json), in the
 * notation of `classifyIndicator` (docs/INDICATORS.md, "Phrases"):
 * - `a b c`: the words in this order, next to each other;
 * - `a b … c`: the parts in this order, at most a few words apart;
 * - `+a b`: required as well, anywhere in the same text;
 * - `-a b`: forbidden: the entry does not match a text that holds it.
 * Written with diacritics and abbreviations for the reader; matching folds both away. The migration
 * stores them in indicator_catalog.phrases, where ADMIN edits them.
 */
export const INDICATOR_PHRASES: Readonly<Record<string, readonly string[]>> = {
  DOSSIER_DIGITISATION: [
    'số hóa hồ sơ',
    'hồ sơ … được số hóa',
    'kết quả giải quyết … được số hóa',
    'số hóa kết quả giải quyết',
    'số hóa … kết quả giải quyết TTHC',
    '-khai thác',
    '-sử dụng lại',
    '-lưu trữ điện tử',
  ],
  FULL_ONLINE_SERVICES: [
    'TTHC … cung cấp … trực tuyến toàn trình',
    'TTHC … DVC trực tuyến toàn trình',
    'cung cấp DVC trực tuyến toàn trình',
    '-hồ sơ',
  ],
  FULL_ONLINE_APPLICATIONS: ['hồ sơ … trực tuyến toàn trình', '-hồ sơ công việc', '-cung cấp'],
  ONLINE_APPLICATIONS: [
    'hồ sơ trực tuyến',
    'nộp hồ sơ trực tuyến',
    'hồ sơ nộp trực tuyến',
    'hồ sơ … tiếp nhận trực tuyến',
    '-toàn trình',
    '-hồ sơ công việc',
  ],
  ONLINE_PAYMENT: [
    'tỷ lệ thanh toán trực tuyến',
    'giao dịch thanh toán trực tuyến',
    'thanh toán trực tuyến … tổng số giao dịch',
    '-nghĩa vụ tài chính',
    '-TTHC',
  ],
  ONLINE_PAYMENT_PROCEDURES: [
    'TTHC … nghĩa vụ tài chính … thanh toán trực tuyến',
    'TTHC … triển khai thanh toán trực tuyến',
    'nghĩa vụ tài chính … thanh toán trực tuyến',
  ],
  SATISFACTION: [
    'mức độ hài lòng … người dân',
    'mức độ hài lòng … TTHC',
    'người dân … hài lòng',
    'hài lòng … giải quyết TTHC',
    'sipas',
    '-y tế',
    '-khám chữa bệnh',
    '-người bệnh',
    '-giáo dục',
    '-đất đai',
    '-xây dựng',
    '-đầu tư',
    '-lĩnh vực',
  ],
  ONLINE_WORK_FILES: [
    'hồ sơ công việc … xử lý trên môi trường mạng',
    'hồ sơ công việc … xử lý trên môi trường điện tử',
    'văn bản … xử lý trên môi trường mạng',
    'văn bản … xử lý trên môi trường điện tử',
    '-xác lập',
    '-lập hồ sơ điện tử',
    '-TTHC',
  ],
  REFORM_INITIATIVES: ['sáng kiến … CCHC', 'giải pháp mới … CCHC', 'mô hình … CCHC', 'số sáng kiến'],
  ON_TIME_DOSSIERS: [
    'giải quyết trước … đúng hạn',
    'giải quyết đúng hạn',
    'trước hạn và đúng hạn',
    'giải quyết đúng … trước hạn',
    '-trả trước hạn',
  ],
  INTERNAL_PROCEDURES_REVIEWED: [
    'TTHC nội bộ … rà soát',
    'TTHC nội bộ … công bố',
    'TTHC nội bộ … công khai',
    '-cắt giảm',
  ],
  PROCEDURES_PUBLISHED: [
    'TTHC được công bố',
    'TTHC được công khai',
    'công bố công khai TTHC',
    '-nội bộ',
    '-kết quả',
    '-quy trình',
  ],
  DIGITAL_SKILLS_TRAINING: ['đào tạo … kỹ năng số', 'bồi dưỡng … kỹ năng số', '+công chức'],
  ISO_9001: ['ISO 9001', 'hệ thống quản lý chất lượng'],
  DATA_REUSE: [
    'khai thác … sử dụng lại … dữ liệu',
    'sử dụng lại thông tin … dữ liệu',
    'tái sử dụng dữ liệu số hóa',
    '-lưu trữ',
    '-cung cấp lại',
  ],
  CCHC_INSPECTION: [
    'phòng … được kiểm tra CCHC',
    'cơ quan … được kiểm tra CCHC',
    'phòng … được kiểm tra công tác CCHC',
    'cơ quan … được kiểm tra công tác CCHC',
    '-kế hoạch',
  ],
  CITIZEN_DIALOGUES: [
    'số cuộc đối thoại',
    'đối thoại … người dân',
    'đối thoại … doanh nghiệp',
    'diễn đàn … người dân',
  ],
  STAFF_UNIVERSITY_DEGREE: ['trình độ đại học'],
  LEGAL_DOCS_IMPLEMENTED: [
    'văn bản QPPL của trung ương',
    'văn bản QPPL … được tổ chức thực hiện',
    '-thẩm định',
    '-kế hoạch',
    '-quy định chi tiết',
  ],
  RESULTS_SYNCED: ['kết quả … đồng bộ … cổng DVC', 'đồng bộ trên cổng DVC', 'đồng bộ kết quả … cổng DVC'],
};
