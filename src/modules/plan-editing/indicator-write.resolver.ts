import { Args, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/request-context';
import { DeleteArgs } from '../../core/write.args';
import { Indicator } from '../indicator/indicator.entity';
import { createIndicator, deleteIndicator, updateIndicator } from './indicator-write.service';
import { CreateIndicatorArgs, UpdateIndicatorArgs } from './indicator.inputs';

@Resolver()
export class IndicatorWriteResolver {
  @Mutation(() => Indicator, {
    description:
      'Adds an indicator target to a plan: the sentence in, the parsed comparator, value, unit and direction out.',
  })
  createIndicator(@Args() args: CreateIndicatorArgs, @Ctx() ctx: RequestContext): Promise<Indicator> {
    return createIndicator(ctx, args.input);
  }

  @Mutation(() => Indicator, {
    description:
      'Changes an indicator; a new target sentence is parsed again. CONFLICT if `version` is stale.',
  })
  updateIndicator(@Args() args: UpdateIndicatorArgs, @Ctx() ctx: RequestContext): Promise<Indicator> {
    return updateIndicator(ctx, args);
  }

  @Mutation(() => ID, {
    description:
      'Deletes an indicator and its values in unsent draft reports; returns its id. CONFLICT while a submitted, approved or returned report gives its value, or if `version` is stale.',
  })
  deleteIndicator(@Args() args: DeleteArgs, @Ctx() ctx: RequestContext): Promise<string> {
    return deleteIndicator(ctx, args);
  }
}
