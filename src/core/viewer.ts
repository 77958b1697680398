import { registerEnumType } from 'type-graphql';

/** Who may do what (issue #5). The rules themselves live in policy.ts, nowhere else. */
export enum Role {
  /** Everything, everywhere. */
  ADMIN = 'ADMIN',
  /** Reads one province; approves, returns and reopens its communes' reports. */
  PROVINCE_ANALYST = 'PROVINCE_ANALYST',
  /** Edits its own commune's plans and reports; reads its province's roll-up figures. */
  COMMUNE_OFFICER = 'COMMUNE_OFFICER',
  /** Read-only, all of one province (provinceId set) or of every province (provinceId null). */
  EXPORT_JOB = 'EXPORT_JOB',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'What an API token may read and change.',
  valuesConfig: {
    ADMIN: { description: 'Everything, everywhere.' },
    PROVINCE_ANALYST: {
      description: "Reads one province; approves, returns and reopens its communes' reports.",
    },
    COMMUNE_OFFICER: {
      description: "Edits its own commune's plans and reports; reads its province's roll-up figures.",
    },
    EXPORT_JOB: { description: 'Read-only: all of one province, or of every province.' },
  },
});

/** The authenticated caller of one request. */
export interface Viewer {
  role: Role;
  /** Display name recorded in the audit log (the token's name). */
  name: string;
  /** The api_token row (null for the operator's CCHC_ADMIN_TOKEN and for internal jobs). */
  tokenId: number | null;
  /** The province the role is bound to (analyst, officer, one-province export job). */
  provinceId: number | null;
  /** The commune of a commune officer. */
  communeId: number | null;
}

/** The operator's own identity (CCHC_ADMIN_TOKEN, CLI jobs, tests that need everything). */
export const OPERATOR: Viewer = Object.freeze({
  role: Role.ADMIN,
  name: 'operator',
  tokenId: null,
  provinceId: null,
  communeId: null,
});
