import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import type { Commune } from '../commune/commune.entity';
import type { Province } from '../province/province.entity';
import { ReformArea } from '../reform-area/reform-area.entity';
import { reformAreaByCode } from '../reform-area/reform-area.service';
import { Plan } from './plan.entity';
import { areasOfPlan, ownerOfPlan, planById } from './plan.service';
import { PlanAreaView, PlanOwner } from './plan.type';

@Resolver(() => Plan)
export class PlanResolver {
  @Query(() => Plan, { description: 'One plan by id. NOT_FOUND if there is none.' })
  plan(
    @Arg('id', () => ID, { description: 'Plan id.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Plan> {
    return planById(ctx, id);
  }

  @FieldResolver(() => PlanOwner, { description: 'The commune or province that issued the plan.' })
  owner(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<Commune | Province> {
    return ownerOfPlan(ctx, plan);
  }

  @FieldResolver(() => [PlanAreaView], {
    description:
      'All seven reform areas with the plan’s tasks and indicators: the areas it heads, in its order, then the others (empty).',
  })
  areas(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<PlanAreaView[]> {
    return areasOfPlan(ctx, plan);
  }
}

@Resolver(() => PlanAreaView)
export class PlanAreaResolver {
  @FieldResolver(() => ReformArea, { description: 'The reform area.' })
  area(@Root() view: PlanAreaView, @Ctx() ctx: RequestContext): Promise<ReformArea> {
    return reformAreaByCode(ctx, view.areaCode);
  }
}
