import { BadUserInputError } from '../../core/errors';
import { PERIOD_FORMAT_HINT } from '../../core/period';
import { DEFAULT_TIME_ZONE, RELATIVE_PERIODS, resolvePeriod, todayIn } from '../../core/relative-period';
import type { RequestContext } from '../../core/request-context';
import type { Viewer } from '../../core/viewer';
import { authorize, canSeeCommune, canSeeProvince, canStartExports, hideUnless } from '../auth/policy';
import { getCommuneByCode } from '../commune/commune.service';
import { parseExportRequest } from '../export/export.service';
import type { ExportRequest } from '../export/export.service';
import type { Province } from '../province/province.entity';
import { getProvinceByCode } from '../province/province.service';
import type { ExportRequestArgs } from './export-run.type';

/**
 * What startExport and scheduleExport check before they store anything: the role, the kind's
 * parameters (parseExportRequest), and the places and periods they name against the viewer, so
 * that a refusal comes at once (NOT_FOUND for a place outside the token's scope, as in the API),
 * not as a failed run later. The run checks everything again when it reads (a relative period,
 * a revoked token).
 */

/** Longest parameter object accepted, as JSON. */
export const MAX_PARAMS_CHARS = 4000;

export interface CheckedExportRequest {
  request: ExportRequest;
  /** The parameters as sent (stored, and parsed again by each run). */
  params: Record<string, unknown>;
  /** The province the parameters name (or their commune's), if any: its time zone is a schedule's default. */
  province: Province | null;
}

export async function checkExportRequest(
  ctx: RequestContext,
  args: ExportRequestArgs,
  what: string,
): Promise<CheckedExportRequest> {
  authorize(canStartExports(ctx.viewer), what);
  if (JSON.stringify(args.params).length > MAX_PARAMS_CHARS) {
    throw new BadUserInputError(`params is longer than ${MAX_PARAMS_CHARS} characters as JSON.`, 'params');
  }
  const request = parseExportRequest(args.kind, args.params);
  const { params } = request;
  let province = params.province ? await getProvinceByCode(ctx, params.province) : null;
  if (province) hideUnless(canSeeProvince(ctx.viewer, province.id), 'Province', province.code);
  if ('commune' in params && params.commune) {
    const commune = await getCommuneByCode(ctx, params.commune);
    hideUnless(canSeeCommune(ctx.viewer, commune), 'Commune', commune.code);
    province ??= commune.provinceId === null ? null : await ctx.loaders.provinceById.load(commune.provinceId);
  }
  const periods = 'periods' in params ? params.periods : 'period' in params ? [params.period] : [];
  const today = todayIn(province?.timeZone ?? DEFAULT_TIME_ZONE);
  for (const code of periods) {
    if (!resolvePeriod(code, today)) {
      throw new BadUserInputError(
        `"${code}" is not a period: use ${PERIOD_FORMAT_HINT}, or a relative period (${RELATIVE_PERIODS.join(', ')}).`,
        'params.period',
      );
    }
  }
  return { request, params: args.params, province };
}

/** Who asks, as a run or schedule records it: the run reads as this token, within its scope. */
export function requesterOf(viewer: Viewer) {
  return {
    requestedBy: viewer.name,
    tokenId: viewer.tokenId,
    role: viewer.role,
    provinceId: viewer.provinceId,
  };
}
