import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { writeTransaction } from '../../core/db/transaction';
import type { RequestContext } from '../../core/request-context';
import { saveReportDraft } from './report-draft.service';
import {
  ReopenReportArgs,
  ReportReasonArgs,
  ReportTransitionArgs,
  SaveReportDraftArgs,
  SaveReportDraftResult,
} from './report.inputs';
import { transitionReport } from './report-workflow.service';
import type { ReportMutation, TransitionRequest } from './report-workflow.service';
import { StatusReport } from './status-report.entity';

const request = (args: ReportTransitionArgs & Partial<ReopenReportArgs>): TransitionRequest => ({
  reportId: Number(args.reportId),
  version: args.version,
  idempotencyKey: args.idempotencyKey,
  reason: args.reason,
  to: args.to,
});

@Resolver()
export class ReportWriteResolver {
  @Mutation(() => SaveReportDraftResult, {
    description:
      "Saves task progress and indicator values into the plan's report for a period, creating it as a DRAFT when missing. Only DRAFT and RETURNED reports can be changed (CONFLICT otherwise). Each row carries its own version: saves of different tasks never collide; a stale version gives CONFLICT and saves nothing.",
  })
  saveReportDraft(
    @Args() args: SaveReportDraftArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<SaveReportDraftResult> {
    return writeTransaction(ctx.dataSource, (manager) => saveReportDraft(manager, ctx.viewer, args));
  }

  @Mutation(() => StatusReport, {
    description:
      'Sends a DRAFT or RETURNED report to the province (officers of the commune, admins). Safe to retry with the same idempotencyKey.',
  })
  submitReport(@Args() args: ReportTransitionArgs, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return this.transition(ctx, 'submitReport', request(args));
  }

  @Mutation(() => StatusReport, {
    description: "Approves a SUBMITTED report, which locks it (the province's analysts, admins).",
  })
  approveReport(@Args() args: ReportTransitionArgs, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return this.transition(ctx, 'approveReport', request(args));
  }

  @Mutation(() => StatusReport, {
    description:
      "Returns a SUBMITTED report to the commune for correction, with the reason (the province's analysts, admins).",
  })
  returnReport(@Args() args: ReportReasonArgs, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return this.transition(ctx, 'returnReport', request(args));
  }

  @Mutation(() => StatusReport, {
    description:
      "Reopens an APPROVED report to RETURNED (default) or DRAFT so it can be corrected, with the reason; audited (the province's analysts, admins).",
  })
  reopenReport(@Args() args: ReopenReportArgs, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return this.transition(ctx, 'reopenReport', request(args));
  }

  private transition(
    ctx: RequestContext,
    mutation: ReportMutation,
    req: TransitionRequest,
  ): Promise<StatusReport> {
    return writeTransaction(ctx.dataSource, (manager) =>
      transitionReport(manager, ctx.viewer, mutation, req),
    );
  }
}
