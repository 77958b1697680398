import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { SourceRef } from '../../core/source-ref.type';
import { Commune } from '../commune/commune.entity';
import { Province } from '../province/province.entity';

/** A yearly CCHC plan (kế hoạch cải cách hành chính) of one commune or one province. */
@ObjectType({
  description:
    'A yearly administrative-reform plan (kế hoạch cải cách hành chính) of a commune or a province.',
})
@Entity({ name: 'plan' })
@Unique('uq_plan_commune_year', ['communeId', 'year'])
@Unique('uq_plan_province_year', ['provinceId', 'year'])
@Check('ck_plan_one_owner', 'num_nonnulls(commune_id, province_id) = 1')
@Check('ck_plan_year', 'year BETWEEN 2000 AND 2100')
@Index('ix_plan_year', ['year'])
@Check('ck_plan_version', 'version >= 1')
export class Plan {
  @Field(() => ID, { description: 'Internal id.' })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_plan' })
  id: number;

  /** Owner when the plan is a commune's; null for a province plan. */
  @Column({ type: 'int', nullable: true })
  communeId: number | null;

  @ManyToOne(() => Commune, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'commune_id', foreignKeyConstraintName: 'fk_plan_commune' })
  commune?: Commune | null;

  /** Owner when the plan is a province's own; null for a commune plan. */
  @Column({ type: 'int', nullable: true })
  provinceId: number | null;

  @ManyToOne(() => Province, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'province_id', foreignKeyConstraintName: 'fk_plan_province' })
  province?: Province | null;

  @Field(() => Int, { description: 'Plan year (năm kế hoạch).' })
  @Column({ type: 'smallint' })
  year: number;

  @Field(() => String, {
    nullable: true,
    description: 'Document number (số kế hoạch), e.g. "72/KH-UBND"; null when the source leaves it blank.',
  })
  @Column({ type: 'text', nullable: true })
  documentNumber: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Issue date (ngày ban hành), when known.' })
  @Column({ type: 'date', nullable: true })
  issueDate: string | null;

  @Field({ description: 'Title as the document words it.' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => SourceRef, {
    nullable: true,
    description: 'The document the plan was transcribed from; null for generated plans.',
  })
  @Column({ type: 'jsonb', nullable: true })
  source: SourceRef | null;

  @Field(() => String, {
    nullable: true,
    description: 'Transcription remarks (what the source leaves blank or unsaid).',
  })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => Int, {
    description:
      'Optimistic-concurrency version: send it back with a change; it increases with every change.',
  })
  @Column({ type: 'int', default: 1 })
  version: number;
  /** Not a column: the owner's province (a commune plan's is its commune's), set by the plan loaders. */
  ownerProvinceId?: number | null;
}
