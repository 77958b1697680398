import { startGraphqlServer } from '../../src/app/server';
import { issueDemoTokens } from '../../src/modules/api-token/demo-tokens';
import { seedDatabase } from '../../src/modules/seed/seed';
import { createTestDatabase } from './test-database';
import type { TestDatabase } from './test-database';

/** A server on what `npm start` loads on its first start, and the demo tokens it prints, by name. */
export interface DemoServer {
  db: TestDatabase;
  url: string;
  tokens: Map<string, string>;
  stop: () => Promise<void>;
}

/** Seeds a fresh database as `npm start` does (the real plans and the demo province) and serves it. */
export async function startDemoServer(): Promise<DemoServer> {
  const db = await createTestDatabase('empty');
  await seedDatabase(db.dataSource, { scale: 'demo' });
  const tokens = new Map<string, string>();
  for (const { name, token } of await issueDemoTokens(db.dataSource)) tokens.set(name, token);
  const server = await startGraphqlServer({ dataSource: db.dataSource, port: 0, isDevelopment: false });
  return {
    db,
    url: server.url,
    tokens,
    stop: async () => {
      await server.stop();
      await db.drop();
    },
  };
}

/**
 * The answer's field paths (list positions left out) that are null, or an empty list, wherever
 * they occur: a field an example shows should have a value somewhere.
 */
export function emptyPaths(data: unknown): string[] {
  const filled = new Map<string, boolean>();
  const mark = (at: string, ok: boolean) => filled.set(at, (filled.get(at) ?? false) || ok);
  const visit = (value: unknown, at: string) => {
    if (Array.isArray(value)) {
      mark(at, value.length > 0);
      for (const item of value) visit(item, at);
      return;
    }
    mark(at, value !== null && value !== undefined);
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(child, at ? `${at}.${key}` : key);
    }
  };
  visit(data, '');
  return [...filled].filter(([at, ok]) => at && !ok).map(([at]) => at);
}
