import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { PROJECT_ROOT } from '../../core/config';

/** The IDE's ready examples: one GraphQL file, from the project root so dist/ finds it too. */
export const IDE_EXAMPLES_FILE = path.join(PROJECT_ROOT, 'src', 'app', 'ide', 'examples.graphql');

/** One example: a tab of the IDE. */
export interface IdeExample {
  /** The operation's name (ProvinceDashboard). */
  name: string;
  /** The first comment line above it: what it shows. */
  title: string;
  /** The demo token it is meant for (`# Token: demo-analyst …`). */
  token: string;
  /** What the tab opens with: the comment lines right above the operation, then the operation. */
  query: string;
}

/**
 * The examples of a GraphQL document: each operation with the run of comment lines right above it
 * (a blank line ends the run, so a file header stays out). Every operation must be named and say
 * its token, so a tab has a title and a test knows which role runs it.
 */
export function readIdeExamples(source: string): IdeExample[] {
  const document = parse(source);
  let previousEnd = 0;
  return document.definitions.map((definition) => {
    if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name || !definition.loc) {
      throw new Error('Every definition of the IDE examples must be a named operation.');
    }
    const before = source.slice(previousEnd, definition.loc.start).replace(/\s+$/, '').split('\n');
    previousEnd = definition.loc.end;
    const comments: string[] = [];
    while (before.length && /^\s*#/.test(before.at(-1)!)) comments.unshift(before.pop()!.trim());
    const name = definition.name.value;
    const token = /^#\s*Token:\s*(demo-\w+)/im.exec(comments.join('\n'))?.[1];
    if (!comments.length || !token) {
      throw new Error(`IDE example ${name} needs a title comment and a "# Token: demo-…" line above it.`);
    }
    const query = `${comments.join('\n')}\n${source.slice(definition.loc.start, definition.loc.end)}\n`;
    return { name, title: comments[0].replace(/^#\s*/, ''), token, query };
  });
}

/** The examples file as the server serves it; read once, at startup. */
export const loadIdeExamples = (file = IDE_EXAMPLES_FILE) => readIdeExamples(readFileSync(file, 'utf8'));
