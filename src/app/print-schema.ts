import { lexicographicSortSchema, printSchema } from 'graphql';
import { createSchema } from './schema';

/** The schema as committed SDL: sorted, so the file changes only when the API does. */
export async function printSchemaSdl(): Promise<string> {
  return `# Generated from the code by \`npm run schema\`; do not edit by hand.\n\n${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}
