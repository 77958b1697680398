import type { TargetComparator } from '../target';
import { foldDiacritics } from './tokens';
import type { Token } from './tokens';

/**
 * The words of indicator sentences that decide what a figure is. A phrase is matched word by word
 * on tokens; a word written without diacritics ("toi thieu") matches the word that has them.
 */
export type Phrase = readonly string[];

/** Phrases indexed by their first and last word, so that a lookup costs the same for any list. */
export class PhraseList {
  private readonly byFirst = new Map<string, Phrase[]>();
  private readonly byLast = new Map<string, Phrase[]>();

  constructor(readonly phrases: readonly Phrase[]) {
    for (const phrase of phrases) {
      for (const [map, word] of [
        [this.byFirst, phrase[0]],
        [this.byLast, phrase.at(-1)!],
      ] as const) {
        for (const key of new Set([word, foldDiacritics(word)])) {
          map.set(key, [...(map.get(key) ?? []), phrase]);
        }
      }
    }
  }

  /** The longest phrase that starts at token `at`, or null. */
  at(tokens: Token[], at: number): Phrase | null {
    const candidates = tokens[at]?.kind === 'word' ? this.byFirst.get(tokens[at].key) : undefined;
    return longest(candidates, (phrase) => phrase.every((word, k) => matchesWord(tokens[at + k], word)));
  }

  /** The longest phrase that ends at token `at`, or null. */
  endingAt(tokens: Token[], at: number): Phrase | null {
    const candidates = tokens[at]?.kind === 'word' ? this.byLast.get(tokens[at].key) : undefined;
    return longest(candidates, (phrase) => {
      const from = at - phrase.length + 1;
      return from >= 0 && phrase.every((word, k) => matchesWord(tokens[from + k], word));
    });
  }
}

function longest(candidates: Phrase[] | undefined, matches: (phrase: Phrase) => boolean): Phrase | null {
  let best: Phrase | null = null;
  for (const phrase of candidates ?? []) {
    if ((!best || phrase.length > best.length) && matches(phrase)) best = phrase;
  }
  return best;
}

/** Phrases written as "một|hai từ|ba": alternatives split on "|", words on spaces. */
const phrases = (list: string) => new PhraseList(list.split('|').map((phrase) => phrase.split(' ')));

const folded = new Map<string, string>();
function matchesWord(token: Token | undefined, word: string): boolean {
  if (token?.kind !== 'word') return false;
  if (token.key === word) return true;
  if (!token.bare) return false;
  let plain = folded.get(word);
  if (plain === undefined) folded.set(word, (plain = foldDiacritics(word)));
  return token.key === plain;
}

/** The longest phrase of the list that starts at token `at`, or null. */
export const phraseAt = (tokens: Token[], at: number, list: PhraseList) => list.at(tokens, at);
/** The longest phrase of the list that ends at token `at`, or null. */
export const phraseEndingAt = (tokens: Token[], at: number, list: PhraseList) => list.endingAt(tokens, at);

/** Words before a figure and the comparator each means ("tối thiểu 80%" ≥, "không quá 03 ngày" ≤). */
const COMPARATOR_WORDS: Record<TargetComparator, string> = {
  GTE: 'tối thiểu|ít nhất|không thấp hơn|không dưới|không ít hơn|không nhỏ hơn|từ',
  GT: 'trên|hơn|vượt|vượt quá|vượt trên|cao hơn|nhiều hơn|lớn hơn',
  LTE:
    'tối đa|không quá|không vượt quá|không vượt|không trên|không nhiều hơn|không cao hơn|không lớn hơn|' +
    'không chậm quá|không muộn hơn|chậm nhất|muộn nhất|' +
    'trong vòng|trong thời hạn|trong thời gian|trong khoảng thời gian|còn|xuống',
  LT: 'dưới|thấp hơn|ít hơn|nhỏ hơn',
  EQ: '',
  BETWEEN: '',
};
export const COMPARATORS = phrases(Object.values(COMPARATOR_WORDS).filter(Boolean).join('|'));
export const comparatorOf = (phrase: Phrase): TargetComparator =>
  (Object.keys(COMPARATOR_WORDS) as TargetComparator[]).find((c) =>
    COMPARATOR_WORDS[c].split('|').includes(phrase.join(' ')),
  )!;
/** Comparators written after the figure: "từ 95% trở lên", "từ 10% trở xuống". */
export const AFTER_GTE = phrases('trở lên');
export const AFTER_LTE = phrases('trở xuống');
/** Words that may stand between a comparator and its figure ("tối thiểu là 98%", "ít nhất có 03"). */
export const FILLERS = phrases('là|có|đạt|được|ở|mức|bằng|chỉ|sau');
/** A level reached by going down ("xuống còn 02 ngày", "xuống dưới 1%"): the figure is no cut. */
export const LEVEL_MARKERS = phrases('xuống|còn');

/** Verbs whose object is the size of a cut, and verbs of a rise, nearest one wins. */
export const CUT_VERBS = phrases('giảm|cắt giảm|rút ngắn|tiết kiệm|tinh giản');
export const RISE_VERBS = phrases('tăng|nâng|nâng cao');

export const PERCENT_WORDS = phrases('phần trăm');
export const SCORE_WORDS = phrases('điểm');
/** Units of a duration; the longest match wins ("ngày làm việc" over "ngày"). */
export const DURATION_UNITS = phrases('ngày làm việc|giờ làm việc|ngày|giờ|tuần|tháng|quý|năm|phút|giây');
/** Money and measures: quantities this reader does not take as targets. */
export const QUANTITY_UNITS = phrases(
  'triệu|tỷ|tỉ|nghìn|ngàn|đồng|vnđ|usd|km|ha|héc ta|m|kg|tấn|lít|gb|mb|mbps',
);
/** "từ 14 tuổi trở lên": an age says whom a target counts. */
export const AGE_UNITS = phrases('tuổi');
/** "chính quyền địa phương 02 cấp": the number of levels names a system. */
export const LEVEL_UNITS = phrases('cấp');

/** Words right before a number that make it part of a date ("ngày 15", "tháng 6", "năm 2025"). */
export const DATE_WORDS = phrases('ngày|tháng|quý|năm|tuần');
/** Words before a bare day/month that make it a date, not a fraction ("trước 30/6"). */
export const DATE_CONTEXT = phrases('ngày|trước|đến|từ|sau|hạn|vào|hết|chậm nhất|và');
/** "06 tháng đầu năm", "6 tháng cuối năm", "9 tháng năm 2025": a part of the year. */
export const PERIOD_ENDS = phrases('đầu|cuối|năm');
/** "định kỳ 6 tháng", "mỗi 3 tháng": a recurrence. */
export const RECURRENCE_WORDS = phrases('định kỳ|mỗi|hằng|hàng');
/** "sơ kết 6 tháng", "tổng kết 5 năm": a period reported on. */
export const REVIEW_WORDS = phrases('sơ kết|tổng kết|kết quả');
/** "17 giờ ngày 30/6", "8 giờ sáng": an hour of the day. */
export const DAY_PARTS = phrases('ngày|hằng|hàng|sáng|chiều|tối');
export const TIMES = phrases('lần');
export const ONCE = phrases('một lần');
export const FROM = phrases('từ');
export const HOURS = phrases('giờ');
export const WITHIN = phrases('trong');
export const REACHED = phrases('đạt');

const DOCUMENT_TYPES =
  'nghị định|quyết định|thông tư|kế hoạch|công văn|nghị quyết|chỉ thị|kết luận|luật|văn bản|hướng dẫn|' +
  'chương trình|đề án|dự án|thông báo|pháp lệnh|tờ trình|báo cáo';
/** Words right before a number that make it a label ("mức độ 4", "Điều 17", "Đề án 06", "số 15"). */
export const LABEL_WORDS = phrases(
  `${DOCUMENT_TYPES}|mức độ|cấp độ|mức|cấp|điều|khoản|điểm|chương|mục|phần|tiết|số|nhóm|loại|hạng|bậc|` +
    'khóa|khoá|đợt|thứ|lần|phiên|vòng|tập|kỳ|bước|thôn|tổ|khu|ấp|xóm|bản|mẫu|biểu|bảng|hình|phụ lục|' +
    'tiêu chí|chỉ tiêu|nhiệm vụ|hoạt động|mục tiêu|giai đoạn|phiên bản|phòng|tầng|đường|quốc lộ|top',
);
/** "mức 85 điểm", "mức 80%": "mức" names a level only when no unit follows. */
export const SOFT_LABEL_WORDS = phrases('mức');
/** A rank: "top 10", "nhóm 10 … dẫn đầu", "xếp thứ 5". */
export const RANK_WORDS = phrases('top');
export const RANK_GROUP_WORDS = phrases('nhóm');
export const RANK_LEADERS = phrases('dẫn đầu|đứng đầu|cao nhất');
export const RANK_ORDINALS = phrases('thứ|hạng');
export const RANK_VERBS = phrases('xếp|đứng|vị trí|xếp hạng');

/** "ISO 9001:2015", "TCVN ISO 9001:2015", "ISO/IEC 27001". */
export const STANDARD_BODIES = phrases('iso|tcvn|iec|qcvn|ieee');

/** A parenthesis that opens with these words leaves something out of the target. */
export const EXCLUSIONS = phrases('không bao gồm|không kể|không tính|trừ|ngoại trừ|loại trừ');
/** "(tương đương 05 biên chế)": the figure restates another. */
export const RESTATEMENTS = phrases('tương đương|tương đương với|tức là');
/** "từ 10 ngày xuống còn 07 ngày", "từ 80% lên 90%": the first figure is where one starts. */
export const MOVES = phrases('lên|xuống');
export const RANGE_WORDS = phrases('đến|tới');

/** Words that end a counted noun ("02 đơn vị của", "03 sáng kiến được"). */
export const NOUN_STOP_WORDS = new Set(
  (
    'về|của|được|trong|trên|dưới|tại|cho|với|và|hoặc|áp|mỗi|có|là|thuộc|từ|đến|tới|đạt|trở|theo|để|nhằm|' +
    'do|khi|so|kể|như|bằng|qua|vào|lên|xuống|sau|trước|mà|thì|đã|sẽ|đang|phải|cần|bị|gồm|hết|cùng|hằng|' +
    'hàng|này|đó|các|những|mọi|toàn|tất'
  ).split('|'),
);
/** "đối với", "so với": a noun ends before them ("đối thoại" is a noun). */
export const NOUN_STOP_PHRASES = phrases('đối với|so với');
/** A classifier takes the noun after it: "cuộc đối thoại", "lớp tập huấn", "lượt truy cập". */
export const CLASSIFIERS = phrases(
  'cuộc|lượt|lớp|buổi|đợt|tổ|đội|lần|khóa|khoá|chuyến|phiên|phòng|bộ|bản|chiếc|con|cái',
);
/** Nouns of one syllable ("05 xã hoàn thành"), and nouns that would otherwise be cut wrong. */
export const WHOLE_NOUNS = phrases(
  'bộ phận|cuộc thi|cuộc họp|lớp học|lượt người|người dân|hộ gia đình|hộ kinh doanh|tổ dân phố|' +
    'xã|phường|thôn|người|hộ|tin|bậc',
);
