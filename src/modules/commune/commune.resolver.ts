import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Connection } from '../../core/pagination';
import type { RequestContext } from '../../core/request-context';
import { Province } from '../province/province.entity';
import { Commune } from './commune.entity';
import { communeProvince, getCommuneByCode, listCommunes, provinceCommunes } from './commune.service';
import { CommuneConnection, CommunesArgs, CommuneSearchArgs } from './commune.type';

// Commune.plans / plan are resolved in plan/, Commune.rollup in rollup/ (TypeGraphQL merges them).
@Resolver(() => Commune)
export class CommuneResolver {
  @Query(() => Commune, { description: 'One commune by its code. NOT_FOUND if there is none.' })
  commune(
    @Arg('code', { description: 'Commune code (mã xã).' }) code: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Commune> {
    return getCommuneByCode(ctx, code);
  }

  @Query(() => CommuneConnection, {
    description:
      'Communes, ordered by code, a page at a time; optionally of one province and matching a name.',
  })
  communes(@Args() args: CommunesArgs, @Ctx() ctx: RequestContext): Promise<Connection<Commune>> {
    return listCommunes(ctx, args);
  }

  @FieldResolver(() => Province, {
    nullable: true,
    description: 'Province of the commune; null when the source names none.',
  })
  province(@Root() commune: Commune, @Ctx() ctx: RequestContext): Promise<Province | null> | null {
    return communeProvince(ctx, commune);
  }
}

// Province.communes lives here rather than in province/: communes refer to their province, so the
// province module does not depend on this one in turn.
@Resolver(() => Province)
export class ProvinceCommunesResolver {
  @FieldResolver(() => CommuneConnection, {
    description: 'Communes of the province, by code, a page at a time.',
  })
  communes(
    @Root() province: Province,
    @Args() args: CommuneSearchArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Commune>> {
    return provinceCommunes(ctx, province, args);
  }
}
