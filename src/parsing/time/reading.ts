import type { Token } from './tokens';

/**
 * What became of a number of the cell (consume or warn): used in a milestone, taken by a citation, a
 * reference, the name of a plan or the numbering of parts, counted from an event by a conditional clause ("Sau 03 tháng
 * kể từ khi …"), a count that is no date part ("02 hội nghị", "100%"), or named in a warning.
 */
export type NumberFate =
  | 'milestone'
  | 'citation'
  | 'reference'
  | 'name'
  | 'marker'
  | 'condition'
  | 'count'
  | 'warned';

/** The longest quote of the cell a warning carries. */
const QUOTE_LENGTH = 80;

/** The state of reading one cell: its tokens, the plan year, the warnings and each number's fate. */
export class Reading {
  readonly warnings: string[] = [];
  readonly fates: (NumberFate | undefined)[];
  /** For a warned number, the warning that names it. */
  readonly warningOf: (number | undefined)[];

  constructor(
    readonly text: string,
    readonly tokens: Token[],
    readonly planYear: number,
  ) {
    this.fates = new Array(tokens.length).fill(undefined);
    this.warningOf = new Array(tokens.length).fill(undefined);
  }

  /** The cell's text from one token to another (end excluded), shortened if long. */
  quote(first: number, end: number): string {
    const from = this.tokens[first]?.start ?? 0;
    const to = this.tokens[Math.min(end, this.tokens.length) - 1]?.end ?? from;
    const text = this.text.slice(from, to).replace(/\s+/g, ' ');
    return text.length > QUOTE_LENGTH ? `${text.slice(0, QUOTE_LENGTH - 1)}…` : text;
  }

  /** A warning about the text between two tokens; the numbers given are named by it. */
  warn(first: number, end: number, reason: string, numbers: number[]): void {
    const index = this.warnings.length;
    this.warnings.push(`Time "${this.quote(first, end)}": ${reason}`);
    for (const at of numbers) {
      // A number already used or named keeps its fate: the first warning that names it stays.
      if (
        this.tokens[at]?.kind !== 'number' ||
        this.fates[at] === 'milestone' ||
        this.fates[at] === 'warned'
      ) {
        continue;
      }
      this.fates[at] = 'warned';
      this.warningOf[at] = index;
    }
  }

  /** Numbers that a milestone was read from. */
  use(numbers: number[]): void {
    for (const at of numbers) if (this.tokens[at]?.kind === 'number') this.fates[at] = 'milestone';
  }

  /** Numbers taken by something else (a citation, a condition…), unless already used or warned. */
  take(numbers: number[], fate: NumberFate): void {
    for (const at of numbers) if (this.tokens[at]?.kind === 'number') this.fates[at] ??= fate;
  }

  /** A number as a warning names it: its digits, or their count when there are very many. */
  numberText(at: number): string {
    const raw = this.tokens[at].raw;
    return raw.length > 24 ? `${raw.slice(0, 8)}… (${raw.length} digits)` : raw;
  }
}
