import { DateTimeISOResolver, SafeIntResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ApiToken } from '../api-token/api-token.entity';
import { Province } from '../province/province.entity';
import { ExportRecord } from './export-record';
import { ExportRunStatus } from './export-run.enums';
import { ExportSchedule } from './export-schedule.entity';

/** bigint column ↔ JS number (file sizes stay far below 2^53). */
const bigintAsNumber = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * One export, asked for with startExport or started by a schedule, run by the worker on pg-boss:
 * its parameters, who asked (the run reads as that token), and what came out. The file lies in
 * CCHC_EXPORT_DIR under `fileName`.
 */
@ObjectType({
  description:
    'One stored export: what was asked, by whom, and its file once written (status, row count, bytes, SHA-256).',
})
@Entity({ name: 'export_run' })
@Index('ix_export_run_province', ['provinceId', 'id'])
@Index('ix_export_run_schedule', ['scheduleId', 'id'])
@Index('ix_export_run_file', ['finishedAt'], { where: 'file_name IS NOT NULL' })
// A schedule starts one run per time of its cron, even with two servers ticking at once.
@Unique('uq_export_run_schedule_time', ['scheduleId', 'scheduledFor'])
@Check('ck_export_run_status', `status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')`)
@Check('ck_export_run_format', `format IN ('csv', 'xlsx', 'ndjson')`)
@Check('ck_export_run_lang', `lang IN ('vi', 'en')`)
@Check('ck_export_run_role', `role IN ('ADMIN', 'PROVINCE_ANALYST', 'COMMUNE_OFFICER', 'EXPORT_JOB')`)
@Check('ck_export_run_sha256', `sha256 ~ '^[0-9a-f]{64}$'`)
@Check(
  'ck_export_run_succeeded',
  `status <> 'SUCCEEDED' OR (row_count IS NOT NULL AND bytes IS NOT NULL AND sha256 IS NOT NULL AND finished_at IS NOT NULL)`,
)
export class ExportRun extends ExportRecord {
  @Field(() => ID, { description: 'Id of the run.' })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_export_run' })
  id: number;

  @Field(() => ExportRunStatus, { description: 'Where the run is.' })
  @Column({ type: 'text', default: ExportRunStatus.QUEUED })
  status: ExportRunStatus;

  @ManyToOne(() => ApiToken, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'token_id', foreignKeyConstraintName: 'fk_export_run_token' })
  token?: ApiToken | null;

  @ManyToOne(() => Province, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'province_id', foreignKeyConstraintName: 'fk_export_run_province' })
  province?: Province | null;

  /** The schedule that started it (null: startExport). */
  @Column({ type: 'int', nullable: true })
  scheduleId: number | null;

  @ManyToOne(() => ExportSchedule, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'schedule_id', foreignKeyConstraintName: 'fk_export_run_schedule' })
  schedule?: ExportSchedule | null;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: 'For a scheduled run: the time of the cron it stands for.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  scheduledFor: Date | null;

  @Field(() => Int, { nullable: true, description: 'Data rows written (header rows not counted).' })
  @Column({ type: 'int', nullable: true })
  rowCount: number | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Size of the file in bytes.' })
  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  bytes: number | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the file, lower-case hex.' })
  @Column({ type: 'text', nullable: true })
  sha256: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Name of the file (what a download saves it as); null until written and after removal.',
  })
  @Column({ type: 'text', nullable: true })
  fileName: string | null;

  @Field(() => DateTimeISOResolver, { description: 'When it was asked for.' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When its latest attempt started.' })
  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: 'When it succeeded, failed for good or was cancelled.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: 'When its file was removed (CCHC_EXPORT_RETENTION_DAYS after it was written).',
  })
  @Column({ type: 'timestamptz', nullable: true })
  fileRemovedAt: Date | null;

  @Field(() => Int, { description: 'Attempts started so far (a failed attempt is retried with backoff).' })
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the latest attempt failed, and what to do; null when it did not.',
  })
  @Column({ type: 'text', nullable: true })
  error: string | null;
}
