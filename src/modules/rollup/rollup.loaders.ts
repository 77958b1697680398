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
}

interface PlaceKey {
  id: number;
  code: string;
  period: Period;
}

/**
 * Batches Province.rollup / Commune.rollup: per distinct period, two statements for all the places
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
        const [totals, byArea] = await Promise.all([
          rollup(dataSource, { ...base, groupBy: [dimension] }),
          rollup(dataSource, { ...base, groupBy: [dimension, RollupDimension.AREA] }),
        ]);
        for (const key of keys.filter((k) => k.period.code === period.code)) {
          results.set(`${key.code}@${period.code}`, {
            period: period.code,
            total: totals.find((row) => codeOf(row) === key.code) ?? null,
            byArea: byArea.filter((row) => codeOf(row) === key.code),
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
