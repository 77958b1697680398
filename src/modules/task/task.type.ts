import { ArgsType, Field, ObjectType } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { ReformAreaCode } from '../reform-area/reform-area.entity';
import { Task } from './task.entity';

@ObjectType({ description: 'A page of tasks (Relay connection), in the order of the plan table.' })
export class TaskConnection extends ConnectionType(Task, 'task') {}

@ArgsType()
export class PlanTasksArgs extends PageArgs {
  @Field(() => ReformAreaCode, { nullable: true, description: 'Only tasks of this reform area.' })
  areaCode?: ReformAreaCode | null;
}
