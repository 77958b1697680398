import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** The seven areas of administrative reform, identified by meaning, never by a plan's numeral. */
export enum ReformAreaCode {
  DIRECTION = 'DIRECTION',
  INSTITUTIONS = 'INSTITUTIONS',
  PROCEDURES = 'PROCEDURES',
  APPARATUS = 'APPARATUS',
  CIVIL_SERVICE = 'CIVIL_SERVICE',
  PUBLIC_FINANCE = 'PUBLIC_FINANCE',
  DIGITAL_GOVERNMENT = 'DIGITAL_GOVERNMENT',
}

registerEnumType(ReformAreaCode, {
  name: 'ReformAreaCode',
  description: 'Stable code of a reform area (lĩnh vực cải cách hành chính).',
  valuesConfig: {
    DIRECTION: { description: 'Công tác chỉ đạo, điều hành: direction and administration of the reform.' },
    INSTITUTIONS: { description: 'Cải cách thể chế: institutional reform (legal documents, QPPL).' },
    PROCEDURES: {
      description: 'Cải cách thủ tục hành chính: administrative procedures, one-stop shop, online services.',
    },
    APPARATUS: { description: 'Cải cách tổ chức bộ máy: organisational structure, staffing.' },
    CIVIL_SERVICE: {
      description: 'Cải cách chế độ công vụ: civil service (positions, training, evaluation).',
    },
    PUBLIC_FINANCE: { description: 'Cải cách tài chính công: public finance, autonomy of public units.' },
    DIGITAL_GOVERNMENT: {
      description: 'Chính quyền điện tử, chính quyền số: e-government and digital government.',
    },
  },
});

/** A reform area (lĩnh vực CCHC): reference data, the same seven for every plan. */
@ObjectType({
  description: 'A reform area (lĩnh vực cải cách hành chính); every plan groups its tasks under these seven.',
})
@Entity({ name: 'reform_area' })
@Unique('uq_reform_area_position', ['position'])
export class ReformArea {
  @Field(() => ReformAreaCode, { description: 'Stable code of the area.' })
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_reform_area' })
  code: ReformAreaCode;

  @Field({
    description:
      'Canonical position of the area (1–7) in national guidance; plans may order them differently.',
  })
  @Column({ type: 'smallint' })
  position: number;

  @Field({ description: 'Vietnamese name (tên lĩnh vực).' })
  @Column({ type: 'text' })
  nameVi: string;

  @Field({ description: 'English name.' })
  @Column({ type: 'text' })
  nameEn: string;

  @Field({ description: 'What the area covers.' })
  @Column({ type: 'text' })
  description: string;
}
