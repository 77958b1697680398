import { LocalDateResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { MilestoneKind, Recurrence } from '../../parsing/milestone';
import type { MilestoneData } from '../../parsing/milestone';

export { MilestoneKind, Recurrence };

registerEnumType(MilestoneKind, {
  name: 'MilestoneKind',
  description: 'What kind of time a milestone is.',
  valuesConfig: {
    DEADLINE: { description: 'Due on a date ("Trước ngày 31/12/2024").' },
    PERIOD: { description: 'Within a span, due on its last day ("Quý IV năm 2025", "Tháng 7/2025").' },
    RECURRING: { description: 'Repeats ("Trước ngày 05 của tháng liền kề").' },
    OPEN_ENDED: { description: 'Ongoing from a start, no end ("Năm 2024 và các năm tiếp theo").' },
    CONDITIONAL: { description: 'Depends on another event ("Khi có phát sinh", "Theo kế hoạch"); no date.' },
  },
});

registerEnumType(Recurrence, {
  name: 'Recurrence',
  description: 'How often a milestone repeats.',
  valuesConfig: {
    MONTHLY: { description: 'Every month ("hằng tháng", "tháng liền kề").' },
    QUARTERLY: { description: 'Every quarter ("hằng quý", "Quý I- IV").' },
    SEMIANNUAL: { description: 'Every half year ("định kỳ 6 tháng", "6 tháng một lần").' },
    YEARLY: { description: 'Every year ("hằng năm").' },
  },
});

/** One dated point or span read from a task's time text (cột "Thời gian"). */
@ObjectType({ description: 'A milestone read from the time text of a task (cột "Thời gian").' })
export class Milestone implements MilestoneData {
  @Field(() => MilestoneKind, { description: 'Kind of milestone.' })
  kind: MilestoneKind;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'First day of the span, when there is one.',
  })
  start: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Due date (hạn hoàn thành); null when open-ended or conditional.',
  })
  due: string | null;

  @Field(() => Recurrence, { nullable: true, description: 'Recurrence, for recurring milestones.' })
  recurrence: Recurrence | null;
}
