import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import type { Connection } from '../../core/pagination';
import type { Commune } from '../commune/commune.entity';
import { Indicator } from '../indicator/indicator.entity';
import type { Province } from '../province/province.entity';
import { ReformArea, ReformAreaCode } from '../reform-area/reform-area.entity';
import { StatusReport } from '../report/status-report.entity';
import { Task } from '../task/task.entity';
import { PlanTasksArgs, TaskConnection } from '../task/task.type';
import { Plan } from './plan.entity';
import { getPlanById } from './plan.service';
import { PlanAreaView, PlanOwner } from './plan.type';

@Resolver(() => Plan)
export class PlanResolver {
  @Query(() => Plan, { description: 'One plan by id. NOT_FOUND if there is none.' })
  plan(
    @Arg('id', () => ID, { description: 'Plan id.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Plan> {
    return getPlanById(ctx.loaders.planById, id);
  }

  @FieldResolver(() => PlanOwner, { description: 'The commune or province that issued the plan.' })
  async owner(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<Commune | Province> {
    const owner =
      plan.communeId !== null
        ? await ctx.loaders.communeById.load(plan.communeId)
        : await ctx.loaders.provinceById.load(plan.provinceId!);
    return owner!;
  }

  @FieldResolver(() => [PlanAreaView], {
    description:
      'All seven reform areas with the plan’s tasks and indicators: the areas it heads, in its order, then the others (empty).',
  })
  areas(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<PlanAreaView[]> {
    return ctx.loaders.areasByPlanId.load(plan.id);
  }

  @FieldResolver(() => TaskConnection, {
    description: 'Tasks in the order of the plan table, a page at a time.',
  })
  tasks(
    @Root() plan: Plan,
    @Args() args: PlanTasksArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Task>> {
    return ctx.loaders.taskPagesByPlan.load({
      parentId: plan.id,
      areaCode: args.areaCode ?? null,
      first: args.first,
      after: args.after ?? null,
    });
  }

  @FieldResolver(() => [Indicator], {
    description: 'Indicator targets (chỉ tiêu) of the plan, in document order.',
  })
  async indicators(
    @Root() plan: Plan,
    @Arg('areaCode', () => ReformAreaCode, { nullable: true, description: 'Only indicators of this area.' })
    areaCode: ReformAreaCode | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Indicator[]> {
    const indicators = await ctx.loaders.indicatorsByPlanId.load(plan.id);
    return areaCode ? indicators.filter((x) => x.areaCode === areaCode) : indicators;
  }

  @FieldResolver(() => [StatusReport], { description: 'Progress reports on the plan, oldest period first.' })
  reports(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<StatusReport[]> {
    return ctx.loaders.reportsByPlanId.load(plan.id);
  }
}

@Resolver(() => PlanAreaView)
export class PlanAreaResolver {
  @FieldResolver(() => ReformArea, { description: 'The reform area.' })
  async area(@Root() view: PlanAreaView, @Ctx() ctx: RequestContext): Promise<ReformArea> {
    return (await ctx.loaders.reformAreaByCode.load(view.areaCode))!;
  }

  @FieldResolver(() => [Task], { description: 'Tasks of the area, in the order of the plan table.' })
  async tasks(@Root() view: PlanAreaView, @Ctx() ctx: RequestContext): Promise<Task[]> {
    return (await ctx.loaders.allTasksByPlanId.load(view.planId)).filter(
      (task) => task.areaCode === view.areaCode,
    );
  }

  @FieldResolver(() => Int, { description: 'Number of tasks in the area.' })
  async taskCount(@Root() view: PlanAreaView, @Ctx() ctx: RequestContext): Promise<number> {
    return (await this.tasks(view, ctx)).length;
  }

  @FieldResolver(() => [Indicator], { description: 'Indicator targets of the area.' })
  async indicators(@Root() view: PlanAreaView, @Ctx() ctx: RequestContext): Promise<Indicator[]> {
    return (await ctx.loaders.indicatorsByPlanId.load(view.planId)).filter(
      (x) => x.areaCode === view.areaCode,
    );
  }
}
