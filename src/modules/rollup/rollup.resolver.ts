import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { periodArgument } from '../../common/period.args';
import { BadUserInputError } from '../../graphql/errors';
import type { RequestContext } from '../../graphql/context';
import { getCommuneByCode } from '../commune/commune.service';
import { getProvinceByCode } from '../province/province.service';
import { rollup } from './rollup.service';
import { RollupArgs, RollupRow, SortDirection } from './rollup.type';

@Resolver()
export class RollupResolver {
  @Query(() => [RollupRow], {
    description:
      'Completion of commune plans rolled up by province, commune, reform area and period (semantics: docs/ROLLUPS.md). One generic row shape for dashboards and exports.',
  })
  async rollup(@Args() args: RollupArgs, @Ctx() ctx: RequestContext): Promise<RollupRow[]> {
    if (!args.periods.length || args.periods.length > 24) {
      throw new BadUserInputError('Give between 1 and 24 periods.', 'periods');
    }
    return rollup(ctx.dataSource, {
      periods: args.periods.map((code) => periodArgument(code, 'periods')),
      provinceId: args.provinceCode ? (await getProvinceByCode(ctx.dataSource, args.provinceCode)).id : null,
      communeId: args.communeCode ? (await getCommuneByCode(ctx.dataSource, args.communeCode)).id : null,
      groupBy: [...new Set(args.groupBy)],
      having: args.having,
      orderBy: args.orderBy.map((o) => ({
        measure: o.measure,
        descending: o.direction === SortDirection.DESC,
      })),
      first: args.first ?? null,
      approvedOnly: args.approvedOnly,
    });
  }
}
