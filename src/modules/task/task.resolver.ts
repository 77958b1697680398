import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Connection } from '../../core/pagination';
import type { RequestContext } from '../../core/request-context';
import { Plan } from '../plan/plan.entity';
import { PlanAreaView } from '../plan/plan.type';
import { ReformArea } from '../reform-area/reform-area.entity';
import { reformAreaByCode } from '../reform-area/reform-area.service';
import { Task } from './task.entity';
import { taskCountOfPlanArea, tasksOfPlan, tasksOfPlanArea } from './task.service';
import { PlanTasksArgs, TaskConnection } from './task.type';

@Resolver(() => Task)
export class TaskResolver {
  @FieldResolver(() => ReformArea, { description: 'Reform area the task belongs to.' })
  area(@Root() task: Task, @Ctx() ctx: RequestContext): Promise<ReformArea> {
    return reformAreaByCode(ctx, task.areaCode);
  }
}

/** Plan.tasks: here rather than in plan/, so that plans know nothing of tasks. */
@Resolver(() => Plan)
export class PlanTasksResolver {
  @FieldResolver(() => TaskConnection, {
    description: 'Tasks in the order of the plan table, a page at a time.',
  })
  tasks(
    @Root() plan: Plan,
    @Args() args: PlanTasksArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Task>> {
    return tasksOfPlan(ctx, plan, args);
  }
}

/** The tasks of a plan's area (PlanArea.tasks, PlanArea.taskCount). */
@Resolver(() => PlanAreaView)
export class PlanAreaTasksResolver {
  @FieldResolver(() => [Task], { description: 'Tasks of the area, in the order of the plan table.' })
  tasks(@Root() view: PlanAreaView, @Ctx() ctx: RequestContext): Promise<Task[]> {
    return tasksOfPlanArea(ctx, view);
  }

  @FieldResolver(() => Int, { description: 'Number of tasks in the area.' })
  taskCount(@Root() view: PlanAreaView, @Ctx() ctx: RequestContext): Promise<number> {
    return taskCountOfPlanArea(ctx, view);
  }
}
