import { ForbiddenError } from '../../graphql/errors';
import { Role } from './viewer';
import type { Viewer } from './viewer';

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

/** Throws FORBIDDEN unless `allowed`; `what` names the action for the message. */
export function authorize(allowed: boolean, what: string): void {
  if (!allowed) throw new ForbiddenError(`Your token's role does not allow you to ${what}.`);
}
