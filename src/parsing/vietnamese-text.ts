/** Vietnamese text as the plans' parsers match it. */

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

/** A whole text as matching sees it: every character through `foldCharacter`. */
export function foldText(text: string): string {
  let folded = '';
  for (const character of text) folded += foldCharacter(character);
  return folded;
}
