import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { ReformArea } from './reform-area.entity';
import { reformAreas } from './reform-area.service';

@Resolver(() => ReformArea)
export class ReformAreaResolver {
  @Query(() => [ReformArea], { description: 'The seven reform areas (lĩnh vực CCHC), in canonical order.' })
  reformAreas(@Ctx() ctx: RequestContext): Promise<ReformArea[]> {
    return reformAreas(ctx);
  }
}
