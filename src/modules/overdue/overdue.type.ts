import { MaxLength } from 'class-validator';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { Commune } from '../commune/commune.entity';
import { ReformAreaCode } from '../reform-area/reform-area.entity';
import { TaskStatus } from '../report/report.enums';
import { Task } from '../task/task.entity';

@ObjectType({ description: 'A task that is overdue as of a period, with its commune.' })
export class OverdueTask {
  @Field(() => Task, { description: 'The task.' })
  task: Task;

  @Field(() => Commune, { description: 'The commune whose plan it is.' })
  commune: Commune;

  @Field(() => TaskStatus, { description: 'Status as of the period (NOT_STARTED when never reported).' })
  status: TaskStatus;

  @Field(() => Int, { description: 'Percent done as last reported.' })
  percent: number;

  @Field(() => Int, { description: 'Days from the due date to the end of the period.' })
  daysOverdue: number;
}

@ObjectType({ description: 'A page of overdue tasks, most overdue first.' })
export class OverdueTaskConnection extends ConnectionType(OverdueTask, 'overdue task') {}

@ArgsType()
export class OverdueTasksArgs extends PageArgs {
  @Field({ description: 'Period code ("2025Q3", "2025-07", "2025").' })
  @MaxLength(10)
  period: string;

  @Field(() => ReformAreaCode, { nullable: true, description: 'Only tasks of this reform area.' })
  areaCode?: ReformAreaCode | null;
}
