import { Matches, Min } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';

/** A GraphQL ID that must be a positive integer (all ids of this API are). */
export const ID_PATTERN = /^[1-9]\d{0,8}$/;
export const idMessage = (what: string) => ({ message: `$property must be ${what} id (a positive integer)` });

/** Which record to delete, and the version the caller last read of it. */
@ArgsType()
export class DeleteArgs {
  @Field(() => ID, { description: 'Id of the record to delete.' })
  @Matches(ID_PATTERN, idMessage('a record'))
  id: string;

  @Field(() => Int, { description: 'The version you last read; a stale one gives CONFLICT.' })
  @Min(1)
  version: number;
}
