import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { Commune } from '../commune/commune.entity';
import { Plan } from '../plan/plan.entity';
import { Province } from '../province/province.entity';
import type { Connection } from '../../core/pagination';
import {
  communeRanking,
  communeRollup,
  planRollup,
  provinceRollup,
  rollup,
  rollupConnection,
} from './rollup.service';
import {
  CommuneRankingArgs,
  RollupArgs,
  RollupConnectionArgs,
  RollupRow,
  RollupRowConnection,
  RollupSummary,
} from './rollup.type';

@Resolver()
export class RollupResolver {
  @Query(() => [RollupRow], {
    description:
      'Completion of commune plans rolled up by province, commune, reform area and period (semantics: docs/ROLLUPS.md). One generic row shape for dashboards and exports. At most 10000 rows (see `first`; rollupConnection pages).',
  })
  rollup(@Args() args: RollupArgs, @Ctx() ctx: RequestContext): Promise<RollupRow[]> {
    return rollup(ctx, args);
  }

  @Query(() => RollupRowConnection, {
    description:
      'The rows of Query.rollup a page at a time (first/after), with totalCount: for lists too long for one answer.',
  })
  rollupConnection(
    @Args() args: RollupConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<RollupRow>> {
    return rollupConnection(ctx, args);
  }
}

@Resolver(() => Province)
export class ProvinceRollupResolver {
  @FieldResolver(() => RollupSummary, {
    description:
      "Completion of the province's plans for a period (docs/ROLLUPS.md), in all and by reform area. Batched across provinces.",
  })
  rollup(
    @Root() province: Province,
    @Arg('period', { description: 'Period code ("2025", "2025Q3", "2025-07").' }) period: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RollupSummary> {
    return provinceRollup(ctx, province, period);
  }

  @FieldResolver(() => [RollupRow], {
    description:
      'League table of the communes for a period, best completionRate first, optionally within one reform area.',
  })
  communeRanking(
    @Root() province: Province,
    @Args() args: CommuneRankingArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<RollupRow[]> {
    return communeRanking(ctx, province, args);
  }
}

@Resolver(() => Commune)
export class CommuneRollupResolver {
  @FieldResolver(() => RollupSummary, {
    description:
      "Completion of the commune's plans for a period (docs/ROLLUPS.md), in all and by reform area. Batched across communes.",
  })
  rollup(
    @Root() commune: Commune,
    @Arg('period', { description: 'Period code ("2025", "2025Q3", "2025-07").' }) period: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RollupSummary> {
    return communeRollup(ctx, commune, period);
  }
}

@Resolver(() => Plan)
export class PlanRollupResolver {
  @FieldResolver(() => RollupSummary, {
    description:
      'Completion of this plan for a period of its year (docs/ROLLUPS.md), in all and by reform area. Batched across plans.',
  })
  rollup(
    @Root() plan: Plan,
    @Arg('period', { description: 'Period code within the plan year ("2025", "2025Q3", "2025-07").' })
    period: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RollupSummary> {
    return planRollup(ctx, plan, period);
  }
}
