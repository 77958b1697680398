import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { Province } from '../province/province.entity';
import { provinceReporting } from './reporting.service';
import { ReportingSummary } from './reporting.type';

@Resolver(() => Province)
export class ProvinceReportingResolver {
  @FieldResolver(() => ReportingSummary, {
    description:
      'Who has reported for a period: expected, submitted, on time, and the communes missing. Batched across provinces.',
  })
  reporting(
    @Root() province: Province,
    @Arg('period', { description: 'Period code ("2025Q3", "2025-07", "2025").' }) period: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ReportingSummary> {
    return provinceReporting(ctx, province, period);
  }
}
