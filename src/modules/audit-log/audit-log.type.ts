import { ArgsType, Field, ID, ObjectType } from 'type-graphql';
import { IsId } from '../../core/ids';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { AuditEntity } from '../audit/audit.enums';

@ObjectType({ description: 'A page of audit entries, newest first (Relay connection).' })
export class AuditLogEntryConnection extends ConnectionType(AuditLogEntry, 'audit entry') {}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description:
      "Only changes to this province's records (its communes' plans and reports, and its own plan). Required unless the token is an admin's.",
  })
  provinceCode?: string | null;

  @Field(() => AuditEntity, { nullable: true, description: 'Only changes to this kind of record.' })
  entity?: AuditEntity | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only changes to the record with this id (give entity too).',
  })
  @IsId('a record')
  entityId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only changes to this plan and to its tasks, indicators and reports.',
  })
  @IsId('a plan')
  planId?: string | null;
}
