import type { TargetComparator, TargetData } from '../target';
import { readNumerals, tokenize } from './tokens';
import type { Numeral, Token } from './tokens';
import * as V from './vocabulary';
import type { PhraseList } from './vocabulary';

/** What became of one number of the sentence. Every number gets exactly one reading. */
export interface Figure {
  /** As written ("2,5", "3.000", "2025"). */
  text: string;
  start: number;
  end: number;
  reading: 'target' | 'warning' | 'not a target';
  /** The warning; or why it is not a target ("a date"); or how it was read ("GTE PERCENT"). */
  why: string;
}

export interface SentenceReading {
  targets: TargetData[];
  /** One per figure that could be a target and was not read as one, naming the figure. */
  warnings: string[];
  figures: Figure[];
}

type Unit =
  | { kind: 'PERCENT' | 'SCORE' | 'DURATION' | 'COUNT'; noun: string | null; end: number }
  | { kind: 'QUANTITY' | 'AGE' | 'LEVEL'; noun: string; end: number };
type TargetUnit = Extract<Unit, { kind: 'PERCENT' | 'SCORE' | 'DURATION' | 'COUNT' }>;

interface Reading {
  reading: Figure['reading'];
  why: string;
}

interface ReadTarget {
  at: number;
  target: TargetData;
  /** "trong 05 ngày làm việc": a ceiling only when the sentence has no other target. */
  window?: { numerals: number[]; unitText: string };
}

const SENTENCE_ENDS = new Set([';', '.', '(', ')', '!', '?']);
const DASHES = new Set(['-', '–', '—', '~']);
const BULLETS = new Set(['-', '+', '•', '*', '–']);
/** How far back the verb of a cut ("giảm …") may stand from its figure, in tokens. */
const VERB_REACH = 25;
/** How many words a counted noun may carry before "trở lên" still belongs to the figure. */
const NOUN_TAIL = 3;

/**
 * Reads every number of an indicator sentence: a target (percentage, count, duration or score,
 * with its comparator and direction), a warning that names it, or not a target (a date, year,
 * document number, standard, label or item number). Each rule looks at a few tokens around the
 * number, so the whole reading is linear in the length of the sentence.
 */
export function readSentence(raw: string): SentenceReading {
  return new SentenceReader(raw.normalize('NFC')).read();
}

class SentenceReader {
  private readonly tokens: Token[];
  private readonly numerals: Numeral[];
  /** The numeral each token belongs to (separators included), or -1. */
  private readonly numeralOfToken: Int32Array;
  private readonly excluded: Uint8Array;
  private readonly readings: (Reading | undefined)[];
  private readonly targets: ReadTarget[] = [];
  /** The unit read at each token, once: several rules ask about the same place. */
  private readonly units: (Unit | null | undefined)[] = [];

  constructor(text: string) {
    this.tokens = tokenize(text);
    this.numerals = readNumerals(this.tokens, text);
    this.numeralOfToken = new Int32Array(this.tokens.length).fill(-1);
    this.numerals.forEach((numeral, n) => this.numeralOfToken.fill(n, numeral.first, numeral.last + 1));
    this.excluded = this.exclusions();
    this.readings = new Array(this.numerals.length);
  }

  read(): SentenceReading {
    this.numerals.forEach((_, n) => {
      if (!this.readings[n]) this.readNumeral(n);
    });
    this.settleWindows();
    const figures = this.numerals.map((numeral, n): Figure => {
      const reading = this.readings[n]!;
      return {
        text: numeral.text,
        start: this.tokens[numeral.first].start,
        end: this.tokens[numeral.last].end,
        reading: reading.reading,
        why: reading.why,
      };
    });
    return {
      targets: [...this.targets].sort((a, b) => a.at - b.at).map((t) => t.target),
      warnings: figures.filter((f) => f.reading === 'warning').map((f) => f.why),
      figures,
    };
  }

  /** The rules that take a number out of the targets, in the order they are tried. */
  private static readonly notATarget = [
    SentenceReader.prototype.partOfName,
    SentenceReader.prototype.itemNumber,
    SentenceReader.prototype.documentNumber,
    SentenceReader.prototype.standard,
    SentenceReader.prototype.date,
    SentenceReader.prototype.year,
    SentenceReader.prototype.timeSpan,
    SentenceReader.prototype.datePart,
    SentenceReader.prototype.label,
  ];

  private readNumeral(n: number): void {
    for (const rule of SentenceReader.notATarget) if (rule.call(this, n)) return;
    this.candidate(n);
  }

  // ---- numbers that are not targets -------------------------------------------------------------

  /** "5G", "T6", "QH14", "Covid-19": digits glued to letters name something. */
  private partOfName(n: number): boolean {
    const { first, last } = this.numerals[n];
    const t = this.tokens;
    const gluedBefore =
      (t[first - 1]?.kind === 'word' && !t[first].spaced) ||
      (t[first - 1]?.text === '-' &&
        !t[first].spaced &&
        !t[first - 1].spaced &&
        t[first - 2]?.kind === 'word');
    const next = t[last + 1];
    const unit = this.unitAt(last + 1);
    // "03ngày" is a figure and its unit that the PDF glued, "đạt80%" a figure; "5G" is a name.
    const gluedAfter = next?.kind === 'word' && !next.spaced && (!unit || unit.kind === 'COUNT');
    return (
      (gluedBefore || gluedAfter) && unit?.kind !== 'PERCENT' && this.silent(n, 'part of a name or code')
    );
  }

  /** "1.2. Nhiệm vụ", "2) …", "(3)": the numbering of items. */
  private itemNumber(n: number): boolean {
    const { first, last, separators, groups } = this.numerals[n];
    const t = this.tokens;
    const atStart = first === 0 || (first === 1 && BULLETS.has(t[0].text));
    const afterBoundary = atStart || [';', ':', '.'].includes(t[first - 1]?.text ?? '');
    const closed = (t[last + 1]?.text === '.' || t[last + 1]?.text === ')') && t[last + 2] !== undefined;
    const dottedLabel =
      atStart &&
      separators.length > 0 &&
      separators.every((s) => s === '.') &&
      groups.slice(1).some((g) => g.length !== 3) &&
      t[last + 1]?.kind === 'word';
    const enumerated = t[first - 1]?.text === '(' && t[last + 1]?.text === ')';
    return ((afterBoundary && closed) || dottedLabel || enumerated) && this.silent(n, 'an item number');
  }

  /** "60/2021/NĐ-CP", "1085/QĐ-TTg", "57-NQ/TW": the number of a cited document. */
  private documentNumber(n: number): boolean {
    const { last } = this.numerals[n];
    const t = this.tokens;
    const upper = (token: Token | undefined) => token?.kind === 'word' && /^\p{Lu}/u.test(token.text);
    if (t[last + 1]?.text === '-' && !t[last + 1].spaced && upper(t[last + 2]) && !t[last + 2].spaced) {
      return this.silent(n, 'a document number');
    }
    if (t[last + 1]?.text !== '/') return false;
    const year = this.numeralStartingAt(last + 2);
    const afterYear = year >= 0 && t[this.numerals[year].last + 1]?.text === '/';
    const code = afterYear ? this.numerals[year].last + 2 : last + 2;
    if (!upper(t[code])) return false;
    if (afterYear) this.silent(year, 'a document number');
    return this.silent(n, 'a document number');
  }

  /** "ISO 9001:2015", "TCVN 11041", "27001:2013". */
  private standard(n: number): boolean {
    const { first, last } = this.numerals[n];
    const t = this.tokens;
    const edition = t[last + 1]?.text === ':' && !t[last + 1].spaced ? this.numeralStartingAt(last + 2) : -1;
    const named = V.phraseEndingAt(t, first - 1, V.STANDARD_BODIES) !== null;
    if (!named && !(edition >= 0 && this.numerals[edition].text.length === 4)) return false;
    if (edition >= 0) this.silent(edition, 'the edition of a standard');
    return this.silent(n, 'a standard');
  }

  /** "30/6/2025", "31/12", "6/2025", "30-6-2025", "30.6.2025". */
  private date(n: number): boolean {
    const numeral = this.numerals[n];
    const t = this.tokens;
    const [day, month, year] = numeral.groups.map(Number);
    if (numeral.separators.length === 2 && numeral.separators.every((s) => s === '.')) {
      return isDay(day) && isMonth(month) && isYear(year) && this.silent(n, 'a date');
    }
    if (numeral.separators.length) return false;
    const parts = this.dateParts(n);
    if (parts.length === 3) {
      const [d, m] = parts.map((p) => Number(this.numerals[p].text));
      if (!isDay(d) || !isMonth(m) || !/^\d{2}(\d{2})?$/.test(this.numerals[parts[2]].groups[0])) {
        return false;
      }
      return parts.every((p) => this.silent(p, 'a date'));
    }
    if (parts.length !== 2) return false;
    const [first, second] = parts.map((p) => Number(this.numerals[p].groups[0]));
    const secondNumeral = this.numerals[parts[1]];
    if (this.isScoreAt(secondNumeral.last + 1)) return false; // "80/100 điểm": a score on a scale
    const monthOfYear = isMonth(first) && secondNumeral.groups[0].length === 4 && isYear(second);
    const dayOfMonth = isDay(first) && isMonth(second);
    if (!monthOfYear && !dayOfMonth) return false;
    // "9/10 tiêu chí" with nothing that says date is a fraction; "trước 30/6" is a date.
    const counted = this.unitAt(secondNumeral.last + 1);
    const dateContext = V.phraseEndingAt(t, numeral.first - 1, V.DATE_CONTEXT) !== null;
    if (!monthOfYear && counted && counted.kind !== 'DURATION' && !dateContext) return false;
    return parts.every((p) => this.silent(p, 'a date'));
  }

  /** The numerals of "D/M", "D/M/Y" or "D-M-Y" starting at n: plain integers joined by one separator. */
  private dateParts(n: number): number[] {
    const t = this.tokens;
    const joint = t[this.numerals[n].last + 1]?.text;
    if (joint !== '/' && joint !== '-') return [n];
    const parts = [n];
    while (parts.length < 3) {
      const last = this.numerals[parts.at(-1)!].last;
      const separator = t[last + 1];
      if (separator?.text !== joint || (joint === '-' && (separator.spaced || t[last + 2]?.spaced))) break;
      const next = this.numeralStartingAt(last + 2);
      if (next < 0 || this.numerals[next].separators.length || this.readings[next]) break;
      parts.push(next);
    }
    // "05-06 cơ quan" is a range; only a full "D-M-Y" is a date.
    return joint === '-' && parts.length < 3 ? [n] : parts;
  }

  /**
   * "2025", "2021-2025": a four-digit year. Before a counted noun ("2000 lượt") it may be a count
   * written without its thousands dot: named in a warning. Before a percent sign it is a figure.
   */
  private year(n: number): boolean {
    const numeral = this.numerals[n];
    if (numeral.separators.length || numeral.groups[0].length !== 4 || !isYear(numeral.value!)) return false;
    const unit = this.unitAt(numeral.last + 1);
    if (unit?.kind === 'PERCENT') return false;
    if (unit?.kind !== 'COUNT' || V.phraseEndingAt(this.tokens, numeral.first - 1, V.DATE_WORDS)) {
      return this.silent(n, 'a year');
    }
    return this.warn(
      n,
      `a year, or a count written without its thousands dot ("${numeral.text} ${unit.noun}")`,
    );
  }

  /** "06 tháng cuối năm", "định kỳ 6 tháng", "03 tháng một lần", "3 tháng/lần": a time, not a target. */
  private timeSpan(n: number): boolean {
    const { first, last } = this.numerals[n];
    const t = this.tokens;
    const unit = this.unitAt(last + 1);
    if (unit?.kind !== 'DURATION') return false;
    const after = unit.end + 1;
    if (V.phraseEndingAt(t, first - 1, V.RECURRENCE_WORDS)) return this.silent(n, 'a recurrence');
    if (V.phraseEndingAt(t, first - 1, V.REVIEW_WORDS)) return this.silent(n, 'a reporting period');
    // "trước 17 giờ ngày 30/6": an hour of the day.
    if (V.phraseAt(t, unit.end, V.HOURS) && V.phraseAt(t, after, V.DAY_PARTS)) {
      return this.silent(n, 'an hour');
    }
    if (V.phraseAt(t, after, V.PERIOD_ENDS)) return this.silent(n, 'a part of the year');
    if (t[after]?.text === '/' && V.phraseAt(t, after + 1, V.TIMES)) return this.silent(n, 'a recurrence');
    if (V.phraseAt(t, after, V.ONCE)) return this.silent(n, 'a recurrence');
    const once = this.numeralStartingAt(after);
    if (
      once >= 0 &&
      this.numerals[once].value === 1 &&
      V.phraseAt(t, this.numerals[once].last + 1, V.TIMES)
    ) {
      this.silent(once, 'a recurrence');
      return this.silent(n, 'a recurrence');
    }
    return false;
  }

  /** "ngày 15", "tháng 6", "quý 2", "năm 2025": a number named by its date word. */
  private datePart(n: number): boolean {
    const word = V.phraseEndingAt(this.tokens, this.numerals[n].first - 1, V.DATE_WORDS);
    return word !== null && this.silent(n, `part of a date ("${word.join(' ')} …")`);
  }

  /** "mức độ 4", "Điều 17", "Đề án 06", "số 15", "nhóm 3"; a rank ("top 10") is warned about. */
  private label(n: number): boolean {
    const { first, last } = this.numerals[n];
    const t = this.tokens;
    const word = V.phraseEndingAt(t, first - 1, V.LABEL_WORDS);
    if (!word || t[last + 1]?.text === '%') return false;
    // "trong vòng 01 ngày": the word ends a comparator, not a label.
    if ((V.phraseEndingAt(t, first - 1, V.COMPARATORS)?.length ?? 0) > word.length) return false;
    const unit = this.unitAt(last + 1);
    if (V.phraseEndingAt(t, first - 1, V.SOFT_LABEL_WORDS) && unit && isTargetUnit(unit)) return false;
    const before = first - 1 - word.length;
    const rank =
      V.phraseAt(t, first - 1, V.RANK_WORDS) ||
      (V.phraseAt(t, first - 1, V.RANK_GROUP_WORDS) && this.leaderWithin(last + 1, 8)) ||
      (V.phraseAt(t, first - 1, V.RANK_ORDINALS) &&
        (V.phraseEndingAt(t, before, V.RANK_VERBS) || V.phraseEndingAt(t, before - 1, V.RANK_VERBS)));
    const named = `${word.join(' ')} ${this.numerals[n].text}`;
    // "xếp thứ 10/34 tỉnh": the number after the slash belongs to the label.
    const of = t[last + 1]?.text === '/' ? this.numeralStartingAt(last + 2) : -1;
    if (of >= 0 && !this.readings[of]) this.silent(of, `the whole of "${named}"`);
    if (rank) return this.warn(n, `a rank ("${named}")`);
    // "chấm điểm 05 xã": a label word before a counted noun may be a verb's object, not a label.
    const counted = unit?.kind === 'COUNT' || unit?.kind === 'SCORE';
    if (counted && !V.phraseAt(t, last + 1, V.LABEL_WORDS)) {
      return this.warn(n, `a label or a figure ("${named} ${unit.noun}")`);
    }
    return this.silent(n, `a label ("${named}")`);
  }

  /** "nhóm 10 đơn vị dẫn đầu": a word of leading within reach, in the same clause. */
  private leaderWithin(from: number, reach: number): boolean {
    for (let i = from; i < Math.min(this.tokens.length, from + reach); i++) {
      if (this.tokens[i].text === ',' || SENTENCE_ENDS.has(this.tokens[i].text)) return false;
      if (V.phraseAt(this.tokens, i, V.RANK_LEADERS)) return true;
    }
    return false;
  }

  // ---- numbers that could be targets ------------------------------------------------------------

  private candidate(n: number): void {
    const numeral = this.numerals[n];
    const t = this.tokens;
    // "80/100 điểm": the second number is the scale of the first.
    const scale = t[numeral.last + 1]?.text === '/' ? this.numeralStartingAt(numeral.last + 2) : -1;
    const range = scale < 0 ? this.range(n) : null;
    const last = range ? range.to : scale >= 0 ? scale : n;
    const unit =
      this.unitAt(this.numerals[last].last + 1) ??
      (range?.percent ? ({ kind: 'PERCENT', noun: null, end: range.end } as const) : null);
    const parts = range ? [n, range.to] : [n];
    if (scale >= 0 && !this.readings[scale]) this.silent(scale, 'the scale of the figure before it');
    const after = unit ? unit.end + 1 : this.numerals[last].last + 1;

    if (V.phraseEndingAt(t, numeral.first - 1, V.FROM) && V.phraseAt(t, after, V.MOVES)) {
      return this.warnAll(parts, `the starting level ("từ ${numeral.text} … ${t[after].text} …")`);
    }
    if (!unit) {
      const cue = this.comparatorBefore(numeral.first).cue;
      if (cue) return this.warnAll(parts, 'no unit, percent sign or counted noun follows it');
      return void parts.forEach((p) => this.silent(p, 'no unit or counted noun follows it'));
    }
    if (!isTargetUnit(unit)) return this.notATargetUnit(parts, numeral.text, unit);
    this.markScaleAfter(unit);

    if (this.excluded[numeral.first]) return this.warnAll(parts, 'it is inside an exclusion in parentheses');
    const restatement = V.phraseEndingAt(t, numeral.first - 1, V.RESTATEMENTS);
    if (restatement) return this.warnAll(parts, `it restates another figure ("${restatement.join(' ')} …")`);
    const values = parts.map((p) => this.numerals[p].value);
    if (values.some((v) => v === null)) {
      return this.warnAll(parts, 'it is too long or not written as a number');
    }
    if (range && values[0]! > values[1]!) return this.warnAll(parts, 'the range runs backwards');
    this.readTarget(parts, unit, values as number[], range !== null);
  }

  /** "02 cấp" names a system; money, measures and ages are quantities no target here counts. */
  private notATargetUnit(parts: number[], text: string, unit: Exclude<Unit, TargetUnit>): void {
    const quantity = `"${text} ${unit.noun}"`;
    if (unit.kind === 'LEVEL') {
      return void this.silent(parts[0], `the number of levels of a system (${quantity})`);
    }
    if (unit.kind === 'QUANTITY') return this.warnAll(parts, `an amount of money or a measure (${quantity})`);
    this.warnAll(parts, `an age (${quantity}) says whom the target counts`);
  }

  private readTarget(parts: number[], unit: TargetUnit, values: number[], isRange: boolean): void {
    const numeral = this.numerals[parts[0]];
    const before = this.comparatorBefore(numeral.first);
    const afterComparator = this.comparatorAfter(unit);
    // A level reached by going down ("xuống còn 02 ngày") is no cut.
    const direction = before.level ? 'INCREASE' : this.direction(numeral.first);
    let comparator: TargetComparator | null = isRange ? 'BETWEEN' : (afterComparator ?? before.comparator);
    const target = (c: TargetComparator): TargetData => ({
      comparator: c,
      value: values[0],
      max: isRange ? values[1] : null,
      unit: unit.kind === 'PERCENT' ? 'PERCENT' : 'COUNT',
      noun: unit.noun,
      direction,
    });
    if (unit.kind === 'DURATION' && !comparator) {
      const within = V.phraseEndingAt(this.tokens, numeral.first - 1, V.WITHIN) !== null;
      if (within) {
        const window = { numerals: parts, unitText: `${numeral.text} ${unit.noun}` };
        this.targets.push({ at: this.tokens[numeral.first].start, target: target('LTE'), window });
        return parts.forEach((p) => (this.readings[p] = { reading: 'target', why: 'LTE COUNT' }));
      }
      // "rút ngắn 02 ngày": a verb of a cut makes a duration a target; otherwise it is only a time.
      if (direction !== 'DECREASE') {
        return this.warnAll(parts, `a duration ("${numeral.text} ${unit.noun}") with no comparator`);
      }
      comparator = 'GTE';
    }
    comparator ??= unit.kind === 'PERCENT' && values[0] === 100 ? 'EQ' : 'GTE';
    this.targets.push({ at: this.tokens[numeral.first].start, target: target(comparator) });
    parts.forEach((p) => (this.readings[p] = { reading: 'target', why: `${comparator} ${unit.kind}` }));
  }

  /** "từ 01 đến 02 cuộc", "05-06 cơ quan", "từ 65% đến 75%", "60-70%". */
  private range(n: number): { to: number; end: number; percent: boolean } | null {
    const t = this.tokens;
    let i = this.numerals[n].last + 1;
    const percent = t[i]?.text === '%';
    if (percent) i++;
    if (t[i]?.kind === 'symbol' && DASHES.has(t[i].text)) i++;
    else if (V.phraseAt(t, i, V.RANGE_WORDS)) i++;
    else return null;
    const to = this.numeralStartingAt(i);
    if (to < 0 || this.readings[to] || this.numerals[to].separators.some((s) => s !== ',' && s !== '.')) {
      return null;
    }
    const unit = this.unitAt(this.numerals[to].last + 1);
    if (!(unit && isTargetUnit(unit)) && !percent) return null;
    return { to, end: this.numerals[to].last, percent };
  }

  /** "80 điểm/100 điểm", "85 điểm / 100": the scale after a score. */
  private markScaleAfter(unit: Unit): void {
    if (unit.kind !== 'SCORE' || this.tokens[unit.end + 1]?.text !== '/') return;
    const scale = this.numeralStartingAt(unit.end + 2);
    if (scale >= 0 && !this.readings[scale]) this.silent(scale, 'the scale of a score');
  }

  /** The unit after a number: %, "điểm", a duration, money or a measure, an age, or a counted noun. */
  private unitAt(i: number): Unit | null {
    if (i >= this.tokens.length) return null;
    if (this.units[i] === undefined) this.units[i] = this.readUnit(i);
    return this.units[i];
  }

  private readUnit(i: number): Unit | null {
    const t = this.tokens;
    if (t[i].text === '%') return { kind: 'PERCENT', noun: null, end: i };
    if (t[i].kind !== 'word') return null;
    for (const [list, kind] of UNIT_WORDS) {
      const phrase = V.phraseAt(t, i, list);
      if (!phrase) continue;
      const end = i + phrase.length - 1;
      if (kind === 'PERCENT') return { kind, noun: null, end };
      return { kind, noun: this.writtenWords(i, phrase.length), end };
    }
    return this.countedNoun(i);
  }

  /**
   * The counted noun after a number, as written: an acronym ("TTHC"), a known noun ("xã",
   * "bộ phận"), a classifier with its noun ("cuộc đối thoại"), or else two syllables ("đơn vị").
   */
  private countedNoun(i: number): Unit | null {
    const t = this.tokens;
    const usable = (k: number) =>
      t[k]?.kind === 'word' && !V.NOUN_STOP_WORDS.has(t[k].key) && !V.phraseAt(t, k, V.NOUN_STOP_PHRASES);
    if (!usable(i)) return null;
    const whole = V.phraseAt(t, i, V.WHOLE_NOUNS);
    const classifier = V.phraseAt(t, i, V.CLASSIFIERS);
    let length = whole ? whole.length : /^\p{Lu}{2,}$/u.test(t[i].text) ? 1 : classifier ? 3 : 2;
    for (let k = 1; k < length; k++) {
      if (!usable(i + k)) length = k;
    }
    return { kind: 'COUNT', noun: this.writtenWords(i, length), end: i + length - 1 };
  }

  private writtenWords(i: number, length: number): string {
    return this.tokens
      .slice(i, i + length)
      .map((token) => token.text)
      .join(' ');
  }

  /**
   * The comparator written before a figure, skipping small words ("tối thiểu là", "ít nhất có"),
   * whether it sets a level reached by going down ("xuống còn"), and whether anything before the
   * figure marks it as a target at all (a comparator or "đạt").
   */
  private comparatorBefore(first: number): {
    comparator: TargetComparator | null;
    level: boolean;
    cue: boolean;
  } {
    const t = this.tokens;
    let i = first - 1;
    let cue = false;
    for (let skipped = 0; skipped <= 3 && i >= 0; skipped++) {
      const comparator = V.phraseEndingAt(t, i, V.COMPARATORS);
      if (comparator) {
        const meaning = V.comparatorOf(comparator);
        const level =
          comparator.some((w) => w === 'còn' || w === 'xuống') ||
          V.phraseEndingAt(t, i - comparator.length, V.LEVEL_MARKERS) !== null;
        return { comparator: meaning, level, cue: true };
      }
      const filler = V.phraseEndingAt(t, i, V.FILLERS);
      if (!filler) break;
      cue ||= V.phraseAt(t, i, V.REACHED) !== null;
      i -= filler.length;
    }
    return { comparator: null, level: false, cue };
  }

  /** "từ 95% trở lên", "03 sáng kiến trở lên", "10% trở xuống". */
  private comparatorAfter(unit: TargetUnit): TargetComparator | null {
    const t = this.tokens;
    let i = unit.end + 1;
    for (let tail = 0; unit.kind === 'COUNT' && tail < NOUN_TAIL && t[i]?.kind === 'word'; tail++) {
      if (V.NOUN_STOP_WORDS.has(t[i].key)) break;
      i++;
    }
    if (V.phraseAt(t, i, V.AFTER_GTE)) return 'GTE';
    return V.phraseAt(t, i, V.AFTER_LTE) ? 'LTE' : null;
  }

  /**
   * DECREASE when the nearest verb before the figure in its clause is one of a cut ("giảm",
   * "rút ngắn", "tiết kiệm"): the figure is the size of the cut. A comma ends the clause unless it
   * follows such a verb ("cắt giảm, đơn giản hóa 20% …": the verbs share their object).
   */
  private direction(first: number): TargetData['direction'] {
    const t = this.tokens;
    for (let i = first - 1; i >= Math.max(0, first - VERB_REACH); i--) {
      if (this.numeralOfToken[i] >= 0) continue;
      if (t[i].kind === 'symbol') {
        if (SENTENCE_ENDS.has(t[i].text)) break;
        if (t[i].text === ',' && !V.phraseEndingAt(t, i - 1, V.CUT_VERBS)) break;
        continue;
      }
      if (V.phraseEndingAt(t, i, V.CUT_VERBS)) return 'DECREASE';
      if (V.phraseEndingAt(t, i, V.RISE_VERBS)) return 'INCREASE';
    }
    return 'INCREASE';
  }

  /** A duration after "trong" is the ceiling of the sentence, or the window of another target. */
  private settleWindows(): void {
    const others = this.targets.some((t) => !t.window);
    for (let k = this.targets.length - 1; k >= 0; k--) {
      const window = this.targets[k].window;
      if (!window) continue;
      if (!others) {
        delete this.targets[k].window;
        continue;
      }
      this.targets.splice(k, 1);
      this.warnAll(
        window.numerals,
        `the duration "${window.unitText}" qualifies another target of the sentence`,
      );
    }
  }

  /** Which tokens stand inside a parenthesis that opens with "không bao gồm", "trừ"… */
  private exclusions(): Uint8Array {
    const excluded = new Uint8Array(this.tokens.length);
    const open: boolean[] = [];
    let depth = 0; // open exclusions
    this.tokens.forEach((token, i) => {
      if (token.text === '(') {
        const exclusion = V.phraseAt(this.tokens, i + 1, V.EXCLUSIONS) !== null;
        open.push(exclusion);
        if (exclusion) depth++;
      } else if (token.text === ')' && open.length) {
        if (open.pop()) depth--;
      }
      excluded[i] = depth > 0 ? 1 : 0;
    });
    return excluded;
  }

  private numeralStartingAt(i: number): number {
    const n = this.numeralOfToken[i] ?? -1;
    return n >= 0 && this.numerals[n].first === i ? n : -1;
  }

  private silent(n: number, why: string): true {
    this.readings[n] = { reading: 'not a target', why };
    return true;
  }

  private warn(n: number, why: string): true {
    this.readings[n] = {
      reading: 'warning',
      why: `Figure "${shorten(this.numerals[n].text)}" not read as a target: ${why}.`,
    };
    return true;
  }

  private warnAll(parts: number[], why: string): void {
    parts.forEach((p) => this.warn(p, why));
  }

  /** For "score" lookups by the date rule: is "điểm" written at token i? */
  private isScoreAt(i: number): boolean {
    return V.phraseAt(this.tokens, i, V.SCORE_WORDS) !== null;
  }
}

/** Words that name a unit, in the order they are tried ("phần trăm" before a counted noun). */
const UNIT_WORDS: [PhraseList, Exclude<Unit['kind'], 'COUNT'>][] = [
  [V.PERCENT_WORDS, 'PERCENT'],
  [V.SCORE_WORDS, 'SCORE'],
  [V.DURATION_UNITS, 'DURATION'],
  [V.QUANTITY_UNITS, 'QUANTITY'],
  [V.AGE_UNITS, 'AGE'],
  [V.LEVEL_UNITS, 'LEVEL'],
];

const isTargetUnit = (unit: Unit): unit is TargetUnit =>
  unit.kind === 'PERCENT' || unit.kind === 'SCORE' || unit.kind === 'DURATION' || unit.kind === 'COUNT';
const isDay = (d: number) => Number.isInteger(d) && d >= 1 && d <= 31;
const isMonth = (m: number) => Number.isInteger(m) && m >= 1 && m <= 12;
const isYear = (y: number) => Number.isInteger(y) && y >= 1900 && y <= 2100;
/** A figure of hundreds of digits is named by its first digits. */
const shorten = (text: string) => (text.length > 24 ? `${text.slice(0, 20)}…` : text);
