import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isUnionType,
} from 'graphql';
import type { GraphQLFieldResolver, GraphQLNamedType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import type { RequestContext } from '../../core/request-context';
import { Access } from './access';
import type { PlanRow } from './access';
import { NotFoundError } from '../../core/errors';
import { canReadOwner, canSeeCommune, canSeeExportsOf, canSeeProvince } from './policy';

type Check = (
  access: Access,
  value: never,
  context: RequestContext,
  info: GraphQLResolveInfo,
) => boolean | Promise<boolean>;

const byPlanId = (access: Access, value: { planId: number }) => access.canReadPlan(value.planId);

/**
 * The types whose objects belong to someone, and how to tell whether the viewer may read one. Every
 * field of the schema that returns one of these (alone, in a list, or in a union) is guarded: its
 * result is checked after it resolves. A single object the viewer may not read is NOT_FOUND, worded
 * as for a missing one; a list loses those items silently. A new field returning one of these types is guarded without
 * anyone remembering to; a new object type must be added here or to PUBLIC_TYPES (a test checks).
 */
export const GUARDED_TYPES: Partial<Record<string, Check>> = {
  // A stored export holds what its owner's scope could read.
  ExportRun: (access, run: { provinceId: number | null }) => canSeeExportsOf(access.viewer, run.provinceId),
  ExportSchedule: (access, schedule: { provinceId: number | null }) =>
    canSeeExportsOf(access.viewer, schedule.provinceId),
  Province: (access, province: { id: number }) => canSeeProvince(access.viewer, province.id),
  Commune: (access, commune: { id: number; provinceId: number | null }) =>
    canSeeCommune(access.viewer, commune),
  Plan: (access, plan: PlanRow) => access.canReadPlanRow(plan),
  PlanArea: byPlanId,
  Task: byPlanId,
  Indicator: byPlanId,
  StatusReport: byPlanId,
  TaskProgress: (access, item: { planId?: number; reportId: number }) => access.canReadReportItem(item),
  IndicatorValue: (access, item: { planId?: number; reportId: number }) => access.canReadReportItem(item),
  OverdueTask: (
    access,
    row: { task: { planId: number }; commune: { id: number; provinceId: number | null } },
  ) => {
    const owner = { provinceId: row.commune.provinceId, communeId: row.commune.id };
    access.notePlanOwner(row.task.planId, owner);
    return canReadOwner(access.viewer, owner);
  },
};

/**
 * Types that carry no owner of their own: reference data, the caller's own identity, and
 * containers or figures only reachable through a guarded parent (Province.rollup, Plan.tasks…)
 * or through a resolver that scopes them itself (Query.rollup, Query.communes).
 */
export const PUBLIC_TYPES = new Set([
  'Query',
  'Mutation',
  'Viewer',
  'ReformArea',
  'SourceRef',
  'Milestone',
  'PageInfo',
  'CommuneConnection',
  'CommuneEdge',
  'TaskConnection',
  'TaskEdge',
  'OverdueTaskConnection',
  'OverdueTaskEdge',
  'RollupRow',
  'RollupSummary',
  'RollupRowConnection',
  'RollupRowEdge',
  'CompletionDistribution',
  'ReportingSummary',
  // A mutation's result: its report and rows are guarded types, checked field by field.
  'SaveReportDraftResult',
  // Query.auditLog checks canReadAudit and scopes its SQL to the province itself.
  'AuditLogEntryConnection',
  'AuditLogEntryEdge',
  'AuditLogEntry',
  // Query.exportRuns and exportSchedules filter their SQL by canSeeExportsOf (the items are guarded).
  'ExportRunConnection',
  'ExportRunEdge',
  'ExportScheduleConnection',
  'ExportScheduleEdge',
  // Subscriptions check the province when they start and filter each event by canReadOwner
  // (modules/live); their payloads hold codes and Query.rollup's rows, no guarded object.
  'Subscription',
  'ProvinceRollupChange',
  'ReportEvent',
  // The indicator catalogue is reference data; a classification is a value of its (guarded) Indicator.
  'IndicatorCatalogEntry',
  'IndicatorClassification',
  // Query.indicatorRollup and Province.indicatorLeague scope their SQL by readableCommuneScope
  // (modules/indicator-rollup); their rows hold codes, names and figures, no guarded object.
  'IndicatorRollupRow',
  'IndicatorLeagueRow',
  'IndicatorTargetFigures',
]);

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/** How a record of each guarded type is named when it "was not found" (as its services word it). */
const NOT_FOUND_NAMES: Partial<Record<string, string>> = {
  StatusReport: 'Report',
  PlanArea: 'Plan',
  ExportRun: 'Export run',
  ExportSchedule: 'Export schedule',
};

/**
 * A record the viewer may not read answers exactly like one that does not exist (NOT_FOUND, by its
 * code or id), so that a token cannot learn which plan ids or communes exist outside its scope.
 */
function hide(typeName: string, value: { id?: unknown; code?: unknown; planId?: unknown }): never {
  const key = typeName === 'PlanArea' ? value.planId : (value.code ?? value.id);
  throw new NotFoundError(NOT_FOUND_NAMES[typeName] ?? typeName, String(key));
}

interface Guard {
  check: Check;
  /** The guarded object type of a value (a union's member, found by the union itself). */
  typeOf: (value: unknown, context: RequestContext, info: GraphQLResolveInfo) => string | Promise<string>;
}

function guardOf(type: GraphQLNamedType): Guard | null {
  if (isObjectType(type)) {
    const check = GUARDED_TYPES[type.name];
    return check ? { check, typeOf: () => type.name } : null;
  }
  if (!isUnionType(type)) return null;
  const members = type.getTypes();
  const guarded = members.filter((member) => GUARDED_TYPES[member.name]);
  if (!guarded.length) return null;
  if (guarded.length !== members.length) {
    throw new Error(`Union ${type.name} mixes guarded and public types; guard all of its members.`);
  }
  // Which member an object is, the union itself knows.
  const typeOf = async (value: unknown, context: RequestContext, info: GraphQLResolveInfo) =>
    String(await type.resolveType!(value, context, info, type));
  const check: Check = async (access, value, context, info) =>
    GUARDED_TYPES[await typeOf(value, context, info)]!(access, value as never, context, info);
  return { check, typeOf };
}

function admitOne(value: unknown, guard: Guard, context: RequestContext, info: GraphQLResolveInfo) {
  if (value === null || value === undefined) return value;
  const refuse = async () => hide(await guard.typeOf(value, context, info), value as never);
  const allowed = guard.check(accessOf(context), value as never, context, info);
  if (allowed === true) return value;
  if (allowed === false) return refuse();
  return allowed.then((ok) => (ok ? value : refuse()));
}

function admitList(values: unknown[], check: Check, context: RequestContext, info: GraphQLResolveInfo) {
  const allowed = values.map((value) =>
    value === null || value === undefined ? true : check(accessOf(context), value as never, context, info),
  );
  // Usually every owner is already known: filter synchronously, no promise per item.
  if (allowed.every((a) => typeof a === 'boolean')) return values.filter((_, i) => allowed[i]);
  return Promise.all(allowed).then((results) => values.filter((_, i) => results[i]));
}

const accessByContext = new WeakMap<RequestContext, Access>();

/** The request's Access, made on first use: plan owners it learns are remembered for the request. */
function accessOf(context: RequestContext): Access {
  let access = accessByContext.get(context);
  if (!access) {
    access = new Access(context.viewer, context.loaders);
    accessByContext.set(context, access);
  }
  return access;
}

const guardedResolvers = new WeakSet<GraphQLFieldResolver<unknown, RequestContext>>();

/** Was this resolver wrapped by applyReadGuard? (For the test that every guarded field is.) */
export const isGuardedResolver = (resolve: unknown) =>
  guardedResolvers.has(resolve as GraphQLFieldResolver<unknown, RequestContext>);

/**
 * Wraps the resolver of every field that returns a guarded type (GUARDED_TYPES), and only those:
 * scalar fields and public types keep their resolvers untouched, so a 12,000-node query pays a
 * check per guarded object, not per field. Viewers who read everything skip the check.
 */
export function applyReadGuard(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const guard = guardOf(getNamedType(field.type));
      if (!guard) continue;
      const isList = isListType(getNullableType(field.type));
      const resolve: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const result = resolve(source, args, context, info);
        if (accessOf(context).all) return result;
        const admit = (value: unknown) =>
          isList && Array.isArray(value)
            ? admitList(value, guard.check, context, info)
            : admitOne(value, guard, context, info);
        return isPromiseLike(result) ? result.then(admit) : admit(result);
      };
      guardedResolvers.add(field.resolve);
    }
  }
  return schema;
}
