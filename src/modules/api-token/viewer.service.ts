import type { RequestContext } from '../../core/request-context';
import type { Viewer } from '../../core/viewer';
import type { Commune } from '../commune/commune.entity';
import type { Province } from '../province/province.entity';
import { ViewerInfo } from './viewer.type';

/** The request's caller as Query.viewer shows it: role and name, scope ids for its fields. */
export function viewerInfo(ctx: RequestContext): ViewerInfo {
  const { role, name, provinceId, communeId }: Viewer = ctx.viewer;
  return Object.assign(new ViewerInfo(), { role, name, provinceId, communeId });
}

/** The province the caller's token is bound to (batched), or null for every province. */
export function viewerProvince(ctx: RequestContext, viewer: ViewerInfo): Promise<Province | null> | null {
  return viewer.provinceId === null ? null : ctx.loaders.provinceById.load(viewer.provinceId);
}

/** A commune officer's commune (batched), or null for other roles. */
export function viewerCommune(ctx: RequestContext, viewer: ViewerInfo): Promise<Commune | null> | null {
  return viewer.communeId === null ? null : ctx.loaders.communeById.load(viewer.communeId);
}
