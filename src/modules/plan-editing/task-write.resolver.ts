import { Args, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { DeleteArgs } from '../../core/write.args';
import { Task } from '../task/task.entity';
import { createTask, deleteTask, updateTask } from './task-write.service';
import { CreateTaskArgs, UpdateTaskArgs } from './task.inputs';

@Resolver()
export class TaskWriteResolver {
  @Mutation(() => Task, {
    description:
      'Adds a task row to a plan: raw cells in, parsed milestones, due date and budget out (unreadable cells listed in parseWarnings).',
  })
  createTask(@Args() args: CreateTaskArgs, @Ctx() ctx: RequestContext): Promise<Task> {
    return createTask(ctx, args.input);
  }

  @Mutation(() => Task, {
    description: "Changes a task's cells; the parsed fields follow. CONFLICT if `version` is stale.",
  })
  updateTask(@Args() args: UpdateTaskArgs, @Ctx() ctx: RequestContext): Promise<Task> {
    return updateTask(ctx, args);
  }

  @Mutation(() => ID, {
    description:
      'Deletes a task and its progress in unsent draft reports; returns its id. CONFLICT while a submitted, approved or returned report states its progress (mark it CANCELLED instead), or if `version` is stale.',
  })
  deleteTask(@Args() args: DeleteArgs, @Ctx() ctx: RequestContext): Promise<string> {
    return deleteTask(ctx, args);
  }
}
