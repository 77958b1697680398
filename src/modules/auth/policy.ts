import { ForbiddenError } from '../../core/errors';
import { Role } from '../../core/viewer';
import type { Viewer } from '../../core/viewer';

/**
 * The authorization rules, in one place. Everything that reads or writes plan data asks these
 * functions; resolvers never compare roles themselves.
 *
 * An owner is a commune (communeId set, with its province) or a province's own plan (communeId null).
 */
export interface Owner {
  provinceId: number | null;
  communeId: number | null;
}

const inProvince = (viewer: Viewer, provinceId: number | null) =>
  viewer.provinceId !== null && viewer.provinceId === provinceId;

/** May the viewer read this owner's plans, tasks, indicators and reports? */
export function canReadOwner(viewer: Viewer, owner: Owner): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
      return true;
    case Role.EXPORT_JOB:
      return viewer.provinceId === null || inProvince(viewer, owner.provinceId);
    case Role.PROVINCE_ANALYST:
      return inProvince(viewer, owner.provinceId);
    case Role.COMMUNE_OFFICER:
      return owner.communeId !== null && owner.communeId === viewer.communeId;
  }
}

/** May the viewer read aggregate figures (roll-ups, reporting, league tables) of this province? */
export function canReadProvinceFigures(viewer: Viewer, provinceId: number | null): boolean {
  if (viewer.role === Role.ADMIN) return true;
  if (viewer.role === Role.EXPORT_JOB && viewer.provinceId === null) return true;
  return inProvince(viewer, provinceId);
}

/** May the viewer change this owner's plans and its reports' contents (draft, submit)? */
export function canEditOwner(viewer: Viewer, owner: Owner): boolean {
  if (viewer.role === Role.ADMIN) return true;
  return (
    viewer.role === Role.COMMUNE_OFFICER && owner.communeId !== null && owner.communeId === viewer.communeId
  );
}

/** May the viewer approve, return or reopen reports of this owner? */
export function canReview(viewer: Viewer, owner: Owner): boolean {
  if (viewer.role === Role.ADMIN) return true;
  return viewer.role === Role.PROVINCE_ANALYST && inProvince(viewer, owner.provinceId);
}

/** May the viewer read the audit log of this province (null: every province)? */
export function canReadAudit(viewer: Viewer, provinceId: number | null): boolean {
  if (viewer.role === Role.ADMIN) return true;
  return viewer.role === Role.PROVINCE_ANALYST && provinceId !== null && inProvince(viewer, provinceId);
}

/**
 * The provinces whose rows a viewer may see at all (null: every province), for SQL filters on
 * lists and roll-ups.
 */
export function visibleProvinceIds(viewer: Viewer): number[] | null {
  if (viewer.role === Role.ADMIN) return null;
  if (viewer.role === Role.EXPORT_JOB && viewer.provinceId === null) return null;
  return viewer.provinceId === null ? [] : [viewer.provinceId];
}

/** Does the viewer read every province and commune (so read checks can be skipped)? */
export function canReadEverything(viewer: Viewer): boolean {
  return viewer.role === Role.ADMIN || (viewer.role === Role.EXPORT_JOB && viewer.provinceId === null);
}

/** May the viewer see this province at all? Exactly those whose aggregate figures it may read. */
export function canSeeProvince(viewer: Viewer, provinceId: number): boolean {
  return canReadProvinceFigures(viewer, provinceId);
}

/**
 * May the viewer see this commune (its code, name and figures)? Whoever may read its plans, or its
 * province's figures: league tables and the missing-reports list name a province's communes.
 */
export function canSeeCommune(viewer: Viewer, commune: { id: number; provinceId: number | null }): boolean {
  return (
    canReadOwner(viewer, { provinceId: commune.provinceId, communeId: commune.id }) ||
    canReadProvinceFigures(viewer, commune.provinceId)
  );
}

/**
 * A rule above as a filter on communes for SQL: a commune is in the scope when its province is in
 * provinceIds and its id in communeIds (null: no restriction on that column).
 */
export interface CommuneScope {
  provinceIds: number[] | null;
  communeIds: number[] | null;
}

const own = (id: number | null) => (id === null ? [] : [id]);

/** canReadOwner as a commune filter: the communes whose plans, tasks and reports the viewer reads. */
export function readableCommuneScope(viewer: Viewer): CommuneScope {
  if (canReadEverything(viewer)) return { provinceIds: null, communeIds: null };
  if (viewer.role === Role.COMMUNE_OFFICER) return { provinceIds: null, communeIds: own(viewer.communeId) };
  return { provinceIds: own(viewer.provinceId), communeIds: null };
}

/** canSeeCommune as a commune filter: the communes the viewer sees in lists and roll-ups. */
export function visibleCommuneScope(viewer: Viewer): CommuneScope {
  if (canReadEverything(viewer)) return { provinceIds: null, communeIds: null };
  // An officer of a commune without a province sees only that commune.
  if (viewer.role === Role.COMMUNE_OFFICER && viewer.provinceId === null) {
    return { provinceIds: null, communeIds: own(viewer.communeId) };
  }
  return { provinceIds: own(viewer.provinceId), communeIds: null };
}

/** Throws FORBIDDEN unless `allowed`; `what` names the action for the message. */
export function authorize(allowed: boolean, what: string): void {
  if (!allowed) throw new ForbiddenError(`Your token's role does not allow you to ${what}.`);
}
