import { NO_LOCK, lockRow, writeTransaction } from '../../core/db/transaction';
import { BadUserInputError } from '../../core/errors';
import type { RequestContext } from '../../core/request-context';
import { AuditEntity } from '../audit/audit.enums';
import { updateAudited } from '../audit/audit.service';
import { Indicator } from '../indicator/indicator.entity';
import { LinkSource } from '../indicator/indicator.enums';
import { editablePlan } from '../plan/plan-write-guards';
import { relinkPlans } from './indicator-classification.service';
import type { LinkProvinceIndicatorArgs, SetIndicatorClassificationArgs } from './indicator-catalog.type';

/**
 * Sets or clears an indicator's classification by hand (MANUAL: the classifier leaves it alone, a
 * re-import keeps it); the plan's province links follow. Whoever may edit the plan; audited.
 */
export function setIndicatorClassification(
  ctx: RequestContext,
  args: SetIndicatorClassificationArgs,
): Promise<Indicator> {
  const id = Number(args.indicatorId);
  return writeTransaction(ctx.dataSource, async (manager) => {
    const indicator = await lockRow(manager, Indicator, id, 'FOR NO KEY UPDATE', 'Indicator');
    const { scope } = await editablePlan(
      manager,
      ctx.viewer,
      indicator.planId,
      NO_LOCK,
      'classify indicators',
      {
        what: 'Indicator',
        key: id,
      },
    );
    if (args.catalogCode !== null) {
      const [entry] = await manager.query('SELECT 1 FROM indicator_catalog WHERE code = $1', [
        args.catalogCode,
      ]);
      if (!entry) {
        throw new BadUserInputError(
          `"${args.catalogCode}" is not a code of the indicator catalogue: see Query.indicatorCatalog, or send null to clear.`,
          'catalogCode',
        );
      }
    }
    const updated = await updateAudited(manager, ctx.viewer, scope, {
      entity: AuditEntity.INDICATOR,
      target: Indicator,
      row: indicator,
      version: args.expectedVersion ?? indicator.version,
      changes: {
        catalogCode: args.catalogCode,
        catalogSource: LinkSource.MANUAL,
        catalogConfidence: null,
        catalogPhrase: null,
      },
      what: 'Indicator',
    });
    await relinkPlans(manager, [indicator.planId]);
    return (await manager.findOneBy(Indicator, { id })) ?? updated;
  });
}

/**
 * Links a commune indicator to an indicator of its province's plan of the same year by hand, or
 * unlinks it (null); MANUAL, so relinking leaves it. Whoever may edit the commune's plan; audited.
 */
export function linkProvinceIndicator(
  ctx: RequestContext,
  args: LinkProvinceIndicatorArgs,
): Promise<Indicator> {
  const id = Number(args.indicatorId);
  const provinceIndicatorId = args.provinceIndicatorId === null ? null : Number(args.provinceIndicatorId);
  return writeTransaction(ctx.dataSource, async (manager) => {
    const indicator = await lockRow(manager, Indicator, id, 'FOR NO KEY UPDATE', 'Indicator');
    const { plan, scope } = await editablePlan(
      manager,
      ctx.viewer,
      indicator.planId,
      NO_LOCK,
      'link indicators',
      {
        what: 'Indicator',
        key: id,
      },
    );
    if (plan.communeId === null) {
      throw new BadUserInputError(
        `Indicator ${id} belongs to a province plan: only commune indicators link to a province indicator.`,
        'indicatorId',
      );
    }
    if (provinceIndicatorId !== null) {
      // Read without the viewer's read rules: a commune officer links to its province's plan, which it
      // may not list; the check below keeps the link inside that one plan.
      const [target] = await manager.query(
        `SELECT 1 FROM indicator pi
           JOIN plan pp ON pp.id = pi.plan_id
           JOIN commune c ON c.province_id = pp.province_id
          WHERE pi.id = $1 AND c.id = $2 AND pp.year = $3
          FOR KEY SHARE OF pi`,
        [provinceIndicatorId, plan.communeId, plan.year],
      );
      if (!target) {
        throw new BadUserInputError(
          `Indicator ${provinceIndicatorId} is not an indicator of the ${plan.year} plan of this commune's province: link one of that plan's indicators.`,
          'provinceIndicatorId',
        );
      }
    }
    return updateAudited(manager, ctx.viewer, scope, {
      entity: AuditEntity.INDICATOR,
      target: Indicator,
      row: indicator,
      version: args.expectedVersion ?? indicator.version,
      changes: { provinceIndicatorId, provinceLinkSource: LinkSource.MANUAL },
      what: 'Indicator',
    });
  });
}
