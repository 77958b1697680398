import type { EntityManager } from 'typeorm';
import { ConflictError } from '../../core/errors';

/**
 * The rule every deletion of a plan, task or indicator follows: a report the province has received
 * (SUBMITTED, APPROVED or RETURNED) must keep saying what it said, so nothing it refers to goes.
 */

/** A report as the deletion checks list it. */
export interface ReportState {
  period: string;
  status: string;
}

/**
 * The reports that give a row (progress or value) for one task or indicator, share-locked so that
 * none of them can be submitted meanwhile.
 */
export function reportsReferring(
  manager: EntityManager,
  item: { table: 'task_progress'; column: 'task_id' } | { table: 'indicator_value'; column: 'indicator_id' },
  id: number,
): Promise<ReportState[]> {
  return manager.query(
    `SELECT period, status FROM status_report
      WHERE id IN (SELECT report_id FROM ${item.table} WHERE ${item.column} = $1)
      ORDER BY period_end, period FOR SHARE`,
    [id],
  );
}

/** CONFLICT when any of the reports that refer to a record has left the DRAFT state. */
export function assertOnlyDrafts(reports: ReportState[], what: string, instead: string): void {
  const received = reports.filter((r) => r.status !== 'DRAFT');
  if (!received.length) return;
  const listed = received
    .slice(0, 4)
    .map((r) => `${r.period} ${r.status}`)
    .join(', ');
  throw new ConflictError(
    `${what} cannot be deleted: ${received.length} report(s) the province has received refer to it (${listed}${received.length > 4 ? ', …' : ''}), and they must keep saying what they said. ${instead} Nothing was deleted.`,
  );
}

/** A name cut to fit in a message. */
export const shorten = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
