import { IsOptional, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { LIMITS } from '../../core/limits';
import { MaxChars } from '../../core/max-chars';
import { IsId } from '../../core/ids';
import { ReformAreaCode } from '../reform-area/reform-area.entity';

/** The cells of a task row, raw text as the plan table has them (shared by create and update). */
@InputType({ description: 'The raw cells of a task row (a base of the task inputs, not used on its own).' })
class TaskCellsInput {
  @Field(() => String, {
    nullable: true,
    description: 'Row number as printed (STT), e.g. "2.3"; a new task without one is numbered by its place.',
  })
  @IsOptional()
  @Length(1, LIMITS.ordinal)
  ordinal?: string | null;

  @Field(() => String, { nullable: true, description: 'Objective (mục tiêu).' })
  @IsOptional()
  @MaxChars(LIMITS.cell)
  @MaxLength(LIMITS.cell)
  objective?: string | null;

  @Field(() => String, { nullable: true, description: 'Activities (hoạt động).' })
  @IsOptional()
  @MaxChars(LIMITS.cell)
  @MaxLength(LIMITS.cell)
  activities?: string | null;

  @Field(() => String, { nullable: true, description: 'Outputs (kết quả / sản phẩm).' })
  @IsOptional()
  @MaxChars(LIMITS.cell)
  @MaxLength(LIMITS.cell)
  outputs?: string | null;

  @Field(() => String, { nullable: true, description: 'Lead unit (chủ trì).' })
  @IsOptional()
  @MaxLength(LIMITS.shortCell)
  leadUnit?: string | null;

  @Field(() => String, { nullable: true, description: 'Coordinating units (phối hợp).' })
  @IsOptional()
  @MaxLength(LIMITS.shortCell)
  coordinatingUnits?: string | null;

  @Field(() => String, { nullable: true, description: 'Monitoring unit (theo dõi, kiểm tra, đôn đốc).' })
  @IsOptional()
  @MaxLength(LIMITS.shortCell)
  monitoringUnit?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Time cell (thời gian) as written, e.g. "Quý III/2025" or "Trước ngày 31/12/2025"; read into milestones and dueOn (what cannot be read goes to parseWarnings).',
  })
  @IsOptional()
  @MaxLength(LIMITS.shortCell)
  timeText?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Budget cell (kinh phí) as written, e.g. "50" or "Theo dự toán được cấp"; read into budgetMillionVnd.',
  })
  @IsOptional()
  @MaxLength(LIMITS.shortCell)
  budgetText?: string | null;

  @Field(() => String, { nullable: true, description: 'Remarks.' })
  @IsOptional()
  @MaxChars(LIMITS.note)
  @MaxLength(LIMITS.note)
  note?: string | null;
}

@InputType({ description: 'A new task row of a plan, raw cells in; the parsed fields are derived.' })
export class CreateTaskInput extends TaskCellsInput {
  @Field(() => ID, { description: 'The plan.' })
  @IsId('a plan')
  planId: string;

  @Field(() => ReformAreaCode, { description: 'Reform area of the task.' })
  areaCode: ReformAreaCode;

  @Field({ description: 'Task (nhiệm vụ) as written.' })
  @MaxChars(LIMITS.cell)
  @Length(1, LIMITS.cell)
  name: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Insert the row just before this task of the same plan; default: after the last row.',
  })
  @IsOptional()
  @IsId('a task')
  beforeTaskId?: string | null;
}

@InputType({
  description:
    'Changes to a task; fields left out stay as they are, null clears an optional cell. Parsed fields follow the new cells.',
})
export class UpdateTaskInput extends TaskCellsInput {
  @Field(() => ReformAreaCode, { nullable: true, description: 'New reform area.' })
  @IsOptional()
  areaCode?: ReformAreaCode | null;

  @Field(() => String, { nullable: true, description: 'New task text (cannot be cleared).' })
  @IsOptional()
  @MaxChars(LIMITS.cell)
  @Length(1, LIMITS.cell)
  name?: string | null;
}

@ArgsType()
export class CreateTaskArgs {
  @Field(() => CreateTaskInput, { description: 'The task.' })
  @ValidateNested()
  input: CreateTaskInput;
}

@ArgsType()
export class UpdateTaskArgs {
  @Field(() => ID, { description: 'Task id.' })
  @IsId('a task')
  id: string;

  @Field(() => Int, { description: 'The version you last read; a stale one gives CONFLICT.' })
  @Min(1)
  version: number;

  @Field(() => UpdateTaskInput, { description: 'What to change.' })
  @ValidateNested()
  input: UpdateTaskInput;
}
