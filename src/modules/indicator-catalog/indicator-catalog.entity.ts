import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { IndicatorDirection, IndicatorUnit } from '../indicator/indicator.enums';

/**
 * One national indicator of the catalogue (docs/INDICATORS.md): what plans set targets for, under
 * many wordings. `phrases` are what the classifier looks for; ADMIN edits them.
 */
@ObjectType({
  description:
    'An entry of the indicator catalogue: a national indicator that plans set targets for, with the phrases that name it.',
})
@Entity({ name: 'indicator_catalog' })
@Unique('uq_indicator_catalog_position', ['position'])
@Check('ck_indicator_catalog_unit', `unit IN ('PERCENT', 'COUNT')`)
@Check('ck_indicator_catalog_direction', `direction IN ('INCREASE', 'DECREASE')`)
@Check('ck_indicator_catalog_code', `code ~ '^[A-Z][A-Z0-9_]*$'`)
@Check('ck_indicator_catalog_version', 'version >= 1')
export class IndicatorCatalogEntry {
  @Field({ description: 'Stable code, e.g. ONLINE_PAYMENT.' })
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_indicator_catalog' })
  code: string;

  @Field(() => Int, { description: 'Order in the catalogue (1-based).' })
  @Column({ type: 'int' })
  position: number;

  @Field({ description: 'Vietnamese name, e.g. "Tỷ lệ thanh toán trực tuyến".' })
  @Column({ type: 'text' })
  nameVi: string;

  @Field({ description: 'English name.' })
  @Column({ type: 'text' })
  nameEn: string;

  @Field(() => IndicatorUnit, { description: 'Unit of its targets.' })
  @Column({ type: 'text' })
  unit: IndicatorUnit;

  @Field(() => IndicatorDirection, { description: 'Whether more (INCREASE) or less (DECREASE) is better.' })
  @Column({ type: 'text' })
  direction: IndicatorDirection;

  @Field({ description: 'What it measures and what it does not (the boundary with its neighbours).' })
  @Column({ type: 'text' })
  definition: string;

  @Field(() => [String], {
    description:
      'The phrases the classifier looks for (docs/INDICATORS.md): "a b" adjacent words, "a … b" parts a few words apart, "+a" required, "-a" forbidden; matched without diacritics or case.',
  })
  @Column({ type: 'text', array: true })
  phrases: string[];

  @Field(() => Int, { description: 'Optimistic-concurrency version: send it back with a change.' })
  @Column({ type: 'int', default: 1 })
  version: number;
}
