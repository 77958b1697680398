import type { DataSource } from 'typeorm';
import { NotFoundError } from '../../graphql/errors';
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

export async function findProvinceByCode(dataSource: DataSource, code: string): Promise<Province | null> {
  return dataSource.getRepository(Province).findOneBy({ code });
}

export async function getProvinceByCode(dataSource: DataSource, code: string): Promise<Province> {
  const province = await findProvinceByCode(dataSource, code);
  if (!province) throw new NotFoundError('Province', code);
  return province;
}
