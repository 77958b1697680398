import { Min } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { IsId } from './ids';

/** Which record to delete, and the version the caller last read of it. */
@ArgsType()
export class DeleteArgs {
  @Field(() => ID, { description: 'Id of the record to delete.' })
  @IsId('a record')
  id: string;

  @Field(() => Int, { description: 'The version you last read; a stale one gives CONFLICT.' })
  @Min(1)
  version: number;
}
