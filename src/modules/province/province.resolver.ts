import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { Province } from './province.entity';
import { getProvinceByCode, listProvinces } from './province.service';

// Fields of Province computed by other modules are resolved there (TypeGraphQL merges them):
// communes in commune/, plans in plan/, rollup and communeRanking in rollup/, reporting in
// reporting/, overdueTasks in overdue/.
@Resolver(() => Province)
export class ProvinceResolver {
  @Query(() => [Province], {
    description: 'All provinces (tỉnh, thành phố): current ones by code, then former ones.',
  })
  provinces(@Ctx() ctx: RequestContext): Promise<Province[]> {
    return listProvinces(ctx);
  }

  @Query(() => Province, {
    description: 'One province by its code, e.g. "52" (Gia Lai). NOT_FOUND if there is none.',
  })
  province(
    @Arg('code', { description: 'Province code (mã tỉnh).' }) code: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Province> {
    return getProvinceByCode(ctx, code);
  }
}
