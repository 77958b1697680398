import { foldVietnamese } from './area-heading';

/**
 * Classification of a plan indicator against the indicator catalogue (docs/INDICATORS.md): which
 * national indicator its text names, by the catalogue's phrases. Pure: the catalogue is an argument.
 *
 * The rules, in order:
 * 1. Both texts are read as words: without diacritics or case, punctuation as a word break, and the
 *    abbreviations of the plans spelt out (TTHC, DVC, DVCTT, CBCCVC, CB,CC,VC, QPPL, CCHC, CSDL, NSNN).
 * 2. An entry matches a text when one of its key phrases occurs in it, every `+` phrase occurs in it,
 *    and no `-` phrase does. A key phrase "a … b" allows at most MAX_GAP words between its parts.
 * 3. The name (the short label) decides first. An entry forbidden by the name is out altogether.
 *    Only when no entry matches the name is the target sentence read, with less confidence (a
 *    sentence often states several targets).
 * 4. When several entries match one text, the one whose matched words enclose every other match
 *    wins ("TTHC có nghĩa vụ tài chính … thanh toán trực tuyến" over "thanh toán trực tuyến");
 *    otherwise the indicator stays unclassified: ambiguous.
 * 5. A match below MIN_CONFIDENCE (a short phrase found only in the target sentence) is too weak.
 */

/** What the classifier needs of a catalogue entry. */
export interface CatalogPhrases {
  code: string;
  phrases: readonly string[];
}

/** What the classifier reads of an indicator. */
export interface IndicatorText {
  name: string;
  targetText: string;
}

export interface IndicatorClassification {
  code: string;
  /** 0–1: higher for a match in the name and for a longer phrase. */
  confidence: number;
  /** The catalogue phrase that matched, as written in the catalogue. */
  phrase: string;
}

/** Words allowed between the parts of a key phrase "a … b". */
export const MAX_GAP = 10;
/** Below this the match is too weak to classify. */
export const MIN_CONFIDENCE = 0.6;

/** Abbreviations (folded word sequences) and what they stand for. */
const ABBREVIATIONS: readonly [string, string][] = [
  ['tthc', 'thu tuc hanh chinh'],
  ['dvctt', 'dich vu cong truc tuyen'],
  ['dvc', 'dich vu cong'],
  ['cbccvc', 'can bo cong chuc vien chuc'],
  ['cb cc vc', 'can bo cong chuc vien chuc'],
  ['cbcc', 'can bo cong chuc'],
  ['qppl', 'quy pham phap luat'],
  ['cchc', 'cai cach hanh chinh'],
  ['csdl', 'co so du lieu'],
  ['nsnn', 'ngan sach nha nuoc'],
  // Spelling variants the folding leaves apart.
  ['ti le', 'ty le'],
  ['ki nang', 'ky nang'],
];
const ABBREVIATION_WORDS = ABBREVIATIONS.map(([short, long]) => [short.split(' '), long.split(' ')] as const);

/** The words of a text as matching sees them (rule 1). */
export function indicatorWords(text: string): string[] {
  const raw = foldVietnamese(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  const words: string[] = [];
  for (let i = 0; i < raw.length; ) {
    const found = ABBREVIATION_WORDS.find(([short]) => short.every((word, k) => raw[i + k] === word));
    if (found) {
      words.push(...found[1]);
      i += found[0].length;
    } else {
      words.push(raw[i]);
      i += 1;
    }
  }
  return words;
}

type PhraseKind = 'key' | 'required' | 'forbidden';

interface ParsedPhrase {
  text: string;
  kind: PhraseKind;
  parts: string[][];
  wordCount: number;
}

/** A catalogue phrase in the notation of src/parsing/indicator-phrases.ts; null when it has no words. */
export function parsePhrase(text: string): ParsedPhrase | null {
  const trimmed = text.trim();
  const kind: PhraseKind = trimmed.startsWith('+')
    ? 'required'
    : trimmed.startsWith('-')
      ? 'forbidden'
      : 'key';
  const body = kind === 'key' ? trimmed : trimmed.slice(1);
  const parts = body
    .split(/…|\.\.\./)
    .map(indicatorWords)
    .filter((part) => part.length > 0);
  if (parts.length === 0) return null;
  return { text: trimmed, kind, parts, wordCount: parts.reduce((sum, part) => sum + part.length, 0) };
}

interface Span {
  start: number;
  end: number;
}

function occursAt(words: string[], part: string[], at: number): boolean {
  return part.every((word, k) => words[at + k] === word);
}

/** The first place the phrase occurs in the words (its parts in order, gaps ≤ MAX_GAP); null if none. */
function findPhrase(words: string[], phrase: ParsedPhrase): Span | null {
  const [first, ...rest] = phrase.parts;
  for (let start = 0; start + first.length <= words.length; start++) {
    if (!occursAt(words, first, start)) continue;
    let end = start + first.length;
    let complete = true;
    for (const part of rest) {
      let found = -1;
      for (let at = end; at <= end + MAX_GAP && at + part.length <= words.length; at++) {
        if (occursAt(words, part, at)) {
          found = at;
          break;
        }
      }
      if (found < 0) {
        complete = false;
        break;
      }
      end = found + part.length;
    }
    if (complete) return { start, end };
  }
  return null;
}

interface ParsedEntry {
  code: string;
  phrases: ParsedPhrase[];
}

interface EntryMatch {
  code: string;
  phrase: ParsedPhrase;
  span: Span;
}

type EntryVerdict = { match: EntryMatch } | { forbidden: true } | null;

function matchEntry(words: string[], entry: ParsedEntry): EntryVerdict {
  if (entry.phrases.some((p) => p.kind === 'forbidden' && findPhrase(words, p))) return { forbidden: true };
  if (entry.phrases.some((p) => p.kind === 'required' && !findPhrase(words, p))) return null;
  let best: EntryMatch | null = null;
  for (const phrase of entry.phrases) {
    if (phrase.kind !== 'key') continue;
    const span = findPhrase(words, phrase);
    if (span && (!best || phrase.wordCount > best.phrase.wordCount)) {
      best = { code: entry.code, phrase, span };
    }
  }
  return best ? { match: best } : null;
}

/** Rule 4: the one match whose span encloses all the others', or null (ambiguous). */
function resolve(matches: EntryMatch[]): EntryMatch | null {
  if (matches.length === 1) return matches[0];
  const encloses = (outer: EntryMatch, inner: EntryMatch) =>
    outer.span.start <= inner.span.start &&
    outer.span.end >= inner.span.end &&
    outer.span.end - outer.span.start > inner.span.end - inner.span.start;
  return matches.find((outer) => matches.every((inner) => inner === outer || encloses(outer, inner))) ?? null;
}

function confidenceOf(match: EntryMatch, inName: boolean): number {
  const base = inName ? 0.85 : 0.55;
  return Math.round((base + 0.03 * Math.min(match.phrase.wordCount, 5)) * 100) / 100;
}

const parsedCatalogs = new WeakMap<readonly CatalogPhrases[], ParsedEntry[]>();

function parseCatalog(catalog: readonly CatalogPhrases[]): ParsedEntry[] {
  let parsed = parsedCatalogs.get(catalog);
  if (!parsed) {
    parsed = catalog.map((entry) => ({
      code: entry.code,
      phrases: entry.phrases.map(parsePhrase).filter((p): p is ParsedPhrase => p !== null),
    }));
    parsedCatalogs.set(catalog, parsed);
  }
  return parsed;
}

/**
 * The catalogue entry an indicator measures, with the confidence and the phrase that matched; null
 * when none matches, the match is ambiguous, or it is too weak (rules above). Never a guess.
 */
export function classifyIndicator(
  indicator: IndicatorText,
  catalog: readonly CatalogPhrases[],
): IndicatorClassification | null {
  const entries = parseCatalog(catalog);
  const nameWords = indicatorWords(indicator.name);
  const excluded = new Set<string>();
  const nameMatches: EntryMatch[] = [];
  for (const entry of entries) {
    const verdict = matchEntry(nameWords, entry);
    if (verdict && 'forbidden' in verdict) excluded.add(entry.code);
    else if (verdict) nameMatches.push(verdict.match);
  }
  let chosen: EntryMatch | null;
  let inName: boolean;
  if (nameMatches.length > 0) {
    chosen = resolve(nameMatches);
    inName = true;
  } else {
    const targetWords = indicatorWords(indicator.targetText);
    const targetMatches: EntryMatch[] = [];
    for (const entry of entries) {
      if (excluded.has(entry.code)) continue;
      const verdict = matchEntry(targetWords, entry);
      if (verdict && 'match' in verdict) targetMatches.push(verdict.match);
    }
    chosen = targetMatches.length > 0 ? resolve(targetMatches) : null;
    inName = false;
  }
  if (!chosen) return null;
  const confidence = confidenceOf(chosen, inName);
  if (confidence < MIN_CONFIDENCE) return null;
  return { code: chosen.code, confidence, phrase: chosen.phrase.text };
}
