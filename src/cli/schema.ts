// npm run schema: writes the SDL of the code's schema to schema/schema.graphql, and the persisted
// documents of schema/operations/*.graphql to schema/persisted-documents.json.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, validate } from 'graphql';
import { PROJECT_ROOT } from '../core/config';
import { printSchemaSdl } from '../app/print-schema';
import { buildManifest, MANIFEST_FILE, manifestJson } from '../app/persisted-documents';
import { parse } from 'graphql';

export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');

async function main() {
  const sdl = await printSchemaSdl();
  writeFileSync(SCHEMA_FILE, sdl);
  console.error(`Wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  // An operation that no longer fits the schema must not be persisted: fail loudly instead.
  const schema = buildSchema(sdl);
  const manifest = buildManifest();
  for (const operation of manifest.operations) {
    const errors = validate(schema, parse(operation.body));
    if (errors.length) {
      throw new Error(
        `Persisted operation ${operation.name} does not fit the schema: ${errors.map((e) => e.message).join('; ')}`,
      );
    }
  }
  writeFileSync(MANIFEST_FILE, manifestJson(manifest));
  console.error(
    `Wrote ${path.relative(process.cwd(), MANIFEST_FILE)} (${manifest.operations.length} operations)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
