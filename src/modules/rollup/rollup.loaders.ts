import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Period } from '../../common/period';
import { rollup, RollupDimension } from './rollup.service';
import type { RollupRequest, RollupRow } from './rollup.service';

/** A place's roll-up for one period: its total and its seven areas. */
export interface RollupSummary {
  period: string;
  total: RollupRow | null;
  byArea: RollupRow[];
  /** For a province: how completionRate spreads over its communes (null for a commune). */
  communeCompletion: Distribution | null;
}

export interface Distribution {
  communes: number;
  min: number | null;
  median: number | null;
  max: number | null;
}

/** min, median and max of the defined values (a commune with no countable task has no rate). */
export function distribution(values: (number | null)[]): Distribution {
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
  code: string;
  period: Period;
}

/**
 * Batches Province.rollup / Commune.rollup: per distinct period, two statements (three for
 * provinces, with the spread over communes) for all the places
 * of the request (the totals, and the rows by area), whatever their number.
 */
function placeRollupLoader(
  dataSource: DataSource,
  dimension: RollupDimension.PROVINCE | RollupDimension.COMMUNE,
) {
  const codeOf = (row: RollupRow) =>
    dimension === RollupDimension.PROVINCE ? row.provinceCode : row.communeCode;
  return new DataLoader<PlaceKey, RollupSummary, string>(
    async (keys) => {
      const results = new Map<string, RollupSummary>();
      for (const period of new Map(keys.map((k) => [k.period.code, k.period])).values()) {
        const ids = keys.filter((k) => k.period.code === period.code).map((k) => k.id);
        const base: Omit<RollupRequest, 'groupBy'> = {
          periods: [period],
          provinceIds: dimension === RollupDimension.PROVINCE ? ids : null,
          communeIds: dimension === RollupDimension.COMMUNE ? ids : null,
          having: [],
          orderBy: [],
          first: null,
          approvedOnly: false,
        };
        const isProvince = dimension === RollupDimension.PROVINCE;
        const [totals, byArea, byCommune] = await Promise.all([
          rollup(dataSource, { ...base, groupBy: [dimension] }),
          rollup(dataSource, { ...base, groupBy: [dimension, RollupDimension.AREA] }),
          isProvince
            ? rollup(dataSource, { ...base, groupBy: [dimension, RollupDimension.COMMUNE] })
            : Promise.resolve([]),
        ]);
        for (const key of keys.filter((k) => k.period.code === period.code)) {
          results.set(`${key.code}@${period.code}`, {
            period: period.code,
            total: totals.find((row) => codeOf(row) === key.code) ?? null,
            byArea: byArea.filter((row) => codeOf(row) === key.code),
            communeCompletion: isProvince
              ? distribution(
                  byCommune.filter((row) => codeOf(row) === key.code).map((row) => row.completionRate),
                )
              : null,
          });
        }
      }
      return keys.map((key) => results.get(`${key.code}@${key.period.code}`)!);
    },
    { cacheKeyFn: (key) => `${key.code}@${key.period.code}` },
  );
}

export function rollupLoaders(dataSource: DataSource) {
  return {
    provinceRollup: placeRollupLoader(dataSource, RollupDimension.PROVINCE),
    communeRollup: placeRollupLoader(dataSource, RollupDimension.COMMUNE),
  };
}
