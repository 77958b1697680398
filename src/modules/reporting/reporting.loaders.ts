import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Period } from '../../core/period';
import { groupByKey } from '../../core/db/sql';
import type { Commune } from '../commune/commune.entity';
import { communeReporting } from './reporting.service';
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
          const rows = await communeReporting(dataSource, ids, period);
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
                .map(
                  ({ submitted: _s, onTime: _o, submittedOn: _d, dueOn: _due, status: _st, ...commune }) =>
                    commune as Commune,
                ),
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
