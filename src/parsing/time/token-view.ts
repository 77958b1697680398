import type { Token } from './tokens';

/**
 * Words that fold to a word of the date vocabulary but, written with their marks, are another word:
 * "điện tử" is no "từ", "quỹ" no "quý". Matching ignores marks only where they do not tell the
 * words apart ("truoc ngay", "QUY IV" still read).
 */
const FALSE_FRIENDS: Record<string, string[]> = {
  tu: ['tư', 'tự', 'tử', 'tù', 'tủ', 'tú', 'tụ'],
  den: ['đen', 'đền'],
  toi: ['tôi', 'tối'],
  han: ['hàn', 'hân', 'hán', 'hãn'],
  ca: ['cá', 'cà', 'cạ'],
  hang: ['hạng', 'háng'],
  quy: ['quỹ', 'quỳ', 'quỷ'],
  thang: ['thắng', 'thăng', 'thẳng'],
  dau: ['dầu', 'dấu', 'đau', 'đâu'],
  cuoi: ['cười'],
  moi: ['mới', 'môi'],
};

/**
 * The tokens of a cell as the rules read them: words by their folded text, phrases of several words,
 * marks and numbers. Tokens taken by a citation are hidden, so no rule reads through one. Every
 * matcher returns the position after what it matched, or -1.
 */
export class TokenView {
  constructor(
    readonly tokens: Token[],
    private readonly hidden: (at: number) => boolean = () => false,
  ) {}

  get length(): number {
    return this.tokens.length;
  }

  /** The token at a position, unless it is hidden or past the end. */
  at(at: number): Token | undefined {
    return at >= 0 && at < this.tokens.length && !this.hidden(at) ? this.tokens[at] : undefined;
  }

  /** The word at a position (its folded text; a false friend is marked "~tu"), if one is there. */
  wordAt(at: number): string | undefined {
    const token = this.at(at);
    if (token?.kind !== 'word') return undefined;
    return FALSE_FRIENDS[token.text]?.includes(token.raw.toLowerCase()) ? `~${token.text}` : token.text;
  }

  isNumber(at: number): boolean {
    return this.at(at)?.kind === 'number';
  }

  /** One of the given words. */
  word(at: number, ...words: string[]): number {
    const word = this.wordAt(at);
    return word !== undefined && words.includes(word) ? at + 1 : -1;
  }

  /** A phrase of words ("cham nhat"), matched word by word. */
  phrase(at: number, phrase: string): number {
    const words = wordsOf(phrase);
    for (let i = 0; i < words.length; i++) {
      if (this.wordAt(at + i) !== words[i]) return -1;
    }
    return at + words.length;
  }

  /** The first of several phrases that matches. */
  anyPhrase(at: number, phrases: readonly string[]): number {
    for (const phrase of phrases) {
      const next = this.phrase(at, phrase);
      if (next >= 0) return next;
    }
    return -1;
  }

  /** A mark of punctuation. */
  mark(at: number, ...marks: string[]): number {
    const token = this.at(at);
    return token?.kind === 'mark' && marks.includes(token.text) ? at + 1 : -1;
  }

  /** A number token. */
  number(at: number): number {
    return this.isNumber(at) ? at + 1 : -1;
  }
}

/** The words of a phrase, split once: the rules match the same few phrases at every token. */
const PHRASE_WORDS = new Map<string, string[]>();
function wordsOf(phrase: string): string[] {
  let words = PHRASE_WORDS.get(phrase);
  if (!words) {
    words = phrase.split(' ');
    PHRASE_WORDS.set(phrase, words);
  }
  return words;
}
