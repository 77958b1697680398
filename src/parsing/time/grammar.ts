import type { TokenView } from './token-view';

/**
 * The time grammar: a recursive-descent parser over a cell's tokens (docs/TIME-EXPRESSIONS.md,
 * "How the parser reads"). Each rule takes a position and returns what it read and where it ended,
 * or null; rules compose, so "trước ngày 15/6 và 15/12/2025" is a list of two items whose dates are
 * cores, and a year shared by the list is filled in later (meaning.ts), not here.
 */

/** A number of the text (or a Roman quarter, or a number word) and the token it came from. */
export interface NumberPart {
  value: number;
  at: number;
}

/** A year: written ("2025"), or relative to the plan year ("năm sau" +1, "năm nay" 0). */
export interface YearPart {
  at: number;
  written?: number;
  offset?: number;
}

interface Place {
  /** First token and the token after the last. */
  first: number;
  end: number;
}

export type Core = Place &
  (
    | { unit: 'day'; day: NumberPart; month?: NumberPart; year?: YearPart }
    | { unit: 'month'; month: NumberPart; year?: YearPart }
    | { unit: 'quarter'; quarter: NumberPart; year?: YearPart }
    | { unit: 'year'; year: YearPart }
    /** "6 tháng đầu năm", "02 tháng cuối năm 2025". */
    | { unit: 'months-of-year'; count: NumberPart; edge: 'first' | 'last'; year?: YearPart }
    /**
     * A day of the month or quarter after the one reported on ("ngày 05 của tháng liền kề"), or of a
     * month of each quarter ("ngày 15 của tháng cuối quý"): it repeats with that period.
     */
    | {
        unit: 'day-of-period';
        day: NumberPart;
        every: 'month' | 'quarter';
        monthOfQuarter: number;
        next: boolean;
      }
  );

/**
 * How an item is meant: plain (within a span, or on a date), before it starts ("trước"), by its end
 * ("chậm nhất", "hạn"), or from it on ("từ").
 */
export type Mode = 'plain' | 'before' | 'by-end' | 'from';

export interface Item extends Place {
  mode: Mode;
  /** The mode was written before this item, not inherited from the one before it in a list. */
  ownMode: boolean;
  from: Core;
  /** The end of a range ("tháng 9 - tháng 10/2025", "từ … đến …"). */
  to?: Core;
  /** "… và các năm tiếp theo", "… trở đi". */
  openEnded: boolean;
}

export interface TimeList extends Place {
  items: Item[];
}

export type Every = 'month' | 'quarter' | 'half' | 'year';

/** A recurrence word: "hằng tháng", "định kỳ 6 tháng" ("every" is null for a count of months no recurrence has). */
export interface Frequency extends Place {
  every: Every | null;
  count?: NumberPart;
}

/** What one stretch of a cell says about time: a list of items, a recurrence, or both together. */
export interface Expression extends Place {
  list?: TimeList;
  frequency?: Frequency;
  /** The year a recurrence is over, when written ("Hằng quý năm 2026"); else the plan year. */
  year?: YearPart;
}

type Read<T> = { value: T; next: number } | null;

/** Words before an item that set its mode; at most one, first. */
const MODE_PREFIXES: [string, Mode][] = [
  ['truoc', 'before'],
  ['cham nhat', 'by-end'],
  ['muon nhat', 'by-end'],
  ['han chot', 'by-end'],
  ['thoi han', 'by-end'],
  ['han', 'by-end'],
  ['cho den het', 'by-end'],
  ['cho den', 'by-end'],
  ['den het', 'by-end'],
  ['toi het', 'by-end'],
  ['den', 'by-end'],
  ['toi', 'by-end'],
  ['bat dau tu', 'from'],
  ['ke tu', 'from'],
  ['tu', 'from'],
];
/** Words that may come between the mode and the item ("chậm nhất là trong tháng 9", "Trong năm 2026"). */
const FILLERS = ['trong suot', 'trong', 'suot', 'vao', 'ca', 'giai doan', 'la'];
const MAX_FILLERS = 3;

/** Relative years: "năm sau" is the plan year + 1. */
const RELATIVE_YEARS: [string, number][] = [
  ['lien ke', 1],
  ['tiep theo', 1],
  ['ke tiep', 1],
  ['sau', 1],
  ['toi', 1],
  ['nay', 0],
  ['ke hoach', 0],
  ['hien hanh', 0],
  ['truoc', -1],
];
const NEXT_PERIOD = ['lien ke', 'tiep theo', 'ke tiep', 'sau', 'toi'];
const RANGE_JOINTS = ['cho den het', 'cho den', 'den het', 'toi het', 'den', 'toi'];
const LIST_JOINTS = ['va', 'hoac'];
const OPEN_ENDINGS = [
  'tro di',
  'tro ve sau',
  'cac nam tiep theo',
  'cac nam sau',
  'nhung nam tiep theo',
  'nhung nam sau',
];
/** Counts of months written as words ("sáu tháng đầu năm", "nửa đầu năm"). */
const NUMBER_WORDS: Record<string, number> = {
  mot: 1,
  hai: 2,
  ba: 3,
  bon: 4,
  sau: 6,
  bay: 7,
  tam: 8,
  chin: 9,
  nua: 6,
};
const UNIT_OF_WORD: Record<string, Every> = { thang: 'month', quy: 'quarter', nam: 'year' };
const EVERY_OF_MONTHS: Record<number, Every> = { 1: 'month', 3: 'quarter', 6: 'half', 12: 'year' };
/** Words that may follow a bare number of a date ("2025 và …"); any other word makes it a count. */
const AFTER_DATE_WORDS = new Set([
  'va',
  'hoac',
  'den',
  'toi',
  'tro',
  'cac',
  'nhung',
  'nam',
  'hang',
  'moi',
  'theo',
  'dinh',
  'cua',
]);
/** Roman numerals up to what a quarter or a month could be (I–XII); any other is written wrong. */
const ROMANS = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii'];

/** The value of a Roman numeral ("iv" → 4), NaN for one written wrong ("iiii", "vx"). */
const romanValue = (word: string) => ROMANS.indexOf(word) + 1 || NaN;

export class TimeGrammar {
  constructor(private readonly view: TokenView) {}

  /**
   * expression := frequency [","] list   (combined when the list can repeat: "Hằng năm, trước ngày 15/12")
   *             | list [","] frequency   ("trước ngày 10 hằng tháng")
   *             | frequency | list
   */
  expression(at: number): Expression | null {
    const expression = this.listOrFrequency(at);
    const year = expression && repeats(expression) ? this.recurrenceYear(expression.end) : null;
    return year ? { ...expression!, year: year.value, end: year.next } : expression;
  }

  private listOrFrequency(at: number): Expression | null {
    const frequency = this.frequency(at);
    if (frequency) {
      const list = this.list(this.skipComma(frequency.value.end));
      if (list && combines(frequency.value, list.value)) {
        return { first: at, end: list.next, frequency: frequency.value, list: list.value };
      }
      return { first: at, end: frequency.next, frequency: frequency.value };
    }
    const list = this.list(at);
    if (!list) return null;
    const after = this.frequency(this.skipComma(list.next));
    if (after && combines(after.value, list.value)) {
      return { first: at, end: after.next, frequency: after.value, list: list.value };
    }
    return { first: at, end: list.next, list: list.value };
  }

  /** After a recurrence: "(trong | của) năm 2026", "năm sau": the year it is over. */
  private recurrenceYear(at: number): Read<YearPart> {
    const start = this.view.word(at, 'trong', 'cua') >= 0 ? at + 1 : at;
    const yearWord = this.view.word(start, 'nam');
    return yearWord >= 0 ? this.yearAfterWord(yearWord) : null;
  }

  /** list := item ( ("," | ";" | "và" | "hoặc") item )*, where later items may leave out their unit word. */
  list(at: number): Read<TimeList> {
    const first = this.item(at, null);
    if (!first) return null;
    const items = [first.value];
    let next = first.next;
    while (!items[items.length - 1].openEnded) {
      const joint = this.listJoint(next);
      if (joint < 0) break;
      const item = this.item(joint, items[items.length - 1]);
      if (!item) break;
      items.push(item.value);
      next = item.next;
    }
    return { value: { first: at, end: next, items }, next };
  }

  /**
   * item := prefix* core [range-joint core] [open-ending]. An item after another in a list may write
   * only its number ("Quý I, III", "tháng 3, 6, 9 và 12/2025") and takes the earlier one's mode.
   */
  item(at: number, previous: Item | null): Read<Item> {
    const prefix = this.prefix(at);
    const context = previous ? (previous.to ?? previous.from) : null;
    const from = this.core(prefix.next, context);
    if (!from) return null;
    let next = from.next;
    let to: Core | undefined;
    const joint = this.rangeJoint(next);
    if (joint >= 0) {
      const end = this.core(joint, from.value);
      if (end && end.value.unit !== 'months-of-year' && end.value.unit !== 'day-of-period') {
        to = end.value;
        next = end.next;
      }
    }
    const ending = this.openEnding(next);
    const inherited = !prefix.own && previous && previous.mode !== 'from' ? previous.mode : prefix.mode;
    return {
      value: {
        first: at,
        end: ending >= 0 ? ending : next,
        mode: inherited,
        ownMode: prefix.own,
        from: from.value,
        to,
        openEnded: ending >= 0 || (prefix.mode === 'from' && !to),
      },
      next: ending >= 0 ? ending : next,
    };
  }

  /**
   * prefix := [mode-word] filler*, where a mode word is "trước" (before), "chậm nhất", "hạn", "đến
   * hết" (by its end) or "từ" (from on), and fillers are "là", "trong", "vào", "cả", "giai đoạn". Nothing
   * follows "từ": "điện tử trong 5 tháng" starts no item at "tử".
   */
  private prefix(at: number): { mode: Mode; own: boolean; next: number } {
    let next = at;
    const found = MODE_PREFIXES.find(([phrase]) => this.view.phrase(at, phrase) >= 0);
    if (found) {
      next = this.view.phrase(at, found[0]);
      if (found[1] === 'from') return { mode: 'from', own: true, next };
    }
    for (let count = 0; count < MAX_FILLERS; count++) {
      const filler = this.view.anyPhrase(next, FILLERS);
      if (filler < 0) break;
      next = filler;
    }
    return { mode: found ? found[1] : 'plain', own: Boolean(found), next };
  }

  /** core := day | month | quarter | year | months-of-year | a bare number in the unit of the item before. */
  core(at: number, context: Core | null): Read<Core> {
    return (
      this.dayCore(at) ??
      this.monthCore(at) ??
      this.quarterCore(at) ??
      this.yearCore(at) ??
      this.monthsOfYear(at) ??
      this.numericDate(at) ??
      this.dayMonthInWords(at) ??
      (context ? this.elided(at, context) : this.bareYear(at))
    );
  }

  /** "ngày 15/6/2025", "ngày 15 tháng 6 năm 2025", "ngày 05 của tháng liền kề", "ngày 10". */
  private dayCore(at: number): Read<Core> {
    const dayAt = this.view.word(at, 'ngay');
    if (dayAt < 0 || !this.view.isNumber(dayAt)) return null;
    const written = this.numericOf(dayAt, 'day') ?? this.dayMonthInWords(dayAt);
    if (written) return startingAt(written, at);
    const day = this.numberPart(dayAt);
    const ofPeriod = this.periodAfterDay(dayAt + 1);
    if (ofPeriod) {
      const { every, monthOfQuarter, next } = ofPeriod.value;
      return {
        value: { unit: 'day-of-period', day, every, monthOfQuarter, next, first: at, end: ofPeriod.next },
        next: ofPeriod.next,
      };
    }
    return { value: { unit: 'day', day, first: at, end: dayAt + 1 }, next: dayAt + 1 };
  }

  /**
   * After a day: "(của) tháng liền kề / sau / tiếp theo" (the next month), "(của) tháng cuối / đầu
   * (của) quý [sau]", "(của) quý sau".
   */
  private periodAfterDay(
    at: number,
  ): Read<{ every: 'month' | 'quarter'; monthOfQuarter: number; next: boolean }> {
    const start = this.view.word(at, 'cua') >= 0 ? at + 1 : at;
    const month = this.view.word(start, 'thang');
    if (month >= 0) {
      const nextMonth = this.view.anyPhrase(month, NEXT_PERIOD);
      if (nextMonth >= 0) {
        return { value: { every: 'month', monthOfQuarter: 0, next: true }, next: nextMonth };
      }
      const place = this.view.anyPhrase(month, ['dau', 'cuoi']);
      if (place < 0) return null;
      const monthOfQuarter = this.view.wordAt(month) === 'dau' ? 1 : 3;
      const ofAt = this.view.word(place, 'cua') >= 0 ? place + 1 : place;
      const quarter = this.view.word(ofAt, 'quy');
      if (quarter < 0) return null;
      const nextQuarter = this.view.anyPhrase(quarter, NEXT_PERIOD);
      return {
        value: { every: 'quarter', monthOfQuarter, next: nextQuarter >= 0 },
        next: nextQuarter >= 0 ? nextQuarter : quarter,
      };
    }
    const quarter = this.view.word(start, 'quy');
    const nextQuarter = quarter >= 0 ? this.view.anyPhrase(quarter, NEXT_PERIOD) : -1;
    if (nextQuarter < 0) return null;
    return { value: { every: 'quarter', monthOfQuarter: 1, next: true }, next: nextQuarter };
  }

  /** "tháng 7/2025", "tháng 07 năm 2025", "tháng 9" (no year). */
  private monthCore(at: number): Read<Core> {
    const monthAt = this.view.word(at, 'thang');
    if (monthAt < 0 || !this.view.isNumber(monthAt)) return null;
    const numeric = this.numericOf(monthAt, 'month');
    return numeric ? startingAt(numeric, at) : this.monthWithYear(monthAt, at);
  }

  /** A numeric date after a unit word, if it is of that unit ("tháng 06/2025" is a month, "tháng 15/6" not). */
  private numericOf(at: number, unit: Core['unit']): Read<Core> {
    const numeric = this.numericDate(at);
    return numeric?.value.unit === unit ? numeric : null;
  }

  /** A month's number and the year written after it. */
  private monthWithYear(monthAt: number, first: number): Read<Core> {
    const year = this.yearSuffix(monthAt + 1, true);
    const end = year?.next ?? monthAt + 1;
    return {
      value: { unit: 'month', month: this.numberPart(monthAt), year: year?.value, first, end },
      next: end,
    };
  }

  /** "Quý IV năm 2025", "quý 2/2025", "Quý III" (no year). */
  private quarterCore(at: number): Read<Core> {
    const quarterAt = this.view.word(at, 'quy');
    return quarterAt < 0 ? null : this.quarterNumber(quarterAt, at);
  }

  /** A quarter's number, Roman or Arabic, and its year. */
  private quarterNumber(at: number, first: number): Read<Core> {
    const token = this.view.at(at);
    if (!token) return null;
    let quarter: NumberPart;
    if (token.kind === 'number') quarter = this.numberPart(at);
    else if (token.kind === 'word' && /^[ivxlcdm]+$/.test(token.text)) {
      quarter = { value: romanValue(token.text), at };
    } else return null;
    const year = this.yearSuffix(at + 1, true);
    return {
      value: { unit: 'quarter', quarter, year: year?.value, first, end: year?.next ?? at + 1 },
      next: year?.next ?? at + 1,
    };
  }

  /** "năm 2025", "năm sau", "năm liền kề". */
  private yearCore(at: number): Read<Core> {
    const yearAt = this.view.word(at, 'nam');
    if (yearAt < 0) return null;
    const year = this.yearAfterWord(yearAt);
    return year
      ? { value: { unit: 'year', year: year.value, first: at, end: year.next }, next: year.next }
      : null;
  }

  /** A bare year, "2025": four digits, not a count ("2025 hồ sơ"). */
  private bareYear(at: number): Read<Core> {
    const token = this.view.at(at);
    if (token?.kind !== 'number' || token.text.length !== 4 || !this.endsDateNumber(at + 1)) return null;
    return {
      value: { unit: 'year', year: { at, written: token.value }, first: at, end: at + 1 },
      next: at + 1,
    };
  }

  /** "06 tháng đầu năm 2025", "6 tháng cuối năm", "sáu tháng đầu năm", "nửa cuối năm". */
  private monthsOfYear(at: number): Read<Core> {
    const token = this.view.at(at);
    let count: NumberPart;
    if (token?.kind === 'number') count = this.numberPart(at);
    else if (token?.kind === 'word' && token.text in NUMBER_WORDS) {
      count = { value: NUMBER_WORDS[token.text], at };
    } else return null;
    const months = token.text === 'nua' ? at + 1 : this.view.word(at + 1, 'thang');
    const edge = months >= 0 ? this.view.word(months, 'dau', 'cuoi') : -1;
    if (edge < 0) return null;
    const yearWord = this.view.word(this.view.word(edge, 'cua') >= 0 ? edge + 1 : edge, 'nam');
    if (yearWord < 0) return null;
    const year = this.yearAfterWord(yearWord);
    const end = year?.next ?? yearWord;
    return {
      value: {
        unit: 'months-of-year',
        count,
        edge: this.view.wordAt(months) === 'dau' ? 'first' : 'last',
        year: year?.value,
        first: at,
        end,
      },
      next: end,
    };
  }

  /**
   * "30/6/2025", "30-6-2025", "30.6.2025" (a day), "15/6" (a day, no year), "06/2025" (a month: four
   * digits after the slash are a year), each with a year after it if written ("31/01 năm sau").
   */
  private numericDate(at: number): Read<Core> {
    if (!this.view.isNumber(at)) return null;
    const joint = this.view.at(at + 1);
    if (joint?.kind !== 'mark' || !['/', '-', '.'].includes(joint.text) || !this.view.isNumber(at + 2)) {
      return null;
    }
    const second = this.view.at(at + 2)!;
    const third = this.view.mark(at + 3, joint.text) >= 0 && this.view.isNumber(at + 4);
    if (third) {
      const year: YearPart = { at: at + 4, written: this.view.at(at + 4)!.value };
      return this.dayOf(at, at + 2, year, at + 5);
    }
    if (joint.text !== '/') return null;
    if (second.text.length === 4) {
      const year: YearPart = { at: at + 2, written: second.value };
      return {
        value: { unit: 'month', month: this.numberPart(at), year, first: at, end: at + 3 },
        next: at + 3,
      };
    }
    const year = this.yearSuffix(at + 3, false);
    return this.dayOf(at, at + 2, year?.value, year?.next ?? at + 3);
  }

  /** "15 tháng 6 năm 2025", "15 tháng 6". */
  private dayMonthInWords(at: number): Read<Core> {
    const month = this.view.number(at) >= 0 ? this.view.word(at + 1, 'thang') : -1;
    if (month < 0 || !this.view.isNumber(month)) return null;
    const year = this.yearSuffix(month + 1, false);
    return this.dayOf(at, month, year?.value, year?.next ?? month + 1);
  }

  private dayOf(dayAt: number, monthAt: number, year: YearPart | undefined, end: number): Read<Core> {
    return {
      value: {
        unit: 'day',
        day: this.numberPart(dayAt),
        month: this.numberPart(monthAt),
        year,
        first: dayAt,
        end,
      },
      next: end,
    };
  }

  /** A later item of a list or the end of a range that writes only its number: the unit is the one before. */
  private elided(at: number, context: Core): Read<Core> {
    if (!this.view.at(at) || this.looksLikePartNumber(at)) return null;
    switch (context.unit) {
      case 'quarter':
        return this.quarterNumber(at, at);
      case 'month': {
        const numeric = this.numericDate(at);
        if (numeric) return numeric;
        if (!this.view.isNumber(at)) return null;
        const month = this.monthWithYear(at, at);
        return month!.value.end > at + 1 || this.endsDateNumber(at + 1) ? month : null;
      }
      case 'day':
      case 'day-of-period': {
        const numeric = this.numericDate(at);
        if (numeric) return numeric;
        if (!this.view.isNumber(at) || !this.endsDateNumber(at + 1)) return null;
        return { value: { unit: 'day', day: this.numberPart(at), first: at, end: at + 1 }, next: at + 1 };
      }
      case 'year': {
        const token = this.view.at(at);
        if (token?.kind !== 'number' || !this.endsDateNumber(at + 1)) return null;
        return {
          value: { unit: 'year', year: { at, written: token.value }, first: at, end: at + 1 },
          next: at + 1,
        };
      }
      default:
        return null;
    }
  }

  /**
   * year-suffix := "/" number | ["của"] "năm" (number | relative) | "," four digits (after a month or
   * quarter only: "tháng 3, 2025").
   */
  private yearSuffix(at: number, afterSpan: boolean): Read<YearPart> {
    const slash = this.view.mark(at, '/');
    if (slash >= 0 && this.view.isNumber(slash)) {
      return { value: { at: slash, written: this.view.at(slash)!.value }, next: slash + 1 };
    }
    const yearWord = this.view.word(this.view.word(at, 'cua') >= 0 ? at + 1 : at, 'nam');
    if (yearWord >= 0) return this.yearAfterWord(yearWord);
    const comma = afterSpan ? this.view.mark(at, ',') : -1;
    const token = this.view.at(comma);
    if (token?.kind === 'number' && token.text.length === 4 && this.endsDateNumber(comma + 1)) {
      return { value: { at: comma, written: token.value }, next: comma + 1 };
    }
    return null;
  }

  /** After the word "năm": a number, or a relative year ("sau", "liền kề", "nay", "trước"). */
  private yearAfterWord(at: number): Read<YearPart> {
    const token = this.view.at(at);
    if (token?.kind === 'number') return { value: { at, written: token.value }, next: at + 1 };
    for (const [phrase, offset] of RELATIVE_YEARS) {
      const next = this.view.phrase(at, phrase);
      if (next < 0) continue;
      // "năm trước ngày 31/12" is a year and a deadline, not last year.
      if (
        offset < 0 &&
        (this.view.isNumber(next) || this.view.word(next, 'ngay', 'thang', 'quy', 'nam') >= 0)
      ) {
        return null;
      }
      return { value: { at, offset }, next };
    }
    return null;
  }

  /**
   * frequency := ["định kỳ"] ("hằng" | "hàng" | "mỗi") ("tháng" | "quý" | "năm") | "theo tháng/quý/năm"
   *            | "thường xuyên trong (các) tháng/quý" | ["định kỳ" | "hằng" | "mỗi"] N "tháng" ["một lần" | "/lần"]
   */
  frequency(at: number): Read<Frequency> {
    const periodic = this.view.phrase(at, 'dinh ky');
    const afterPeriodic = periodic >= 0 ? periodic : at;
    const each = this.view.word(afterPeriodic, 'hang', 'moi');
    if (each >= 0 || periodic >= 0) {
      const unitAt = each >= 0 ? each : periodic;
      return this.frequencyUnit(at, unitAt, false) ?? this.everyMonths(at, unitAt, true);
    }
    const by = this.view.word(at, 'theo');
    if (by >= 0) return this.frequencyUnit(at, by, true);
    const always = this.view.anyPhrase(at, ['thuong xuyen trong cac', 'thuong xuyen trong']);
    if (always >= 0 && this.view.word(always, 'thang', 'quy') >= 0) {
      return this.frequencyUnit(at, always, false);
    }
    return this.everyMonths(at, at, false);
  }

  /**
   * The unit word of a recurrence ("tháng", "quý", "năm"), not followed by a number ("hằng năm 2025"
   * is no recurrence). After "theo" it must end the phrase: "theo quy định" is no "theo quý".
   */
  private frequencyUnit(first: number, at: number, alone: boolean): Read<Frequency> {
    const unit = UNIT_OF_WORD[this.view.wordAt(at) ?? ''];
    const after = this.view.at(at + 1);
    if (!unit || after?.kind === 'number' || (after?.kind === 'mark' && after.text === '/')) return null;
    if (alone && after?.kind === 'word' && !LIST_JOINTS.includes(after.text)) return null;
    return { value: { first, end: at + 1, every: unit }, next: at + 1 };
  }

  /** "định kỳ 6 tháng", "6 tháng một lần", "06 tháng/lần", "hằng 6 tháng": a recurrence by its months. */
  private everyMonths(first: number, at: number, marked: boolean): Read<Frequency> {
    const months = this.view.number(at) >= 0 ? this.view.word(at + 1, 'thang') : -1;
    if (months < 0 || this.view.word(months, 'dau', 'cuoi') >= 0) return null;
    const once = Math.max(
      this.view.phrase(months, 'mot lan'),
      this.view.at(months)?.text === '1' ? this.view.word(months + 1, 'lan') : -1,
      this.view.mark(months, '/') >= 0 ? this.view.word(months + 1, 'lan') : -1,
    );
    if (!marked && once < 0) return null;
    const count = this.numberPart(at);
    const next = once >= 0 ? once : months;
    return { value: { first, end: next, every: EVERY_OF_MONTHS[count.value] ?? null, count }, next };
  }

  private listJoint(at: number): number {
    const comma = this.view.mark(at, ',', ';');
    const word = this.view.word(comma >= 0 ? comma : at, ...LIST_JOINTS);
    if (word >= 0) return word;
    return comma;
  }

  private rangeJoint(at: number): number {
    const dash = this.view.at(at)?.lineStart ? -1 : this.view.mark(at, '-');
    return dash >= 0 ? dash : this.view.anyPhrase(at, RANGE_JOINTS);
  }

  /** "trở đi", "(và) các năm tiếp theo". */
  private openEnding(at: number): number {
    const start = this.view.word(at, 'va') >= 0 ? at + 1 : at;
    return this.view.anyPhrase(start, OPEN_ENDINGS);
  }

  private skipComma(at: number): number {
    const comma = this.view.mark(at, ',', ':');
    return comma >= 0 ? comma : at;
  }

  /** A number may end a date here: no word follows it, or one that goes on with dates ("và", "đến"). */
  private endsDateNumber(at: number): boolean {
    const token = this.view.at(at);
    if (token?.kind === 'mark') return token.text !== '%';
    return token?.kind !== 'word' || AFTER_DATE_WORDS.has(token.text);
  }

  /** "2. Báo cáo": the number of the next part, not an elided month. */
  private looksLikePartNumber(at: number): boolean {
    const close = this.view.mark(at + 1, '.', ')');
    return this.view.isNumber(at) && close >= 0 && this.view.at(close)?.kind === 'word';
  }

  private numberPart(at: number): NumberPart {
    return { value: this.view.at(at)!.value, at };
  }
}

/** The expression repeats through a year: a recurrence word (not "hằng năm"), or days of the next period. */
function repeats(expression: Expression): boolean {
  const { frequency, list } = expression;
  if (frequency) return frequency.every !== null && frequency.every !== 'year';
  return list!.items.every((item) => item.from.unit === 'day-of-period' && !item.to);
}

/** A core read after its unit word starts at that word. */
const startingAt = (read: { value: Core; next: number }, first: number): Read<Core> => ({
  value: { ...read.value, first },
  next: read.next,
});

/** A recurrence and a list read together when every item is a day or date it can repeat on. */
function combines(frequency: Frequency, list: TimeList): boolean {
  if (!frequency.every) return false;
  const cores = list.items.flatMap((item) => (item.to ? [item.from, item.to] : [item.from]));
  return cores.every((core) => {
    if ('year' in core && core.year) return false;
    switch (frequency.every) {
      case 'month':
        return (
          (core.unit === 'day' && !core.month) || (core.unit === 'day-of-period' && core.every === 'month')
        );
      case 'quarter':
        return core.unit === 'day-of-period' && core.every === 'quarter';
      case 'year':
        return (
          (core.unit === 'day' && Boolean(core.month)) || core.unit === 'month' || core.unit === 'quarter'
        );
      default:
        return false;
    }
  });
}
