import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Commune } from '../commune/commune.entity';

@ObjectType({ description: 'Reporting completeness of a province for a period (as DHIS2 reporting rates).' })
export class ReportingSummary {
  @Field({ description: 'Period code.' })
  period: string;

  @Field(() => Int, { description: 'Communes with a plan for the period year.' })
  expected: number;

  @Field(() => Int, {
    description: 'Of those, communes with a SUBMITTED or APPROVED report for exactly this period.',
  })
  submitted: number;

  @Field(() => Int, {
    description:
      'Of those, submitted before the end of the due day (Province.reportDueDay) of the next month, province time.',
  })
  onTime: number;

  @Field(() => Float, { nullable: true, description: 'submitted / expected.' })
  rate: number | null;

  @Field(() => Float, { nullable: true, description: 'onTime / expected.' })
  onTimeRate: number | null;

  @Field(() => [Commune], { description: 'Expected communes that have not reported, by code.' })
  missingCommunes: Commune[];
}
