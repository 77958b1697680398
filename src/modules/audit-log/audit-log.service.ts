import type { DataSource } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import { INTEGER_KEY, decodeCursor, encodeCursor, toConnection } from '../../core/pagination';
import type { Connection } from '../../core/pagination';
import { AuditLogEntry } from '../audit/audit-log.entity';
import type { AuditEntity } from '../audit/audit.enums';

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

/** Top-level fields whose values differ between the old and new record. */
export function changedFields(entry: Pick<AuditLogEntry, 'oldValues' | 'newValues'>): string[] {
  const before = entry.oldValues ?? {};
  const after = entry.newValues ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}
