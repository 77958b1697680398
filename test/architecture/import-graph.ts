import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import of one project file by another, as written in the source. */
export interface ImportEdge {
  /** Importing file, relative to the project root, with forward slashes. */
  from: string;
  /** Imported project file, same form (imports of packages are not edges). */
  to: string;
  /** `import type …`, or an import whose every named binding is `type`: erased at run time. */
  typeOnly: boolean;
  /** 1-based line of the import statement, for messages. */
  line: number;
}

const EXTENSIONS = ['.ts', '.tsx', '/index.ts'];

/** Every .ts file below `dir` (relative to `root`), skipping declaration files. */
export function sourceFiles(root: string, dir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(root, relative))) {
      const child = path.posix.join(relative, name);
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(child);
    }
  };
  walk(dir);
  return found.sort();
}

function resolveRelative(root: string, from: string, specifier: string): string | null {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext)]) {
    try {
      if (statSync(path.join(root, candidate)).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return null;
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import runs the module
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

/** An import of a package (anything not relative), for rules such as "no GraphQL here". */
export interface PackageImport {
  from: string;
  /** The package name: "graphql", "@apollo/server" (a subpath such as "/errors" is dropped). */
  pkg: string;
  line: number;
}

/** The package imports of one file's text. */
export function packageImportsOf(file: string, text: string): PackageImport[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: PackageImport[] = [];
  const visit = (node: ts.Node) => {
    const specifier =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
        ? node.moduleSpecifier.text
        : ts.isCallExpression(node) &&
            (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
              (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
            node.arguments.length === 1 &&
            ts.isStringLiteral(node.arguments[0])
          ? node.arguments[0].text
          : null;
    if (specifier !== null && !specifier.startsWith('.')) {
      const parts = specifier.split('/');
      const pkg = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push({ from: file, pkg, line });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The project-internal imports of one file's text (relative specifiers only). */
export function importsOf(root: string, file: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean, node: ts.Node) => {
    if (!specifier.startsWith('.')) return;
    const to = resolveRelative(root, file, specifier);
    if (!to) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    edges.push({ from: file, to, typeOnly, line });
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text, isTypeOnly(node), node);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false, node);
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      // `declare module '…' { … }` augments a type: it imports nothing at run time.
      add(node.name.text, true, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** All imports of the files below `dirs`: between project files, and of packages. */
export function importGraph(
  root: string,
  dirs: string[],
): { edges: ImportEdge[]; packages: PackageImport[] } {
  const files = dirs.flatMap((dir) => sourceFiles(root, dir));
  const texts = files.map((file) => [file, readFileSync(path.join(root, file), 'utf8')] as const);
  return {
    edges: texts.flatMap(([file, text]) => importsOf(root, file, text)),
    packages: texts.flatMap(([file, text]) => packageImportsOf(file, text)),
  };
}
