import { createUnionType, Field, Int, ObjectType } from 'type-graphql';
import { Commune, CommuneKind } from '../commune/commune.entity';
import { Province } from '../province/province.entity';
import { ReformArea, ReformAreaCode } from '../reform-area/reform-area.entity';

const COMMUNE_KINDS = new Set<string>(Object.values(CommuneKind));

export const PlanOwner = createUnionType({
  name: 'PlanOwner',
  description: 'Who issued a plan: a commune (xã, phường) or a province.',
  types: () => [Commune, Province] as const,
  // Rows are plain objects: a commune's kind is XA/PHUONG/DAC_KHU, a province's TINH/THANH_PHO.
  resolveType: (owner) => (COMMUNE_KINDS.has((owner as { kind: string }).kind) ? Commune : Province),
});

/** One reform area as a plan presents it: its heading and position there, with its tasks. */
@ObjectType('PlanArea', {
  description: "A reform area as one plan presents it, holding that plan's tasks and indicators of the area.",
})
export class PlanAreaView {
  planId: number;

  @Field(() => ReformAreaCode, { description: 'Code of the area.' })
  areaCode: ReformAreaCode;

  @Field(() => ReformArea, { description: 'The reform area.' })
  area?: ReformArea;

  @Field(() => Int, {
    nullable: true,
    description:
      'Position of the area in the document (1 = first heading); null if the plan has no such heading.',
  })
  position: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The heading row exactly as the document prints it, e.g. "I Cải cách thể chế".',
  })
  heading: string | null;
}
