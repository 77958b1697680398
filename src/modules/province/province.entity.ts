import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DEFAULT_TIME_ZONE } from '../../core/relative-period';

export enum ProvinceKind {
  TINH = 'TINH',
  THANH_PHO = 'THANH_PHO',
}

registerEnumType(ProvinceKind, {
  name: 'ProvinceKind',
  description: 'Kind of province-level unit.',
  valuesConfig: {
    TINH: { description: 'Tỉnh (province).' },
    THANH_PHO: { description: 'Thành phố trực thuộc trung ương (centrally-run city).' },
  },
});

/** A province-level unit (tỉnh, thành phố): owner of communes and of its own province plan. */
@ObjectType({ description: 'A province or centrally-run city (tỉnh, thành phố trực thuộc trung ương).' })
@Entity({ name: 'province' })
@Unique('uq_province_code', ['code'])
@Check('ck_province_report_due_day', 'report_due_day BETWEEN 1 AND 28')
@Check('ck_province_kind', `kind IN ('TINH', 'THANH_PHO')`)
export class Province {
  @Field(() => ID, { description: 'Internal id.' })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_province' })
  id: number;

  @Field({
    description:
      'Code (mã tỉnh): the official two-digit code for the 34 provinces of 2025; a former province keeps "X" + its old code (e.g. X24, Bắc Giang).',
  })
  @Column({ type: 'text' })
  code: string;

  @Field({ description: 'Name without the "Tỉnh"/"Thành phố" prefix, e.g. "Gia Lai".' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => ProvinceKind, { description: 'Tỉnh or thành phố.' })
  @Column({ type: 'text' })
  kind: ProvinceKind;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'Day the province ceased to exist (merged in the 2025 reorganisation); null for a current one.',
  })
  @Column({ type: 'date', nullable: true })
  abolishedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Code of the province that took over a former one.' })
  @Column({ type: 'text', nullable: true })
  successorCode: string | null;

  @Field({ description: 'IANA time zone in which the province reads dates and periods.' })
  @Column({ type: 'text', default: DEFAULT_TIME_ZONE })
  timeZone: string;

  @Field(() => Int, {
    description: 'Reports of a period are due by this day of the following month (default 5).',
  })
  @Column({ type: 'smallint', default: 5 })
  reportDueDay: number;
}
