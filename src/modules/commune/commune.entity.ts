import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Province } from '../province/province.entity';

export enum CommuneKind {
  XA = 'XA',
  PHUONG = 'PHUONG',
  DAC_KHU = 'DAC_KHU',
}

registerEnumType(CommuneKind, {
  name: 'CommuneKind',
  description: 'Kind of commune-level unit.',
  valuesConfig: {
    XA: { description: 'Xã (rural commune).' },
    PHUONG: { description: 'Phường (urban ward).' },
    DAC_KHU: { description: 'Đặc khu (special administrative zone).' },
  },
});

/** A commune-level unit (xã, phường, đặc khu): issues a yearly plan and reports on it. */
@ObjectType({ description: 'A commune-level unit (xã, phường, đặc khu).' })
@Entity({ name: 'commune' })
@Unique('uq_commune_code', ['code'])
@Check('ck_commune_kind', `kind IN ('XA', 'PHUONG', 'DAC_KHU')`)
@Index('ix_commune_province_code', ['provinceId', 'code'])
export class Commune {
  @Field(() => ID, { description: 'Internal id.' })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_commune' })
  id: number;

  @Field({
    description:
      'Code (mã xã): five digits for generated communes; a readable slug (e.g. "to-tung") for communes of the real plans whose official code is not in their text.',
  })
  @Column({ type: 'text' })
  code: string;

  @Field({ description: 'Name without the "Xã"/"Phường" prefix, e.g. "Tơ Tung".' })
  @Column({ type: 'text' })
  name: string;

  /** Lower-case name without diacritics ("dak doa"), kept by PostgreSQL, for search. */
  @Index('ix_commune_search_name_trgm', { synchronize: false }) // GIN trigram index, made by the migration
  @Column({
    type: 'text',
    generatedType: 'STORED',
    asExpression: 'lower(cchc_unaccent(name))',
    insert: false,
    update: false,
    select: false,
  })
  searchName: string;

  @Field(() => CommuneKind, { description: 'Xã, phường or đặc khu.' })
  @Column({ type: 'text' })
  kind: CommuneKind;

  @Column({ type: 'int', nullable: true })
  provinceId: number | null;

  @ManyToOne(() => Province, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'province_id', foreignKeyConstraintName: 'fk_commune_province' })
  province?: Province | null;

  @Field(() => String, {
    nullable: true,
    description: 'Remarks on what the source does not say (e.g. the plan names no province).',
  })
  @Column({ type: 'text', nullable: true })
  note: string | null;
}
