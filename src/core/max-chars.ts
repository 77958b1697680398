import { Extensions } from 'type-graphql';

/**
 * Raises (or lowers) the length limit the input guard (app/input-guard.ts) applies to a string
 * argument or input field, instead of DEFAULT_MAX_CHARS (core/text-input.ts). `'import'` is the
 * configured limit of an imported plan file (CCHC_MAX_IMPORT_CHARS).
 */
export const MaxChars = (limit: number | 'import') => Extensions({ maxChars: limit });
