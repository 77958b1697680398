import { ArrayMaxSize, IsOptional, Length, Matches, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsId } from '../../core/ids';
import { TargetComparison } from '../../parsing/target-comparison';
import { IndicatorDirection, IndicatorUnit, LinkSource } from '../indicator/indicator.enums';

registerEnumType(TargetComparison, {
  name: 'TargetComparison',
  description: "How a commune indicator's target compares with its province's (docs/INDICATORS.md).",
  valuesConfig: {
    STRICTER: { description: 'The commune demands more than the province (e.g. ≥ 70 % against > 60 %).' },
    SAME: { description: 'The same target.' },
    LOOSER: { description: 'The commune demands less than the province.' },
    NO_PROVINCE_TARGET: { description: 'No province indicator is linked.' },
    NOT_COMPARABLE: {
      description:
        'Different units (a count against a percentage), an unparsed target, opposite directions, or a target with no bound on the side the direction demands.',
    },
  },
});

/** How an indicator was matched to the catalogue. */
@ObjectType({ description: 'How an indicator was matched to a catalogue entry (docs/INDICATORS.md).' })
export class IndicatorClassification {
  @Field(() => String, { nullable: true, description: 'The catalogue code; null when cleared by hand.' })
  code: string | null;

  @Field(() => Float, {
    nullable: true,
    description: "The classifier's confidence (0–1); null for a classification set by hand.",
  })
  confidence: number | null;

  @Field(() => String, { nullable: true, description: 'The catalogue phrase that matched (AUTO only).' })
  phrase: string | null;

  @Field(() => LinkSource, { description: 'AUTO (the classifier) or MANUAL (setIndicatorClassification).' })
  source: LinkSource;
}

const CODE = /^[A-Z][A-Z0-9_]*$/;
const CODE_MESSAGE =
  'A catalogue code is upper-case letters, digits and underscores, starting with a letter.';

@ArgsType()
export class SetIndicatorClassificationArgs {
  @Field(() => ID, { description: 'The indicator.' })
  @IsId('an indicator')
  indicatorId: string;

  @Field(() => String, {
    nullable: true,
    description: 'The catalogue code; null clears the classification (it then stays unclassified).',
  })
  @IsOptional()
  @Matches(CODE, { message: CODE_MESSAGE })
  catalogCode: string | null;

  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one gives CONFLICT.' })
  @IsOptional()
  @Min(1)
  expectedVersion?: number | null;
}

@ArgsType()
export class LinkProvinceIndicatorArgs {
  @Field(() => ID, { description: 'The commune indicator.' })
  @IsId('an indicator')
  indicatorId: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "An indicator of the province's plan of the same year; null unlinks (and keeps it unlinked).",
  })
  @IsOptional()
  @IsId('an indicator')
  provinceIndicatorId: string | null;

  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one gives CONFLICT.' })
  @IsOptional()
  @Min(1)
  expectedVersion?: number | null;
}

@InputType({ description: 'A catalogue entry, whole (upsertIndicatorCatalogEntry).' })
export class IndicatorCatalogEntryInput {
  @Field({ description: 'Stable code, e.g. ONLINE_PAYMENT.' })
  @Length(1, 64)
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @Field({ description: 'Vietnamese name.' })
  @Length(1, 500)
  nameVi: string;

  @Field({ description: 'English name.' })
  @Length(1, 500)
  nameEn: string;

  @Field(() => IndicatorUnit)
  unit: IndicatorUnit;

  @Field(() => IndicatorDirection)
  direction: IndicatorDirection;

  @Field({ description: 'What it measures and what it does not.' })
  @Length(1, 4000)
  definition: string;

  @Field(() => [String], { description: 'The phrases the classifier looks for (docs/INDICATORS.md).' })
  @ArrayMaxSize(100)
  @Length(1, 200, { each: true })
  phrases: string[];
}

@InputType({
  description: 'Changes to a catalogue entry (updateIndicatorCatalogEntry); left out = unchanged.',
})
export class IndicatorCatalogEntryPatch {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 500)
  nameVi?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 500)
  nameEn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 4000)
  definition?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @Length(1, 200, { each: true })
  phrases?: string[] | null;
}

@ArgsType()
export class UpsertIndicatorCatalogEntryArgs {
  @Field(() => IndicatorCatalogEntryInput, { description: 'The entry.' })
  @ValidateNested()
  input: IndicatorCatalogEntryInput;

  @Field(() => Int, {
    nullable: true,
    description: 'For an existing entry: the version you last read; a stale one gives CONFLICT.',
  })
  @IsOptional()
  @Min(1)
  expectedVersion?: number | null;
}

@ArgsType()
export class UpdateIndicatorCatalogEntryArgs {
  @Field({ description: 'The entry.' })
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @Field(() => Int, { description: 'The version you last read; a stale one gives CONFLICT.' })
  @Min(1)
  version: number;

  @Field(() => IndicatorCatalogEntryPatch, { description: 'What to change.' })
  @ValidateNested()
  input: IndicatorCatalogEntryPatch;
}
