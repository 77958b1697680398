import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
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
import { StatusReport } from './status-report.entity';

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
    return saveReportDraft(ctx, args);
  }

  @Mutation(() => StatusReport, {
    description:
      'Sends a DRAFT or RETURNED report to the province (officers of the commune, admins). Safe to retry with the same idempotencyKey.',
  })
  submitReport(@Args() args: ReportTransitionArgs, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return transitionReport(ctx, 'submitReport', args);
  }

  @Mutation(() => StatusReport, {
    description: "Approves a SUBMITTED report, which locks it (the province's analysts, admins).",
  })
  approveReport(@Args() args: ReportTransitionArgs, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return transitionReport(ctx, 'approveReport', args);
  }

  @Mutation(() => StatusReport, {
    description:
      "Returns a SUBMITTED report to the commune for correction, with the reason (the province's analysts, admins).",
  })
  returnReport(@Args() args: ReportReasonArgs, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return transitionReport(ctx, 'returnReport', args);
  }

  @Mutation(() => StatusReport, {
    description:
      "Reopens an APPROVED report to RETURNED (default) or DRAFT so it can be corrected, with the reason; audited (the province's analysts, admins).",
  })
  reopenReport(@Args() args: ReopenReportArgs, @Ctx() ctx: RequestContext): Promise<StatusReport> {
    return transitionReport(ctx, 'reopenReport', args);
  }
}
