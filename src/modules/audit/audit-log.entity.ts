import { DateTimeISOResolver, JSONObjectResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../../core/viewer';
import { AuditAction, AuditEntity } from './audit.enums';

/**
 * One change, written in the same transaction as the change itself. Append-only and without
 * foreign keys, so it outlives the rows it describes.
 */
@ObjectType({
  description:
    'One change to plan or report data: who made it, when, to what, and the values before and after.',
})
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_province', ['provinceId', 'id'])
@Index('ix_audit_log_entity', ['entity', 'entityId', 'id'])
@Index('ix_audit_log_plan', ['planId', 'id'])
@Check(
  'ck_audit_log_entity',
  `entity IN ('PLAN', 'TASK', 'INDICATOR', 'STATUS_REPORT', 'TASK_PROGRESS', 'INDICATOR_VALUE', 'INDICATOR_CATALOG')`,
)
@Check(
  'ck_audit_log_action',
  `action IN ('CREATE', 'UPDATE', 'DELETE', 'IMPORT', 'SUBMIT', 'APPROVE', 'RETURN', 'REOPEN')`,
)
export class AuditLogEntry {
  @Field(() => ID, { description: 'Id of the entry; later entries have larger ids.' })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_audit_log' })
  id: number;

  @Field(() => DateTimeISOResolver, { description: 'When the change was committed (transaction time).' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Field({ description: 'Name of the token (or operator) that made the change.' })
  @Column({ type: 'text' })
  actorName: string;

  @Field(() => Role, { description: 'Role of that token at the time.' })
  @Column({ type: 'text' })
  actorRole: Role;

  @Field(() => Int, { nullable: true, description: 'Id of that API token; null for the operator.' })
  @Column({ type: 'int', nullable: true })
  actorTokenId: number | null;

  /** Province the changed record belongs to (a commune plan's province); scopes who may read it. */
  @Column({ type: 'int', nullable: true })
  provinceId: number | null;

  @Column({ type: 'int', nullable: true })
  communeId: number | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The plan the record belongs to (it may have been deleted since).',
  })
  @Column({ type: 'int', nullable: true })
  planId: number | null;

  @Field(() => AuditEntity, { description: 'Kind of record changed.' })
  @Column({ type: 'text' })
  entity: AuditEntity;

  @Field(() => ID, { description: 'Id of the record changed.' })
  @Column({ type: 'int' })
  entityId: number;

  @Field(() => AuditAction, { description: 'What was done.' })
  @Column({ type: 'text' })
  action: AuditAction;

  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: 'The record before the change (API field names); null for CREATE.',
  })
  @Column({ type: 'jsonb', nullable: true })
  oldValues: Record<string, unknown> | null;

  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: 'The record after the change (API field names); null for DELETE.',
  })
  @Column({ type: 'jsonb', nullable: true })
  newValues: Record<string, unknown> | null;

  @Field(() => String, {
    nullable: true,
    description: 'The reason given (return, reopen), if any.',
  })
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
