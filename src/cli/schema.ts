// npm run schema: writes the SDL of the code's schema to schema/schema.graphql.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/config';
import { printSchemaSdl } from '../app/print-schema';

export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');

printSchemaSdl()
  .then((sdl) => {
    writeFileSync(SCHEMA_FILE, sdl);
    console.error(`Wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
