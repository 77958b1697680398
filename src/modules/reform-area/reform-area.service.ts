import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../core/request-context';
import { ReformArea } from './reform-area.entity';
import type { ReformAreaCode } from './reform-area.entity';

/** Reads the seven reform areas (reference data, created by the first migration). */
export function listReformAreas(dataSource: DataSource): Promise<ReformArea[]> {
  return dataSource.getRepository(ReformArea).find({ order: { position: 'ASC' } });
}

/** Query.reformAreas: the seven areas in canonical order. */
export function reformAreas(ctx: RequestContext): Promise<ReformArea[]> {
  return listReformAreas(ctx.dataSource);
}

/** The reform area of a plan area, task or indicator, through the request's cached loader. */
export async function reformAreaByCode(ctx: RequestContext, code: ReformAreaCode): Promise<ReformArea> {
  return (await ctx.loaders.reformAreaByCode.load(code))!;
}
