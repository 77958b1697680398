import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { periodArgument } from '../../core/period.args';
import type { RequestContext } from '../../core/request-context';
import { readableCommuneScope } from '../auth/policy';
import { overdueTasks } from '../rollup/overdue.service';
import type { OverdueTaskRow } from '../rollup/overdue.service';
import { BadUserInputError } from '../../core/errors';
import { ReformAreaCode } from '../reform-area/reform-area.entity';
import { rollup, RollupDimension } from '../rollup/rollup.service';
import {
  OverdueTaskConnection,
  OverdueTasksArgs,
  ReportingSummary,
  RollupRow,
  RollupSummary,
} from '../rollup/rollup.type';
import { CommuneConnection, CommuneSearchArgs } from '../commune/commune.type';
import type { Connection } from '../../core/pagination';
import type { Commune } from '../commune/commune.entity';
import { Plan } from '../plan/plan.entity';
import { Province } from './province.entity';
import { getProvinceByCode, listProvinces } from './province.service';

@Resolver(() => Province)
export class ProvinceResolver {
  @Query(() => [Province], {
    description: 'All provinces (tỉnh, thành phố): current ones by code, then former ones.',
  })
  provinces(@Ctx() ctx: RequestContext): Promise<Province[]> {
    return listProvinces(ctx.dataSource);
  }

  @Query(() => Province, {
    description: 'One province by its code, e.g. "52" (Gia Lai). NOT_FOUND if there is none.',
  })
  province(
    @Arg('code', { description: 'Province code (mã tỉnh).' }) code: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Province> {
    return getProvinceByCode(ctx.dataSource, code);
  }

  @FieldResolver(() => CommuneConnection, {
    description: 'Communes of the province, by code, a page at a time.',
  })
  communes(
    @Root() province: Province,
    @Args() args: CommuneSearchArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Commune>> {
    return ctx.loaders.communesByProvince.load({
      parentId: province.id,
      search: args.search ?? null,
      first: args.first,
      after: args.after ?? null,
    });
  }

  @FieldResolver(() => Plan, {
    nullable: true,
    description: "The province's own plan for a year, if it has one.",
  })
  async plan(
    @Root() province: Province,
    @Arg('year', () => Int, { description: 'Plan year.' }) year: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Plan | null> {
    const plans = await ctx.loaders.plansByProvinceId.load(province.id);
    return plans.find((plan) => plan.year === year) ?? null;
  }

  @FieldResolver(() => [Plan], { description: "The province's own plans, newest year first." })
  plans(@Root() province: Province, @Ctx() ctx: RequestContext): Promise<Plan[]> {
    return ctx.loaders.plansByProvinceId.load(province.id);
  }

  @FieldResolver(() => RollupSummary, {
    description:
      "Completion of the province's plans for a period (docs/ROLLUPS.md), in all and by reform area. Batched across provinces.",
  })
  rollup(
    @Root() province: Province,
    @Arg('period', { description: 'Period code ("2025", "2025Q3", "2025-07").' }) period: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RollupSummary> {
    return ctx.loaders.provinceRollup.load({
      id: province.id,
      code: province.code,
      period: periodArgument(period),
    });
  }

  @FieldResolver(() => ReportingSummary, {
    description:
      'Who has reported for a period: expected, submitted, on time, and the communes missing. Batched across provinces.',
  })
  reporting(
    @Root() province: Province,
    @Arg('period', { description: 'Period code ("2025Q3", "2025-07", "2025").' }) period: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ReportingSummary> {
    return ctx.loaders.provinceReporting.load({ provinceId: province.id, period: periodArgument(period) });
  }

  @FieldResolver(() => OverdueTaskConnection, {
    description:
      'Drill-down: overdue tasks of the communes as of a period (docs/ROLLUPS.md), most overdue first.',
  })
  overdueTasks(
    @Root() province: Province,
    @Args() args: OverdueTasksArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<OverdueTaskRow>> {
    return overdueTasks(ctx.dataSource, {
      provinceId: province.id,
      period: periodArgument(args.period),
      areaCode: args.areaCode ?? null,
      first: args.first,
      after: args.after ?? null,
      // A drill-down into tasks: only the communes whose plans the viewer reads (an officer: its own).
      readable: readableCommuneScope(ctx.viewer),
    });
  }

  @FieldResolver(() => [RollupRow], {
    description:
      'League table of the communes for a period, best completionRate first, optionally within one reform area.',
  })
  communeRanking(
    @Root() province: Province,
    @Arg('period', { description: 'Period code ("2025Q3", "2025-07", "2025").' }) period: string,
    @Arg('areaCode', () => ReformAreaCode, {
      nullable: true,
      description: 'Rank within this reform area only.',
    })
    areaCode: ReformAreaCode | null,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many communes (0–500).' }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<RollupRow[]> {
    if (first < 0 || first > 500) throw new BadUserInputError('first must be between 0 and 500.', 'first');
    return rollup(ctx.dataSource, {
      periods: [periodArgument(period)],
      provinceIds: [province.id],
      communeIds: null,
      areaCodes: areaCode ? [areaCode] : null,
      groupBy: [RollupDimension.COMMUNE],
      having: [],
      orderBy: [{ measure: 'completionRate', descending: true }],
      first,
      approvedOnly: false,
    });
  }
}
