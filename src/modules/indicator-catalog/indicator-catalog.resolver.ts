import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { TargetComparison } from '../../parsing/target-comparison';
import { Indicator } from '../indicator/indicator.entity';
import { LinkSource } from '../indicator/indicator.enums';
import { IndicatorCatalogEntry } from './indicator-catalog.entity';
import {
  indicatorCatalog,
  updateIndicatorCatalogEntry,
  upsertIndicatorCatalogEntry,
} from './indicator-catalog.service';
import {
  IndicatorClassification,
  LinkProvinceIndicatorArgs,
  SetIndicatorClassificationArgs,
  UpdateIndicatorCatalogEntryArgs,
  UpsertIndicatorCatalogEntryArgs,
} from './indicator-catalog.type';
import {
  catalogEntryOf,
  classificationOf,
  provinceTargetOf,
  targetComparisonOf,
} from './indicator-cascade.service';
import { linkProvinceIndicator, setIndicatorClassification } from './indicator-classification-write.service';

@Resolver(() => IndicatorCatalogEntry)
export class IndicatorCatalogResolver {
  @Query(() => [IndicatorCatalogEntry], {
    description:
      'The indicator catalogue: the national indicators plans set targets for (docs/INDICATORS.md).',
  })
  indicatorCatalog(@Ctx() ctx: RequestContext): Promise<IndicatorCatalogEntry[]> {
    return indicatorCatalog(ctx);
  }

  @Mutation(() => IndicatorCatalogEntry, {
    description:
      'ADMIN: creates a catalogue entry or replaces it whole (audited). CONFLICT if `expectedVersion` is stale, or on a change of unit or direction under classified indicators.',
  })
  upsertIndicatorCatalogEntry(
    @Args() args: UpsertIndicatorCatalogEntryArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<IndicatorCatalogEntry> {
    return upsertIndicatorCatalogEntry(ctx, args);
  }

  @Mutation(() => IndicatorCatalogEntry, {
    description:
      'ADMIN: changes the names, definition or phrases of a catalogue entry (audited). CONFLICT if `version` is stale.',
  })
  updateIndicatorCatalogEntry(
    @Args() args: UpdateIndicatorCatalogEntryArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<IndicatorCatalogEntry> {
    return updateIndicatorCatalogEntry(ctx, args);
  }
}

@Resolver(() => Indicator)
export class IndicatorCascadeResolver {
  @FieldResolver(() => IndicatorCatalogEntry, {
    nullable: true,
    description: 'The catalogue entry this indicator measures; null when unclassified.',
  })
  catalogEntry(
    @Root() indicator: Indicator,
    @Ctx() ctx: RequestContext,
  ): Promise<IndicatorCatalogEntry | null> {
    return catalogEntryOf(ctx, indicator);
  }

  @FieldResolver(() => IndicatorClassification, {
    nullable: true,
    description:
      'How the indicator was matched to the catalogue (code, confidence, phrase, AUTO or MANUAL); null when nothing matched and no one classified it.',
  })
  classification(@Root() indicator: Indicator): IndicatorClassification | null {
    return classificationOf(indicator);
  }

  @FieldResolver(() => Indicator, {
    nullable: true,
    description:
      "The province's indicator this commune indicator implements: same catalogue entry, the province's plan of the same year (or linked by hand).",
  })
  provinceTarget(@Root() indicator: Indicator, @Ctx() ctx: RequestContext): Promise<Indicator | null> {
    return provinceTargetOf(ctx, indicator);
  }

  @FieldResolver(() => LinkSource, {
    nullable: true,
    description:
      'How provinceTarget was set: AUTO (by catalogue code) or MANUAL (linkProvinceIndicator); null when not linked.',
  })
  provinceLinkSource(@Root() indicator: Indicator): LinkSource | null {
    return indicator.provinceLinkSource;
  }

  @FieldResolver(() => TargetComparison, {
    description:
      "This target against the province's (comparator, value, unit and direction; docs/INDICATORS.md).",
  })
  targetComparison(@Root() indicator: Indicator, @Ctx() ctx: RequestContext): Promise<TargetComparison> {
    return targetComparisonOf(ctx, indicator);
  }

  @Mutation(() => Indicator, {
    description:
      "Sets an indicator's catalogue code by hand, or clears it (null: it stays unclassified); kept on re-import; audited. CONFLICT if `expectedVersion` is stale.",
  })
  setIndicatorClassification(
    @Args() args: SetIndicatorClassificationArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Indicator> {
    return setIndicatorClassification(ctx, args);
  }

  @Mutation(() => Indicator, {
    description:
      "Links a commune indicator to an indicator of its province's plan of the same year by hand, or unlinks it (null); automatic relinking then leaves it; audited. CONFLICT if `expectedVersion` is stale.",
  })
  linkProvinceIndicator(
    @Args() args: LinkProvinceIndicatorArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Indicator> {
    return linkProvinceIndicator(ctx, args);
  }
}
