import 'reflect-metadata';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AuditLogResolver } from '../modules/audit-log/audit-log.resolver';
import { applyReadGuard } from '../modules/auth/read-guard';
import { loadConfig } from '../core/config';
import type { AppConfig } from '../core/config';
import { applyInputGuard } from './input-guard';
import { ViewerResolver } from '../modules/api-token/viewer.resolver';
import { CommuneResolver, ProvinceCommunesResolver } from '../modules/commune/commune.resolver';
import {
  IndicatorResolver,
  PlanAreaIndicatorsResolver,
  PlanIndicatorsResolver,
} from '../modules/indicator/indicator.resolver';
import { ExportRunResolver, ExportScheduleResolver } from '../modules/export-run/export-run.resolver';
import {
  IndicatorCascadeResolver,
  IndicatorCatalogResolver,
} from '../modules/indicator-catalog/indicator-catalog.resolver';
import { ProvinceOverdueResolver } from '../modules/overdue/overdue.resolver';
import { CommunePlansResolver, ProvincePlansResolver } from '../modules/plan/owner-plans.resolver';
import { PlanAreaResolver, PlanResolver } from '../modules/plan/plan.resolver';
import { IndicatorWriteResolver } from '../modules/plan-editing/indicator-write.resolver';
import { PlanWriteResolver } from '../modules/plan-editing/plan-write.resolver';
import { TaskWriteResolver } from '../modules/plan-editing/task-write.resolver';
import { PlanImportResolver } from '../modules/plan-import/plan-import.resolver';
import {
  IndicatorRollupResolver,
  ProvinceIndicatorLeagueResolver,
} from '../modules/indicator-rollup/indicator-rollup.resolver';
import { ProvinceResolver } from '../modules/province/province.resolver';
import { LiveResolver } from '../modules/live/live.resolver';
import { ReformAreaResolver } from '../modules/reform-area/reform-area.resolver';
import {
  CommuneRollupResolver,
  PlanRollupResolver,
  ProvinceRollupResolver,
  RollupResolver,
} from '../modules/rollup/rollup.resolver';
import {
  IndicatorValueOfIndicatorResolver,
  IndicatorValueResolver,
  PlanReportsResolver,
  StatusReportResolver,
  TaskProgressOfTaskResolver,
  TaskProgressResolver,
} from '../modules/report/report.resolver';
import { ReportWriteResolver } from '../modules/report/report-write.resolver';
import { ProvinceReportingResolver } from '../modules/reporting/reporting.resolver';
import { PlanAreaTasksResolver, PlanTasksResolver, TaskResolver } from '../modules/task/task.resolver';

export const RESOLVERS = [
  ReformAreaResolver,
  ProvinceResolver,
  CommuneResolver,
  ProvinceCommunesResolver,
  PlanResolver,
  ProvincePlansResolver,
  CommunePlansResolver,
  PlanAreaResolver,
  TaskResolver,
  PlanTasksResolver,
  PlanAreaTasksResolver,
  IndicatorResolver,
  PlanIndicatorsResolver,
  PlanAreaIndicatorsResolver,
  IndicatorCatalogResolver,
  IndicatorCascadeResolver,
  StatusReportResolver,
  TaskProgressResolver,
  IndicatorValueResolver,
  PlanReportsResolver,
  TaskProgressOfTaskResolver,
  IndicatorValueOfIndicatorResolver,
  PlanImportResolver,
  RollupResolver,
  ProvinceRollupResolver,
  CommuneRollupResolver,
  PlanRollupResolver,
  IndicatorRollupResolver,
  ProvinceIndicatorLeagueResolver,
  ProvinceReportingResolver,
  ProvinceOverdueResolver,
  PlanWriteResolver,
  TaskWriteResolver,
  IndicatorWriteResolver,
  ReportWriteResolver,
  AuditLogResolver,
  ViewerResolver,
  ExportRunResolver,
  ExportScheduleResolver,
  LiveResolver,
] as const;

/** The executable schema. Input validation (class-validator) is on: TypeGraphQL 2 defaults it off. */
export async function createSchema(
  config: Pick<AppConfig, 'maxStringChars' | 'maxImportChars'> = loadConfig(),
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    // TypeGraphQL wants a PubSub once there are subscriptions. Ours bring their own streams (the
    // `subscribe` option: authorization first, then modules/live's hub, fed by PostgreSQL NOTIFY);
    // this in-process one would serve topic-based subscriptions, of which there are none.
    pubSub: createPubSub(),
  });
  // TypeGraphQL has no decorator for the root type's description.
  schema.getQueryType()!.description =
    'Read access to the administrative-reform plans (kế hoạch CCHC) of provinces and communes, their tasks, indicators and reports.';
  schema.getMutationType()!.description =
    'Changes to plans and reports; each mutation is one transaction, audited, with optimistic versions (docs/WRITES.md).';
  schema.getSubscriptionType()!.description =
    'Live updates, sent when a change commits: over server-sent events at /graphql/stream (graphql-sse; docs/LIVE.md).';
  // Input checks (NUL, surrogates, NFC, lengths, finite floats, dates) before every resolver
  // (app/input-guard.ts). The read guard below wraps them: it only looks at results.
  applyInputGuard(schema, {
    defaultMaxChars: config.maxStringChars,
    importMaxChars: config.maxImportChars,
  });
  // Read authorization: every field returning an owned object checks it (modules/auth/read-guard.ts).
  return applyReadGuard(schema);
}
