import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Plan } from '../plan/plan.entity';
import { ReportStatus } from './report.enums';

/** A periodic progress report on one plan (báo cáo tiến độ), one per plan and period. */
@ObjectType({ description: 'A progress report on a plan for one period (báo cáo kết quả thực hiện).' })
@Entity({ name: 'status_report' })
@Unique('uq_status_report_plan_period', ['planId', 'period'])
@Index('ix_status_report_plan_period_end', ['planId', 'periodEnd'])
@Check('ck_status_report_period', `period ~ '^[0-9]{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$'`)
@Check('ck_status_report_period_span', 'period_end >= period_start')
@Check('ck_status_report_status', `status IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED')`)
@Check('ck_status_report_version', 'version >= 1')
export class StatusReport {
  @Field(() => ID, { description: 'Internal id.' })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_status_report' })
  id: number;

  @Column({ type: 'int' })
  planId: number;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_status_report_plan' })
  plan?: Plan;

  @Field({ description: 'Period code: "2025" (year), "2025Q3" (quarter) or "2025-07" (month).' })
  @Column({ type: 'text' })
  period: string;

  @Field(() => LocalDateResolver, { description: 'First day of the period.' })
  @Column({ type: 'date' })
  periodStart: string;

  @Field(() => LocalDateResolver, { description: 'Last day of the period.' })
  @Column({ type: 'date' })
  periodEnd: string;

  @Field(() => ReportStatus, { description: 'Workflow state.' })
  @Column({ type: 'text', default: ReportStatus.DRAFT })
  status: ReportStatus;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: 'When the report was submitted (ngày gửi).',
  })
  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who submitted it.' })
  @Column({ type: 'text', nullable: true })
  submittedBy: string | null;

  @Field(() => Int, {
    description:
      'Optimistic-concurrency version of the workflow state: send it with submit, approve, return and reopen; each of them increases it. Draft saves do not change it (task and indicator rows carry their own versions).',
  })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: 'When the province last approved, returned or reopened the report.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who last approved, returned or reopened it.' })
  @Column({ type: 'text', nullable: true })
  reviewedBy: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the province returned or reopened the report (lý do trả lại), for the commune to act on; cleared on approval.',
  })
  @Column({ type: 'text', nullable: true })
  returnReason: string | null;
}
