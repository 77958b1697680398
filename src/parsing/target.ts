import { normalizeCell, stripCitations } from './vietnamese-text';

export type TargetComparator = 'GTE' | 'GT' | 'LTE' | 'LT' | 'EQ' | 'BETWEEN';

/** One target read from an indicator sentence (chỉ tiêu). */
export interface TargetData {
  comparator: TargetComparator;
  value: number;
  max: number | null;
  unit: 'PERCENT' | 'COUNT';
  /** The counted noun of a COUNT target ("sáng kiến"); null for percentages. */
  noun: string | null;
  direction: 'INCREASE' | 'DECREASE';
}

const NUMBER = '(\\d+(?:,\\d+)?)';
const toNumber = (text: string) => Number(text.replace(',', '.'));

/** Qualifier words just before a figure, and the comparator each means. */
const QUALIFIERS: [RegExp, TargetComparator][] = [
  [/(?:tối\s+thiểu|ít\s+nhất|không\s+thấp\s+hơn|không\s+dưới)(?:\s+là)?(?:\s+có)?(?:\s+từ)?\s*$/, 'GTE'],
  [/(?:tối\s+đa|không\s+quá|không\s+vượt\s+quá)\s*$/, 'LTE'],
  [/(?:trên|hơn|vượt)\s*$/, 'GT'],
  [/dưới\s*$/, 'LT'],
];

/** Words after a number that show it is not a count target (durations, dates, levels). */
const NOT_A_COUNT_NOUN =
  /^(?:tháng|năm|ngày|giờ|quý|tuần|phút|giây|lần\s+trong|cấp|triệu|tỷ|nghìn|ngàn|đồng|km|ha|m2|người\/)/;
/** Words just before a number that make it a label, not a target ("mức độ 4", "Điều 17"). */
const NOT_A_COUNT_PREFIX =
  /(?:mức\s+độ|điều|khoản|số|cấp|loại|nhóm|giai\s+đoạn|khóa|đợt\s+thứ|lần\s+thứ|thứ)\s*$/;
const NOUN_STOP_WORDS = new Set([
  'về',
  'của',
  'được',
  'trong',
  'trên',
  'tại',
  'cho',
  'với',
  'và',
  'áp',
  'mỗi',
  'có',
  'là',
  'thuộc',
  'từ',
  'đạt',
  'trở',
  'theo',
  'để',
  'nhằm',
  'hoặc',
  'do',
  'khi',
]);

const CLASSIFIERS = new Set(['cuộc', 'lượt', 'lớp', 'buổi', 'đợt', 'bộ', 'bản', 'chiếc', 'con', 'cái']);

function nounAfter(rest: string): string | null {
  const words: string[] = [];
  for (const raw of rest.trim().split(/\s+/)) {
    const word = raw.replace(/^[("“]+/, '');
    const cut = word.search(/[/(),;.:"”]/);
    const clean = cut >= 0 ? word.slice(0, cut) : word;
    if (!clean || NOUN_STOP_WORDS.has(clean.toLowerCase()) || /\d/.test(clean)) break;
    words.push(clean);
    // Most nouns have two syllables ("đơn vị", "sáng kiến"); a classifier adds one ("cuộc đối thoại").
    if (cut >= 0 || words.length === (CLASSIFIERS.has(words[0]) ? 3 : 2)) break;
  }
  return words.length ? words.join(' ') : null;
}

/**
 * Reads the targets of an indicator sentence: percentages and counts with their comparator
 * ("tối thiểu 80%" ≥, "trên 85%" >, a bare figure ≥, exactly 100% =, "từ 01 đến 02" between),
 * reductions ("giảm tối thiểu 2,5%") and several targets in one sentence. Numbers of cited
 * documents, dates and durations ("06 tháng cuối năm") are not targets.
 */
export function parseTarget(text: string | null | undefined): TargetData[] {
  if (!text) return [];
  const { text: clean } = stripCitations(normalizeCell(text));
  const lower = clean
    .toLowerCase()
    .replace(/\b\d{1,2}\/\d{1,2}(?:\/\d{4})?\b/g, ' ') // dates
    .replace(/\b(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\b/g, ' ') // year spans
    .replace(/(?:năm|iso)\s+[\d:]+/g, ' ') // years, standards
    .replace(/^\s*(?:[ivx]+\.|\d+(?:\.\d+)*\.)\s*/, ' ') // leading item numbering
    .replace(/\((?:không\s+bao\s+gồm|không\s+kể|không\s+tính|trừ)[^)]*\)/g, ' '); // exclusions are not targets
  const targets: { at: number; target: TargetData }[] = [];
  // A reduction when "giảm" comes earlier in the same clause: "cắt giảm 20% quy định và 20% chi phí".
  const direction = (at: number) => {
    const before = lower.slice(Math.max(0, at - 60), at);
    const clause = before.slice(
      Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf('. ')) + 1,
    );
    return /giảm/.test(clause) ? 'DECREASE' : 'INCREASE';
  };
  const comparatorBefore = (at: number): TargetComparator | null => {
    const before = lower.slice(Math.max(0, at - 40), at);
    return QUALIFIERS.find(([pattern]) => pattern.test(before))?.[1] ?? null;
  };
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => !taken.some(([s, e]) => start < e && end > s);

  // Ranges first: "từ 01 đến 02 cuộc đối thoại", "05-06 sáng kiến", "từ 90% đến 95%".
  const range = new RegExp(`(?:từ\\s+)?${NUMBER}\\s*(%?)\\s*(?:đến|[-–])\\s*${NUMBER}\\s*(%?)`, 'g');
  for (let m = range.exec(lower); m; m = range.exec(lower)) {
    const percent = Boolean(m[2] || m[4]);
    const after = lower.slice(m.index + m[0].length);
    const noun = percent ? null : nounAfter(after);
    if (!percent && (!noun || NOT_A_COUNT_NOUN.test(noun))) continue;
    taken.push([m.index, m.index + m[0].length]);
    const [value, max] = [toNumber(m[1]), toNumber(m[3])];
    targets.push({
      at: m.index,
      target: {
        comparator: 'BETWEEN',
        value,
        max,
        unit: percent ? 'PERCENT' : 'COUNT',
        noun: noun && originalCase(clean, noun),
        direction: direction(m.index),
      },
    });
  }

  const percent = new RegExp(`${NUMBER}\\s*%(\\s*trở\\s+lên)?`, 'g');
  for (let m = percent.exec(lower); m; m = percent.exec(lower)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    taken.push([m.index, m.index + m[0].length]);
    const value = toNumber(m[1]);
    const before = lower.slice(Math.max(0, m.index - 40), m.index);
    let comparator = comparatorBefore(m.index);
    if (m[2] || /từ\s*$/.test(before)) comparator = 'GTE';
    comparator ??= value === 100 ? 'EQ' : 'GTE';
    targets.push({
      at: m.index,
      target: { comparator, value, max: null, unit: 'PERCENT', noun: null, direction: direction(m.index) },
    });
  }

  const count = /(?<![\d.,/%])(\d{1,3})(?![\d.,/%])\s+(?=\p{L})/gu;
  for (let m = count.exec(lower); m; m = count.exec(lower)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const before = lower.slice(Math.max(0, m.index - 20), m.index);
    if (NOT_A_COUNT_PREFIX.test(before)) continue;
    const noun = nounAfter(lower.slice(m.index + m[0].length));
    if (!noun || NOT_A_COUNT_NOUN.test(noun)) continue;
    taken.push([m.index, m.index + m[0].length]);
    targets.push({
      at: m.index,
      target: {
        comparator: comparatorBefore(m.index) ?? 'GTE',
        value: Number(m[1]),
        max: null,
        unit: 'COUNT',
        noun: originalCase(clean, noun),
        direction: direction(m.index),
      },
    });
  }
  // A figure too long for a double (hundreds of digits) is no target anyone set: not read.
  return targets
    .filter(
      ({ target }) => Number.isFinite(target.value) && (target.max === null || Number.isFinite(target.max)),
    )
    .sort((a, b) => a.at - b.at)
    .map((t) => t.target);
}

/** The noun as the sentence writes it (the search ran on a lower-cased copy). */
function originalCase(text: string, lowerNoun: string): string {
  const at = text.toLowerCase().indexOf(lowerNoun);
  return at >= 0 ? text.slice(at, at + lowerNoun.length) : lowerNoun;
}
