import type { DataSource } from 'typeorm';
import { Role } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';

/** The six kinds of caller the write rules distinguish, around one commune of province 52. */
export interface Cast {
  admin: Viewer;
  analyst: Viewer;
  otherAnalyst: Viewer;
  officer: Viewer;
  otherOfficer: Viewer;
  exportJob: Viewer;
}

export interface WriteFixture {
  cast: Cast;
  provinceId: number;
  /** A generated commune of Gia Lai (52) with 2025 and 2026 plans, and a second one. */
  commune: { id: number; code: string };
  otherCommune: { id: number; code: string };
}

const viewer = (
  role: Role,
  name: string,
  tokenId: number,
  provinceId: number | null,
  communeId: number | null,
) => Object.freeze({ role, name, tokenId, provinceId, communeId });

export async function writeFixture(dataSource: DataSource): Promise<WriteFixture> {
  const [{ id: provinceId }] = await dataSource.query(`SELECT id FROM province WHERE code = '52'`);
  const [{ id: otherProvinceId }] = await dataSource.query(
    `SELECT id FROM province WHERE code <> '52' ORDER BY code LIMIT 1`,
  );
  const communes: { id: number; code: string }[] = await dataSource.query(
    `SELECT c.id, c.code FROM commune c
      WHERE c.province_id = $1 AND c.code ~ '^[0-9]+$'
        AND EXISTS (SELECT 1 FROM plan p WHERE p.commune_id = c.id AND p.year = 2025)
      ORDER BY c.code LIMIT 2`,
    [provinceId],
  );
  const [commune, otherCommune] = communes;
  return {
    provinceId,
    commune,
    otherCommune,
    cast: {
      admin: viewer(Role.ADMIN, 'admin token', 1, null, null),
      analyst: viewer(Role.PROVINCE_ANALYST, 'analyst of 52', 2, provinceId, null),
      otherAnalyst: viewer(Role.PROVINCE_ANALYST, 'analyst elsewhere', 3, otherProvinceId, null),
      officer: viewer(Role.COMMUNE_OFFICER, `officer of ${commune.code}`, 4, provinceId, commune.id),
      otherOfficer: viewer(
        Role.COMMUNE_OFFICER,
        `officer of ${otherCommune.code}`,
        5,
        provinceId,
        otherCommune.id,
      ),
      exportJob: viewer(Role.EXPORT_JOB, 'export job', 6, null, null),
    },
  };
}

/** The error codes of a GraphQL result ([] when it succeeded). */
export const codesOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  (result.errors ?? []).map((e) => e.extensions?.code);
