import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Connection } from '../../core/pagination';
import type { RequestContext } from '../../core/request-context';
import { Province } from '../province/province.entity';
import { overdueTasks } from './overdue.service';
import type { OverdueTaskRow } from './overdue.service';
import { OverdueTaskConnection, OverdueTasksArgs } from './overdue.type';

@Resolver(() => Province)
export class ProvinceOverdueResolver {
  @FieldResolver(() => OverdueTaskConnection, {
    description:
      'Drill-down: overdue tasks of the communes as of a period (docs/ROLLUPS.md), most overdue first.',
  })
  overdueTasks(
    @Root() province: Province,
    @Args() args: OverdueTasksArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<OverdueTaskRow>> {
    return overdueTasks(ctx, province, args);
  }
}
