import { Args, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import type { LiveEvent } from './live.events';
import {
  reportEventOf,
  rollupChangeOf,
  subscribeToReportEvents,
  subscribeToRollupChanges,
} from './live.service';
import type { LiveRequestContext } from './live.service';
import { ProvinceRollupChange, ProvinceRollupChangedArgs, ReportEvent, ReportEventsArgs } from './live.type';

interface SubscribeData<A> {
  args: A;
  context: LiveRequestContext;
}

/** Live updates over graphql-sse at /graphql/stream (docs/LIVE.md). */
@Resolver()
export class LiveResolver {
  @Subscription(() => ProvinceRollupChange, {
    description:
      "The province's roll-up for one period, each time a committed change can alter it (a report submitted, approved, returned or reopened; a plan written or imported), as this viewer reads it (docs/LIVE.md).",
    subscribe: ({ args, context }: SubscribeData<ProvinceRollupChangedArgs>) =>
      subscribeToRollupChanges(context, args),
  })
  provinceRollupChanged(
    @Root() event: LiveEvent,
    @Args() args: ProvinceRollupChangedArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<ProvinceRollupChange> {
    return rollupChangeOf(ctx, args, event);
  }

  @Subscription(() => ReportEvent, {
    description:
      'Each report transition (submitted, approved, returned, reopened) in the province that this viewer may read, when it commits (docs/LIVE.md).',
    subscribe: ({ args, context }: SubscribeData<ReportEventsArgs>) => subscribeToReportEvents(context, args),
  })
  reportEvents(@Root() event: LiveEvent, @Args() _args: ReportEventsArgs): ReportEvent {
    return reportEventOf(event);
  }
}
