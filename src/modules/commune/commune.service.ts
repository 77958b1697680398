import type { DataSource } from 'typeorm';
import { entityColumns, groupByKey } from '../../core/db/sql';
import { NotFoundError } from '../../core/errors';
import { decodeCursor, encodeCursor, toConnection } from '../../core/pagination';
import type { Connection } from '../../core/pagination';
import type { RequestContext } from '../../core/request-context';
import { canSeeProvince, hideUnless, visibleCommuneScope } from '../auth/policy';
import type { CommuneScope } from '../auth/policy';
import type { Province } from '../province/province.entity';
import { getProvinceByCode } from '../province/province.service';
import { Commune } from './commune.entity';
import type { CommunesArgs, CommuneSearchArgs } from './commune.type';

export interface CommunePageRequest {
  search: string | null;
  first: number;
  after: string | null;
}

const CURSOR_LIST = 'commune';
export const communeCursor = (commune: Commune) => encodeCursor(CURSOR_LIST, commune.code);

/** One commune by code; NOT_FOUND when there is none. */
/** A commune by code, for Query.commune and every argument naming one; NOT_FOUND if there is none. */
export async function getCommuneByCode(ctx: RequestContext, code: string): Promise<Commune> {
  const commune = await ctx.dataSource.getRepository(Commune).findOneBy({ code });
  if (!commune) throw new NotFoundError('Commune', code);
  return commune;
}

/**
 * Pages of communes for several provinces in one statement (null = all communes, in any province
 * or none): per scope a LATERAL count and a LATERAL page ordered by code, fetched with one extra
 * row to know whether a next page exists. Search matches the unaccented lower-case name.
 */
export async function communePages(
  dataSource: DataSource,
  provinceIds: readonly (number | null)[],
  request: CommunePageRequest,
  visible: CommuneScope = { provinceIds: null, communeIds: null },
): Promise<Connection<Commune>[]> {
  const afterCode = request.after ? decodeCursor(CURSOR_LIST, request.after) : null;
  const scoped = provinceIds.every((id) => id !== null);
  // `visible` (the viewer's scope) filters the count as well as the page.
  const filter = `${scoped ? 'c.province_id = k.province_id' : 'TRUE'}
    AND ($5::int[] IS NULL OR c.province_id = ANY($5)) AND ($6::int[] IS NULL OR c.id = ANY($6))
    AND ($2::text IS NULL OR c.search_name LIKE '%' || replace(replace(replace(lower(cchc_unaccent($2)), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')`;
  const rows: (Commune & { keyIndex: number; total: number })[] = await dataSource.query(
    `SELECT k.idx AS "keyIndex", t.total, page.*
       FROM unnest($1::int[]) WITH ORDINALITY AS k(province_id, idx)
       CROSS JOIN LATERAL (SELECT count(*)::int AS total FROM commune c WHERE ${filter}) t
       LEFT JOIN LATERAL (
         SELECT ${entityColumns(dataSource, Commune, 'c')} FROM commune c
          WHERE ${filter} AND ($3::text IS NULL OR c.code > $3)
          ORDER BY c.code LIMIT $4
       ) page ON TRUE`,
    [
      scoped ? provinceIds : [null],
      request.search ?? null,
      afterCode,
      request.first + 1,
      visible.provinceIds,
      visible.communeIds,
    ],
  );
  const keys = scoped ? provinceIds.map((_, i) => i + 1) : [1];
  const groups = groupByKey(keys, rows, (row) => Number(row.keyIndex));
  const pages = groups.map((group) =>
    toConnection(
      group
        .filter((row) => row.id !== null)
        .map(({ keyIndex: _k, total: _t, ...commune }) => commune as Commune),
      request,
      group[0]?.total ?? 0,
      communeCursor,
    ),
  );
  return scoped ? pages : provinceIds.map(() => pages[0]);
}

/**
 * Query.communes: communes by code, a page at a time, of one province (NOT_FOUND, or FORBIDDEN
 * outside the viewer's scope) or of all; only those the viewer sees.
 */
export async function listCommunes(ctx: RequestContext, args: CommunesArgs): Promise<Connection<Commune>> {
  const province = args.provinceCode ? await getProvinceByCode(ctx, args.provinceCode) : null;
  if (province) hideUnless(canSeeProvince(ctx.viewer, province.id), 'Province', province.code);
  const [page] = await communePages(
    ctx.dataSource,
    [province?.id ?? null],
    { search: args.search ?? null, first: args.first, after: args.after ?? null },
    visibleCommuneScope(ctx.viewer),
  );
  return page;
}

/** Province.communes: a page of the province's communes, batched across provinces. */
export function provinceCommunes(
  ctx: RequestContext,
  province: Province,
  args: CommuneSearchArgs,
): Promise<Connection<Commune>> {
  return ctx.loaders.communesByProvince.load({
    parentId: province.id,
    search: args.search ?? null,
    first: args.first,
    after: args.after ?? null,
  });
}

/** Commune.province: null when the source names none. */
export function communeProvince(ctx: RequestContext, commune: Commune): Promise<Province | null> | null {
  return commune.provinceId === null ? null : ctx.loaders.provinceById.load(commune.provinceId);
}
