import { MilestoneKind, Recurrence } from './milestone';
import type { MilestoneData as Milestone } from './milestone';
import { stripCitations, normalizeCell } from './vietnamese-text';

export interface TimeParseResult {
  milestones: Milestone[];
  warnings: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const dayBefore = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d - 1));
  return iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
};
const validDate = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m);

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const quarterNumber = (token: string) => ROMAN[token.toLowerCase()] ?? Number(token);

const deadline = (due: string): Milestone => ({
  kind: MilestoneKind.DEADLINE,
  start: null,
  due,
  recurrence: null,
});
const span = (start: string, due: string): Milestone => ({
  kind: MilestoneKind.PERIOD,
  start,
  due,
  recurrence: null,
});
const recurring = (start: string, due: string, recurrence: Recurrence): Milestone => ({
  kind: MilestoneKind.RECURRING,
  start,
  due,
  recurrence,
});
const conditional = (): Milestone => ({
  kind: MilestoneKind.CONDITIONAL,
  start: null,
  due: null,
  recurrence: null,
});

interface Rule {
  pattern: RegExp;
  read: (match: RegExpExecArray, year: number) => Milestone | null;
}

const YEAR = '(\\d{4})';
const QUARTER = '(iv|iii|ii|i|[1-4])';

/**
 * Rules in precedence order: where two rules match overlapping text, the earlier wins (so
 * "Quý I- IV năm 2025" is one recurring span, not a quarter plus a year).
 */
const RULES: Rule[] = [
  {
    // "Trước ngày 05 của tháng liền kề": monthly, the last report due on the 5th of January Y+1.
    pattern:
      /(?:trước|chậm nhất)?\s*(?:ngày\s*)?(\d{1,2})\s+(?:của\s+)?tháng\s+(?:liền\s+kề|tiếp\s+theo|sau)/g,
    read: (m, y) => recurring(iso(y, 1, 1), iso(y + 1, 1, Number(m[1])), Recurrence.MONTHLY),
  },
  {
    // "Trước ngày 31/01 năm liền kề": that day of the year after the plan year.
    pattern: /(\d{1,2})\/(\d{1,2})\s+(?:của\s+)?năm\s+(?:liền\s+kề|sau|tiếp\s+theo)/g,
    read: (m, y) =>
      validDate(y + 1, Number(m[2]), Number(m[1])) ? deadline(iso(y + 1, Number(m[2]), Number(m[1]))) : null,
  },
  {
    // "Quý I- IV năm 2025", "Quý I – Quý IV/2025": the whole span, quarterly.
    pattern: new RegExp(`quý\\s*i\\s*[-–]\\s*(?:quý\\s*)?iv(?:\\s*(?:năm|\\/)\\s*${YEAR})?`, 'g'),
    read: (m, y) => {
      const year = m[1] ? Number(m[1]) : y;
      return recurring(iso(year, 1, 1), iso(year, 12, 31), Recurrence.QUARTERLY);
    },
  },
  {
    // "Quý III, IV năm 2025", "Quý I và Quý II/2025": one span over both quarters.
    pattern: new RegExp(
      `quý\\s+${QUARTER}\\s*(?:,|và|[-–])\\s*(?:quý\\s+)?${QUARTER}(?![a-zà-ỹ])(?:\\s*(?:năm|\\/)\\s*${YEAR})?`,
      'g',
    ),
    read: (m, y) => {
      const [first, last] = [quarterNumber(m[1]), quarterNumber(m[2])];
      const year = m[3] ? Number(m[3]) : y;
      return first < last
        ? span(iso(year, first * 3 - 2, 1), iso(year, last * 3, lastDay(year, last * 3)))
        : null;
    },
  },
  {
    pattern: /(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+quý|theo\s+quý/g,
    read: (_m, y) => recurring(iso(y, 1, 1), iso(y, 12, 31), Recurrence.QUARTERLY),
  },
  {
    pattern: /(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+tháng|thường\s+xuyên\s+trong\s+(?:các\s+)?tháng(?!\s*\d)/g,
    read: (_m, y) => recurring(iso(y, 1, 1), iso(y, 12, 31), Recurrence.MONTHLY),
  },
  {
    // "Năm 2024 và các năm tiếp theo": from then on, no end.
    pattern: new RegExp(`năm\\s+${YEAR}\\s+và\\s+(?:các|những)\\s+năm\\s+(?:tiếp\\s+theo|sau)`, 'g'),
    read: (m) => ({
      kind: MilestoneKind.OPEN_ENDED,
      start: iso(Number(m[1]), 1, 1),
      due: null,
      recurrence: null,
    }),
  },
  {
    pattern: new RegExp(`giai\\s+đoạn\\s+${YEAR}\\s*[-–]\\s*${YEAR}`, 'g'),
    read: (m) => span(iso(Number(m[1]), 1, 1), iso(Number(m[2]), 12, 31)),
  },
  {
    // A full date: "trước ngày 31/12/2024", "chậm nhất là ngày 15/01/2026", "ngày 30/6/2025".
    pattern: /(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/g,
    read: (m) => {
      const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
      return validDate(y, mo, d) ? deadline(iso(y, mo, d)) : null;
    },
  },
  {
    // "trước tháng 01/2024": due the day before that month starts.
    pattern: new RegExp(`trước\\s+tháng\\s+(\\d{1,2})\\s*(?:\\/|năm)\\s*${YEAR}`, 'g'),
    read: (m) =>
      Number(m[1]) >= 1 && Number(m[1]) <= 12 ? deadline(dayBefore(Number(m[2]), Number(m[1]), 1)) : null,
  },
  {
    // "chậm nhất trong tháng 9/2026": due the last day of that month.
    pattern: new RegExp(
      `(?:chậm\\s+nhất|hạn)\\s+(?:là\\s+)?(?:trong\\s+)?tháng\\s+(\\d{1,2})\\s*(?:\\/|năm)\\s*${YEAR}`,
      'g',
    ),
    read: (m) => {
      const [mo, y] = [Number(m[1]), Number(m[2])];
      return mo >= 1 && mo <= 12 ? deadline(iso(y, mo, lastDay(y, mo))) : null;
    },
  },
  {
    pattern: new RegExp(`(?:06|6|sáu)\\s+tháng\\s+(cuối|đầu)\\s+năm(?:\\s+${YEAR})?`, 'g'),
    read: (m, y) => {
      const year = m[2] ? Number(m[2]) : y;
      return m[1] === 'cuối'
        ? span(iso(year, 7, 1), iso(year, 12, 31))
        : span(iso(year, 1, 1), iso(year, 6, 30));
    },
  },
  {
    // "Quý IV năm 2025", "Trong Quý I/2024", "quý 2/2025", "Quý III" (plan year).
    pattern: new RegExp(`quý\\s+${QUARTER}(?![a-zà-ỹ])(?:\\s*(?:năm|\\/)\\s*${YEAR})?`, 'g'),
    read: (m, y) => {
      const q = quarterNumber(m[1]);
      const year = m[2] ? Number(m[2]) : y;
      return span(iso(year, q * 3 - 2, 1), iso(year, q * 3, lastDay(year, q * 3)));
    },
  },
  {
    // "Tháng 7/2025", "tháng 7 năm 2025", "Trong tháng 12 năm 2024".
    pattern: new RegExp(`tháng\\s+(\\d{1,2})\\s*(?:\\/|năm)\\s*${YEAR}`, 'g'),
    read: (m) => {
      const [mo, y] = [Number(m[1]), Number(m[2])];
      return mo >= 1 && mo <= 12 ? span(iso(y, mo, 1), iso(y, mo, lastDay(y, mo))) : null;
    },
  },
  {
    pattern: new RegExp(`năm\\s+${YEAR}`, 'g'),
    read: (m) => span(iso(Number(m[1]), 1, 1), iso(Number(m[1]), 12, 31)),
  },
];

/** Words that make a cell conditional on another event (no date of its own). */
const CONDITIONAL_WORDS =
  /lồng\s+ghép|trong\s+báo\s+cáo|theo\s+thời\s+gian|theo\s+(?:kế\s+hoạch|hướng\s+dẫn|quy\s+định|yêu\s+cầu|chỉ\s+đạo|lộ\s+trình|tiến\s+độ|phân\s+công|điều)|khi\s+có|sau\s+khi|ngay\s+khi|kịp\s+thời|khi\s+được|trường\s+hợp|nếu\s+có|khi\s+phát\s+sinh/;
/** Words that mean "all year" when no year is written. */
const ALL_YEAR_WORDS = /thường\s+xuyên|(?:hằng|hàng)\s+năm|cả\s+năm|trong\s+năm|liên\s+tục/;

/**
 * Reads a time cell (cột "Thời gian") into milestones. `year` is the plan year, for relative forms.
 * Dates of cited documents are never deadlines; text it cannot read gives a warning and no
 * milestone, never a guessed date. Conventions: docs in DOMAIN.md and issue #3.
 */
export function parseTimeExpression(text: string | null | undefined, year: number): TimeParseResult {
  if (!text || !text.trim()) return { milestones: [], warnings: [] };
  const { text: uncited, cited } = stripCitations(normalizeCell(text));
  // "Theo Kế hoạch … năm 2026 của tỉnh": the year names the cited plan, it is not a span.
  const lower = uncited
    .toLowerCase()
    .replace(/(theo\s+(?:kế\s+hoạch|chương\s+trình|đề\s+án|hướng\s+dẫn)\s[^;.]*?)năm\s+\d{4}/g, '$1');

  const found: { start: number; end: number; milestone: Milestone }[] = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(lower); match; match = rule.pattern.exec(lower)) {
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      const milestone = rule.read(match, year);
      if (milestone) found.push({ start, end, milestone });
    }
  }
  // Clauses without a date of their own can still say when: "… và thực hiện theo kế hoạch".
  for (const clause of clausesOf(lower)) {
    if (found.some((f) => clause.start < f.end && clause.end > f.start)) continue;
    const words = lower.slice(clause.start, clause.end);
    if (CONDITIONAL_WORDS.test(words)) found.push({ ...clause, milestone: conditional() });
    else if (ALL_YEAR_WORDS.test(words)) {
      found.push({ ...clause, milestone: span(iso(year, 1, 1), iso(year, 12, 31)) });
    }
  }
  found.sort((a, b) => a.start - b.start);
  if (found.length) return { milestones: found.map((f) => f.milestone), warnings: [] };

  if (cited) return { milestones: [conditional()], warnings: [] };
  const bareYear = /^(?:trong\s+)?((?:19|20)\d{2})$/.exec(lower);
  if (bareYear) {
    return {
      milestones: [span(iso(Number(bareYear[1]), 1, 1), iso(Number(bareYear[1]), 12, 31))],
      warnings: [],
    };
  }
  return { milestones: [], warnings: [`Time text not understood: "${text.trim()}"`] };
}

/** Clauses of a cell: split at ";", " và ", list markers ("1.", "- ") and sentence ends. */
function clausesOf(text: string): { start: number; end: number }[] {
  const clauses: { start: number; end: number }[] = [];
  const separator = /;|\s+và\s+|\.\s+|(?:^|\s)(?:\d+\.|-)\s/g;
  let start = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    if (m.index > start) clauses.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (start < text.length) clauses.push({ start, end: text.length });
  return clauses;
}
