import type DataLoader from 'dataloader';
import { canReadEverything, canReadOwner } from './policy';
import type { Owner } from './policy';
import type { Viewer } from '../../core/viewer';

/** What Access loads when an object does not say whose it is (batched and cached per request). */
export interface OwnerLoaders {
  /** The owner of a plan: its commune and that commune's province, or its province. */
  planOwnerById: DataLoader<number, Owner | null>;
  /** For report items that do not carry their plan id. */
  reportById: DataLoader<number, { planId: number } | null>;
}

/** A plan row as the plan loaders return it: with its owner's province (the commune's, for a commune). */
export interface PlanRow {
  id: number;
  communeId: number | null;
  provinceId: number | null;
  ownerProvinceId?: number | null;
}

/**
 * One request's answer to "may this viewer read objects of that plan?", for the read guard
 * (read-guard.ts). The rules are policy.ts's; this only finds owners. Plan owners are remembered for
 * the request, so a plan's tasks, indicators and reports cost no query beyond the plan's own; an
 * unknown plan costs one batched statement.
 */
export class Access {
  /** ADMIN or an all-provinces export job: nothing to check. */
  readonly all: boolean;
  private readonly planOwners = new Map<number, Owner>();

  constructor(
    readonly viewer: Viewer,
    private readonly loaders: OwnerLoaders,
  ) {
    this.all = canReadEverything(viewer);
  }

  /** Records a plan's owner, read from a row that carried it. */
  notePlanOwner(planId: number, owner: Owner): void {
    this.planOwners.set(planId, owner);
  }

  /** May the viewer read the plan with this id, and its tasks, indicators and reports? */
  canReadPlan(planId: number): boolean | Promise<boolean> {
    const owner = this.planOwners.get(planId);
    if (owner) return canReadOwner(this.viewer, owner);
    return this.loaders.planOwnerById.load(planId).then((loaded) => {
      if (!loaded) return false;
      this.planOwners.set(planId, loaded);
      return canReadOwner(this.viewer, loaded);
    });
  }

  /** canReadPlan for a plan row, using the owner the row carries when it does. */
  canReadPlanRow(plan: PlanRow): boolean | Promise<boolean> {
    if (plan.communeId === null) {
      this.notePlanOwner(plan.id, { provinceId: plan.provinceId, communeId: null });
    } else if (plan.ownerProvinceId !== undefined) {
      this.notePlanOwner(plan.id, { provinceId: plan.ownerProvinceId, communeId: plan.communeId });
    }
    return this.canReadPlan(plan.id);
  }

  /** canReadPlan for a task progress or indicator value: by its plan id, or its report's. */
  canReadReportItem(item: { planId?: number; reportId: number }): boolean | Promise<boolean> {
    if (item.planId !== undefined) return this.canReadPlan(item.planId);
    return this.loaders.reportById
      .load(item.reportId)
      .then((report) => (report ? this.canReadPlan(report.planId) : false));
  }
}
