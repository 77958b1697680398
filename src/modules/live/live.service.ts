import { BadUserInputError } from '../../core/errors';
import type { Period } from '../../core/period';
import { periodsArgument } from '../../core/period.args';
import type { RequestContext } from '../../core/request-context';
import { canReadOwner, canSeeProvince, hideUnless, visibleCommuneScope } from '../auth/policy';
import type { Province } from '../province/province.entity';
import { getProvinceByCode } from '../province/province.service';
import { RollupDimension } from '../rollup/rollup.enums';
import { rollup } from '../rollup/rollup.service';
import type { RollupSqlRow } from '../rollup/rollup.service';
import type { RollupArgs } from '../rollup/rollup.type';
import type { LiveEvent } from './live.events';
import type { LiveHub } from './live.hub';
import { RollupChangeReason } from './live.type';
import type {
  ProvinceRollupChange,
  ProvinceRollupChangedArgs,
  ReportEvent,
  ReportEventsArgs,
} from './live.type';

/** The context of a subscription: a request context and the hub of the server it came to. */
export interface LiveRequestContext extends RequestContext {
  liveHub?: LiveHub;
}

const ONLY_OVER_SSE =
  'Subscriptions are served over server-sent events at /graphql/stream (graphql-sse, docs/LIVE.md), not at /graphql.';

function hubOf(ctx: LiveRequestContext): LiveHub {
  if (!ctx.liveHub) throw new BadUserInputError(ONLY_OVER_SSE);
  return ctx.liveHub;
}

/** The event a subscription field resolves; none when a subscription was sent to /graphql instead. */
function eventOf(event: LiveEvent | undefined): LiveEvent {
  if (!event) throw new BadUserInputError(ONLY_OVER_SSE);
  return event;
}

/** The province of a subscription, checked as Query.rollup checks provinceCode (NOT_FOUND). */
async function visibleProvince(ctx: RequestContext, code: string): Promise<Province> {
  const province = await getProvinceByCode(ctx, code);
  hideUnless(canSeeProvince(ctx.viewer, province.id), 'Province', province.code);
  return province;
}

/** May the viewer see this event at all? Exactly who may read the plans and reports it is about. */
const mayReadEvent = (ctx: RequestContext, event: LiveEvent) =>
  canReadOwner(ctx.viewer, { provinceId: event.provinceId, communeId: event.communeId });

/** The one period `code` names today in the province's time zone (BAD_USER_INPUT unless exactly one). */
function onePeriod(code: string, province: Province, now = new Date()): Period {
  const periods = periodsArgument([code], province.timeZone, 'period', now);
  if (periods.length !== 1) {
    throw new BadUserInputError(
      `"${code}" names ${periods.length} periods; subscribe to one period (a code such as "2025Q3", or THIS_QUARTER, LAST_QUARTER, THIS_YEAR…).`,
      'period',
    );
  }
  return periods[0];
}

/** Can the event change the roll-up of `period`? Plans of its year; reports ending by its end. */
function changesRollupOf(event: LiveEvent, period: Period): boolean {
  if (event.year !== period.year) return false;
  return event.kind === 'plan' || event.periodEnd <= period.end;
}

/**
 * Subscription.reportEvents: the report transitions of the province the viewer may read, from now
 * on. The province is checked first (NOT_FOUND outside the viewer's scope); then each event is
 * filtered by canReadOwner, so an officer gets only its own commune's.
 */
export async function subscribeToReportEvents(
  ctx: LiveRequestContext,
  args: ReportEventsArgs,
): Promise<AsyncIterable<LiveEvent>> {
  const hub = hubOf(ctx);
  const province = await visibleProvince(ctx, args.provinceCode);
  return hub.subscribe(
    (event) => event.kind === 'report' && event.provinceId === province.id && mayReadEvent(ctx, event),
  );
}

/** A report transition as the client sees it. */
export function reportEventOf(sent: LiveEvent | undefined): ReportEvent {
  const event = eventOf(sent);
  if (event.kind !== 'report') throw new Error('reportEvents received a plan event');
  return {
    kind: event.transition,
    reportId: String(event.reportId),
    planId: String(event.planId),
    communeCode: event.communeCode,
    provinceCode: event.provinceCode,
    period: event.period,
    at: new Date(event.at),
  };
}

/**
 * Subscription.provinceRollupChanged: the changes that can alter the province's roll-up for the
 * period (its year's plans; reports ending by its end) and that the viewer may read. Checked as
 * Query.rollup checks its arguments: the province (NOT_FOUND) and the period (BAD_USER_INPUT).
 */
export async function subscribeToRollupChanges(
  ctx: LiveRequestContext,
  args: ProvinceRollupChangedArgs,
): Promise<AsyncIterable<LiveEvent>> {
  const hub = hubOf(ctx);
  const province = await visibleProvince(ctx, args.provinceCode);
  onePeriod(args.period, province);
  return hub.subscribe(
    (event) =>
      event.provinceId === province.id &&
      mayReadEvent(ctx, event) &&
      changesRollupOf(event, onePeriod(args.period, province)),
  );
}

const REASONS: Record<string, RollupChangeReason> = {
  SUBMITTED: RollupChangeReason.REPORT_SUBMITTED,
  APPROVED: RollupChangeReason.REPORT_APPROVED,
  RETURNED: RollupChangeReason.REPORT_RETURNED,
  REOPENED: RollupChangeReason.REPORT_REOPENED,
};

type RollupFigures = Pick<ProvinceRollupChange, 'areas' | 'communeAreas'>;

/**
 * What was already read for an event, by what it depends on (the province; the province, period
 * and communes the viewer sees): a thousand analysts of one province cost three statements an
 * event, not three thousand. A failed read is not kept: the next subscriber tries again.
 */
const readsOfEvent = new WeakMap<LiveEvent, Map<string, Promise<unknown>>>();

function readOnce<T>(event: LiveEvent, key: string, read: () => Promise<T>): Promise<T> {
  let reads = readsOfEvent.get(event);
  if (!reads) readsOfEvent.set(event, (reads = new Map()));
  let pending = reads.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = read();
    reads.set(key, pending);
    pending.catch(() => reads.delete(key));
  }
  return pending;
}

/**
 * The payload of provinceRollupChanged for one event and one subscriber: Query.rollup's rows for
 * this viewer (by area, and by commune and area), read now, after the change committed.
 */
export async function rollupChangeOf(
  ctx: RequestContext,
  args: ProvinceRollupChangedArgs,
  sent: LiveEvent | undefined,
): Promise<ProvinceRollupChange> {
  const event = eventOf(sent);
  const province = await readOnce(event, `province ${args.provinceCode}`, () =>
    getProvinceByCode(ctx, args.provinceCode),
  );
  hideUnless(canSeeProvince(ctx.viewer, province.id), 'Province', province.code);
  const period = onePeriod(args.period, province);
  const scope = JSON.stringify(visibleCommuneScope(ctx.viewer));
  const { areas, communeAreas } = await readOnce(
    event,
    `figures ${province.id} ${period.code} ${scope}`,
    () => readFigures(ctx, province.code, period.code),
  );
  return {
    provinceCode: province.code,
    period: period.code,
    reason: event.kind === 'report' ? REASONS[event.transition] : RollupChangeReason.PLAN_CHANGED,
    communeCode: event.communeCode,
    areas,
    communeAreas,
  };
}

async function readFigures(
  ctx: RequestContext,
  provinceCode: string,
  period: string,
): Promise<RollupFigures> {
  const rollupOf = (groupBy: RollupDimension[]): Promise<RollupSqlRow[]> =>
    rollup(ctx, {
      periods: [period],
      provinceCode,
      groupBy,
      having: [],
      orderBy: [],
      approvedOnly: false,
    } as RollupArgs);
  const [areas, communeAreas] = await Promise.all([
    rollupOf([RollupDimension.AREA]),
    rollupOf([RollupDimension.COMMUNE, RollupDimension.AREA]),
  ]);
  return { areas, communeAreas };
}
