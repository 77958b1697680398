import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { periodArgument } from '../../core/period.args';
import type { RequestContext } from '../../core/request-context';
import { authorize, canSeeProvince, visibleCommuneScope } from '../auth/policy';
import { RollupSummary } from '../rollup/rollup.type';
import type { Connection } from '../../core/pagination';
import { Plan } from '../plan/plan.entity';
import { Province } from '../province/province.entity';
import { getProvinceByCode } from '../province/province.service';
import { Commune } from './commune.entity';
import { communePages, getCommuneByCode } from './commune.service';
import { CommuneConnection, CommunesArgs } from './commune.type';

@Resolver(() => Commune)
export class CommuneResolver {
  @Query(() => Commune, { description: 'One commune by its code. NOT_FOUND if there is none.' })
  commune(
    @Arg('code', { description: 'Commune code (mã xã).' }) code: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Commune> {
    return getCommuneByCode(ctx.dataSource, code);
  }

  @Query(() => CommuneConnection, {
    description:
      'Communes, ordered by code, a page at a time; optionally of one province and matching a name.',
  })
  async communes(@Args() args: CommunesArgs, @Ctx() ctx: RequestContext): Promise<Connection<Commune>> {
    const province = args.provinceCode ? await getProvinceByCode(ctx.dataSource, args.provinceCode) : null;
    if (province) {
      authorize(canSeeProvince(ctx.viewer, province.id), `list the communes of province ${province.code}`);
    }
    const [page] = await communePages(
      ctx.dataSource,
      [province?.id ?? null],
      { search: args.search ?? null, first: args.first, after: args.after ?? null },
      visibleCommuneScope(ctx.viewer),
    );
    return page;
  }

  @FieldResolver(() => Province, {
    nullable: true,
    description: 'Province of the commune; null when the source names none.',
  })
  province(@Root() commune: Commune, @Ctx() ctx: RequestContext): Promise<Province | null> | null {
    return commune.provinceId === null ? null : ctx.loaders.provinceById.load(commune.provinceId);
  }

  @FieldResolver(() => [Plan], {
    description: "The commune's plans, newest year first; only that year's when `year` is given.",
  })
  async plans(
    @Root() commune: Commune,
    @Arg('year', () => Int, { nullable: true, description: 'Plan year.' }) year: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Plan[]> {
    const plans = await ctx.loaders.plansByCommuneId.load(commune.id);
    return year == null ? plans : plans.filter((plan) => plan.year === year);
  }

  @FieldResolver(() => Plan, { nullable: true, description: "The commune's plan for a year, if it has one." })
  async plan(
    @Root() commune: Commune,
    @Arg('year', () => Int, { description: 'Plan year.' }) year: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Plan | null> {
    const plans = await ctx.loaders.plansByCommuneId.load(commune.id);
    return plans.find((plan) => plan.year === year) ?? null;
  }

  @FieldResolver(() => RollupSummary, {
    description:
      "Completion of the commune's plans for a period (docs/ROLLUPS.md), in all and by reform area. Batched across communes.",
  })
  rollup(
    @Root() commune: Commune,
    @Arg('period', { description: 'Period code ("2025", "2025Q3", "2025-07").' }) period: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RollupSummary> {
    return ctx.loaders.communeRollup.load({
      id: commune.id,
      code: commune.code,
      period: periodArgument(period),
    });
  }
}
