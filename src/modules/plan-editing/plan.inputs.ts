import { IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { LIMITS } from '../../core/limits';
import { MaxChars } from '../../core/max-chars';
import { IsId } from '../../core/ids';

@InputType({ description: 'A new, empty plan of a commune or a province for a year.' })
export class CreatePlanInput {
  @Field(() => String, {
    nullable: true,
    description: 'Commune that issues the plan (give this or provinceCode).',
  })
  @IsOptional()
  @MaxLength(LIMITS.code)
  communeCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Province that issues the plan, for a province's own plan (give this or communeCode).",
  })
  @IsOptional()
  @MaxLength(LIMITS.code)
  provinceCode?: string | null;

  @Field(() => Int, { description: 'Plan year, 2000–2100; one plan per owner and year.' })
  @Min(2000)
  @Max(2100)
  year: number;

  @Field({ description: 'Title as the document words it.' })
  @Length(1, LIMITS.title)
  title: string;

  @Field(() => String, { nullable: true, description: 'Document number (số kế hoạch), e.g. "72/KH-UBND".' })
  @IsOptional()
  @MaxLength(LIMITS.documentNumber)
  documentNumber?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Issue date (ngày ban hành).' })
  @IsOptional()
  issueDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Remarks.' })
  @IsOptional()
  @MaxChars(LIMITS.note)
  @MaxLength(LIMITS.note)
  note?: string | null;
}

@InputType({
  description:
    "Changes to a plan's own fields; fields left out stay as they are, null clears an optional one. The year cannot change (reports and time cells depend on it).",
})
export class UpdatePlanInput {
  @Field(() => String, { nullable: true, description: 'New title (cannot be cleared).' })
  @IsOptional()
  @Length(1, LIMITS.title)
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New document number.' })
  @IsOptional()
  @MaxLength(LIMITS.documentNumber)
  documentNumber?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'New issue date.' })
  @IsOptional()
  issueDate?: string | null;

  @Field(() => String, { nullable: true, description: 'New remarks.' })
  @IsOptional()
  @MaxChars(LIMITS.note)
  @MaxLength(LIMITS.note)
  note?: string | null;
}

@ArgsType()
export class CreatePlanArgs {
  @Field(() => CreatePlanInput, { description: 'The plan.' })
  @ValidateNested()
  input: CreatePlanInput;
}

@ArgsType()
export class UpdatePlanArgs {
  @Field(() => ID, { description: 'Plan id.' })
  @IsId('a plan')
  id: string;

  @Field(() => Int, { description: 'The version you last read; a stale one gives CONFLICT.' })
  @Min(1)
  version: number;

  @Field(() => UpdatePlanInput, { description: 'What to change.' })
  @ValidateNested()
  input: UpdatePlanInput;
}
