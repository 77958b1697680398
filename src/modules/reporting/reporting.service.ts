import type { DataSource } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import type { Period } from '../../core/period';
import { periodArgument } from '../../core/period.args';
import type { RequestContext } from '../../core/request-context';
import { Commune } from '../commune/commune.entity';
import type { Province } from '../province/province.entity';
import type { ReportingSummary } from './reporting.type';

/** Province.reporting: who has reported for a period (expected, submitted, on time), batched. */
export function provinceReporting(
  ctx: RequestContext,
  province: Province,
  period: string,
): Promise<ReportingSummary> {
  return ctx.loaders.provinceReporting.load({ provinceId: province.id, period: periodArgument(period) });
}

/** One expected commune's reporting for a period: whether, when and how it reported. */
export type CommuneReporting = Commune & {
  submitted: boolean;
  onTime: boolean;
  /** Day the counted report was submitted, in the province's time zone. */
  submittedOn: string | null;
  /** Last day to report on time: the province's due day of the month after the period. */
  dueOn: string;
  /** SUBMITTED or APPROVED; null when not reported. */
  status: string | null;
};

/**
 * Per commune of the provinces, by code, for a period: expected are the communes with a plan for
 * the period's year; submitted those with a SUBMITTED or APPROVED report for exactly that period;
 * on time those submitted before the end of the province's due day of the month after the period,
 * in its time zone. Province.reporting counts these rows; the reporting export lists them.
 */
export function communeReporting(
  dataSource: DataSource,
  provinceIds: readonly number[],
  period: Period,
): Promise<CommuneReporting[]> {
  return dataSource.query(
    `SELECT ${entityColumns(dataSource, Commune, 'c')},
            r.id IS NOT NULL AS submitted,
            COALESCE(r.submitted_at < (d.due_on + 1)::timestamp AT TIME ZONE v.time_zone, false) AS "onTime",
            (r.submitted_at AT TIME ZONE v.time_zone)::date::text AS "submittedOn",
            d.due_on::text AS "dueOn", r.status
       FROM commune c
       JOIN province v ON v.id = c.province_id
       JOIN plan p ON p.commune_id = c.id AND p.year = $2
       CROSS JOIN LATERAL (SELECT (date_trunc('month', $3::date + 1) + (v.report_due_day - 1) * interval '1 day')::date
                                  AS due_on) d
       LEFT JOIN status_report r ON r.plan_id = p.id AND r.period = $4 AND r.status IN ('SUBMITTED', 'APPROVED')
      WHERE c.province_id = ANY($1)
      ORDER BY c.code`,
    [provinceIds, period.year, period.end, period.code],
  );
}
