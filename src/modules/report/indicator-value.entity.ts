import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Indicator } from '../indicator/indicator.entity';
import { StatusReport } from './status-report.entity';

/** The actual value of one indicator as one report states it. */
@ObjectType({ description: 'Actual value of an indicator in one report (kết quả chỉ tiêu).' })
@Entity({ name: 'indicator_value' })
@Unique('uq_indicator_value_report_indicator', ['reportId', 'indicatorId'])
@Index('ix_indicator_value_indicator', ['indicatorId'])
@Check('ck_indicator_value_version', 'version >= 1')
export class IndicatorValue {
  @Field(() => ID, { description: 'Internal id.' })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_indicator_value' })
  id: number;

  @Column({ type: 'int' })
  reportId: number;

  @ManyToOne(() => StatusReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_indicator_value_report' })
  report?: StatusReport;

  @Column({ type: 'int' })
  indicatorId: number;

  @ManyToOne(() => Indicator, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'indicator_id', foreignKeyConstraintName: 'fk_indicator_value_indicator' })
  indicator?: Indicator;

  @Field(() => Float, {
    nullable: true,
    description: 'Actual value in the indicator unit (percent or count).',
  })
  @Column({ type: 'numeric', nullable: true })
  actualValue: number | null;

  @Field(() => String, { nullable: true, description: 'Remark of the reporting unit.' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => Int, {
    description:
      'Optimistic-concurrency version: send it back with a change; it increases with every change.',
  })
  @Column({ type: 'int', default: 1 })
  version: number;
  /** Not a column: the report's plan, set by the report loaders for the read guard. */
  planId?: number;
}
