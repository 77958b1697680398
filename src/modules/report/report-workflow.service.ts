import { testPauseInSubmitMs } from '../../core/config';
import {
  NO_LOCK,
  checkVersion,
  lockRow,
  snapshot,
  updateVersioned,
  writeTransaction,
} from '../../core/db/transaction';
import { ConflictError, NotFoundError } from '../../core/errors';
import { AuditAction, AuditEntity } from '../audit/audit.enums';
import { writeAudit } from '../audit/audit.service';
import { authorize, canEditOwner, canReadOwner, canReview, hideUnless } from '../auth/policy';
import type { Owner } from '../auth/policy';
import type { RequestContext } from '../../core/request-context';
import type { Viewer } from '../../core/viewer';
import { idempotent } from '../idempotency/idempotency.service';
import type { ResultCodec } from '../idempotency/idempotency.service';
import { planForWrite } from '../plan/plan-write-guards';
import { ReportStatus } from './report.enums';
import { ReopenTarget } from './report.inputs';
import type { ReopenReportArgs, ReportTransitionArgs } from './report.inputs';
import { StatusReport } from './status-report.entity';

export type ReportMutation = 'submitReport' | 'approveReport' | 'returnReport' | 'reopenReport';

interface Transition {
  from: readonly ReportStatus[];
  action: AuditAction;
  may: (viewer: Viewer, owner: Owner) => boolean;
  /** For the FORBIDDEN message: "… to <what> of commune 52001". */
  what: string;
  /** For the CONFLICT message when the report is in another state. */
  needs: string;
}

/** The workflow: DRAFT/RETURNED → SUBMITTED → APPROVED or RETURNED; APPROVED → RETURNED/DRAFT (reopen). */
const TRANSITIONS: Record<ReportMutation, Transition> = {
  submitReport: {
    from: [ReportStatus.DRAFT, ReportStatus.RETURNED],
    action: AuditAction.SUBMIT,
    may: canEditOwner,
    what: 'submit reports',
    needs: 'Only a DRAFT or RETURNED report can be submitted.',
  },
  approveReport: {
    from: [ReportStatus.SUBMITTED],
    action: AuditAction.APPROVE,
    may: canReview,
    what: 'approve reports',
    needs: 'Only a SUBMITTED report can be approved.',
  },
  returnReport: {
    from: [ReportStatus.SUBMITTED],
    action: AuditAction.RETURN,
    may: canReview,
    what: 'return reports',
    needs: 'Only a SUBMITTED report can be returned (an APPROVED one is reopened with reopenReport).',
  },
  reopenReport: {
    from: [ReportStatus.APPROVED],
    action: AuditAction.REOPEN,
    may: canReview,
    what: 'reopen reports',
    needs: 'Only an APPROVED report can be reopened.',
  },
};

interface TransitionRequest {
  reportId: number;
  version: number;
  idempotencyKey?: string | null;
  reason?: string | null;
  to?: ReopenTarget;
}

/** A report read back from JSON (an idempotency key's stored result): timestamps as Date again. */
export function reportFromJson(json: unknown): StatusReport {
  const report = json as StatusReport & { submittedAt: string | null; reviewedAt: string | null };
  return {
    ...report,
    submittedAt: report.submittedAt ? new Date(report.submittedAt) : null,
    reviewedAt: report.reviewedAt ? new Date(report.reviewedAt) : null,
  };
}

const reportCodec: ResultCodec<StatusReport> = {
  toJson: (report) => snapshot(report),
  fromJson: reportFromJson,
};

/**
 * Moves a report through the workflow (submitReport, approveReport, returnReport, reopenReport), in
 * its own transaction: authorize on its plan's owner, then (once per idempotency key) lock the
 * report, check version and state, write the new state with the conditional UPDATE, and audit it.
 */
export function transitionReport(
  ctx: RequestContext,
  mutation: ReportMutation,
  args: ReportTransitionArgs & Partial<ReopenReportArgs>,
): Promise<StatusReport> {
  const { viewer } = ctx;
  const request: TransitionRequest = {
    reportId: Number(args.reportId),
    version: args.version,
    idempotencyKey: args.idempotencyKey,
    reason: args.reason,
    to: args.to,
  };
  return writeTransaction(ctx.dataSource, async (manager) => {
    const spec = TRANSITIONS[mutation];
    const [ref] = await manager.query('SELECT plan_id AS "planId", period FROM status_report WHERE id = $1', [
      request.reportId,
    ]);
    if (!ref) throw new NotFoundError('Report', request.reportId);
    // No plan lock: the report's own row lock below serialises its transitions.
    const { owner, scope, label, plan } = await planForWrite(manager, ref.planId, NO_LOCK);
    hideUnless(canReadOwner(viewer, owner), 'Report', request.reportId);
    authorize(spec.may(viewer, owner), `${spec.what} of ${label}`);

    const { idempotencyKey, ...keyed } = request;
    return idempotent(
      manager,
      viewer,
      { key: idempotencyKey, mutation, args: { ...keyed } },
      reportCodec,
      async () => {
        // FOR NO KEY UPDATE waits for draft saves in flight (they hold FOR SHARE) and holds off new ones.
        const report = await lockRow(manager, StatusReport, request.reportId, 'FOR NO KEY UPDATE', 'Report');
        checkVersion(report, request.version, 'Report');
        const title = `The ${report.period} report on the ${plan.year} plan of ${label}`;
        if (!spec.from.includes(report.status)) {
          throw new ConflictError(`${title} is ${report.status}. ${spec.needs} Nothing was changed.`);
        }
        const [{ now }] = await manager.query('SELECT now() AS now');
        let changes: Partial<StatusReport>;
        switch (mutation) {
          case 'submitReport': {
            const [{ items }] = await manager.query(
              `SELECT (SELECT count(*) FROM task_progress WHERE report_id = $1)
                  + (SELECT count(*) FROM indicator_value WHERE report_id = $1) AS items`,
              [report.id],
            );
            if (Number(items) === 0) {
              throw new ConflictError(
                `${title} is empty: save the progress of its tasks (saveReportDraft) before submitting it. Nothing was changed.`,
              );
            }
            changes = { status: ReportStatus.SUBMITTED, submittedAt: now, submittedBy: viewer.name };
            break;
          }
          case 'approveReport':
            changes = {
              status: ReportStatus.APPROVED,
              reviewedAt: now,
              reviewedBy: viewer.name,
              returnReason: null,
            };
            break;
          case 'returnReport':
            changes = {
              status: ReportStatus.RETURNED,
              reviewedAt: now,
              reviewedBy: viewer.name,
              returnReason: request.reason!,
            };
            break;
          case 'reopenReport':
            changes = {
              status: request.to === ReopenTarget.DRAFT ? ReportStatus.DRAFT : ReportStatus.RETURNED,
              reviewedAt: now,
              reviewedBy: viewer.name,
              returnReason: request.reason!,
            };
            break;
        }
        const updated = await updateVersioned(
          manager,
          StatusReport,
          report.id,
          request.version,
          changes,
          'Report',
        );
        await writeAudit(manager, viewer, scope, [
          {
            entity: AuditEntity.STATUS_REPORT,
            entityId: report.id,
            action: spec.action,
            old: report,
            new: updated,
            reason: request.reason ?? null,
          },
        ]);
        // Tests only (NODE_ENV=test): hold the written, uncommitted submission so a test can kill
        // the process here and check that none of it was kept.
        const pauseMs = mutation === 'submitReport' ? testPauseInSubmitMs() : 0;
        if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
        return updated;
      },
    );
  });
}
