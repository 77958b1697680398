import { foldCharacter } from '../vietnamese-text';
import { isYear } from './calendar';

/** A word (letters), a number (digits) or one mark of punctuation. */
export type TokenKind = 'word' | 'number' | 'mark';

export interface Token {
  kind: TokenKind;
  /** As matching sees it: letters folded to lower-case ASCII ("Quý" → "quy"), "–" and "—" as "-". */
  text: string;
  /** As the cell writes it. */
  raw: string;
  /** Offsets in the cell (after NFC normalisation): raw is cell.slice(start, end). */
  start: number;
  end: number;
  /** Whitespace comes before it. */
  spaced: boolean;
  /** It starts a line ("- …" on a new line is a dash of a list, not of a range). */
  lineStart: boolean;
  /** The value of a number (NaN for words and marks). */
  value: number;
}

/** Dashes and hyphens of every kind read as "-". */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/;

type CharClass = 'space' | 'digit' | 'letter' | 'mark';
const classOf = (folded: string): CharClass => {
  if (/^\s$/.test(folded) || folded === '\u200b' || folded === '\ufeff') return 'space';
  if (folded >= '0' && folded <= '9') return 'digit';
  if (folded >= 'a' && folded <= 'z') return 'letter';
  return 'mark';
};

/**
 * Splits a cell into tokens. Matching ignores diacritics and case ("QUY IV", "truoc ngay"), while
 * every token keeps its place and its raw text for warnings. A year the PDF split ("202 5", "20 25",
 * "2 026") is joined back into one number.
 */
export function tokenize(cell: string): { text: string; tokens: Token[] } {
  const text = cell.normalize('NFC');
  const tokens: Token[] = [];
  let current: { kind: TokenKind; folded: string; start: number; end: number } | null = null;
  let spaced = false;
  let lineStart = true;
  const flush = () => {
    if (!current) return;
    const raw = text.slice(current.start, current.end);
    const value = current.kind === 'number' ? Number(current.folded) : NaN;
    tokens.push({
      kind: current.kind,
      text: current.folded,
      raw,
      start: current.start,
      end: current.end,
      spaced,
      lineStart,
      value,
    });
    current = null;
    spaced = false;
    lineStart = false;
  };
  for (let at = 0; at < text.length; ) {
    const character = String.fromCodePoint(text.codePointAt(at)!);
    const end = at + character.length;
    for (const folded of foldCharacter(character)) {
      const type = classOf(folded);
      if (type === 'space') {
        flush();
        spaced = true;
        if (folded === '\n' || folded === '\r') lineStart = true;
      } else if (type === 'mark') {
        flush();
        current = { kind: 'mark', folded: DASHES.test(folded) ? '-' : folded, start: at, end };
        flush();
      } else {
        const kind: TokenKind = type === 'digit' ? 'number' : 'word';
        // Spaces and marks end a token, so a token of the same kind is the one just before.
        if (current && current.kind === kind) {
          current.folded += folded;
          current.end = end;
        } else {
          flush();
          current = { kind, folded, start: at, end };
        }
      }
    }
    at = end;
  }
  flush();
  return { text, tokens: joinSplitYears(text, tokens) };
}

const SLOT_WORDS = new Set(['ngay', 'thang', 'quy']);

/**
 * "202 5", "20 25", "2 026" are years the PDF broke: numbers apart by a space only whose digits make a
 * year of a plan. Not when the first is a day, month or quarter ("ngày 20 25/6" is no year), nor when
 * the second goes on as a date ("20 25/6").
 */
function joinSplitYears(text: string, tokens: Token[]): Token[] {
  const joined: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const [first, second, after, afterThat] = [tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3]];
    const previous = joined[joined.length - 1];
    const digits = first.text + (second?.text ?? '');
    const splitYear =
      first.kind === 'number' &&
      second?.kind === 'number' &&
      second.spaced &&
      first.text.length < 4 &&
      digits.length === 4 &&
      isYear(Number(digits)) &&
      !(previous?.kind === 'word' && SLOT_WORDS.has(previous.text)) &&
      !goesOnAsDate(after, afterThat);
    if (!splitYear) {
      joined.push(first);
      continue;
    }
    joined.push({
      ...first,
      text: digits,
      raw: text.slice(first.start, second.end),
      end: second.end,
      value: Number(digits),
    });
    i++;
  }
  return joined;
}

/**
 * "25/6", "25 / 6", "25-6", "25.6": the number before goes on as a date. A dash or dot with space after
 * it does not ("2 023- 19/06" is a range, "2 023." ends a sentence).
 */
const goesOnAsDate = (joint: Token | undefined, next: Token | undefined) =>
  joint?.kind === 'mark' &&
  next?.kind === 'number' &&
  (joint.text === '/' || (['-', '.'].includes(joint.text) && !joint.spaced && !next.spaced));
