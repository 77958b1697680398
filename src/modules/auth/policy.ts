import { ForbiddenError, NotFoundError } from '../../core/errors';
import { Role } from '../../core/viewer';
import type { Viewer } from '../../core/viewer';

/**
 * The authorization rules, in one place. Everything that reads or writes plan data asks these
 * functions; resolvers never compare roles themselves. Each rule is a switch over every Role with
 * no default, so that a new role does not compile until every rule says what it may do.
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
  switch (viewer.role) {
    case Role.ADMIN:
      return true;
    case Role.EXPORT_JOB:
      return viewer.provinceId === null || inProvince(viewer, provinceId);
    case Role.PROVINCE_ANALYST:
    case Role.COMMUNE_OFFICER:
      return inProvince(viewer, provinceId);
  }
}

/** May the viewer change this owner's plans and its reports' contents (draft, submit)? */
export function canEditOwner(viewer: Viewer, owner: Owner): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
      return true;
    case Role.COMMUNE_OFFICER:
      return owner.communeId !== null && owner.communeId === viewer.communeId;
    case Role.PROVINCE_ANALYST:
    case Role.EXPORT_JOB:
      return false;
  }
}

/** May the viewer approve, return or reopen reports of this owner? */
export function canReview(viewer: Viewer, owner: Owner): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
      return true;
    case Role.PROVINCE_ANALYST:
      return inProvince(viewer, owner.provinceId);
    case Role.COMMUNE_OFFICER:
    case Role.EXPORT_JOB:
      return false;
  }
}

/** May the viewer read the audit log of this province (null: every province)? */
export function canReadAudit(viewer: Viewer, provinceId: number | null): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
      return true;
    case Role.PROVINCE_ANALYST:
      return provinceId !== null && inProvince(viewer, provinceId);
    case Role.COMMUNE_OFFICER:
    case Role.EXPORT_JOB:
      return false;
  }
}

/**
 * May the viewer start stored export runs and schedule them (startExport, scheduleExport)? The
 * province offices and the machines that pull figures: not a commune officer, whose one commune
 * the streamed exports and the API already serve. (An export job's only writes are these.)
 */
export function canStartExports(viewer: Viewer): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
    case Role.PROVINCE_ANALYST:
    case Role.EXPORT_JOB:
      return true;
    case Role.COMMUNE_OFFICER:
      return false;
  }
}

/**
 * May the viewer see the export runs and schedules of this scope (their records and files)? A run
 * holds what its owner could read: every plan of the owner's province (provinceId), or of every
 * province (null). So only whoever reads all of that sees it; never a commune officer.
 */
export function canSeeExportsOf(viewer: Viewer, provinceId: number | null): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
      return true;
    case Role.EXPORT_JOB:
      return viewer.provinceId === null || inProvince(viewer, provinceId);
    case Role.PROVINCE_ANALYST:
      return inProvince(viewer, provinceId);
    case Role.COMMUNE_OFFICER:
      return false;
  }
}

/**
 * May the viewer cancel this export schedule (one it sees)? An admin any; a province analyst those
 * of its province; an export job only its own (a machine does not stop another's pulls).
 */
export function canCancelExportSchedule(
  viewer: Viewer,
  schedule: { provinceId: number | null; tokenId: number | null },
): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
      return true;
    case Role.PROVINCE_ANALYST:
      return inProvince(viewer, schedule.provinceId);
    case Role.EXPORT_JOB:
      return viewer.tokenId !== null && viewer.tokenId === schedule.tokenId;
    case Role.COMMUNE_OFFICER:
      return false;
  }
}

/** May the viewer change the indicator catalogue (its entries, names and phrases)? National data: ADMIN only. */
export function canEditIndicatorCatalog(viewer: Viewer): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
      return true;
    case Role.EXPORT_JOB:
    case Role.PROVINCE_ANALYST:
    case Role.COMMUNE_OFFICER:
      return false;
  }
}

/** Does the viewer read every province and commune (so read checks can be skipped)? */
export function canReadEverything(viewer: Viewer): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
      return true;
    case Role.EXPORT_JOB:
      return viewer.provinceId === null;
    case Role.PROVINCE_ANALYST:
    case Role.COMMUNE_OFFICER:
      return false;
  }
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
const EVERY_COMMUNE: CommuneScope = { provinceIds: null, communeIds: null };
const ownProvince = (viewer: Viewer): CommuneScope => ({
  provinceIds: own(viewer.provinceId),
  communeIds: null,
});
const ownCommune = (viewer: Viewer): CommuneScope => ({
  provinceIds: null,
  communeIds: own(viewer.communeId),
});

/** canReadOwner as a commune filter: the communes whose plans, tasks and reports the viewer reads. */
export function readableCommuneScope(viewer: Viewer): CommuneScope {
  switch (viewer.role) {
    case Role.ADMIN:
      return EVERY_COMMUNE;
    case Role.EXPORT_JOB:
      return viewer.provinceId === null ? EVERY_COMMUNE : ownProvince(viewer);
    case Role.PROVINCE_ANALYST:
      return ownProvince(viewer);
    case Role.COMMUNE_OFFICER:
      return ownCommune(viewer);
  }
}

/** canSeeCommune as a commune filter: the communes the viewer sees in lists and roll-ups. */
export function visibleCommuneScope(viewer: Viewer): CommuneScope {
  switch (viewer.role) {
    case Role.ADMIN:
      return EVERY_COMMUNE;
    case Role.EXPORT_JOB:
      return viewer.provinceId === null ? EVERY_COMMUNE : ownProvince(viewer);
    case Role.PROVINCE_ANALYST:
      return ownProvince(viewer);
    case Role.COMMUNE_OFFICER:
      // An officer of a commune without a province sees only that commune.
      return viewer.provinceId === null ? ownCommune(viewer) : ownProvince(viewer);
  }
}

/** What a new token's scope names (docs/AUTH.md, "Roles and scopes"). */
export interface TokenScope {
  province: boolean;
  commune: boolean;
}

/**
 * May a token of this role be made with this scope? ADMIN takes none; PROVINCE_ANALYST one
 * province; COMMUNE_OFFICER one commune (a province may only repeat the commune's, checked by the
 * caller); EXPORT_JOB one province or none. The CHECK ck_api_token_scope holds the same rule.
 */
export function isTokenScopeAllowed(role: Role, scope: TokenScope): boolean {
  switch (role) {
    case Role.ADMIN:
      return !scope.province && !scope.commune;
    case Role.PROVINCE_ANALYST:
      return scope.province && !scope.commune;
    case Role.COMMUNE_OFFICER:
      return scope.commune;
    case Role.EXPORT_JOB:
      return !scope.commune;
  }
}

/** Throws FORBIDDEN unless `allowed`; `what` names the action for the message. */
export function authorize(allowed: boolean, what: string): void {
  if (!allowed) throw new ForbiddenError(`Your token's role does not allow you to ${what}.`);
}

/** May the viewer see this owner (a commune, or a province for its own plan) at all? */
export function canSeeOwner(viewer: Viewer, owner: Owner): boolean {
  return owner.communeId !== null
    ? canSeeCommune(viewer, { id: owner.communeId, provinceId: owner.provinceId })
    : owner.provinceId !== null && canSeeProvince(viewer, owner.provinceId);
}

/**
 * Throws NOT_FOUND, worded exactly as for a missing record, unless the viewer may see the record at
 * all: what lies outside a token's scope must not reveal that it exists. (A record the viewer sees
 * but may not change is FORBIDDEN, by authorize.)
 */
export function hideUnless(visible: boolean, what: string, key: string | number): void {
  if (!visible) throw new NotFoundError(what, key);
}
