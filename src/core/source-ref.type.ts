import { Field, Int, ObjectType } from 'type-graphql';

/** Where a record was transcribed from: a document in seeds/sources and its line range. */
@ObjectType({ description: 'Where a record came from: the source document and the lines it was read from.' })
export class SourceRef {
  @Field({ description: 'Source document file name (in seeds/sources/ for the real plans).' })
  file: string;

  @Field(() => Int, { description: 'First line (1-based) of the record in the document text.' })
  firstLine: number;

  @Field(() => Int, { description: 'Last line (1-based) of the record in the document text.' })
  lastLine: number;

  @Field(() => String, { nullable: true, description: 'What the document is, in a sentence.' })
  description?: string | null;
}
