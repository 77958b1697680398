import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { groupByKey, oneByKey } from '../../core/db/sql';
import { Task } from './task.entity';
import { pagedLoader } from '../../core/paged-loader';
import { taskPages } from './task.service';
import type { TaskPageRequest } from './task.service';

export function taskLoaders(dataSource: DataSource) {
  const tasks = dataSource.getRepository(Task);
  return {
    taskById: new DataLoader<number, Task | null>(async (ids) =>
      oneByKey(ids, await tasks.findBy({ id: In([...ids]) }), (t) => t.id),
    ),
    /** Every task of each plan, in table order (for Plan.areas). */
    allTasksByPlanId: new DataLoader<number, Task[]>(async (ids) =>
      groupByKey(
        ids,
        await tasks.find({ where: { planId: In([...ids]) }, order: { planId: 'ASC', position: 'ASC' } }),
        (t) => t.planId,
      ),
    ),
    /** Plan.tasks: one statement per distinct (areaCode, first, after) in the request. */
    taskPagesByPlan: pagedLoader((planIds, request: TaskPageRequest) =>
      taskPages(dataSource, planIds, request),
    ),
  };
}

export type TaskLoaders = ReturnType<typeof taskLoaders>;

// Adds these loaders to every request context's `loaders` (see core/request-context.ts).
declare module '../../core/request-context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends TaskLoaders {}
}
