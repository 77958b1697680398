import { MaxLength } from 'class-validator';
import { ArgsType, Field, ObjectType } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { Commune } from './commune.entity';

@ObjectType({ description: 'A page of communes (Relay connection), ordered by code.' })
export class CommuneConnection extends ConnectionType(Commune, 'commune') {}

@ArgsType()
export class CommuneSearchArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Part of the name; case and Vietnamese diacritics are ignored ("dak doa" finds "Đak Đoa").',
  })
  @MaxLength(100)
  search?: string | null;
}

@ArgsType()
export class CommunesArgs extends CommuneSearchArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Only communes of this province (code); all communes when omitted.',
  })
  provinceCode?: string | null;
}
