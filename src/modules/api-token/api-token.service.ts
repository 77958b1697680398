import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../../core/errors';
import { Commune } from '../commune/commune.entity';
import { Province } from '../province/province.entity';
import { ApiToken } from './api-token.entity';
import type { TokenCache } from './token-cache';
import { isTokenScopeAllowed } from '../auth/policy';
import { OPERATOR, Role } from '../../core/viewer';
import type { Viewer } from '../../core/viewer';

/** Every token starts with this, so a leaked one is easy to recognise (and to grep for). */
export const TOKEN_PREFIX = 'cchc_';

/** SHA-256, lower-case hex: what api_token.token_hash holds. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random token: the prefix and 32 random bytes in base64url (256 bits). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export interface NewToken {
  role: Role;
  name: string;
  /** Province code: analyst (required), export job (optional: none means every province). */
  provinceCode?: string | null;
  /** Commune code: commune officer (required). */
  communeCode?: string | null;
}

/** A token as listed: everything but the secret. */
export interface TokenInfo {
  id: number;
  name: string;
  role: Role;
  provinceCode: string | null;
  communeCode: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const SCOPE_RULES: Record<Role, string> = {
  [Role.ADMIN]: 'ADMIN takes neither --province nor --commune (it reads and changes everything).',
  [Role.PROVINCE_ANALYST]: 'PROVINCE_ANALYST needs --province <code> and no --commune.',
  [Role.COMMUNE_OFFICER]:
    "COMMUNE_OFFICER needs --commune <code>; its province is the commune's (--province may only repeat it).",
  [Role.EXPORT_JOB]:
    'EXPORT_JOB takes --province <code> for one province, or nothing for every province; no --commune.',
};

/**
 * Creates a token and returns it with its row: the only time the token exists outside the
 * caller's hands. The scope is checked here with a readable message (and again by the CHECKs).
 */
export async function createToken(
  dataSource: DataSource,
  request: NewToken,
  manager: EntityManager = dataSource.manager,
): Promise<{ token: string; info: TokenInfo }> {
  const name = request.name.trim();
  if (!name || name.length > 100) {
    throw new BadUserInputError('A token needs a name of 1 to 100 characters.', 'name');
  }
  // Names that are only digits would read as ids in `cchc token revoke`.
  if (/^\d+$/.test(name)) {
    throw new BadUserInputError(
      `"${name}" looks like a token id; give the token a name with letters.`,
      'name',
    );
  }
  const role = request.role;
  const provinceCode = request.provinceCode || null;
  const communeCode = request.communeCode || null;
  const scopeOk = isTokenScopeAllowed(role, {
    province: Boolean(provinceCode),
    commune: Boolean(communeCode),
  });
  if (!scopeOk) throw new BadUserInputError(SCOPE_RULES[role], provinceCode ? 'communeCode' : 'provinceCode');

  const province = provinceCode ? await manager.findOneBy(Province, { code: provinceCode }) : null;
  if (provinceCode && !province) throw new NotFoundError('Province', provinceCode);
  const commune = communeCode ? await manager.findOneBy(Commune, { code: communeCode }) : null;
  if (communeCode && !commune) throw new NotFoundError('Commune', communeCode);
  if (commune && province && commune.provinceId !== province.id) {
    throw new BadUserInputError(
      `Commune ${communeCode} is not in province ${provinceCode}; an officer's province is its commune's, so leave --province out.`,
      'provinceCode',
    );
  }
  if (await manager.existsBy(ApiToken, { name, revokedAt: IsNull() })) {
    throw new ConflictError(
      `A live token is already named "${name}": revoke it first or choose another name.`,
    );
  }

  const token = generateToken();
  const row = await manager.save(
    manager.create(ApiToken, {
      name,
      role,
      // An officer's province is not stored: it is always read from its commune.
      provinceId: role === Role.COMMUNE_OFFICER ? null : (province?.id ?? null),
      communeId: commune?.id ?? null,
      tokenHash: hashToken(token),
    }),
  );
  const saved = await manager.findOneByOrFail(ApiToken, { id: row.id });
  return {
    token,
    info: {
      id: saved.id,
      name: saved.name,
      role: saved.role,
      provinceCode: role === Role.COMMUNE_OFFICER ? null : (province?.code ?? null),
      communeCode: commune?.code ?? null,
      createdAt: saved.createdAt,
      revokedAt: null,
      lastUsedAt: null,
    },
  };
}

/**
 * Revokes the token with this id, or the live token with this name. Revoking an already revoked
 * token is an error, so a typo never reports success.
 */
export async function revokeToken(dataSource: DataSource, idOrName: string): Promise<TokenInfo> {
  const byId = /^\d+$/.test(idOrName);
  // TypeORM answers an UPDATE with [rows, count].
  const [[row]]: [{ id: number }[], number] = await dataSource.query(
    `UPDATE api_token SET revoked_at = now()
      WHERE ${byId ? 'id = $1::int' : 'name = $1'} AND revoked_at IS NULL
      RETURNING id`,
    [idOrName],
  );
  if (!row) {
    const exists = await dataSource
      .getRepository(ApiToken)
      .existsBy(byId ? { id: Number(idOrName) } : { name: idOrName });
    if (exists) throw new ConflictError(`Token "${idOrName}" is already revoked.`);
    throw new NotFoundError('Token', idOrName);
  }
  return (await listTokens(dataSource, { includeRevoked: true })).find((t) => t.id === row.id)!;
}

/** Tokens, newest first: live ones only unless includeRevoked. Never the secret nor its hash. */
export async function listTokens(
  dataSource: DataSource,
  options: { includeRevoked?: boolean } = {},
): Promise<TokenInfo[]> {
  return dataSource.query(
    `SELECT t.id, t.name, t.role, p.code AS "provinceCode", c.code AS "communeCode",
            t.created_at AS "createdAt", t.revoked_at AS "revokedAt", t.last_used_at AS "lastUsedAt"
       FROM api_token t
       LEFT JOIN province p ON p.id = t.province_id
       LEFT JOIN commune c ON c.id = t.commune_id
      WHERE $1 OR t.revoked_at IS NULL
      ORDER BY t.id DESC`,
    [options.includeRevoked ?? false],
  );
}

/** last_used_at is written at most this often per token, so reads do not turn into writes. */
const LAST_USED_RESOLUTION_MINUTES = 5;
const LAST_USED_INTERVAL = `interval '${LAST_USED_RESOLUTION_MINUTES} minutes'`;

/**
 * The viewer of a bearer token, or null when it is unknown or revoked. With a cache (TokenCache,
 * in use while the server hears token changes) a token seen before costs no statement; otherwise
 * one: the lookup by hash, the commune officer's province from its commune, and (at most every few
 * minutes) the last-used time.
 */
export async function authenticate(
  dataSource: DataSource,
  bearer: string,
  cache?: TokenCache,
): Promise<Viewer | null> {
  if (!bearer.startsWith(TOKEN_PREFIX)) return null;
  const tokenHash = hashToken(bearer);
  const cached = cache?.get(tokenHash);
  if (cached) {
    if (cache!.dueForTouch(cached, LAST_USED_RESOLUTION_MINUTES * 60_000)) {
      touchToken(dataSource, cached.viewer);
    }
    return cached.viewer;
  }
  const generation = cache?.begin() ?? 0;
  const [row]: {
    id: number;
    name: string;
    role: Role;
    provinceId: number | null;
    communeId: number | null;
  }[] = await dataSource.query(
    `WITH t AS (
       SELECT id, name, role, province_id, commune_id, last_used_at FROM api_token
        WHERE token_hash = $1 AND revoked_at IS NULL
     ), touched AS (
       UPDATE api_token a SET last_used_at = now() FROM t
        WHERE a.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - ${LAST_USED_INTERVAL})
     )
     SELECT t.id, t.name, t.role, COALESCE(t.province_id, c.province_id) AS "provinceId", t.commune_id AS "communeId"
       FROM t LEFT JOIN commune c ON c.id = t.commune_id`,
    [tokenHash],
  );
  if (!row) return null;
  const viewer: Viewer = {
    role: row.role,
    name: row.name,
    tokenId: row.id,
    provinceId: row.provinceId,
    communeId: row.communeId,
  };
  cache?.remember(tokenHash, viewer, generation);
  return viewer;
}

/** Writes a cached token's last_used_at, off the request's path (a failure only loses the time). */
function touchToken(dataSource: DataSource, viewer: Viewer): void {
  dataSource
    .query(
      `UPDATE api_token SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - ${LAST_USED_INTERVAL})`,
      [viewer.tokenId],
    )
    .catch(() => undefined);
}

/**
 * Is `bearer` the operator's CCHC_ADMIN_TOKEN? Compares digests with timingSafeEqual, so neither
 * the content nor the length of the configured token leaks through response times.
 */
export function isAdminToken(bearer: string, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  return timingSafeEqual(
    createHash('sha256').update(bearer).digest(),
    createHash('sha256').update(adminToken).digest(),
  );
}

/** The viewer of an HTTP request's bearer token, or null: CCHC_ADMIN_TOKEN first, then api_token. */
export async function viewerOfBearer(
  dataSource: DataSource,
  bearer: string,
  adminToken: string | undefined,
  cache?: TokenCache,
): Promise<Viewer | null> {
  if (isAdminToken(bearer, adminToken)) return OPERATOR;
  return authenticate(dataSource, bearer, cache);
}
