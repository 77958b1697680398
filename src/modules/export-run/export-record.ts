import { JSONObjectResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column } from 'typeorm';
import { Role } from '../../core/viewer';
import type { ExportKind } from '../export/export.kinds';
import { ExportFileFormat, ExportKindEnum, ExportLanguage } from './export-run.enums';

/**
 * What runs and schedules both store: the export asked for (kind, parameters as sent, format,
 * language) and who asked — the token its runs read as, and that token's scope (provinceId; null:
 * every province), which decides who may see the record. Each table has these columns.
 */
@ObjectType()
export abstract class ExportRecord {
  @Field(() => ExportKindEnum, { description: 'What it exports.' })
  @Column({ type: 'text' })
  kind: ExportKind;

  @Field(() => JSONObjectResolver, {
    description: 'The parameters, as sent (relative periods are read when each run starts).',
  })
  @Column({ type: 'jsonb' })
  params: Record<string, unknown>;

  @Field(() => ExportFileFormat, { description: 'File format.' })
  @Column({ type: 'text' })
  format: ExportFileFormat;

  @Field(() => ExportLanguage, { description: 'Language of the headers.' })
  @Column({ type: 'text' })
  lang: ExportLanguage;

  @Field({ description: 'Name of the API token (or "operator") that asked; runs read as that token.' })
  @Column({ type: 'text' })
  requestedBy: string;

  /** The token runs read as (null: the operator); a revoked token fails them. */
  @Column({ type: 'int', nullable: true })
  tokenId: number | null;

  @Field(() => Role, { description: 'Role of that token.' })
  @Column({ type: 'text' })
  role: Role;

  /** The owner's scope: the token's province, or null for every province. Who may see the record. */
  @Column({ type: 'int', nullable: true })
  provinceId: number | null;
}
