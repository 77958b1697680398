import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Period } from '../../core/period';
import { entityColumns, groupByKey } from '../../core/db/sql';
import { Commune } from '../commune/commune.entity';
import type { ReportingSummary } from './reporting.type';

interface Key {
  provinceId: number;
  period: Period;
}

/**
 * Expected: communes of the province with a plan for the period's year. Submitted: those with a
 * SUBMITTED or APPROVED report for exactly that period. On time: submitted before the end of the
 * province's due day of the month after the period, in its time zone.
 */
export function reportingLoaders(dataSource: DataSource) {
  return {
    provinceReporting: new DataLoader<Key, ReportingSummary, string>(
      async (keys) => {
        const results = new Map<string, ReportingSummary>();
        for (const period of new Map(keys.map((k) => [k.period.code, k.period])).values()) {
          const ids = keys.filter((k) => k.period.code === period.code).map((k) => k.provinceId);
          const rows: (Commune & { submitted: boolean; onTime: boolean })[] = await dataSource.query(
            `SELECT ${entityColumns(dataSource, Commune, 'c')},
                    r.id IS NOT NULL AS submitted,
                    COALESCE(r.submitted_at < ((date_trunc('month', $3::date + 1) + v.report_due_day * interval '1 day')::timestamp
                      AT TIME ZONE v.time_zone), false) AS "onTime"
               FROM commune c
               JOIN province v ON v.id = c.province_id
               JOIN plan p ON p.commune_id = c.id AND p.year = $2
               LEFT JOIN status_report r ON r.plan_id = p.id AND r.period = $4 AND r.status IN ('SUBMITTED', 'APPROVED')
              WHERE c.province_id = ANY($1)
              ORDER BY c.code`,
            [ids, period.year, period.end, period.code],
          );
          groupByKey(ids, rows, (row) => row.provinceId!).forEach((communes, i) => {
            const submitted = communes.filter((c) => c.submitted).length;
            const onTime = communes.filter((c) => c.onTime).length;
            results.set(`${ids[i]}@${period.code}`, {
              period: period.code,
              expected: communes.length,
              submitted,
              onTime,
              rate: communes.length ? submitted / communes.length : null,
              onTimeRate: communes.length ? onTime / communes.length : null,
              missingCommunes: communes
                .filter((c) => !c.submitted)
                .map(({ submitted: _s, onTime: _o, ...commune }) => commune as Commune),
            });
          });
        }
        return keys.map((key) => results.get(`${key.provinceId}@${key.period.code}`)!);
      },
      { cacheKeyFn: (key) => `${key.provinceId}@${key.period.code}` },
    ),
  };
}

export type ReportingLoaders = ReturnType<typeof reportingLoaders>;

// Adds these loaders to every request context's `loaders` (see core/request-context.ts).
declare module '../../core/request-context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ReportingLoaders {}
}
