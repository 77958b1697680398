import type { ApolloServerPlugin } from '@apollo/server';
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { DEFAULT_REPLICA_MAX_WAIT_MS } from '../core/config';
import type { DataSource } from 'typeorm';
import { asDatabaseFailure } from '../core/db/database-errors';
import { BadUserInputError, DomainError, ServiceUnavailableError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { toGraphQLError } from './graphql-errors';
import { createLoaders } from './loaders';
import type { RequestContext } from './request-context';

/**
 * DATABASE_READ_URL (docs/READ-REPLICA.md): GraphQL queries run on a streaming replica, mutations
 * and everything else on the primary. Read-your-writes: every mutation's response carries the
 * primary's WAL position after its commit (LSN_HEADER); a read that sends it back, or that comes
 * from a token which wrote through this process, runs on the replica only once the replica has
 * replayed that far (waiting at most `maxWaitMs`), otherwise on the primary.
 */

/** Response header of a mutation, and request header of a read that must see it: a pg_lsn ("16/B374D848"). */
export const LSN_HEADER = 'x-cchc-lsn';

/** Tokens whose last write this process remembers (the oldest forgotten first). */
const MAX_REMEMBERED_WRITERS = 10_000;

export interface ReadReplicaOptions {
  primary: DataSource;
  replica: DataSource;
  /** CCHC_REPLICA_MAX_WAIT_MS: longest wait for the replica to replay a client's write. */
  maxWaitMs?: number;
  /** How often the replica is probed while it is marked down (default 2 s). */
  probeIntervalMs?: number;
  log?: (message: string) => void;
}

/** What /metrics reports about the replica at one moment. */
export interface ReplicaSample {
  /** Seconds since the last replayed commit, 0 when nothing of the primary's WAL is left to replay. */
  lagSeconds: number | null;
  /** Bytes of the primary's WAL the replica has not replayed yet. */
  lagBytes: number | null;
}

/** A pg_lsn ("16/B374D848") as a number; null for anything else. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text?.trim() ?? '');
  return match ? (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`) : null;
}

export const formatLsn = (lsn: bigint): string =>
  `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;

/** A failure that says the server is away (not a statement timeout: a slow read is no outage). */
const unreachable = (error: unknown): boolean => asDatabaseFailure(error) instanceof ServiceUnavailableError;

/** Who wrote, for the per-process memory of writes: the token's row, or the operator's token. */
const writerKey = (viewer: Viewer): string => (viewer.tokenId === null ? viewer.name : `#${viewer.tokenId}`);

export class ReadReplica {
  readonly primary: DataSource;
  readonly replica: DataSource;
  private readonly maxWaitMs: number;
  private readonly probeIntervalMs: number;
  private readonly log: (message: string) => void;
  /** False from a failed read or probe until a probe succeeds: reads go to the primary meanwhile. */
  private up = true;
  /** The highest replay position seen on the replica (positions only grow). */
  private replayed: bigint | null = null;
  private readonly lastWrites = new Map<string, bigint>();
  private probeTimer: NodeJS.Timeout | null = null;
  private lastSample: { at: number; sample: Promise<ReplicaSample> } | null = null;

  constructor(options: ReadReplicaOptions) {
    this.primary = options.primary;
    this.replica = options.replica;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_REPLICA_MAX_WAIT_MS;
    this.probeIntervalMs = options.probeIntervalMs ?? 2_000;
    this.log = options.log ?? (() => undefined);
  }

  get isUp(): boolean {
    return this.up;
  }

  /**
   * Whether a read may run on the replica: it is up and has replayed `mustSee` (a position the
   * client sent) and this viewer's last write through this process. Waits up to maxWaitMs.
   */
  async canServe(viewer: Viewer, mustSee: bigint | null): Promise<boolean> {
    if (!this.up) return false;
    const key = writerKey(viewer);
    const ownWrite = this.lastWrites.get(key) ?? null;
    const target = ownWrite !== null && (mustSee === null || ownWrite > mustSee) ? ownWrite : mustSee;
    if (target === null) return true;
    let caughtUp = false;
    try {
      caughtUp = await this.waitForReplay(target);
    } catch (error) {
      if (unreachable(error)) this.markDown(error);
      return false;
    }
    if (caughtUp && ownWrite !== null && this.lastWrites.get(key) === ownWrite) this.lastWrites.delete(key);
    return caughtUp;
  }

  /**
   * The pool a read of this viewer runs on, given the LSN_HEADER it sent: the replica when it may
   * serve (canServe), otherwise the primary. A malformed header is BAD_USER_INPUT.
   */
  async sourceFor(viewer: Viewer, sent: string | null | undefined): Promise<DataSource> {
    const mustSee = parseLsn(sent);
    if (sent && mustSee === null) {
      throw new BadUserInputError(
        `The ${LSN_HEADER} header must be a WAL position as a mutation's response gave it (like "0/16B3748"), got "${sent.slice(0, 40)}".`,
        LSN_HEADER,
      );
    }
    return (await this.canServe(viewer, mustSee)) ? this.replica : this.primary;
  }

  /** A read failed: if it ran on the replica and the replica is unreachable, mark it down. */
  failed(dataSource: DataSource, error: unknown): void {
    if (dataSource === this.replica && unreachable(error)) this.markDown(error);
  }

  /** After a write committed: the primary's WAL position now (≥ the commit), remembered for the viewer. */
  async recordWrite(viewer: Viewer): Promise<string | null> {
    const [row] = (await this.primary.query('SELECT pg_current_wal_lsn()::text AS lsn')) as { lsn: string }[];
    const lsn = parseLsn(row?.lsn);
    if (lsn === null) return null;
    const key = writerKey(viewer);
    this.lastWrites.delete(key);
    this.lastWrites.set(key, lsn);
    if (this.lastWrites.size > MAX_REMEMBERED_WRITERS) {
      this.lastWrites.delete(this.lastWrites.keys().next().value!);
    }
    return formatLsn(lsn);
  }

  /** A read on the replica failed as unavailable: reads go to the primary until a probe succeeds. */
  markDown(error?: unknown): void {
    if (!this.up) return;
    this.up = false;
    this.log(
      `Read replica unreachable (${error instanceof Error ? error.message : 'probe failed'}): reads go to the primary until it answers again.`,
    );
    this.scheduleProbe();
  }

  stop(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  /** Lag and state for /metrics; one sample serves the gauges of one scrape. */
  sample(): Promise<ReplicaSample> {
    const now = Date.now();
    if (!this.lastSample || now - this.lastSample.at > 250) {
      this.lastSample = { at: now, sample: this.takeSample() };
    }
    return this.lastSample.sample;
  }

  private async takeSample(): Promise<ReplicaSample> {
    try {
      const [replica] = (await this.replica.query(
        `SELECT pg_last_wal_replay_lsn()::text AS replayed,
                extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS "sinceReplay"`,
      )) as { replayed: string | null; sinceReplay: number | null }[];
      const [primary] = (await this.primary.query('SELECT pg_current_wal_lsn()::text AS lsn')) as {
        lsn: string;
      }[];
      const replayed = parseLsn(replica.replayed);
      const current = parseLsn(primary?.lsn);
      if (replayed !== null) this.noteReplayed(replayed);
      if (replayed === null || current === null) return { lagSeconds: null, lagBytes: null };
      const behind = current > replayed ? Number(current - replayed) : 0;
      // An idle primary writes no commits: time since the last replayed one is lag only while WAL waits.
      return {
        lagSeconds: behind > 0 ? Math.max(0, replica.sinceReplay ?? 0) : 0,
        lagBytes: behind,
      };
    } catch (error) {
      if (unreachable(error)) this.markDown(error);
      return { lagSeconds: null, lagBytes: null };
    }
  }

  private noteReplayed(lsn: bigint): void {
    if (this.replayed === null || lsn > this.replayed) this.replayed = lsn;
  }

  /** Polls the replica's replay position until it reaches `target` or maxWaitMs has passed. */
  private async waitForReplay(target: bigint): Promise<boolean> {
    if (this.replayed !== null && this.replayed >= target) return true;
    const deadline = Date.now() + this.maxWaitMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      const [row] = (await this.replica.query('SELECT pg_last_wal_replay_lsn()::text AS lsn')) as {
        lsn: string | null;
      }[];
      const replayed = parseLsn(row?.lsn);
      // Not a standby (no replay position): it cannot prove it has the write.
      if (replayed === null) return false;
      this.noteReplayed(replayed);
      if (replayed >= target) return true;
      if (Date.now() + pause > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  private scheduleProbe(): void {
    if (this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      this.replica.query('SELECT 1').then(
        () => {
          this.up = true;
          this.log('Read replica answers again: reads go to it.');
        },
        () => this.scheduleProbe(),
      );
    }, this.probeIntervalMs);
    this.probeTimer.unref();
  }
}

/**
 * The Apollo plugin that routes: once the operation is known, a query's context is moved to the
 * replica (its loaders built on it; the shared caches still filled from the primary), unless the
 * replica is down or has not replayed what the client must see. A mutation's response gets the
 * WAL position to send back.
 */
export function readReplicaPlugin(replica: ReadReplica): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request }) {
      let onReplica = false;
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'query') return;
          const source = await replica
            .sourceFor(contextValue.viewer, request.http?.headers.get(LSN_HEADER))
            .catch((error: unknown) => {
              throw error instanceof DomainError ? toGraphQLError(error) : error;
            });
          if (source !== replica.replica) return;
          onReplica = true;
          contextValue.primaryDataSource = contextValue.dataSource;
          contextValue.dataSource = replica.replica;
          contextValue.loaders = createLoaders(replica.replica);
        },
        async willSendResponse({ operation, contextValue, response, errors }) {
          if (onReplica && errors?.some((error) => unreachable(error.originalError ?? error))) {
            replica.markDown(errors[0]);
          }
          if (operation?.operation !== 'mutation') return;
          // After the commit (the resolvers are done); the primary down: no header, nothing to wait for.
          const lsn = await replica.recordWrite(contextValue.viewer).catch(() => null);
          if (lsn) response.http.headers.set(LSN_HEADER, lsn);
        },
      };
    },
  };
}

/** cchc_replica_up, cchc_replica_lag_seconds and cchc_replica_lag_bytes, sampled at each scrape. */
export function registerReplicaMetrics(registry: Registry, replica: ReadReplica): void {
  new Gauge({
    name: 'cchc_replica_up',
    help: 'Whether the read replica (DATABASE_READ_URL) answers: 1, or 0 while reads go to the primary.',
    registers: [registry],
    async collect() {
      // After this scrape's sample, which marks the replica down if it cannot reach it.
      await replica.sample();
      this.set(replica.isUp ? 1 : 0);
    },
  });
  const lag = (name: string, help: string, pick: (sample: ReplicaSample) => number | null) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const value = pick(await replica.sample());
        // Unknown (replica down, or not a standby): left out of this scrape rather than reported as 0.
        this.reset();
        if (value !== null) this.set(value);
      },
    });
  lag(
    'cchc_replica_lag_seconds',
    "Seconds since the read replica replayed its last commit, while WAL of the primary's is still to replay (0 when caught up).",
    (sample) => sample.lagSeconds,
  );
  lag(
    'cchc_replica_lag_bytes',
    "Bytes of the primary's WAL the read replica has not replayed yet.",
    (sample) => sample.lagBytes,
  );
}
