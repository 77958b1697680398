import type { RequestContext } from '../../core/request-context';
import { compareTargets, TargetComparison } from '../../parsing/target-comparison';
import type { Indicator } from '../indicator/indicator.entity';
import type { IndicatorCatalogEntry } from './indicator-catalog.entity';
import type { IndicatorClassification } from './indicator-catalog.type';

/** Indicator.catalogEntry. */
export async function catalogEntryOf(
  ctx: RequestContext,
  indicator: Indicator,
): Promise<IndicatorCatalogEntry | null> {
  return indicator.catalogCode === null ? null : ctx.loaders.catalogEntryByCode.load(indicator.catalogCode);
}

/** Indicator.classification: null when never classified (neither the classifier nor a person set it). */
export function classificationOf(indicator: Indicator): IndicatorClassification | null {
  if (indicator.catalogSource === null) {
    return null;
  }
  return {
    code: indicator.catalogCode,
    confidence: indicator.catalogConfidence,
    phrase: indicator.catalogPhrase,
    source: indicator.catalogSource,
  };
}

/** Indicator.provinceTarget: the linked indicator of the province's plan (the read guard applies). */
export async function provinceTargetOf(ctx: RequestContext, indicator: Indicator): Promise<Indicator | null> {
  return indicator.provinceIndicatorId === null
    ? null
    : ctx.loaders.indicatorById.load(indicator.provinceIndicatorId);
}

/**
 * Indicator.targetComparison: the commune's target against the linked province target
 * (compareTargets; the catalogue entry's direction when neither target states one).
 */
export async function targetComparisonOf(
  ctx: RequestContext,
  indicator: Indicator,
): Promise<TargetComparison> {
  if (indicator.provinceIndicatorId === null) {
    return TargetComparison.NO_PROVINCE_TARGET;
  }
  const [province, entry] = await Promise.all([
    ctx.loaders.indicatorById.load(indicator.provinceIndicatorId),
    catalogEntryOf(ctx, indicator),
  ]);
  const target = (x: Indicator) => ({
    comparator: x.comparator,
    value: x.targetValue,
    max: x.targetMax,
    unit: x.unit,
    direction: x.direction,
  });
  return compareTargets(target(indicator), province && target(province), entry?.direction ?? null);
}
