import type { DataSource } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import { INTEGER_KEY, decodeCursor, encodeCursor, toConnection } from '../../core/pagination';
import type { Connection } from '../../core/pagination';
import { BadUserInputError } from '../../core/errors';
import type { RequestContext } from '../../core/request-context';
import { AuditLogEntry } from '../audit/audit-log.entity';
import type { AuditEntity } from '../audit/audit.enums';
import { authorize, canReadAudit, canSeeProvince, hideUnless } from '../auth/policy';
import type { Commune } from '../commune/commune.entity';
import type { Province } from '../province/province.entity';
import { getProvinceByCode } from '../province/province.service';
import type { AuditLogArgs } from './audit-log.type';

/**
 * Reading the audit log (Query.auditLog). Writing it is modules/audit, which every mutation
 * imports: kept apart so that the writers do not depend on what reading needs (provinces,
 * communes, the read policy).
 */

export interface AuditPageRequest {
  /** null: every province (and records of no province). */
  provinceId: number | null;
  entity: AuditEntity | null;
  entityId: number | null;
  planId: number | null;
  first: number;
  after: string | null;
}

const CURSOR_LIST = 'audit';

/** A page of audit entries, newest first (ids only grow). */
export async function auditPage(
  dataSource: DataSource,
  request: AuditPageRequest,
): Promise<Connection<AuditLogEntry>> {
  const afterId = request.after ? Number(decodeCursor(CURSOR_LIST, request.after, INTEGER_KEY)) : null;
  const filter = `($1::int IS NULL OR a.province_id = $1)
      AND ($2::text IS NULL OR a.entity = $2)
      AND ($3::int IS NULL OR a.entity_id = $3)
      AND ($4::int IS NULL OR a.plan_id = $4)`;
  const params = [request.provinceId, request.entity, request.entityId, request.planId];
  const [rows, [{ total }]] = await Promise.all([
    dataSource.query(
      `SELECT ${entityColumns(dataSource, AuditLogEntry, 'a')} FROM audit_log a
        WHERE ${filter} AND ($5::int IS NULL OR a.id < $5)
        ORDER BY a.id DESC LIMIT $6`,
      [...params, afterId, request.first + 1],
    ) as Promise<AuditLogEntry[]>,
    dataSource.query(`SELECT count(*)::int AS total FROM audit_log a WHERE ${filter}`, params),
  ]);
  return toConnection(rows, request, total, (entry) => encodeCursor(CURSOR_LIST, entry.id));
}

/**
 * Query.auditLog: a page of the audit log, newest first. An admin reads every province; a province
 * analyst only its own (FORBIDDEN otherwise, before anything is read).
 */
export async function auditLog(ctx: RequestContext, args: AuditLogArgs): Promise<Connection<AuditLogEntry>> {
  const province = args.provinceCode ? await getProvinceByCode(ctx, args.provinceCode) : null;
  if (province) hideUnless(canSeeProvince(ctx.viewer, province.id), 'Province', province.code);
  authorize(
    canReadAudit(ctx.viewer, province?.id ?? null),
    province
      ? `read the audit log of province ${province.code}`
      : 'read the audit log of every province (pass provinceCode: your own province)',
  );
  if (args.entityId && !args.entity) {
    throw new BadUserInputError('entityId needs entity: say which kind of record the id is of.', 'entity');
  }
  return auditPage(ctx.dataSource, {
    provinceId: province?.id ?? null,
    entity: args.entity ?? null,
    entityId: args.entityId ? Number(args.entityId) : null,
    planId: args.planId ? Number(args.planId) : null,
    first: args.first,
    after: args.after ?? null,
  });
}

/** The province of an audit entry's record (batched), or null. */
export function auditEntryProvince(
  ctx: RequestContext,
  entry: AuditLogEntry,
): Promise<Province | null> | null {
  return entry.provinceId === null ? null : ctx.loaders.provinceById.load(entry.provinceId);
}

/** The commune whose plan or report an audit entry is about (batched), or null. */
export function auditEntryCommune(ctx: RequestContext, entry: AuditLogEntry): Promise<Commune | null> | null {
  return entry.communeId === null ? null : ctx.loaders.communeById.load(entry.communeId);
}

/** Top-level fields whose values differ between the old and new record. */
export function changedFields(entry: Pick<AuditLogEntry, 'oldValues' | 'newValues'>): string[] {
  const before = entry.oldValues ?? {};
  const after = entry.newValues ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}
