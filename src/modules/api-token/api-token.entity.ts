import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Commune } from '../commune/commune.entity';
import { Province } from '../province/province.entity';
import { Role } from '../../core/viewer';

/**
 * An API token: a role bound to its scope. Only the SHA-256 of the token is stored; the token itself
 * is shown once, when it is made. Not a GraphQL type: tokens are managed with `cchc token`.
 */
@Entity({ name: 'api_token' })
@Unique('uq_api_token_token_hash', ['tokenHash'])
// A name picks one live token (`cchc token revoke NAME`); revoked ones keep theirs as history.
@Index('uq_api_token_active_name', ['name'], { unique: true, where: 'revoked_at IS NULL' })
@Check('ck_api_token_name', 'length(name) BETWEEN 1 AND 100')
@Check('ck_api_token_role', `role IN ('ADMIN', 'PROVINCE_ANALYST', 'COMMUNE_OFFICER', 'EXPORT_JOB')`)
// The role decides the scope: an officer's province is its commune's, so it is not stored twice.
@Check(
  'ck_api_token_scope',
  `(role = 'ADMIN' AND province_id IS NULL AND commune_id IS NULL)
    OR (role = 'PROVINCE_ANALYST' AND province_id IS NOT NULL AND commune_id IS NULL)
    OR (role = 'COMMUNE_OFFICER' AND province_id IS NULL AND commune_id IS NOT NULL)
    OR (role = 'EXPORT_JOB' AND commune_id IS NULL)`,
)
// A hex digest, so a plaintext token can never be stored here by mistake.
@Check('ck_api_token_token_hash', `token_hash ~ '^[0-9a-f]{64}$'`)
export class ApiToken {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_api_token' })
  id: number;

  /** Who or what holds the token, e.g. "dashboard-gia-lai"; recorded as the viewer's name. */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: Role;

  /** Analyst: its province; export job: its province, or null for every province. */
  @Column({ type: 'int', nullable: true })
  provinceId: number | null;

  @ManyToOne(() => Province, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'province_id', foreignKeyConstraintName: 'fk_api_token_province' })
  province?: Province | null;

  /** Commune officer: its commune. */
  @Column({ type: 'int', nullable: true })
  communeId: number | null;

  @ManyToOne(() => Commune, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'commune_id', foreignKeyConstraintName: 'fk_api_token_commune' })
  commune?: Commune | null;

  /** SHA-256 of the token, lower-case hex. */
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** Set once; a revoked token never authenticates again. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Last request made with the token, to within a few minutes (updated at most that often). */
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
