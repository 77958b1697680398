import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { preset } from '@graphql-codegen/client-preset';
import { codegen } from '@graphql-codegen/core';
import { buildSchema, parse } from 'graphql';
import ts from 'typescript';

/**
 * docs/FRONTEND.md's graphql-codegen section, run: the `config` of its codegen.ts block, the client
 * preset with @graphql-codegen/core (the CLI needs Node 22) on schema/schema.graphql and the
 * query of its typed example, written to a temporary directory; then the example is type-checked
 * against the output with the TypeScript compiler, its @ts-expect-error lines included.
 */

const ROOT = path.join(__dirname, '..', '..');
const FRONTEND = readFileSync(path.join(ROOT, 'docs', 'FRONTEND.md'), 'utf8');
const SCHEMA = readFileSync(path.join(ROOT, 'schema', 'schema.graphql'), 'utf8');

/** The ```ts block of the doc whose first line is `// <file>`, without that line. */
function tsBlock(file: string): string {
  for (const [, code] of FRONTEND.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const [first, ...rest] = code.split('\n');
    if (first.trim() === `// ${file}`) return rest.join('\n');
  }
  throw new Error(`docs/FRONTEND.md has no \`\`\`ts block starting "// ${file}"`);
}

/** The default export of the codegen.ts block, run as the CLI would load it. */
function codegenConfig(): {
  generates: Record<string, { preset: string; config?: Record<string, unknown> }>;
} {
  const { outputText } = ts.transpileModule(tsBlock('codegen.ts'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const module = { exports: {} as { default?: unknown } };
  vm.runInNewContext(outputText, { module, exports: module.exports, require: () => ({}) });
  return module.exports.default as ReturnType<typeof codegenConfig>;
}

describe('docs/FRONTEND.md graphql-codegen example', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cchc-frontend-codegen-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates with the client preset and the example type-checks against the output', async () => {
    const config = codegenConfig();
    const [[outputDir, target]] = Object.entries(config.generates);
    expect(target.preset).toBe('client');

    const example = tsBlock('src/province-quarter.ts');
    const queries = [...example.matchAll(/graphql\(`([^`]*)`\)/g)].map((m) => m[1]);
    expect(queries.length).toBeGreaterThan(0);

    const baseOutputDir = path.posix.normalize(outputDir).replace(/\/?$/, '/');
    const outputs = await preset.buildGeneratesSection({
      baseOutputDir,
      schema: parse(SCHEMA),
      schemaAst: buildSchema(SCHEMA),
      documents: queries.map((rawSDL) => ({
        location: 'src/province-quarter.ts',
        document: parse(rawSDL),
        rawSDL,
      })),
      config: target.config ?? {},
      presetConfig: {},
      plugins: [],
      pluginMap: {},
    });
    for (const output of outputs) {
      const file = path.join(dir, output.filename);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, await codegen(output));
    }
    const exampleFile = path.join(dir, 'src', 'province-quarter.ts');
    writeFileSync(exampleFile, example);
    // The generated overload of graphql() is keyed by the query text: the example's must match it.
    expect(readFileSync(path.join(dir, baseOutputDir, 'gql.ts'), 'utf8')).toContain(
      'query ProvinceLastQuarter',
    );

    const typedDocumentNode = path.dirname(require.resolve('@graphql-typed-document-node/core/package.json'));
    const program = ts.createProgram([exampleFile], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
      paths: { '@graphql-typed-document-node/core': [path.join(typedDocumentNode, 'typings', 'index.d.ts')] },
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? path.relative(dir, d.file.fileName) : ''}:${
            d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : ''
          } ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
    expect(problems).toEqual([]);
  }, 60_000);
});
