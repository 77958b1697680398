import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { Province } from '../province/province.entity';
import { indicatorLeague, indicatorRollup } from './indicator-rollup.service';
import {
  IndicatorLeagueArgs,
  IndicatorLeagueRow,
  IndicatorRollupArgs,
  IndicatorRollupRow,
} from './indicator-rollup.type';

@Resolver()
export class IndicatorRollupResolver {
  @Query(() => [IndicatorRollupRow], {
    description:
      'One catalogue indicator across communes, by province, commune and period: how many communes meet their own target, the spread of actual values, the province target and how many communes set a looser one (semantics: docs/ROLLUPS.md, "Indicator roll-ups"). Each viewer rolls up the communes whose plans it reads. At most 10000 rows (see first).',
  })
  indicatorRollup(
    @Args() args: IndicatorRollupArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<IndicatorRollupRow[]> {
    return indicatorRollup(ctx, args);
  }
}

@Resolver(() => Province)
export class ProvinceIndicatorLeagueResolver {
  @FieldResolver(() => [IndicatorLeagueRow], {
    description:
      "The province's communes by their actual value of a catalogue indicator for a period, best first in the indicator's direction (no value last), with their target, the linked province target and the comparison.",
  })
  indicatorLeague(
    @Root() province: Province,
    @Args() args: IndicatorLeagueArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<IndicatorLeagueRow[]> {
    return indicatorLeague(ctx, province, args);
  }
}
