import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { SourceRef } from '../../core/source-ref.type';
import { Plan } from '../plan/plan.entity';
import { ReformArea, ReformAreaCode } from '../reform-area/reform-area.entity';
import { Milestone } from './milestone.type';

/** One row of a plan's task table (nhiệm vụ), with every cell's raw text kept. */
@ObjectType({
  description: 'A task of a plan (nhiệm vụ): one row of the plan table, each cell kept as written.',
})
@Entity({ name: 'task' })
@Unique('uq_task_plan_position', ['planId', 'position'])
@Index('ix_task_plan_area_position', ['planId', 'areaCode', 'position'])
@Check('ck_task_budget', 'budget_million_vnd IS NULL OR budget_million_vnd >= 0')
@Check('ck_task_version', 'version >= 1')
export class Task {
  @Field(() => ID, { description: 'Internal id.' })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_task' })
  id: number;

  @Column({ type: 'int' })
  planId: number;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_task_plan' })
  plan?: Plan;

  @Column({ type: 'text' })
  areaCode: ReformAreaCode;

  @ManyToOne(() => ReformArea, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'area_code', foreignKeyConstraintName: 'fk_task_area' })
  area?: ReformArea;

  /** Order of the row in the plan (1-based); the stable sort key of Plan.tasks. */
  @Column({ type: 'int' })
  position: number;

  @Field({ description: 'Row number as printed (STT), possibly hierarchical: "1", "2.3", "1.1.a".' })
  @Column({ type: 'text' })
  ordinal: string;

  @Field(() => String, { nullable: true, description: 'Objective (mục tiêu); shared by the rows it spans.' })
  @Column({ type: 'text', nullable: true })
  objective: string | null;

  @Field({ description: 'Task (nhiệm vụ) as written.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Activities (hoạt động), as written.' })
  @Column({ type: 'text', nullable: true })
  activities: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Outputs (kết quả / sản phẩm): plans, reports, decisions.',
  })
  @Column({ type: 'text', nullable: true })
  outputs: string | null;

  @Field(() => String, { nullable: true, description: 'Lead unit (chủ trì), as written.' })
  @Column({ type: 'text', nullable: true })
  leadUnit: string | null;

  @Field(() => String, { nullable: true, description: 'Coordinating units (phối hợp), as written.' })
  @Column({ type: 'text', nullable: true })
  coordinatingUnits: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Monitoring unit (theo dõi, kiểm tra, đôn đốc), as written.',
  })
  @Column({ type: 'text', nullable: true })
  monitoringUnit: string | null;

  @Field(() => String, { nullable: true, description: 'Time cell (thời gian) exactly as written.' })
  @Column({ type: 'text', nullable: true })
  timeText: string | null;

  @Field(() => [Milestone], { description: 'Milestones read from the time text; empty until it is parsed.' })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  milestones: Milestone[];

  /**
   * The milestones as one line ("DEADLINE 2025-12-31; PERIOD 2025-10-01..2025-12-31"), set by the
   * database on every write (trigger tr_task_milestones_text) for task lists and exports.
   */
  @Column({ type: 'text', default: '', select: false, insert: false, update: false })
  milestonesText: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Due date of the last dated milestone, if any.',
  })
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Budget cell (kinh phí) exactly as written, e.g. "Theo dự toán được cấp".',
  })
  @Column({ type: 'text', nullable: true })
  budgetText: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Budget in million VND (triệu đồng) when the cell is a number.',
  })
  @Column({ type: 'numeric', precision: 14, scale: 3, nullable: true })
  budgetMillionVnd: number | null;

  @Field(() => SourceRef, { nullable: true, description: 'Where in the source document this row is.' })
  @Column({ type: 'jsonb', nullable: true })
  source: SourceRef | null;

  @Field(() => [String], {
    description: 'What the parsers could not read in this row (empty when all was understood).',
  })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  parseWarnings: string[];

  @Field(() => String, { nullable: true, description: 'Transcription remarks.' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => Int, {
    description:
      'Optimistic-concurrency version: send it back with a change; it increases with every change.',
  })
  @Column({ type: 'int', default: 1 })
  version: number;
}
