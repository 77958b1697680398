import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Task } from '../task/task.entity';
import { TaskStatus } from './report.enums';
import { StatusReport } from './status-report.entity';

/** The state of one task as one report states it. */
@ObjectType({ description: 'Progress of one task in one report (tiến độ nhiệm vụ).' })
@Entity({ name: 'task_progress' })
@Unique('uq_task_progress_report_task', ['reportId', 'taskId'])
@Index('ix_task_progress_task', ['taskId'])
@Check('ck_task_progress_percent', 'percent BETWEEN 0 AND 100')
@Check('ck_task_progress_status', `status IN ('NOT_STARTED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED')`)
@Check('ck_task_progress_version', 'version >= 1')
export class TaskProgress {
  @Field(() => ID, { description: 'Internal id.' })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_task_progress' })
  id: number;

  @Column({ type: 'int' })
  reportId: number;

  @ManyToOne(() => StatusReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_task_progress_report' })
  report?: StatusReport;

  @Column({ type: 'int' })
  taskId: number;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_progress_task' })
  task?: Task;

  @Field(() => TaskStatus, { description: 'State of the task.' })
  @Column({ type: 'text' })
  status: TaskStatus;

  @Field(() => Int, { description: 'Share done, 0–100 (%).' })
  @Column({ type: 'smallint', default: 0 })
  percent: number;

  @Field(() => String, { nullable: true, description: 'Remark of the reporting unit.' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => Int, {
    description:
      'Optimistic-concurrency version: send it back with a change; it increases with every change.',
  })
  @Column({ type: 'int', default: 1 })
  version: number;
  /** Not a column: the report's plan, set by the report loaders for the read guard. */
  planId?: number;
}
