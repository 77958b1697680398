import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { parse, validate } from 'graphql';
import { printSchemaSdl } from '../../src/app/print-schema';
import { buildManifest, manifestJson, MANIFEST_FILE } from '../../src/app/persisted-documents';

describe('committed schema', () => {
  it('schema/schema.graphql matches the code (run `npm run schema` after changing the API)', async () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(await printSchemaSdl()).toBe(committed);
  });

  it('describes every type and field', async () => {
    const sdl = await printSchemaSdl();
    const schema = buildSchema(sdl);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) {
        continue;
      }
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) {
          if (!value.description) missing.push(`${type.name}.${value.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('schema/persisted-documents.json matches schema/operations/ (run `npm run schema` after changing them)', () => {
    expect(readFileSync(MANIFEST_FILE, 'utf8')).toBe(manifestJson(buildManifest()));
  });

  it('every persisted operation is valid against the schema', async () => {
    const schema = buildSchema(await printSchemaSdl());
    const problems = buildManifest().operations.flatMap((o) =>
      validate(schema, parse(o.body)).map((e) => `${o.name}: ${e.message}`),
    );
    expect(problems).toEqual([]);
  });
});
