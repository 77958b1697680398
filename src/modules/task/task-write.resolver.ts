import { Args, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { DeleteArgs } from '../../core/write.args';
import { writeTransaction } from '../../core/db/transaction';
import type { RequestContext } from '../../core/request-context';
import { createTask, deleteTask, updateTask } from './task-write.service';
import { Task } from './task.entity';
import { CreateTaskArgs, UpdateTaskArgs } from './task.inputs';

@Resolver()
export class TaskWriteResolver {
  @Mutation(() => Task, {
    description:
      'Adds a task row to a plan: raw cells in, parsed milestones, due date and budget out (unreadable cells listed in parseWarnings).',
  })
  createTask(@Args() args: CreateTaskArgs, @Ctx() ctx: RequestContext): Promise<Task> {
    return writeTransaction(ctx.dataSource, (manager) => createTask(manager, ctx.viewer, args.input));
  }

  @Mutation(() => Task, {
    description: "Changes a task's cells; the parsed fields follow. CONFLICT if `version` is stale.",
  })
  updateTask(@Args() args: UpdateTaskArgs, @Ctx() ctx: RequestContext): Promise<Task> {
    return writeTransaction(ctx.dataSource, (manager) =>
      updateTask(manager, ctx.viewer, Number(args.id), args.version, args.input),
    );
  }

  @Mutation(() => ID, {
    description:
      'Deletes a task and its progress in unsent draft reports; returns its id. CONFLICT while a submitted, approved or returned report states its progress (mark it CANCELLED instead), or if `version` is stale.',
  })
  deleteTask(@Args() args: DeleteArgs, @Ctx() ctx: RequestContext): Promise<string> {
    return writeTransaction(ctx.dataSource, async (manager) =>
      String(await deleteTask(manager, ctx.viewer, Number(args.id), args.version)),
    );
  }
}
