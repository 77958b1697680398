import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Connection } from '../../core/pagination';
import type { RequestContext } from '../../core/request-context';
import { Commune } from '../commune/commune.entity';
import { Province } from '../province/province.entity';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { auditEntryCommune, auditEntryProvince, auditLog, changedFields } from './audit-log.service';
import { AuditLogArgs, AuditLogEntryConnection } from './audit-log.type';

@Resolver(() => AuditLogEntry)
export class AuditLogResolver {
  @Query(() => AuditLogEntryConnection, {
    description:
      "Who changed what and when, newest first. Admins read every province; a province analyst reads only its own province's entries (pass provinceCode). FORBIDDEN otherwise.",
  })
  auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: RequestContext): Promise<Connection<AuditLogEntry>> {
    return auditLog(ctx, args);
  }

  @FieldResolver(() => [String], {
    description: 'Fields whose value differs between oldValues and newValues, alphabetically.',
  })
  changedFields(@Root() entry: AuditLogEntry): string[] {
    return changedFields(entry);
  }

  @FieldResolver(() => Province, {
    nullable: true,
    description: 'Province the changed record belongs to; null when its plan has none.',
  })
  province(@Root() entry: AuditLogEntry, @Ctx() ctx: RequestContext): Promise<Province | null> | null {
    return auditEntryProvince(ctx, entry);
  }

  @FieldResolver(() => Commune, {
    nullable: true,
    description: "Commune whose plan or report was changed; null for a province's own plan.",
  })
  commune(@Root() entry: AuditLogEntry, @Ctx() ctx: RequestContext): Promise<Commune | null> | null {
    return auditEntryCommune(ctx, entry);
  }
}
