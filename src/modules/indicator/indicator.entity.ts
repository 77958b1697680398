import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { SourceRef } from '../../core/source-ref.type';
import type { IndicatorCatalogEntry } from '../indicator-catalog/indicator-catalog.entity';
import { Plan } from '../plan/plan.entity';
import { ReformArea, ReformAreaCode } from '../reform-area/reform-area.entity';
import { Task } from '../task/task.entity';
import { Comparator, IndicatorCell, IndicatorDirection, IndicatorUnit, LinkSource } from './indicator.enums';

/** A target a plan sets (chỉ tiêu): the sentence as written plus its parsed comparator and value. */
@ObjectType({ description: 'An indicator target of a plan (chỉ tiêu), as written and as parsed.' })
@Entity({ name: 'indicator' })
@Unique('uq_indicator_plan_position', ['planId', 'position'])
@Index('ix_indicator_plan_area_position', ['planId', 'areaCode', 'position'])
@Index('ix_indicator_province_indicator', ['provinceIndicatorId'])
@Index('ix_indicator_task', ['taskId'])
@Index('ix_indicator_catalog_plan', ['catalogCode', 'planId', 'position'])
@Check('ck_indicator_catalog_source', `catalog_source IN ('AUTO', 'MANUAL')`)
@Check(
  'ck_indicator_catalog_classified',
  `(catalog_code IS NULL AND catalog_source IS DISTINCT FROM 'AUTO') OR (catalog_code IS NOT NULL AND catalog_source IS NOT NULL)`,
)
@Check('ck_indicator_catalog_confidence', 'catalog_confidence BETWEEN 0 AND 1')
@Check('ck_indicator_province_link_source', `province_link_source IN ('AUTO', 'MANUAL')`)
@Check('ck_indicator_comparator', `comparator IN ('GTE', 'GT', 'LTE', 'LT', 'EQ', 'BETWEEN')`)
@Check('ck_indicator_unit', `unit IN ('PERCENT', 'COUNT')`)
@Check('ck_indicator_direction', `direction IN ('INCREASE', 'DECREASE')`)
@Check(
  'ck_indicator_between',
  `comparator <> 'BETWEEN' OR (target_max IS NOT NULL AND target_max >= target_value)`,
)
@Check('ck_indicator_version', 'version >= 1')
@Check(
  'ck_indicator_stated_in',
  `stated_in IN ('OBJECTIVE', 'NAME', 'ACTIVITIES', 'OUTPUTS', 'KEY_INDICATORS')`,
)
export class Indicator {
  @Field(() => ID, { description: 'Internal id.' })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_indicator' })
  id: number;

  @Column({ type: 'int' })
  planId: number;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_indicator_plan' })
  plan?: Plan;

  @Column({ type: 'text' })
  areaCode: ReformAreaCode;

  @ManyToOne(() => ReformArea, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'area_code', foreignKeyConstraintName: 'fk_indicator_area' })
  area?: ReformArea;

  /** Order in the plan (1-based). */
  @Column({ type: 'int' })
  position: number;

  @Field({
    description:
      'Numbering in the document ("3.1"), or "T" + the task ordinal for a target inside a task row.',
  })
  @Column({ type: 'text' })
  ordinal: string;

  @Field({ description: 'Short Vietnamese label of what is measured, e.g. "Tỷ lệ thanh toán trực tuyến".' })
  @Column({ type: 'text' })
  name: string;

  @Field({ description: 'The sentence that states the target, exactly as written.' })
  @Column({ type: 'text' })
  targetText: string;

  @Field(() => Comparator, {
    nullable: true,
    description: 'Parsed comparator; null until the target text is parsed.',
  })
  @Column({ type: 'text', nullable: true })
  comparator: Comparator | null;

  @Field(() => Float, { nullable: true, description: 'Parsed target value (lower bound for BETWEEN).' })
  @Column({ type: 'numeric', nullable: true })
  targetValue: number | null;

  @Field(() => Float, { nullable: true, description: 'Upper bound for BETWEEN.' })
  @Column({ type: 'numeric', nullable: true })
  targetMax: number | null;

  @Field(() => IndicatorUnit, { nullable: true, description: 'Unit of the target.' })
  @Column({ type: 'text', nullable: true })
  unit: IndicatorUnit | null;

  @Field(() => String, { nullable: true, description: 'Counted noun for COUNT targets, e.g. "sáng kiến".' })
  @Column({ type: 'text', nullable: true })
  unitNoun: string | null;

  @Field(() => IndicatorDirection, {
    nullable: true,
    description: 'INCREASE, or DECREASE for a reduction target ("giảm …").',
  })
  @Column({ type: 'text', nullable: true })
  direction: IndicatorDirection | null;

  /** The province indicator this commune indicator implements, if linked. */
  @Column({ type: 'int', nullable: true })
  provinceIndicatorId: number | null;

  @ManyToOne(() => Indicator, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'province_indicator_id', foreignKeyConstraintName: 'fk_indicator_province_indicator' })
  provinceIndicator?: Indicator | null;

  /**
   * How provinceIndicatorId was set: AUTO by `relink_province_indicators` (same catalogue code, the
   * province's plan of the same year), MANUAL by linkProvinceIndicator (a null id then means "unlinked
   * by hand" and stays); null when not linked.
   */
  @Column({ type: 'text', nullable: true })
  provinceLinkSource: LinkSource | null;

  /** The catalogue entry this indicator measures (docs/INDICATORS.md); null when unclassified. */
  @Column({ type: 'text', nullable: true })
  catalogCode: string | null;

  // Named by string: the catalogue module sits above this one (docs/ARCHITECTURE.md).
  @ManyToOne('IndicatorCatalogEntry', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'catalog_code', foreignKeyConstraintName: 'fk_indicator_catalog' })
  catalogEntry?: Relation<IndicatorCatalogEntry> | null;

  /** The classifier's confidence (0–1); null for a MANUAL classification or none. */
  @Column({ type: 'real', nullable: true })
  catalogConfidence: number | null;

  /** The catalogue phrase that matched (AUTO only). */
  @Column({ type: 'text', nullable: true })
  catalogPhrase: string | null;

  /** AUTO (the classifier) or MANUAL (setIndicatorClassification; with a null code: cleared by hand). */
  @Column({ type: 'text', nullable: true })
  catalogSource: LinkSource | null;

  /** The task row the target is stated in, if any. */
  @Column({ type: 'int', nullable: true })
  taskId: number | null;

  @ManyToOne(() => Task, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_indicator_task' })
  task?: Task | null;

  @Field(() => IndicatorCell, {
    nullable: true,
    description:
      'Where in the plan the target is stated: a cell of its task row, or the key-indicator section; null when not recorded (e.g. added through createIndicator).',
  })
  @Column({ type: 'text', nullable: true })
  statedIn: IndicatorCell | null;

  @Field(() => SourceRef, {
    nullable: true,
    description: 'Where in the source document the target is stated.',
  })
  @Column({ type: 'jsonb', nullable: true })
  source: SourceRef | null;

  @Field(() => [String], {
    description: 'What the parsers could not read in this row (empty when all was understood).',
  })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  parseWarnings: string[];

  @Field(() => String, { nullable: true, description: 'Transcription remarks.' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => Int, {
    description:
      'Optimistic-concurrency version: send it back with a change; it increases with every change.',
  })
  @Column({ type: 'int', default: 1 })
  version: number;
}
