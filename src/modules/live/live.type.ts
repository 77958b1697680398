import { DateTimeISOResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { RollupRow } from '../rollup/rollup.type';
import { ReportEventKind } from './live.events';

export { ReportEventKind };

/** Why a province's roll-up changed. */
export enum RollupChangeReason {
  REPORT_SUBMITTED = 'REPORT_SUBMITTED',
  REPORT_APPROVED = 'REPORT_APPROVED',
  REPORT_RETURNED = 'REPORT_RETURNED',
  REPORT_REOPENED = 'REPORT_REOPENED',
  PLAN_CHANGED = 'PLAN_CHANGED',
}

registerEnumType(ReportEventKind, {
  name: 'ReportEventKind',
  description: 'A transition of a report in the workflow.',
  valuesConfig: {
    SUBMITTED: { description: 'The commune submitted it (DRAFT or RETURNED → SUBMITTED).' },
    APPROVED: { description: 'The province approved it (SUBMITTED → APPROVED).' },
    RETURNED: { description: 'The province returned it for correction (SUBMITTED → RETURNED).' },
    REOPENED: { description: 'The province reopened an approved report (APPROVED → RETURNED or DRAFT).' },
  },
});

registerEnumType(RollupChangeReason, {
  name: 'RollupChangeReason',
  description: 'What changed a roll-up.',
  valuesConfig: {
    REPORT_SUBMITTED: { description: 'A report was submitted.' },
    REPORT_APPROVED: { description: 'A report was approved.' },
    REPORT_RETURNED: { description: 'A report was returned.' },
    REPORT_REOPENED: { description: 'An approved report was reopened.' },
    PLAN_CHANGED: { description: 'A plan, its tasks or its indicators were written or imported.' },
  },
});

@ArgsType()
export class ProvinceRollupChangedArgs {
  @Field({ description: 'The province.' })
  provinceCode: string;

  @Field({
    description:
      'One period: a code ("2025", "2025Q3", "2025-07") or a relative period naming one (THIS_QUARTER, LAST_QUARTER, THIS_YEAR…), read against today in the province time zone at each event.',
  })
  period: string;
}

@ArgsType()
export class ReportEventsArgs {
  @Field({ description: 'The province.' })
  provinceCode: string;
}

@ObjectType({
  description:
    'A province roll-up after a change committed: the same rows as Query.rollup for this viewer, read again when the change arrived.',
})
export class ProvinceRollupChange {
  @Field({ description: 'Province code.' })
  provinceCode: string;

  @Field({ description: 'The period code the period argument resolved to ("2025Q3").' })
  period: string;

  @Field(() => RollupChangeReason, { description: 'What changed.' })
  reason: RollupChangeReason;

  @Field(() => String, {
    nullable: true,
    description: 'The commune whose report or plan changed; null when one write touched several communes.',
  })
  communeCode: string | null;

  @Field(() => [RollupRow], {
    description:
      'Query.rollup(periods: [period], provinceCode, groupBy: [AREA]) for this viewer: one row per reform area.',
  })
  areas: RollupRow[];

  @Field(() => [RollupRow], {
    description:
      'Query.rollup(periods: [period], provinceCode, groupBy: [COMMUNE, AREA]) for this viewer: one row per commune and reform area (a heat map).',
  })
  communeAreas: RollupRow[];
}

@ObjectType({ description: 'A report transition in a province, sent when it committed.' })
export class ReportEvent {
  @Field(() => ReportEventKind, { description: 'The transition.' })
  kind: ReportEventKind;

  @Field(() => ID, { description: 'The report (StatusReport.id).' })
  reportId: string;

  @Field(() => ID, { description: 'Its plan (Plan.id).' })
  planId: string;

  @Field(() => String, { nullable: true, description: "The commune's code; null for a province's own plan." })
  communeCode: string | null;

  @Field({ description: 'Province code.' })
  provinceCode: string;

  @Field({ description: 'The report period ("2025Q3").' })
  period: string;

  @Field(() => DateTimeISOResolver, { description: 'When the transition was written.' })
  at: Date;
}
