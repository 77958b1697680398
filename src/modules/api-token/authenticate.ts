import type { DataSource } from 'typeorm';
import { UnauthenticatedError } from '../../core/errors';
import { viewerOfBearer } from './api-token.service';
import type { Viewer } from '../../core/viewer';
import type { TokenCache } from './token-cache';

/** Appended to every UNAUTHENTICATED message: how a person gets a working token. */
export const HOW_TO_GET_A_TOKEN =
  'Send the HTTP header "Authorization: Bearer <token>". Tokens are made by an administrator with ' +
  '`npm run cchc -- token create --role <ROLE> --name <name>` (see README, "Authentication"); ' +
  'a local `npm start` on the embedded database prints demo tokens.';

/**
 * The viewer of an HTTP request, from its Authorization header. Throws UNAUTHENTICATED (HTTP 401)
 * when the header is missing or malformed, or the token is unknown or revoked.
 */
export async function authenticateRequest(
  dataSource: DataSource,
  authorization: string | undefined,
  adminToken: string | undefined,
  cache?: TokenCache,
): Promise<Viewer> {
  if (!authorization?.trim()) throw new UnauthenticatedError(`No API token was sent. ${HOW_TO_GET_A_TOKEN}`);
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization.trim());
  if (!match) {
    throw new UnauthenticatedError(
      `The Authorization header must read "Bearer <token>". ${HOW_TO_GET_A_TOKEN}`,
    );
  }
  const viewer = await viewerOfBearer(dataSource, match[1], adminToken, cache);
  if (!viewer) {
    throw new UnauthenticatedError(`The API token is unknown or has been revoked. ${HOW_TO_GET_A_TOKEN}`);
  }
  return viewer;
}
