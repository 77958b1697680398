import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { BadUserInputError } from '../../core/errors';
import type { Connection } from '../../core/pagination';
import { authorize, canReadAudit } from '../auth/policy';
import { Commune } from '../commune/commune.entity';
import { Province } from '../province/province.entity';
import { getProvinceByCode } from '../province/province.service';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { auditPage, changedFields } from './audit-log.service';
import { AuditLogArgs, AuditLogEntryConnection } from './audit-log.type';

@Resolver(() => AuditLogEntry)
export class AuditLogResolver {
  @Query(() => AuditLogEntryConnection, {
    description:
      "Who changed what and when, newest first. Admins read every province; a province analyst reads only its own province's entries (pass provinceCode). FORBIDDEN otherwise.",
  })
  async auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: RequestContext): Promise<Connection<AuditLogEntry>> {
    const province = args.provinceCode ? await getProvinceByCode(ctx.dataSource, args.provinceCode) : null;
    authorize(
      canReadAudit(ctx.viewer, province?.id ?? null),
      province
        ? `read the audit log of province ${province.code}`
        : 'read the audit log of every province (pass provinceCode: your own province)',
    );
    if (args.entityId && !args.entity) {
      throw new BadUserInputError('entityId needs entity: say which kind of record the id is of.', 'entity');
    }
    return auditPage(ctx.dataSource, {
      provinceId: province?.id ?? null,
      entity: args.entity ?? null,
      entityId: args.entityId ? Number(args.entityId) : null,
      planId: args.planId ? Number(args.planId) : null,
      first: args.first,
      after: args.after ?? null,
    });
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
    return entry.provinceId === null ? null : ctx.loaders.provinceById.load(entry.provinceId);
  }

  @FieldResolver(() => Commune, {
    nullable: true,
    description: "Commune whose plan or report was changed; null for a province's own plan.",
  })
  commune(@Root() entry: AuditLogEntry, @Ctx() ctx: RequestContext): Promise<Commune | null> | null {
    return entry.communeId === null ? null : ctx.loaders.communeById.load(entry.communeId);
  }
}
