import { periodArgument } from '../../core/period.args';
import type { RequestContext } from '../../core/request-context';
import type { Province } from '../province/province.entity';
import type { ReportingSummary } from './reporting.type';

/** Province.reporting: who has reported for a period (expected, submitted, on time), batched. */
export function provinceReporting(
  ctx: RequestContext,
  province: Province,
  period: string,
): Promise<ReportingSummary> {
  return ctx.loaders.provinceReporting.load({ provinceId: province.id, period: periodArgument(period) });
}
