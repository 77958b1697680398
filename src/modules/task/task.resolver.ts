import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { periodArgument } from '../../core/period.args';
import type { RequestContext } from '../../core/request-context';
import { ReformArea } from '../reform-area/reform-area.entity';
import { TaskProgress } from '../report/task-progress.entity';
import { Task } from './task.entity';

@Resolver(() => Task)
export class TaskResolver {
  @FieldResolver(() => ReformArea, { description: 'Reform area the task belongs to.' })
  async area(@Root() task: Task, @Ctx() ctx: RequestContext): Promise<ReformArea> {
    return (await ctx.loaders.reformAreaByCode.load(task.areaCode))!;
  }

  @FieldResolver(() => TaskProgress, {
    nullable: true,
    description: "The task's progress in the plan's report for exactly this period; null when there is none.",
  })
  progress(
    @Root() task: Task,
    @Arg('period', { description: 'Period code: "2025", "2025Q3" or "2025-07".' }) period: string,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskProgress | null> {
    return ctx.loaders.progressByTaskAndPeriod.load({ id: task.id, period: periodArgument(period).code });
  }
}
