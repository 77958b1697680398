/**
 * The checks every input value passes before a resolver sees it (app/input-guard.ts applies them
 * to every argument and input field): strings are well-formed Unicode without NUL, normalised to
 * NFC and not longer than a limit; floats are finite and within range; dates lie in a sane range.
 * Plain functions with no GraphQL, so they are tested alone.
 */

/** Longest string accepted where a field names no other limit (core/limits.ts has the per-field ones). */
export const DEFAULT_MAX_CHARS = 2000;

/** Largest magnitude of a Float argument: integers are exact up to 2^53 ≈ 9.007e15 in a double. */
export const MAX_FLOAT_MAGNITUDE = 1e15;

/** Dates (LocalDate arguments such as a plan's issueDate) lie in these years, inclusive. */
export const DATE_YEARS = { min: 1900, max: 2200 } as const;

/** Is every surrogate of the string paired (the string is valid UTF-16, encodable as UTF-8)? */
export function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/**
 * A string input checked and normalised: the NFC text, or what is wrong with it (a sentence that
 * follows the field path, e.g. "contains a NUL character (U+0000)").
 */
export function checkText(
  text: string,
  maxChars: number = DEFAULT_MAX_CHARS,
): { value: string } | { problem: string } {
  // Length first, on the raw text: nothing more is done with an oversized value.
  if (text.length > maxChars) {
    return { problem: `is ${text.length} characters long; at most ${maxChars} are accepted` };
  }
  if (text.includes('\u0000')) return { problem: 'contains a NUL character (U+0000)' };
  if (!isWellFormed(text)) return { problem: 'contains an unpaired surrogate (not valid Unicode text)' };
  const value = text.normalize('NFC');
  // NFC can lengthen a text (rarely: some scripts); the limit holds for what is stored.
  if (value.length > maxChars) {
    return { problem: `is ${value.length} characters long; at most ${maxChars} are accepted` };
  }
  return { value };
}

/** What is wrong with a Float input, or null when it is finite and within ±MAX_FLOAT_MAGNITUDE. */
export function floatProblem(value: number): string | null {
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (Math.abs(value) > MAX_FLOAT_MAGNITUDE) {
    return `must be between -${MAX_FLOAT_MAGNITUDE.toExponential()} and ${MAX_FLOAT_MAGNITUDE.toExponential()}`;
  }
  return null;
}

/** What is wrong with a "YYYY-MM-DD" date input, or null when its year is within DATE_YEARS. */
export function dateProblem(value: string): string | null {
  const year = Number(/^(\d{4,})-/.exec(value)?.[1]);
  if (!Number.isInteger(year) || year < DATE_YEARS.min || year > DATE_YEARS.max) {
    return `must be a date between ${DATE_YEARS.min}-01-01 and ${DATE_YEARS.max}-12-31`;
  }
  return null;
}
