import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError } from '../../core/errors';
import type { Viewer } from '../../core/viewer';

export interface IdempotentRequest {
  /** The client's key; without one the work simply runs. */
  key: string | null | undefined;
  /** Mutation name, e.g. "submitReport". */
  mutation: string;
  /** The other arguments: the same key must come with the same request. */
  args: Record<string, unknown>;
}

export interface ResultCodec<T> {
  toJson(result: T): unknown;
  fromJson(json: unknown): T;
}

/** Keys are per caller: an API token, or the operator. */
function actorOf(viewer: Viewer): string {
  return viewer.tokenId !== null ? `token:${viewer.tokenId}` : `${viewer.role}:${viewer.name}`;
}

function hashOf(mutation: string, args: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(args).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256')
    .update(JSON.stringify([mutation, sorted]))
    .digest('hex');
}

/**
 * Runs `work` at most once per (caller, key), inside the caller's transaction: the key is claimed
 * first with INSERT … ON CONFLICT DO NOTHING. A concurrent request with the same key waits on the
 * unique index until the first commits, then finds the key taken and returns the stored result;
 * if the first rolls back, the second claims the key and runs. Only successful results are kept,
 * so a retry after a failure (CONFLICT, FORBIDDEN…) runs again.
 */
export async function idempotent<T>(
  manager: EntityManager,
  viewer: Viewer,
  request: IdempotentRequest,
  codec: ResultCodec<T>,
  work: () => Promise<T>,
): Promise<T> {
  if (!request.key) return work();
  const actor = actorOf(viewer);
  const hash = hashOf(request.mutation, request.args);
  const claimed: { id: number }[] = await manager.query(
    `INSERT INTO idempotency_key (actor, key, mutation, request_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (actor, key) DO NOTHING RETURNING id`,
    [actor, request.key, request.mutation, hash],
  );
  if (!claimed.length) {
    const [stored] = await manager.query(
      'SELECT mutation, request_hash AS "requestHash", result FROM idempotency_key WHERE actor = $1 AND key = $2',
      [actor, request.key],
    );
    if (!stored) {
      throw new ConflictError('The idempotency key is being released by a failed request; retry.');
    }
    if (stored.mutation !== request.mutation || stored.requestHash !== hash) {
      throw new BadUserInputError(
        `idempotencyKey "${request.key}" was already used for a different request (${stored.mutation}); use a new key for a new request.`,
        'idempotencyKey',
      );
    }
    return codec.fromJson(stored.result);
  }
  const result = await work();
  await manager.query('UPDATE idempotency_key SET result = $2 WHERE id = $1', [
    claimed[0].id,
    JSON.stringify(codec.toJson(result)),
  ]);
  return result;
}
