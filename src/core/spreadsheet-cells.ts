/**
 * Formula injection (OWASP "CSV injection"): a spreadsheet that opens a CSV runs a cell beginning
 * with = + - @ (and, in some programs, a tab or a carriage return) as a formula. Text cells written
 * to CSV are neutralised by a single quote in front, which spreadsheets show as text; numbers of
 * number columns are written as numbers (a negative number is a number, not a formula).
 *
 * Text that already begins with quotes before such a character gets one more quote, so the rule can
 * be undone exactly: unneutraliseCell(neutraliseCell(t)) === t for every text t. The plan importer
 * undoes it, so an exported plan imports unchanged (docs/EXPORTS.md, docs/PLAN-FILES.md).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet: "'" in front when it would start a formula. */
export function neutraliseCell(text: string): string {
  // Most cells start with a letter or a digit: only the others are tested against the pattern.
  const first = text.charCodeAt(0);
  if (
    first !== 39 &&
    first !== 61 &&
    first !== 43 &&
    first !== 45 &&
    first !== 64 &&
    first !== 9 &&
    first !== 13
  ) {
    return text;
  }
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes neutraliseCell: one leading quote off text that begins with quotes, then = + - @ tab CR. */
export function unneutraliseCell(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text) ? text.slice(1) : text;
}
