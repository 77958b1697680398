import { IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Arg, Ctx, Field, InputType, Int, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { authorize, canEditOwner } from '../auth/policy';
import { Plan } from '../plan/plan.entity';
import { findPlanOwner, importPlan } from './plan-import.service';
import { draftOfTable } from './plan-source';
import { readCsv } from './plan-file';

@InputType({
  description: 'A plan table to import, as CSV in the template columns (cchc template --format csv).',
})
export class ImportPlanInput {
  @Field(() => String, {
    nullable: true,
    description: 'Commune that owns the plan (give this or provinceCode).',
  })
  @IsOptional()
  @MaxLength(50)
  communeCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Province that owns the plan (give this or communeCode).',
  })
  @IsOptional()
  @MaxLength(10)
  provinceCode?: string | null;

  @Field(() => Int, { description: 'Plan year.' })
  @Min(2000)
  @Max(2100)
  year: number;

  @Field({
    description:
      'CSV text: header row STT, Mục tiêu, Nhiệm vụ, Hoạt động, Kết quả/Sản phẩm, Chủ trì, Phối hợp, Thời gian, Kinh phí, Theo dõi; area heading rows with a Roman numeral in STT.',
  })
  @Length(1, 5_000_000)
  csv: string;

  @Field(() => String, {
    nullable: true,
    description: 'Plan title; defaults to "Kế hoạch cải cách hành chính năm <year>".',
  })
  @IsOptional()
  @MaxLength(500)
  title?: string | null;
}

@Resolver()
export class PlanImportResolver {
  @Mutation(() => Plan, {
    description:
      'Imports (or replaces) the plan of a commune or province for a year, all or nothing. BAD_USER_INPUT lists every bad row and column in extensions.problems; CONFLICT when status reports already refer to the plan.',
  })
  async importPlan(
    @Arg('input', () => ImportPlanInput) input: ImportPlanInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Plan> {
    // Authorized before the CSV is even read.
    const owner = await findPlanOwner(ctx.dataSource, input);
    authorize(canEditOwner(ctx.viewer, owner), `import plans for ${input.communeCode ?? input.provinceCode}`);
    return importPlan(ctx.dataSource, {
      ...input,
      draft: draftOfTable(readCsv(input.csv)),
      sourceName: 'importPlan mutation',
      viewer: ctx.viewer,
    });
  }
}
