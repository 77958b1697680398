import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApiToken } from '../api-token/api-token.entity';
import { Province } from '../province/province.entity';
import { ExportRecord } from './export-record';
import { ExportScheduleStatus } from './export-run.enums';

/**
 * A recurring export: at each time of its cron, in its time zone, one run is queued (its record
 * names the schedule and the time). nextRunAt is the next such time; the minute tick claims it.
 */
@ObjectType({ description: 'A recurring export: a run at each time of its cron, read as its owner’s token.' })
@Entity({ name: 'export_schedule' })
@Index('ix_export_schedule_due', ['nextRunAt'], { where: `status = 'ACTIVE'` })
@Index('ix_export_schedule_province', ['provinceId', 'id'])
@Check('ck_export_schedule_status', `status IN ('ACTIVE', 'CANCELLED')`)
@Check('ck_export_schedule_cancelled', `(status = 'CANCELLED') = (cancelled_at IS NOT NULL)`)
@Check('ck_export_schedule_format', `format IN ('csv', 'xlsx', 'ndjson')`)
@Check('ck_export_schedule_lang', `lang IN ('vi', 'en')`)
@Check('ck_export_schedule_role', `role IN ('ADMIN', 'PROVINCE_ANALYST', 'COMMUNE_OFFICER', 'EXPORT_JOB')`)
export class ExportSchedule extends ExportRecord {
  @Field(() => ID, { description: 'Id of the schedule.' })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_export_schedule' })
  id: number;

  @Field({ description: 'Cron expression: minute hour day-of-month month day-of-week.' })
  @Column({ type: 'text' })
  cron: string;

  @Field({ description: 'IANA time zone the cron is read in (default the province’s, Asia/Ho_Chi_Minh).' })
  @Column({ type: 'text' })
  timeZone: string;

  @Field(() => ExportScheduleStatus, { description: 'Whether it still starts runs.' })
  @Column({ type: 'text', default: ExportScheduleStatus.ACTIVE })
  status: ExportScheduleStatus;

  @ManyToOne(() => ApiToken, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'token_id', foreignKeyConstraintName: 'fk_export_schedule_token' })
  token?: ApiToken | null;

  @ManyToOne(() => Province, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'province_id', foreignKeyConstraintName: 'fk_export_schedule_province' })
  province?: Province | null;

  @Field(() => DateTimeISOResolver, {
    description: 'The next time of its cron (for a cancelled schedule: the one that will not come).',
  })
  @Column({ type: 'timestamptz' })
  nextRunAt: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When it last queued a run.' })
  @Column({ type: 'timestamptz', nullable: true })
  lastRunAt: Date | null;

  @Field(() => DateTimeISOResolver, { description: 'When it was made.' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When it was cancelled.' })
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who cancelled it.' })
  @Column({ type: 'text', nullable: true })
  cancelledBy: string | null;
}
