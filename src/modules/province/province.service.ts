import type { DataSource } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import { NotFoundError } from '../../core/errors';
import { Province } from './province.entity';

/** Reads provinces: current ones first, then former ones, each by code. */
export function listProvinces(dataSource: DataSource): Promise<Province[]> {
  return dataSource
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

export async function getProvinceByCode(dataSource: DataSource, code: string): Promise<Province> {
  const province = await findProvinceByCode(dataSource, code);
  if (!province) throw new NotFoundError('Province', code);
  return province;
}
