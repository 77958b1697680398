import { Field, ObjectType } from 'type-graphql';
import { Role } from '../../core/viewer';

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
