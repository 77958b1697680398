import { MilestoneKind } from '../milestone';
import type { MilestoneData as Milestone } from '../milestone';
import { FIRST_YEAR, isYear, LAST_YEAR, yearSpan } from './calendar';
import { findCitations } from './citations';
import { TimeGrammar } from './grammar';
import type { Expression } from './grammar';
import { isYearlyAlone, meaningOf } from './meaning';
import { Reading } from './reading';
import type { NumberFate } from './reading';
import { TokenView } from './token-view';
import { tokenize } from './tokens';

/** A number of the cell and what became of it (consume or warn). */
export interface NumberReading {
  raw: string;
  start: number;
  end: number;
  fate: NumberFate;
  /** The warning that names it, when its fate is "warned". */
  warning?: number;
}

export interface CellReading {
  milestones: Milestone[];
  warnings: string[];
  numbers: NumberReading[];
}

/** Words that tie a clause to another event: it has no date of its own (CONDITIONAL). */
const CONDITIONS = [
  'long ghep',
  'kip thoi',
  'truong hop',
  'neu co',
  'phat sinh',
  'dot xuat',
  'tuy theo',
  'tuy tinh hinh',
];
/** After "theo": what the time follows ("theo quy định", "theo lộ trình", "theo các mốc thời gian"). */
const FOLLOWED = [
  'yeu cau',
  'chi dao',
  'lo trinh',
  'tien do',
  'phan cong',
  'thoi gian',
  'moc',
  'cac moc',
  'lich',
  'nhu cau',
  'tinh hinh',
  'thuc te',
  'dieu kien',
  'quy dinh',
  'ke hoach',
  'huong dan',
];
/** Words for the whole plan year when no year is written ("Thường xuyên", "Trong năm", "Cả năm"). */
const ALL_YEAR = ['thuong xuyen', 'lien tuc', 'ca nam', 'trong nam', 'quanh nam', 'suot nam'];
/** Marks and words between clauses. */
const CLAUSE_MARKS = new Set([',', ';', '.', ':', '(', ')', '[', ']', '-', '+', '*', '•', '!', '?']);
const CLAUSE_WORDS = ['va', 'hoac'];
/** Words before a number that make it a date part; a leftover one is warned about. */
const SLOT_WORDS = new Set(['ngay', 'thang', 'quy', 'nam']);
/** Words after a number that make it a span of time: "Trong 3 tháng", "Sau 03 tháng kể từ khi …". */
const DURATION_WORDS = new Set(['ngay', 'thang', 'quy', 'nam', 'tuan']);
/** Words before a number that make it a label or a count ("đợt 2", "lần thứ 3", "bước 1"). */
const LABEL_WORDS = new Set(['dot', 'lan', 'thu', 'buoc', 'so', 'khoa', 'cap', 'muc', 'nhom', 'loai']);

interface Clause {
  inParentheses: boolean;
  expressions: Expression[];
  conditional: boolean;
  allYear: boolean;
  /** Numbers that no rule read. */
  leftovers: number[];
}

interface ClauseMilestones {
  milestones: Milestone[];
  /** Conditional or all-year: what a note in parentheses says only counts if nothing else does. */
  weak: boolean;
  inParentheses: boolean;
}

/**
 * Reads a time cell: its clauses in order, each with the milestones of its time expressions, or a
 * CONDITIONAL when it ties the time to another event, or the plan year when it only says "thường
 * xuyên"; every number is used, taken or warned about.
 */
export function readTimeCell(cell: string, planYear: number): CellReading {
  const { text, tokens } = tokenize(cell);
  const citations = findCitations(tokens);
  const reading = new Reading(text, tokens, planYear);
  citations.takenBy.forEach((by, at) => {
    if (by) reading.take([at], by);
  });
  const view = new TokenView(tokens, (at) => citations.takenBy[at] !== undefined);
  const grammar = new TimeGrammar(view);
  const referenceStarts = new Set(citations.referenceStarts);

  const results: ClauseMilestones[] = [];
  const expressionNumbers: number[] = [];
  let depth = 0;
  let clause = newClause(false);
  const close = () => {
    results.push(clauseMilestones(clause, view, reading));
    clause = newClause(depth > 0);
  };
  for (let at = 0; at < tokens.length; ) {
    if (citations.takenBy[at]) {
      if (referenceStarts.has(at)) clause.conditional = true;
      at++;
      continue;
    }
    const token = tokens[at];
    if ((token.kind === 'mark' && CLAUSE_MARKS.has(token.text)) || view.word(at, ...CLAUSE_WORDS) >= 0) {
      if (token.text === '(' || token.text === '[') depth++;
      if ((token.text === ')' || token.text === ']') && depth > 0) depth--;
      close();
      at++;
      continue;
    }
    const expression = grammar.expression(at);
    if (expression) {
      clause.expressions.push(expression);
      for (let inside = expression.first; inside < expression.end; inside++) expressionNumbers.push(inside);
      at = expression.end;
      continue;
    }
    const condition = conditionEnd(view, at);
    if (condition >= 0) {
      clause.conditional = true;
      at = condition;
      continue;
    }
    const allYear = view.anyPhrase(at, ALL_YEAR);
    if (allYear >= 0) {
      clause.allYear = true;
      at = allYear;
      continue;
    }
    if (token.kind === 'number') clause.leftovers.push(at);
    at++;
  }
  close();
  // Numbers inside an expression that no core used ("6 tháng 1 lần") are words of its recurrence.
  reading.take(expressionNumbers, 'milestone');

  const milestones = cellMilestones(results, citations.cites);
  const unread = tokens.flatMap((token, at) => (token.kind === 'number' && !reading.fates[at] ? [at] : []));
  if (unread.length) reading.warn(0, tokens.length, 'numbers not read as dates', unread);
  if (!milestones.length && !reading.warnings.length) {
    reading.warnings.push(`Time text not understood: "${reading.quote(0, tokens.length)}"`);
  }
  return {
    milestones,
    warnings: reading.warnings,
    numbers: tokens.flatMap((token, at) =>
      token.kind === 'number'
        ? [
            {
              raw: token.raw,
              start: token.start,
              end: token.end,
              fate: reading.fates[at]!,
              warning: reading.warningOf[at],
            },
          ]
        : [],
    ),
  };
}

const newClause = (inParentheses: boolean): Clause => ({
  inParentheses,
  expressions: [],
  conditional: false,
  allYear: false,
  leftovers: [],
});

/**
 * A clause's milestones: those of its time expressions; failing them, one CONDITIONAL if it ties the
 * time to an event ("Thực hiện thường xuyên khi có yêu cầu"), or the plan year if it only says
 * "thường xuyên", "hằng năm". Numbers left over are warned about, but a span counted from an event
 * belongs to the event.
 */
function clauseMilestones(clause: Clause, view: TokenView, reading: Reading): ClauseMilestones {
  const dated = clause.expressions.filter((expression) => !isYearlyAlone(expression));
  let milestones: Milestone[] = [];
  let weak = false;
  if (dated.length) {
    milestones = dated.flatMap((expression) => meaningOf(expression, reading));
  } else if (clause.conditional) {
    milestones = [{ kind: MilestoneKind.CONDITIONAL, start: null, due: null, recurrence: null }];
    weak = true;
    reading.take(
      clause.leftovers.filter((at) => DURATION_WORDS.has(view.wordAt(at + 1) ?? '')),
      'condition',
    );
  } else if (clause.allYear || clause.expressions.length) {
    milestones = planYearPeriod(reading);
    weak = true;
  }
  warnLeftovers(clause.leftovers, view, reading);
  return { milestones, weak, inParentheses: clause.inParentheses };
}

function planYearPeriod(reading: Reading): Milestone[] {
  const { planYear } = reading;
  if (!isYear(planYear)) {
    const reason = `the plan year ${planYear} is not between ${FIRST_YEAR} and ${LAST_YEAR}`;
    reading.warn(0, reading.tokens.length, reason, []);
    return [];
  }
  const { start, end } = yearSpan(planYear);
  return [{ kind: MilestoneKind.PERIOD, start, due: end, recurrence: null }];
}

/** Numbers that no rule read: a count ("02 hội nghị", "100%") is no date part; any other is named. */
function warnLeftovers(leftovers: number[], view: TokenView, reading: Reading): void {
  const named: number[] = [];
  for (const at of leftovers) {
    if (reading.fates[at]) continue;
    const before = view.wordAt(at - 1) ?? '';
    const after = view.at(at + 1);
    // "3 tháng", "15/…": a span of time or a part of a date, whatever comes before.
    const duration = (after?.kind === 'word' && DURATION_WORDS.has(after.text)) || after?.text === '/';
    const counted =
      !SLOT_WORDS.has(before) &&
      !duration &&
      (LABEL_WORDS.has(before) || after?.kind === 'word' || (after?.kind === 'mark' && after.text === '%'));
    if (counted) reading.take([at], 'count');
    else named.push(at);
  }
  if (!named.length) return;
  const numbers = named.map((at) => reading.numberText(at)).join(', ');
  const reason = named.length === 1 ? `${numbers} is not read as a date` : `${numbers} are not read as dates`;
  reading.warn(Math.max(0, named[0] - 2), named[named.length - 1] + 2, reason, named);
}

/** "khi có …", "sau khi …", "theo quy định", "lồng ghép …": the end of the condition's words, or -1. */
function conditionEnd(view: TokenView, at: number): number {
  // "Khi nào xong thì thôi" asks when; it ties the time to nothing.
  if (view.word(at, 'khi') >= 0) return view.word(at + 1, 'nao') >= 0 ? -1 : at + 1;
  const by = view.word(at, 'theo');
  if (by >= 0) return view.anyPhrase(by, FOLLOWED);
  const since = view.phrase(at, 'ke tu ngay');
  if (since >= 0 && !view.isNumber(since)) return since;
  return view.anyPhrase(at, CONDITIONS);
}

/**
 * The cell's milestones, clause after clause. A conditional or all-year note in parentheses adds
 * nothing to a cell that has other milestones; a cell that only cites a document is conditional.
 */
function cellMilestones(results: ClauseMilestones[], cites: boolean): Milestone[] {
  const firm = results.some((result) => result.milestones.length && !(result.inParentheses && result.weak));
  const milestones = results
    .filter((result) => !(firm && result.inParentheses && result.weak))
    .flatMap((result) => result.milestones);
  if (!milestones.length && cites) {
    return [{ kind: MilestoneKind.CONDITIONAL, start: null, due: null, recurrence: null }];
  }
  return milestones;
}
