import { IsOptional, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { LIMITS } from '../../core/limits';
import { MaxChars } from '../../core/max-chars';
import { IsId } from '../../core/ids';
import { IndicatorCell } from '../indicator/indicator.enums';
import { ReformAreaCode } from '../reform-area/reform-area.entity';

@InputType({
  description:
    'A new indicator target of a plan: the sentence in, the parsed comparator, value and unit out.',
})
export class CreateIndicatorInput {
  @Field(() => ID, { description: 'The plan.' })
  @IsId('a plan')
  planId: string;

  @Field(() => ReformAreaCode, { description: 'Reform area of the indicator.' })
  areaCode: ReformAreaCode;

  @Field({ description: 'Short label of what is measured, e.g. "Tỷ lệ thanh toán trực tuyến".' })
  @Length(1, LIMITS.indicatorName)
  name: string;

  @Field({
    description:
      'The target sentence as written, e.g. "100% hồ sơ TTHC được số hóa" or "ít nhất có 03 sáng kiến"; its first target is read into comparator, targetValue, unit (unreadable: parseWarnings).',
  })
  @Length(1, LIMITS.targetText)
  targetText: string;

  @Field(() => String, {
    nullable: true,
    description: 'Numbering in the document, e.g. "3.1"; default: its place among the indicators.',
  })
  @IsOptional()
  @Length(1, LIMITS.ordinal)
  ordinal?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The task row (of the same plan) the target is stated in.',
  })
  @IsOptional()
  @IsId('a task')
  taskId?: string | null;

  @Field(() => IndicatorCell, {
    nullable: true,
    description:
      'Where the target is stated: a cell of its task row (OBJECTIVE, NAME, ACTIVITIES, OUTPUTS; needs taskId) or KEY_INDICATORS (no task). Default: KEY_INDICATORS without a task, unknown (null) with one.',
  })
  @IsOptional()
  statedIn?: IndicatorCell | null;

  @Field(() => String, { nullable: true, description: 'Remarks.' })
  @IsOptional()
  @MaxChars(LIMITS.note)
  @MaxLength(LIMITS.note)
  note?: string | null;
}

@InputType({
  description:
    'Changes to an indicator; fields left out stay as they are, null clears an optional one. A new targetText is parsed again.',
})
export class UpdateIndicatorInput {
  @Field(() => ReformAreaCode, { nullable: true, description: 'New reform area.' })
  @IsOptional()
  areaCode?: ReformAreaCode | null;

  @Field(() => String, { nullable: true, description: 'New label (cannot be cleared).' })
  @IsOptional()
  @Length(1, LIMITS.indicatorName)
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'New target sentence (cannot be cleared). CONFLICT if it changes the unit while reports already give values.',
  })
  @IsOptional()
  @Length(1, LIMITS.targetText)
  targetText?: string | null;

  @Field(() => String, { nullable: true, description: 'New numbering (cannot be cleared).' })
  @IsOptional()
  @Length(1, LIMITS.ordinal)
  ordinal?: string | null;

  @Field(() => ID, { nullable: true, description: 'New task row (same plan); null unlinks it.' })
  @IsOptional()
  @IsId('a task')
  taskId?: string | null;

  @Field(() => IndicatorCell, {
    nullable: true,
    description:
      'New place of the target (see CreateIndicatorInput.statedIn). Unlinking the task makes it KEY_INDICATORS; linking one makes a KEY_INDICATORS target unknown (null) unless given.',
  })
  @IsOptional()
  statedIn?: IndicatorCell | null;

  @Field(() => String, { nullable: true, description: 'New remarks.' })
  @IsOptional()
  @MaxChars(LIMITS.note)
  @MaxLength(LIMITS.note)
  note?: string | null;
}

@ArgsType()
export class CreateIndicatorArgs {
  @Field(() => CreateIndicatorInput, { description: 'The indicator.' })
  @ValidateNested()
  input: CreateIndicatorInput;
}

@ArgsType()
export class UpdateIndicatorArgs {
  @Field(() => ID, { description: 'Indicator id.' })
  @IsId('an indicator')
  id: string;

  @Field(() => Int, { description: 'The version you last read; a stale one gives CONFLICT.' })
  @Min(1)
  version: number;

  @Field(() => UpdateIndicatorInput, { description: 'What to change.' })
  @ValidateNested()
  input: UpdateIndicatorInput;
}
