import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { Commune } from '../commune/commune.entity';
import { Province } from '../province/province.entity';
import { viewerCommune, viewerInfo, viewerProvince } from './viewer.service';
import { ViewerInfo } from './viewer.type';

@Resolver(() => ViewerInfo)
export class ViewerResolver {
  @Query(() => ViewerInfo, { description: 'The caller: the role and scope of the API token in use.' })
  viewer(@Ctx() ctx: RequestContext): ViewerInfo {
    return viewerInfo(ctx);
  }

  @FieldResolver(() => Province, {
    nullable: true,
    description:
      "The province the token is bound to (a commune officer's is its commune's); null for every province.",
  })
  province(@Root() viewer: ViewerInfo, @Ctx() ctx: RequestContext): Promise<Province | null> | null {
    return viewerProvince(ctx, viewer);
  }

  @FieldResolver(() => Commune, { nullable: true, description: "A commune officer's commune." })
  commune(@Root() viewer: ViewerInfo, @Ctx() ctx: RequestContext): Promise<Commune | null> | null {
    return viewerCommune(ctx, viewer);
  }
}
