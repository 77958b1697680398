import type { EntityManager } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import { queryRows } from '../../core/db/transaction';
import type { RowLock } from '../../core/db/transaction';
import { NotFoundError } from '../../core/errors';
import type { Viewer } from '../../core/viewer';
import type { AuditScope } from '../audit/audit.service';
import { authorize, canEditOwner, canReadOwner, hideUnless } from '../auth/policy';
import type { Owner } from '../auth/policy';
import { Plan } from './plan.entity';

/**
 * What every change to a plan's contents starts with (plan, task and indicator edits, report
 * drafts and the report workflow): the plan with its owner, authorized by the policy.
 */

/** A plan with what the write rules need: its owner (policy), audit scope and a label for messages. */
export interface PlanForWrite {
  plan: Plan;
  owner: Owner;
  scope: AuditScope;
  /** "commune 52001" / "province 52", for messages. */
  label: string;
}

/** Loads a plan (locking its row as asked) with its owner; NOT_FOUND if there is none. */
export async function planForWrite(
  manager: EntityManager,
  planId: number,
  lock: RowLock,
): Promise<PlanForWrite> {
  const [row] = await queryRows<Plan & { ownerProvinceId: number | null; ownerCode: string }>(
    manager,
    `SELECT ${entityColumns(manager.connection, Plan, 'p')},
            COALESCE(p.province_id, c.province_id) AS "ownerProvinceId",
            CASE WHEN p.commune_id IS NOT NULL THEN 'commune ' || c.code ELSE 'province ' || pv.code END AS "ownerCode"
       FROM plan p LEFT JOIN commune c ON c.id = p.commune_id LEFT JOIN province pv ON pv.id = p.province_id
      WHERE p.id = $1 ${lock ? `${lock} OF p` : ''}`,
    [planId],
  );
  if (!row) throw new NotFoundError('Plan', planId);
  const { ownerProvinceId, ownerCode, ...plan } = row;
  return {
    plan,
    owner: { provinceId: ownerProvinceId, communeId: plan.communeId },
    scope: { provinceId: ownerProvinceId, communeId: plan.communeId, planId: plan.id },
    label: ownerCode,
  };
}

/**
 * A plan the viewer may edit: loaded, locked as asked, authorized. FORBIDDEN when the viewer may
 * read the plan but not change it; NOT_FOUND, worded as `hiddenAs` (the record the caller named:
 * the plan, or its task or indicator), when the viewer may not even read it.
 */
export async function editablePlan(
  manager: EntityManager,
  viewer: Viewer,
  planId: number,
  lock: RowLock,
  what: string,
  hiddenAs: { what: string; key: string | number } = { what: 'Plan', key: planId },
): Promise<PlanForWrite> {
  const target = await planForWrite(manager, planId, lock);
  hideUnless(canReadOwner(viewer, target.owner), hiddenAs.what, hiddenAs.key);
  authorize(canEditOwner(viewer, target.owner), `${what} of the ${target.plan.year} plan of ${target.label}`);
  return target;
}
