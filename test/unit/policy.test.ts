import {
  canCancelExportSchedule,
  canEditOwner,
  canReadEverything,
  canReadOwner,
  canReadProvinceFigures,
  canSeeCommune,
  canSeeExportsOf,
  canStartExports,
  isTokenScopeAllowed,
  readableCommuneScope,
  visibleCommuneScope,
} from '../../src/modules/auth/policy';
import type { CommuneScope } from '../../src/modules/auth/policy';
import { OPERATOR, Role } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';

// Province 1 holds communes 10 and 11; province 2 holds 20; commune 30 has no province.
const COMMUNES = [
  { id: 10, provinceId: 1 },
  { id: 11, provinceId: 1 },
  { id: 20, provinceId: 2 },
  { id: 30, provinceId: null },
];
const viewer = (role: Role, provinceId: number | null, communeId: number | null): Viewer => ({
  role,
  name: role,
  tokenId: 1,
  provinceId,
  communeId,
});
const VIEWERS: Record<string, Viewer> = {
  admin: OPERATOR,
  exportAll: viewer(Role.EXPORT_JOB, null, null),
  export1: viewer(Role.EXPORT_JOB, 1, null),
  analyst1: viewer(Role.PROVINCE_ANALYST, 1, null),
  officer10: viewer(Role.COMMUNE_OFFICER, 1, 10),
  officer30: viewer(Role.COMMUNE_OFFICER, null, 30),
};

const inScope = (scope: CommuneScope, c: { id: number; provinceId: number | null }) =>
  (scope.provinceIds === null || (c.provinceId !== null && scope.provinceIds.includes(c.provinceId))) &&
  (scope.communeIds === null || scope.communeIds.includes(c.id));

describe('policy', () => {
  it.each(Object.entries(VIEWERS))(
    '%s: the SQL scopes select exactly the communes the rules allow',
    (_n, v) => {
      for (const commune of COMMUNES) {
        const owner = { provinceId: commune.provinceId, communeId: commune.id };
        expect({ commune: commune.id, readable: inScope(readableCommuneScope(v), commune) }).toEqual({
          commune: commune.id,
          readable: canReadOwner(v, owner),
        });
        expect({ commune: commune.id, visible: inScope(visibleCommuneScope(v), commune) }).toEqual({
          commune: commune.id,
          visible: canSeeCommune(v, commune),
        });
      }
    },
  );

  it('reads: who reads which commune, province plan and figures', () => {
    const table = Object.fromEntries(
      Object.entries(VIEWERS).map(([name, v]) => [
        name,
        {
          everything: canReadEverything(v),
          communePlans: COMMUNES.filter((c) =>
            canReadOwner(v, { provinceId: c.provinceId, communeId: c.id }),
          ).map((c) => c.id),
          province1Plan: canReadOwner(v, { provinceId: 1, communeId: null }),
          province1Figures: canReadProvinceFigures(v, 1),
          seesCommunes: COMMUNES.filter((c) => canSeeCommune(v, c)).map((c) => c.id),
        },
      ]),
    );
    expect(table).toEqual({
      admin: {
        everything: true,
        communePlans: [10, 11, 20, 30],
        province1Plan: true,
        province1Figures: true,
        seesCommunes: [10, 11, 20, 30],
      },
      exportAll: {
        everything: true,
        communePlans: [10, 11, 20, 30],
        province1Plan: true,
        province1Figures: true,
        seesCommunes: [10, 11, 20, 30],
      },
      export1: {
        everything: false,
        communePlans: [10, 11],
        province1Plan: true,
        province1Figures: true,
        seesCommunes: [10, 11],
      },
      analyst1: {
        everything: false,
        communePlans: [10, 11],
        province1Plan: true,
        province1Figures: true,
        seesCommunes: [10, 11],
      },
      // An officer reads its own commune's plans, and only the figures (and names) of its province.
      officer10: {
        everything: false,
        communePlans: [10],
        province1Plan: false,
        province1Figures: true,
        seesCommunes: [10, 11],
      },
      officer30: {
        everything: false,
        communePlans: [30],
        province1Plan: false,
        province1Figures: false,
        seesCommunes: [30],
      },
    });
  });

  it('writes (plan import): ADMIN anywhere, an officer in its own commune, nobody else', () => {
    const owner = { provinceId: 1, communeId: 10 };
    expect(
      Object.entries(VIEWERS)
        .filter(([, v]) => canEditOwner(v, owner))
        .map(([n]) => n),
    ).toEqual(['admin', 'officer10']);
    expect(canEditOwner(VIEWERS.officer10, { provinceId: 1, communeId: null })).toBe(false);
  });

  // docs/AUTH.md, "Roles and scopes": ADMIN none; PROVINCE_ANALYST one province (required);
  // COMMUNE_OFFICER one commune (required), its province may only repeat the commune's;
  // EXPORT_JOB one province, or none for every province.
  it.each([
    [Role.ADMIN, { none: true, province: false, commune: false, both: false }],
    [Role.PROVINCE_ANALYST, { none: false, province: true, commune: false, both: false }],
    [Role.COMMUNE_OFFICER, { none: false, province: false, commune: true, both: true }],
    [Role.EXPORT_JOB, { none: true, province: true, commune: false, both: false }],
  ])('token scopes: %s may be made with %j', (role, allowed) => {
    expect({
      none: isTokenScopeAllowed(role, { province: false, commune: false }),
      province: isTokenScopeAllowed(role, { province: true, commune: false }),
      commune: isTokenScopeAllowed(role, { province: false, commune: true }),
      both: isTokenScopeAllowed(role, { province: true, commune: true }),
    }).toEqual(allowed);
  });

  it('stored exports: who starts them, sees them (only whoever reads all of their scope) and cancels a schedule', () => {
    const table = Object.fromEntries(
      Object.entries(VIEWERS).map(([name, v]) => [
        name,
        {
          start: canStartExports(v),
          seeEvery: canSeeExportsOf(v, null),
          see1: canSeeExportsOf(v, 1),
          see2: canSeeExportsOf(v, 2),
          cancelOwn1: canCancelExportSchedule(v, { provinceId: 1, tokenId: v.tokenId }),
          cancelOther1: canCancelExportSchedule(v, { provinceId: 1, tokenId: 99 }),
        },
      ]),
    );
    const row = (
      start: boolean,
      seeEvery: boolean,
      see1: boolean,
      see2: boolean,
      own: boolean,
      other: boolean,
    ) => ({
      start,
      seeEvery,
      see1,
      see2,
      cancelOwn1: own,
      cancelOther1: other,
    });
    expect(table).toEqual({
      admin: row(true, true, true, true, true, true),
      exportAll: row(true, true, true, true, true, false),
      export1: row(true, false, true, false, true, false),
      analyst1: row(true, false, true, false, true, true),
      officer10: row(false, false, false, false, false, false),
      officer30: row(false, false, false, false, false, false),
    });
    // A run holds what its owner's scope could read: whoever sees it reads all of that scope.
    for (const v of Object.values(VIEWERS)) {
      if (canSeeExportsOf(v, null)) expect(canReadEverything(v)).toBe(true);
      for (const provinceId of [1, 2]) {
        if (!canSeeExportsOf(v, provinceId)) continue;
        for (const c of COMMUNES.filter((c) => c.provinceId === provinceId)) {
          expect(canReadOwner(v, { provinceId, communeId: c.id })).toBe(true);
        }
      }
    }
  });
});
