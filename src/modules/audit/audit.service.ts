import type { EntityManager, EntityTarget } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import { queryRows, snapshot, updateVersioned } from '../../core/db/transaction';
import type { Versioned } from '../../core/db/transaction';
import type { Viewer } from '../../core/viewer';
import { AuditAction } from './audit.enums';
import type { AuditEntity } from './audit.enums';

/** Where a changed record sits: its plan and the plan's owner (scopes who may read the entry). */
export interface AuditScope {
  provinceId: number | null;
  communeId: number | null;
  planId: number | null;
}

export interface AuditChange {
  entity: AuditEntity;
  entityId: number;
  action: AuditAction;
  old?: object | null;
  new?: object | null;
  reason?: string | null;
}

/**
 * Records changes in the caller's transaction (so an entry exists exactly when its change was
 * committed), one statement for any number of them.
 */
export async function writeAudit(
  manager: EntityManager,
  viewer: Viewer,
  scope: AuditScope,
  changes: AuditChange[],
): Promise<void> {
  if (!changes.length) return;
  const json = (value: object | null | undefined) => (value ? JSON.stringify(snapshot(value)) : null);
  await manager.query(
    `INSERT INTO audit_log (actor_name, actor_role, actor_token_id, province_id, commune_id, plan_id,
                            entity, entity_id, action, old_values, new_values, reason)
     SELECT $1, $2, $3, $4, $5, $6, c.entity, c.entity_id, c.action, c.old_values::jsonb, c.new_values::jsonb, c.reason
       FROM unnest($7::text[], $8::int[], $9::text[], $10::text[], $11::text[], $12::text[])
            WITH ORDINALITY AS c(entity, entity_id, action, old_values, new_values, reason, n)
      ORDER BY c.n`,
    [
      viewer.name,
      viewer.role,
      viewer.tokenId,
      scope.provinceId,
      scope.communeId,
      scope.planId,
      changes.map((c) => c.entity),
      changes.map((c) => c.entityId),
      changes.map((c) => c.action),
      changes.map((c) => json(c.old)),
      changes.map((c) => json(c.new)),
      changes.map((c) => c.reason ?? null),
    ],
  );
}

/** One row's optimistic-concurrency update, as updateAudited takes it. */
export interface AuditedUpdate<T extends Versioned> {
  entity: AuditEntity;
  target: EntityTarget<T>;
  /** The row as read (and locked) before the change: the entry's old values. */
  row: T;
  /** The version the caller last read; a stale one gives CONFLICT. */
  version: number;
  changes: Partial<T>;
  /** The record's name in messages, e.g. "Task". */
  what: string;
}

/**
 * The optimistic-concurrency update of one row (updateVersioned: stale version → CONFLICT) and its
 * audit entry with the old and new values. Returns the row as stored.
 */
export async function updateAudited<T extends Versioned>(
  manager: EntityManager,
  viewer: Viewer,
  scope: AuditScope,
  update: AuditedUpdate<T>,
): Promise<T> {
  const { entity, target, row, version, changes, what } = update;
  const updated = await updateVersioned(manager, target, row.id, version, changes, what);
  await writeAudit(manager, viewer, scope, [
    { entity, entityId: row.id, action: AuditAction.UPDATE, old: row, new: updated },
  ]);
  return updated;
}

/** Rows to delete, as deleteAudited takes them. */
export interface AuditedDelete<T> {
  entity: AuditEntity;
  target: EntityTarget<T>;
  /** SQL over the table (unaliased) with $n parameters. */
  where: string;
  params: unknown[];
}

/**
 * Deletes rows and records each one's last values in the audit log, in one statement plus one
 * insert.
 */
export async function deleteAudited<T extends { id: number }>(
  manager: EntityManager,
  viewer: Viewer,
  scope: AuditScope,
  rows: AuditedDelete<T>,
): Promise<T[]> {
  const { entity, target, where, params } = rows;
  const table = manager.connection.getMetadata(target).tableName;
  const deleted = await queryRows<T>(
    manager,
    `DELETE FROM "${table}" WHERE ${where} RETURNING ${entityColumns(manager.connection, target, `"${table}"`)}`,
    params,
  );
  await writeAudit(
    manager,
    viewer,
    scope,
    deleted.map((row) => ({ entity, entityId: row.id, action: AuditAction.DELETE, old: row })),
  );
  return deleted;
}
