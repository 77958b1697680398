import type { DataSource } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import { NotFoundError } from '../../core/errors';
import type { RequestContext } from '../../core/request-context';
import { Province } from './province.entity';

/** Query.provinces: current ones first, then former ones, each by code. */
export function listProvinces(ctx: RequestContext): Promise<Province[]> {
  return ctx.dataSource
    .getRepository(Province)
    .createQueryBuilder('p')
    .orderBy('p.abolished_on IS NOT NULL')
    .addOrderBy('p.code')
    .getMany();
}

/** One province by code. Plain SQL: every roll-up by province starts here, and TypeORM's query
 * building cost more CPU than the statement itself. */
export async function findProvinceByCode(dataSource: DataSource, code: string): Promise<Province | null> {
  const [row] = await dataSource.query(
    `SELECT ${entityColumns(dataSource, Province, 'p')} FROM province p WHERE p.code = $1`,
    [code],
  );
  return row ? Object.assign(new Province(), row) : null;
}

/**
 * A province by code, for Query.province and every argument naming one; NOT_FOUND if there is none.
 * From the server's province cache when it has one (provinces change only with a seed: a trigger
 * announces it, province-cache.ts); the cached object is shared, never to be changed.
 */
export async function getProvinceByCode(ctx: RequestContext, code: string): Promise<Province> {
  const cache = ctx.caches?.provinces;
  const cached = cache?.get(code);
  if (cached) return cached;
  const generation = cache?.begin() ?? 0;
  // Filled from the primary: a lagging replica could cache a province whose change was announced.
  const province = await findProvinceByCode(
    cache ? (ctx.primaryDataSource ?? ctx.dataSource) : ctx.dataSource,
    code,
  );
  if (!province) throw new NotFoundError('Province', code);
  cache?.set(code, province, generation);
  return province;
}
