import { Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { Commune } from '../commune/commune.entity';
import { Province } from '../province/province.entity';
import { Role } from '../../core/viewer';
import type { Viewer } from '../../core/viewer';

/** The caller as the API sees it: what its token's role and scope are. */
@ObjectType('Viewer', { description: 'Who is calling: the role and scope of the API token in use.' })
export class ViewerInfo {
  @Field(() => Role, { description: 'What the token may read and change (docs/AUTH.md).' })
  role: Role;

  @Field({ description: 'Name of the token ("operator" for CCHC_ADMIN_TOKEN).' })
  name: string;

  provinceId: number | null;
  communeId: number | null;
}

@Resolver(() => ViewerInfo)
export class ViewerResolver {
  @Query(() => ViewerInfo, { description: 'The caller: the role and scope of the API token in use.' })
  viewer(@Ctx() ctx: RequestContext): ViewerInfo {
    const { role, name, provinceId, communeId }: Viewer = ctx.viewer;
    return Object.assign(new ViewerInfo(), { role, name, provinceId, communeId });
  }

  @FieldResolver(() => Province, {
    nullable: true,
    description:
      "The province the token is bound to (a commune officer's is its commune's); null for every province.",
  })
  province(@Root() viewer: ViewerInfo, @Ctx() ctx: RequestContext): Promise<Province | null> | null {
    return viewer.provinceId === null ? null : ctx.loaders.provinceById.load(viewer.provinceId);
  }

  @FieldResolver(() => Commune, { nullable: true, description: "A commune officer's commune." })
  commune(@Root() viewer: ViewerInfo, @Ctx() ctx: RequestContext): Promise<Commune | null> | null {
    return viewer.communeId === null ? null : ctx.loaders.communeById.load(viewer.communeId);
  }
}
