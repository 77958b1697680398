import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { PERIOD_FORMAT_HINT } from '../../core/period';
import type { Period } from '../../core/period';
import { isPeriodOrRelative, RELATIVE_PERIODS, resolvePeriods, todayIn } from '../../core/relative-period';
import type { RequestContext } from '../../core/request-context';
import { authorize, canSeeCommune, canSeeProvince, visibleCommuneScope } from '../auth/policy';
import { BadUserInputError } from '../../core/errors';
import { getCommuneByCode } from '../commune/commune.service';
import { getProvinceByCode } from '../province/province.service';
import { rollup } from './rollup.service';
import { RollupArgs, RollupRow, SortDirection } from './rollup.type';

const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

@Resolver()
export class RollupResolver {
  @Query(() => [RollupRow], {
    description:
      'Completion of commune plans rolled up by province, commune, reform area and period (semantics: docs/ROLLUPS.md). One generic row shape for dashboards and exports.',
  })
  async rollup(@Args() args: RollupArgs, @Ctx() ctx: RequestContext): Promise<RollupRow[]> {
    const province = args.provinceCode ? await getProvinceByCode(ctx.dataSource, args.provinceCode) : null;
    if (province) {
      authorize(canSeeProvince(ctx.viewer, province.id), `read the figures of province ${province.code}`);
    }
    const commune = args.communeCode ? await getCommuneByCode(ctx.dataSource, args.communeCode) : null;
    if (commune) authorize(canSeeCommune(ctx.viewer, commune), `read the figures of commune ${commune.code}`);
    // Without an explicit place, only the communes the viewer sees are rolled up.
    const visible = visibleCommuneScope(ctx.viewer);
    const unknown = args.periods.filter((code) => !isPeriodOrRelative(code));
    if (unknown.length) {
      throw new BadUserInputError(
        `${unknown.map((c) => `"${c}"`).join(', ')}: not a period. Use ${PERIOD_FORMAT_HINT}, or one of ${RELATIVE_PERIODS.join(', ')}.`,
        'periods',
      );
    }
    // Relative periods are read against today in the province's time zone.
    const periods = resolvePeriods(
      args.periods,
      todayIn(province?.timeZone ?? DEFAULT_TIME_ZONE),
    ) as Period[];
    if (!periods.length || periods.length > 24) {
      throw new BadUserInputError('Give between 1 and 24 periods.', 'periods');
    }
    return rollup(ctx.dataSource, {
      periods,
      provinceIds: province ? [province.id] : visible.provinceIds,
      communeIds: commune ? [commune.id] : visible.communeIds,
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
