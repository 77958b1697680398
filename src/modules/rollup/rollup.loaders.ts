import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Period } from '../../core/period';
import { groupByKey } from '../../core/db/sql';
import { RollupDimension } from './rollup.enums';
import { rollupRows } from './rollup.service';
import type { RollupRequest, RollupSqlRow } from './rollup.service';
import type { CompletionDistribution, RollupSummary } from './rollup.type';

/** min, median and max of the defined values (a commune with no countable task has no rate). */
export function distribution(values: (number | null)[]): CompletionDistribution {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length === 0
      ? null
      : sorted.length % 2
        ? sorted[Math.floor(middle)]
        : (sorted[middle - 1] + sorted[middle]) / 2;
  return { communes: values.length, min: sorted[0] ?? null, median, max: sorted.at(-1) ?? null };
}

interface PlaceKey {
  id: number;
  period: Period;
}

type Place = RollupDimension.PROVINCE | RollupDimension.COMMUNE | 'PLAN';

const keyOf = (id: number, period: string) => `${id}@${period}`;

/**
 * Batches Province.rollup / Commune.rollup / Plan.rollup: per distinct period, two statements
 * (three for provinces, with the spread over communes) for all the places of the request (the
 * totals, and the rows by area), whatever their number.
 */
function placeRollupLoader(dataSource: DataSource, place: Place) {
  // Rows carry codes for provinces and communes; map them back to the ids asked for.
  const idOf = (row: RollupSqlRow, codes: Map<string, number>) =>
    place === 'PLAN'
      ? row.planId!
      : codes.get((place === RollupDimension.PROVINCE ? row.provinceCode : row.communeCode)!)!;
  return new DataLoader<PlaceKey & { code?: string }, RollupSummary, string>(
    async (keys) => {
      const results = new Map<string, RollupSummary>();
      for (const period of new Map(keys.map((k) => [k.period.code, k.period])).values()) {
        const forPeriod = keys.filter((k) => k.period.code === period.code);
        const ids = forPeriod.map((k) => k.id);
        const codes = new Map(forPeriod.map((k) => [k.code ?? '', k.id]));
        const base: Omit<RollupRequest, 'groupBy'> = {
          periods: [period],
          provinceIds: place === RollupDimension.PROVINCE ? ids : null,
          communeIds: place === RollupDimension.COMMUNE ? ids : null,
          planIds: place === 'PLAN' ? ids : null,
          having: [],
          orderBy: [],
          first: null,
          approvedOnly: false,
        };
        const dimension = place === 'PLAN' ? [] : [place];
        const isProvince = place === RollupDimension.PROVINCE;
        const [totals, byArea, byCommune] = await Promise.all([
          rollupRows(dataSource, { ...base, groupBy: dimension }),
          rollupRows(dataSource, { ...base, groupBy: [...dimension, RollupDimension.AREA] }),
          isProvince
            ? rollupRows(dataSource, {
                ...base,
                groupBy: [RollupDimension.PROVINCE, RollupDimension.COMMUNE],
              })
            : Promise.resolve([]),
        ]);
        const group = (rows: RollupSqlRow[]) => {
          const lists = groupByKey(ids, rows, (row) => idOf(row, codes));
          return new Map(ids.map((id, i) => [id, lists[i]]));
        };
        const [totalOf, areasOf, communesOf] = [group(totals), group(byArea), group(byCommune)];
        for (const key of forPeriod) {
          results.set(keyOf(key.id, period.code), {
            period: period.code,
            total: totalOf.get(key.id)?.[0] ?? null,
            byArea: areasOf.get(key.id) ?? [],
            communeCompletion: isProvince
              ? distribution((communesOf.get(key.id) ?? []).map((row) => row.completionRate))
              : null,
          });
        }
      }
      return keys.map((key) => results.get(keyOf(key.id, key.period.code))!);
    },
    { cacheKeyFn: (key) => keyOf(key.id, key.period.code) },
  );
}

export function rollupLoaders(dataSource: DataSource) {
  return {
    provinceRollup: placeRollupLoader(dataSource, RollupDimension.PROVINCE),
    communeRollup: placeRollupLoader(dataSource, RollupDimension.COMMUNE),
    planRollup: placeRollupLoader(dataSource, 'PLAN'),
  };
}

export type RollupLoaders = ReturnType<typeof rollupLoaders>;

// Adds these loaders to every request context's `loaders` (see core/request-context.ts).
declare module '../../core/request-context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends RollupLoaders {}
}
