/** Shared clean-up of table cells before reading times and targets out of them. */

/** NFC, single spaces, and digits the PDF extraction split ("202 5" → "2025"). */
export function normalizeCell(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/\b(20\d)\s(\d)\b/g, '$1$2')
    .trim();
}

const DOCUMENT_TYPE =
  '(?:nghị\\s+định|quyết\\s+định|thông\\s+tư|kế\\s+hoạch|công\\s+văn|nghị\\s+quyết|chỉ\\s+thị|luật|văn\\s+bản|hướng\\s+dẫn|chương\\s+trình|đề\\s+án|thông\\s+báo|pháp\\s+lệnh)';
// "52/2015/NĐ-CP", "1737/QĐ-UBND", "59/2012/ NĐ-CP", "12-NQ/TU".
// The look-behind starts a number only where a run of digits and dashes starts: the same matches,
// without trying every digit of a long run as a start (a 2,000-digit cell took seconds).
const DOCUMENT_NUMBER =
  '(?<!\\d[\\d\\-]*?)\\d[\\d\\-]*\\s*\\/\\s*(?:\\d{4}\\s*\\/\\s*)?[\\p{Lu}Đ][\\p{L}\\-]*(?:\\s*-\\s*[\\p{Lu}Đ][\\p{L}]*)*';
const DATE = '\\d{1,2}\\s*\\/\\s*\\d{1,2}\\s*\\/\\s*\\d{4}';

const CITATION = new RegExp(
  `(?:điều\\s+\\d+\\s+)?${DOCUMENT_TYPE}\\s+(?:số\\s*:?\\s*)?${DOCUMENT_NUMBER}(?:\\s+ngày\\s+${DATE})?`,
  'giu',
);
const BARE_DOCUMENT_NUMBER = new RegExp(`(?:số\\s*:?\\s*)?${DOCUMENT_NUMBER}(?:\\s+ngày\\s+${DATE})?`, 'gu');
// "ngày 15/7/2021 của Chính phủ": a date that belongs to whoever issued something.
const ISSUED_DATE = new RegExp(`ngày\\s+${DATE}\\s+của\\s+\\p{L}+`, 'giu');

/**
 * Removes cited documents — their numbers and dates — so that "Nghị định số 52/2015/NĐ-CP ngày
 * 28/5/2015" is never read as a deadline or a target. Says whether anything was cited.
 */
export function stripCitations(text: string): { text: string; cited: boolean } {
  let cited = false;
  const blank = () => {
    cited = true;
    return ' ';
  };
  const stripped = text
    .replace(CITATION, blank)
    .replace(ISSUED_DATE, blank)
    .replace(BARE_DOCUMENT_NUMBER, blank);
  return { text: stripped.replace(/\s+/g, ' ').trim(), cited };
}

const FOLDED = new Map<string, string>();

/**
 * One character as matching sees it: lower case, without diacritics ("Ệ" → "e", "Đ" → "d"). A lone
 * combining mark folds to nothing.
 */
export function foldCharacter(character: string): string {
  let folded = FOLDED.get(character);
  if (folded === undefined) {
    folded = character.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
    if (FOLDED.size < 10_000) FOLDED.set(character, folded);
  }
  return folded;
}
