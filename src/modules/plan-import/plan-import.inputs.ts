import { IsOptional, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { MaxChars } from '../../core/max-chars';

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
      'CSV text (at most CCHC_MAX_IMPORT_CHARS characters): header row STT, Mục tiêu, Nhiệm vụ, Hoạt động, Kết quả/Sản phẩm, Chủ trì, Phối hợp, Thời gian, Kinh phí, Theo dõi; area heading rows with a Roman numeral in STT. A CSV from `cchc export-plan` (extra columns Mã lĩnh vực, Ghi chú, Tệp nguồn, Dòng nguồn, and an indicator table after a row "Chỉ tiêu") imports losslessly: docs/PLAN-FILES.md.',
  })
  @MinLength(1)
  @MaxChars('import')
  csv: string;

  @Field(() => String, {
    nullable: true,
    description: 'Plan title; defaults to "Kế hoạch cải cách hành chính năm <year>".',
  })
  @IsOptional()
  @MaxLength(500)
  title?: string | null;
}
