import { IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';

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
