import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import { Kind, parse, print, visit } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';
import { PROJECT_ROOT } from '../core/config';
import { ErrorCode } from '../core/errors';
import type { Role, Viewer } from '../core/viewer';

/**
 * Persisted (trusted) documents: the operations of schema/operations/*.graphql, each stored as its
 * printed text under the SHA-256 of that text (schema/persisted-documents.json, written by
 * `npm run schema`). A client sends `extensions.persistedQuery.sha256Hash` (Apollo's APQ shape)
 * instead of the text; tokens of CCHC_PERSISTED_ONLY_ROLES may run nothing else (docs/DASHBOARD.md).
 */

export const OPERATIONS_DIR = path.join(PROJECT_ROOT, 'schema', 'operations');
export const MANIFEST_FILE = path.join(PROJECT_ROOT, 'schema', 'persisted-documents.json');

/** One persisted operation, as in Apollo's persisted query manifest format. */
export interface PersistedOperation {
  /** SHA-256 (hex) of `body`. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export interface PersistedManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The fragments an operation spreads, directly or through other fragments. */
function fragmentsUsedBy(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>) {
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          walk(fragment);
        }
      },
    });
  walk(operation);
  return [...used.values()];
}

/**
 * The manifest of the operation files (sorted by name): each named operation printed on its own
 * with the fragments it uses, so its text (and hash) does not depend on comments or layout.
 */
export function buildManifest(operationsDir: string = OPERATIONS_DIR): PersistedManifest {
  const documents: DocumentNode[] = readdirSync(operationsDir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => parse(readFileSync(path.join(operationsDir, file), 'utf8')));
  const definitions = documents.flatMap((d) => d.definitions);
  const fragments = new Map(
    definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const operations = definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      if (!operation.name) throw new Error('Every persisted operation needs a name.');
      const body = [operation, ...fragmentsUsedBy(operation, fragments)].map((d) => print(d)).join('\n\n');
      return { id: sha256Hex(body), name: operation.name.value, type: operation.operation, body };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const names = operations.map((o) => o.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new Error(`Two persisted operations are named ${repeated}.`);
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

/** The manifest as committed: stable JSON, one operation per entry. */
export const manifestJson = (manifest: PersistedManifest): string => `${JSON.stringify(manifest, null, 2)}\n`;

/** The committed manifest (read once per server). */
export function readManifest(file: string = MANIFEST_FILE): PersistedManifest {
  return JSON.parse(readFileSync(file, 'utf8')) as PersistedManifest;
}

export interface PersistedDocumentsOptions {
  manifest: PersistedManifest;
  /** CCHC_PERSISTED_ONLY_ROLES: viewers of these roles run only persisted operations. */
  persistedOnlyRoles: readonly Role[];
  /** The viewer authenticated for this request (set before the body is read). */
  viewerOf: (res: Response) => Viewer | undefined;
  send: (res: Response, status: number, code: string, message: string) => void;
}

/** A refusal: HTTP status, stable code, and a message saying what to do. */
interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** The request's GraphQL parameters, from the JSON body (POST) or the query string (GET). */
function parametersOf(req: Request): { query?: unknown; hash?: unknown } {
  if (req.method === 'GET') {
    const params = new URLSearchParams(req.url.split('?')[1] ?? '');
    let extensions: { persistedQuery?: { sha256Hash?: unknown } } | undefined;
    try {
      extensions = JSON.parse(params.get('extensions') ?? 'null') ?? undefined;
    } catch {
      extensions = undefined;
    }
    return { query: params.get('query') || undefined, hash: extensions?.persistedQuery?.sha256Hash };
  }
  const body = (req.body ?? {}) as {
    query?: unknown;
    extensions?: { persistedQuery?: { sha256Hash?: unknown } };
  };
  // An empty text is no text: graphql-sse's client must send a query string, so it sends "".
  return {
    query: body.query === '' ? undefined : body.query,
    hash: body.extensions?.persistedQuery?.sha256Hash,
  };
}

/** Puts the resolved text in place of the hash, so Apollo sees an ordinary request. */
function replaceWithText(req: Request, text: string): void {
  if (req.method === 'GET') {
    const [pathname, search = ''] = req.url.split('?');
    const params = new URLSearchParams(search);
    params.set('query', text);
    params.delete('extensions');
    req.url = `${pathname}?${params.toString()}`;
    return;
  }
  const body = req.body as { query?: string; extensions?: Record<string, unknown> };
  body.query = text;
  if (body.extensions) delete body.extensions.persistedQuery;
}

/**
 * Mounted after authentication and the body reader, before Apollo: resolves a persisted
 * operation's hash to its text, and holds viewers of persisted-only roles to the manifest.
 */
export function persistedDocuments(options: PersistedDocumentsOptions): RequestHandler {
  const byHash = new Map(options.manifest.operations.map((o) => [o.id, o.body]));
  const restricted = new Set<string>(options.persistedOnlyRoles);
  const onlyPersisted = (role: string): Refusal => ({
    status: 400,
    code: ErrorCode.PERSISTED_QUERY_ONLY,
    message:
      `Tokens of role ${role} may run only the persisted operations of schema/operations/ (CCHC_PERSISTED_ONLY_ROLES): ` +
      'send {"extensions":{"persistedQuery":{"version":1,"sha256Hash":"<id>"}}} with an id from schema/persisted-documents.json, or use a token of another role.',
  });

  const resolve = (req: Request, role: string | undefined): Refusal | { text?: string } => {
    const { query, hash } = parametersOf(req);
    const isRestricted = role !== undefined && restricted.has(role);
    if (hash === undefined) {
      if (isRestricted && !(typeof query === 'string' && byHash.has(sha256Hex(query)))) {
        return onlyPersisted(role);
      }
      return {};
    }
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) {
      return {
        status: 400,
        code: ErrorCode.BAD_REQUEST,
        message:
          'extensions.persistedQuery.sha256Hash must be the 64 lower-case hex digits of an operation id.',
      };
    }
    if (typeof query === 'string') {
      // Text and hash both sent (an APQ client's retry): they must agree; then the text is run.
      if (sha256Hex(query) !== hash) {
        return {
          status: 400,
          code: ErrorCode.BAD_REQUEST,
          message:
            'The query text does not match extensions.persistedQuery.sha256Hash: send one or the other.',
        };
      }
      if (isRestricted && !byHash.has(hash)) return onlyPersisted(role);
      return { text: query };
    }
    const text = byHash.get(hash);
    if (text === undefined) {
      return {
        status: 400,
        code: ErrorCode.PERSISTED_QUERY_NOT_FOUND,
        message: `No persisted operation has the id ${hash}: take ids from schema/persisted-documents.json of this server's version (\`npm run schema\` regenerates it), or send the query text.`,
      };
    }
    return { text };
  };

  return (req, res, next) => {
    const outcome = resolve(req, options.viewerOf(res)?.role);
    if ('status' in outcome) return options.send(res, outcome.status, outcome.code, outcome.message);
    if (outcome.text !== undefined) replaceWithText(req, outcome.text);
    next();
  };
}
