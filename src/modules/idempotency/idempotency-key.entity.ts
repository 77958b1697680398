import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A client-chosen key of a retried mutation, per caller: the first successful result is kept and
 * returned again for the same key, so a retry after a lost response writes nothing twice.
 */
@Entity({ name: 'idempotency_key' })
@Unique('uq_idempotency_key_actor_key', ['actor', 'key'])
export class IdempotencyKey {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_idempotency_key' })
  id: number;

  /** Who used the key ("token:12", or "operator"): keys of different callers never collide. */
  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  key: string;

  /** The mutation and a hash of its arguments: the same key on another request is refused. */
  @Column({ type: 'text' })
  mutation: string;

  @Column({ type: 'text' })
  requestHash: string;

  /** The result returned the first time (null only inside the first, uncommitted transaction). */
  @Column({ type: 'jsonb', nullable: true })
  result: unknown;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
