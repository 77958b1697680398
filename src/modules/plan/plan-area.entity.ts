import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ReformArea, ReformAreaCode } from '../reform-area/reform-area.entity';
import { Plan } from './plan.entity';

/** How one plan heads one reform area: its own heading text and order ("I Cải cách thể chế"). */
@Entity({ name: 'plan_area' })
@Check('ck_plan_area_position', 'position >= 1')
export class PlanArea {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_plan_area' })
  planId: number;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_plan_area' })
  areaCode: ReformAreaCode;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_plan_area_plan' })
  plan?: Plan;

  @ManyToOne(() => ReformArea, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'area_code', foreignKeyConstraintName: 'fk_plan_area_area' })
  area?: ReformArea;

  /** Order of the area in the document (1 = first heading). */
  @Column({ type: 'smallint' })
  position: number;

  /** The heading row exactly as the document prints it. */
  @Column({ type: 'text', nullable: true })
  heading: string | null;
}
