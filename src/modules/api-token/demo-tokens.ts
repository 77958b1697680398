import type { DataSource } from 'typeorm';
import { NotFoundError } from '../../core/errors';
import { createToken } from './api-token.service';
import type { NewToken } from './api-token.service';
import { Role } from '../../core/viewer';

/** One token per role for the demo data: Gia Lai (52) and its xã Tơ Tung, whose real plan is seeded. */
export const DEMO_TOKENS: (NewToken & { scope: string })[] = [
  { name: 'demo-admin', role: Role.ADMIN, scope: 'everything' },
  { name: 'demo-analyst', role: Role.PROVINCE_ANALYST, provinceCode: '52', scope: 'province Gia Lai (52)' },
  { name: 'demo-officer', role: Role.COMMUNE_OFFICER, communeCode: 'to-tung', scope: 'xã Tơ Tung (to-tung)' },
  { name: 'demo-export', role: Role.EXPORT_JOB, scope: 'every province, read-only' },
];

export interface DemoToken {
  name: string;
  role: Role;
  scope: string;
  token: string;
}

/**
 * Revokes the demo tokens of the previous start and makes new ones, in one transaction (a token
 * whose province or commune is missing from the database is skipped). Only for the embedded demo
 * database: a newcomer pastes one into an IDE; nobody can reuse an old one.
 */
export async function issueDemoTokens(dataSource: DataSource): Promise<DemoToken[]> {
  return dataSource.transaction(async (manager) => {
    await manager.query(
      `UPDATE api_token SET revoked_at = now() WHERE name = ANY($1) AND revoked_at IS NULL`,
      [DEMO_TOKENS.map((t) => t.name)],
    );
    const issued: DemoToken[] = [];
    for (const { scope, ...request } of DEMO_TOKENS) {
      try {
        const { token } = await createToken(dataSource, request, manager);
        issued.push({ name: request.name, role: request.role, scope, token });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    return issued;
  });
}

/** The demo tokens as `npm start` prints them: unmistakably for the demo only. */
export function formatDemoTokens(tokens: DemoToken[]): string {
  const rule = '─'.repeat(100);
  const width = (pick: (t: DemoToken) => string) => Math.max(...tokens.map((t) => pick(t).length));
  const [name, role, scope] = [width((t) => t.name), width((t) => t.role), width((t) => t.scope)];
  return [
    rule,
    'DEMO TOKENS: for trying the API on this embedded demo database only.',
    'New ones are made, and these revoked, on every `npm start`. Never use them, or this database, for real data;',
    'real tokens come from `npm run cchc -- token create` (README, "Authentication").',
    'Send one as the HTTP header   Authorization: Bearer <token>',
    '',
    ...tokens.map(
      (t) => `  ${t.name.padEnd(name)}  ${t.role.padEnd(role)}  ${t.scope.padEnd(scope)}  ${t.token}`,
    ),
    rule,
  ].join('\n');
}
