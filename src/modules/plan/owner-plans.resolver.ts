import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { Commune } from '../commune/commune.entity';
import { Province } from '../province/province.entity';
import { communePlan, communePlans, provincePlan, provincePlans } from './owner-plans.service';
import { Plan } from './plan.entity';

// The plans of a province or commune are fields of those types, resolved here so that province/ and
// commune/, which plans refer to, do not depend on plan/ in turn.

@Resolver(() => Province)
export class ProvincePlansResolver {
  @FieldResolver(() => Plan, {
    nullable: true,
    description: "The province's own plan for a year, if it has one.",
  })
  plan(
    @Root() province: Province,
    @Arg('year', () => Int, { description: 'Plan year.' }) year: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Plan | null> {
    return provincePlan(ctx, province, year);
  }

  @FieldResolver(() => [Plan], { description: "The province's own plans, newest year first." })
  plans(@Root() province: Province, @Ctx() ctx: RequestContext): Promise<Plan[]> {
    return provincePlans(ctx, province);
  }
}

@Resolver(() => Commune)
export class CommunePlansResolver {
  @FieldResolver(() => [Plan], {
    description: "The commune's plans, newest year first; only that year's when `year` is given.",
  })
  plans(
    @Root() commune: Commune,
    @Arg('year', () => Int, { nullable: true, description: 'Plan year.' }) year: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Plan[]> {
    return communePlans(ctx, commune, year);
  }

  @FieldResolver(() => Plan, { nullable: true, description: "The commune's plan for a year, if it has one." })
  plan(
    @Root() commune: Commune,
    @Arg('year', () => Int, { description: 'Plan year.' }) year: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Plan | null> {
    return communePlan(ctx, commune, year);
  }
}
