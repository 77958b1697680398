/**
 * The tokens of an indicator sentence: digit runs, words and single symbols, each with its place in
 * the text. One pass with a sticky expression and no nested repetition, so that any input, however
 * long or hostile, is read in linear time.
 */
export interface Token {
  kind: 'number' | 'word' | 'symbol';
  /** As written. */
  text: string;
  /** Lower case: what the vocabulary is matched against. */
  key: string;
  /** A word written without any diacritic ("toi"), which may stand for one with them ("tối"). */
  bare: boolean;
  start: number;
  end: number;
  /** Whitespace before it: "5G" is one name, "5 giờ" a figure and a unit. */
  spaced: boolean;
}

const TOKEN = /(\s*)(?:(\d+)|([\p{L}\p{M}]+)|(\S))/uy;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const start = m.index + m[1].length;
    const written = m[2] ?? m[3] ?? m[4];
    if (written === undefined) break; // only whitespace was left
    const kind = m[2] !== undefined ? 'number' : m[3] !== undefined ? 'word' : 'symbol';
    const key = written.toLowerCase();
    tokens.push({
      kind,
      text: written,
      key,
      bare: kind === 'word' && /^[a-z]+$/.test(key),
      start,
      end: start + written.length,
      spaced: m[1].length > 0 || start === 0,
    });
  }
  return tokens;
}

/** "tối thiểu" → "toi thieu", "đạt" → "dat": how a word reads with its diacritics left out. */
export function foldDiacritics(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * A number as written: digit runs joined by "," or "." with no space ("2,5", "3.000", "1.2",
 * "30.6.2025"), or a year the PDF split ("202 5"). Its tokens run from `first` to `last`.
 */
export interface Numeral {
  first: number;
  last: number;
  text: string;
  /** The digit runs and the separators between them. */
  groups: string[];
  separators: string[];
  /** Its value by the Vietnamese convention (decimal comma, "." groups thousands); null if none. */
  value: number | null;
}

/** Longest run of digits taken as a number: beyond it a double no longer holds what was written. */
const MAX_DIGITS = 15;

export function readNumerals(tokens: Token[], text: string): Numeral[] {
  const numerals: Numeral[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].kind !== 'number') continue;
    const groups = [tokens[i].text];
    const separators: string[] = [];
    let last = i;
    const joins = (at: number) =>
      (tokens[at]?.text === ',' || tokens[at]?.text === '.') &&
      !tokens[at].spaced &&
      tokens[at + 1]?.kind === 'number' &&
      !tokens[at + 1].spaced;
    while (joins(last + 1)) {
      separators.push(tokens[last + 1].text);
      groups.push(tokens[last + 2].text);
      last += 2;
    }
    if (!separators.length && isSplitYear(tokens, i)) {
      groups[0] += tokens[i + 1].text;
      last = i + 1;
    }
    numerals.push({
      first: i,
      last,
      text: text.slice(tokens[i].start, tokens[last].end),
      groups,
      separators,
      value: valueOf(groups, separators),
    });
    i = last;
  }
  return numerals;
}

/** "202 5": the PDF split a year after its third digit. */
function isSplitYear(tokens: Token[], i: number): boolean {
  const next = tokens[i + 1];
  const after = tokens[i + 2];
  return (
    /^20\d$/.test(tokens[i].text) &&
    next?.kind === 'number' &&
    next.text.length === 1 &&
    next.start === tokens[i].end + 1 &&
    (!after || after.kind !== 'number' || after.spaced)
  );
}

function valueOf(groups: string[], separators: string[]): number | null {
  const [whole, ...rest] = groups;
  let digits = whole;
  let index = 0;
  // "3.000", "1.000.000": dots group thousands when every group after one has three digits.
  while (separators[index] === '.' && rest[index].length === 3) {
    digits += rest[index];
    index++;
  }
  let fraction = '';
  if (index === separators.length - 1 && (separators[index] === ',' || index === 0)) {
    fraction = rest[index]; // "2,5", "1.000,5", and a lone "2.5"
    index++;
  }
  if (index !== separators.length) return null; // "1.2.3": a label, no value
  const integer = digits.replace(/^0+(?=\d)/, '');
  if (integer.length > MAX_DIGITS) return null;
  return Number(fraction ? `${integer}.${fraction}` : integer);
}
